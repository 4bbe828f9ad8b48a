"""Our loaner PCs ("PC muletto", seed 004) and each time one was lent.

A loaner is one of our own machines, lent to a customer while theirs is repaired, with
the data of the machine in repair copied onto it.  A loan is a row of its own, never
overwritten: who took it, for which machine and incident, whose data, when it went and
when it came back.  A loaner is out at most once at a time: the database itself refuses
a second open loan of it (``ux_loan_out``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, text
from sqlmodel import Field

from techconsole.store.partial import on_postgresql
from techconsole.store.types import Row, UTCDateTime


class Loaner(Row, table=True):
    """A loaner PC of ours."""

    __table_args__ = (Index("ux_loaner_name", "name", unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    name: str
    serial: str = ""
    notes: str = ""
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)
    #: out of the pool (sold, broken beyond repair): never lent again
    retired_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Loan(Row, table=True):
    """A loaner lent to a customer, and its return."""

    __table_args__ = (
        # a loaner is out once at a time, enforced by the database itself
        on_postgresql(
            Index(
                "ux_loan_out", "loaner_id", unique=True, sqlite_where=text("returned_at IS NULL")
            ),
            "returned_at IS NULL",
        ),
        Index("ix_loan_loaner", "loaner_id", "lent_at"),
        Index("ix_loan_customer", "customer_id", "lent_at"),
        Index("ix_loan_incident", "incident_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    loaner_id: int = Field(foreign_key="loaner.id")
    customer_id: int = Field(foreign_key="customer.id")
    #: the customer's machine it stands in for, if recorded (``asset``)
    asset_id: int | None = Field(default=None, foreign_key="asset.id")
    #: the incident it was lent for, if any
    incident_id: int | None = Field(default=None, foreign_key="incident.id")
    #: whose data were copied onto it (the machine in repair, a person's profile…)
    data_from: str = ""
    lent_at: datetime = Field(sa_type=UTCDateTime)
    lent_by_id: int = Field(foreign_key="technician.id")
    note: str = ""
    returned_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    returned_by_id: int | None = Field(default=None, foreign_key="technician.id")
    return_note: str = ""
    recorded_at: datetime = Field(sa_type=UTCDateTime)
