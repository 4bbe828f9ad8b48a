"""Monthly health checks of the customers' machines (seed 004, "Monitoraggio del sistema").

A customer's agreed day (:class:`CheckSchedule`) is a rule of
:mod:`techconsole.domain.check_schedule`; a check done (:class:`HealthCheck`) is a
document handed to the customer, numbered ``CP-<year>-<seq>`` by a counter row as work
reports are, and is never rewritten: its items (:class:`HealthCheckItem`) say what was
looked at and found.  Which check is due is worked out from these rows, the contract and
the machine's coverage; nothing "due" is stored.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field

from techconsole.store.types import Row, UTCDateTime


class CheckSchedule(Row, table=True):
    """The day agreed with a customer for its machines' checks, and who does them."""

    __tablename__ = "check_schedule"

    customer_id: int = Field(
        foreign_key="customer.id", primary_key=True, sa_column_kwargs={"autoincrement": False}
    )
    rule: str  # FIRST-WORKING-DAY or FREQ=MONTHLY;…
    said: str  # as typed: "primo martedì"
    technician_id: int | None = Field(default=None, foreign_key="technician.id")
    set_by_id: int = Field(foreign_key="technician.id")
    set_at: datetime = Field(sa_type=UTCDateTime)


class CheckCounter(Row, table=True):
    """The last check-report number handed out in a year."""

    __tablename__ = "check_counter"
    year: int = Field(primary_key=True)
    last: int = 0


class HealthCheck(Row, table=True):
    """One check of one machine, as done and recorded."""

    __tablename__ = "health_check"
    __table_args__ = (
        UniqueConstraint("number", name="uq_health_check_number"),
        Index("ix_health_check_asset", "asset_id", "done_at"),
        Index("ix_health_check_customer", "customer_id", "done_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    number: str  # CP-2026-0001
    year: int
    seq: int
    asset_id: int = Field(foreign_key="asset.id")
    customer_id: int = Field(foreign_key="customer.id")
    done_at: datetime = Field(sa_type=UTCDateTime)
    done_by_id: int = Field(foreign_key="technician.id")
    #: the agreed day of the check it stands for (None: none was due, an extra check)
    due_on: date | None = None
    #: the check whose dangerous finding called for this one
    repeat_of_id: int | None = Field(default=None, foreign_key="health_check.id")
    #: a dangerous finding: the last day of the repeat check it calls for
    repeat_by: date | None = None
    #: the seed's promise: no personal documents, no e-mail clients were opened
    no_personal_access: bool = True
    note: str = ""
    recorded_at: datetime = Field(sa_type=UTCDateTime)


class HealthCheckItem(Row, table=True):
    """One item of the checklist in one check: its outcome and what was found."""

    __tablename__ = "health_check_item"
    __table_args__ = (UniqueConstraint("check_id", "item", name="uq_health_check_item"),)

    id: int | None = Field(default=None, primary_key=True)
    check_id: int = Field(foreign_key="health_check.id")
    position: int
    item: str  # the checklist's key: system_logs
    outcome: str  # ok | fixed | problem | danger | na
    finding: str = ""
    #: the incident opened from this finding
    incident_id: int | None = Field(default=None, foreign_key="incident.id")
