"""Tables of the timer and billing: work sessions, materials, closed months."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Index, text
from sqlmodel import Field

from techconsole.store.partial import on_postgresql
from techconsole.store.types import Money, Row, ScaledDecimal, UTCDateTime


class WorkSession(Row, table=True):
    """Time a technician worked on an incident.  Raw start and end; units are derived."""

    __tablename__ = "work_session"
    __table_args__ = (
        # one running timer per technician, enforced by the database itself
        on_postgresql(
            Index(
                "ux_work_session_running",
                "technician_id",
                unique=True,
                sqlite_where=text("ended_at IS NULL"),
            ),
            "ended_at IS NULL",
        ),
        Index("ix_work_session_tech_start", "technician_id", "started_at"),
        Index("ix_work_session_incident", "incident_id", "started_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = Field(foreign_key="incident.id")
    technician_id: int = Field(foreign_key="technician.id")
    kind: str = "remote"  # remote | on_site | phone | travel | lab
    started_at: datetime = Field(sa_type=UTCDateTime)
    ended_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    note: str = ""
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class Material(Row, table=True):
    """A material or spare part used on an incident."""

    __table_args__ = (Index("ix_material_incident", "incident_id"),)

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = Field(foreign_key="incident.id")
    description: str
    code: str = ""
    serial: str = ""
    quantity: Decimal = Field(sa_type=ScaledDecimal(3))
    unit_price: Decimal = Field(sa_type=Money())
    warranty: bool = False
    used_on: date
    added_by_id: int | None = Field(default=None, foreign_key="technician.id")
    created_at: datetime = Field(sa_type=UTCDateTime)
    #: domain.parts.STATES: fitted (billed), or proposed to a customer whose OK it waits
    #: for (seed 003), or declined by them; ``proposed_because``: domain.parts.ASKED or
    #: ABOVE_LIMIT.  The customer's answer: who (a contact), when, how (domain.parts.VIA)
    state: str = Field(default="fitted", sa_column_kwargs={"server_default": text("'fitted'")})
    proposed_because: str = Field(default="", sa_column_kwargs={"server_default": text("''")})
    answered_by_id: int | None = Field(default=None, foreign_key="contact.id")
    answered_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    answered_via: str = Field(default="", sa_column_kwargs={"server_default": text("''")})


class ClosedMonth(Row, table=True):
    """A month closed for invoicing: its sessions and materials can no longer change."""

    __tablename__ = "closed_month"

    month: str = Field(primary_key=True)  # YYYY-MM
    closed_at: datetime = Field(sa_type=UTCDateTime)
    closed_by: str


class PrepaidDraw(Row, table=True):
    """What a labour line of a month closed for invoicing took from its contract's
    training allowance and prepaid block of hours (seed 000): recorded when the month is
    closed, so that its balance no longer changes; gone when the month is reopened."""

    __tablename__ = "prepaid_draw"
    __table_args__ = (
        Index("ix_prepaid_draw_contract", "contract_id"),
        Index("ix_prepaid_draw_month", "month"),
    )

    #: the line's key: its (first) work session
    session_id: int = Field(
        primary_key=True, foreign_key="work_session.id", sa_column_kwargs={"autoincrement": False}
    )
    contract_id: int = Field(foreign_key="contract.id")
    month: str  # YYYY-MM
    started_at: datetime = Field(sa_type=UTCDateTime)
    training: bool = False
    #: the scatti the line would have been charged, and what it took of them
    scatti: int = 0
    from_allowance: int = 0
    from_block: int = 0
