"""Customisation requests ("personalizzazioni", seeds 000 and 001): one row each, from the
request to its acceptance or contest (:mod:`techconsole.domain.changes` says which steps
and days are allowed).  Every day is a calendar day in the policy's zone."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index
from sqlmodel import Field

from techconsole.store.types import Row, UTCDateTime


class ChangeRequest(Row, table=True):
    """A customisation a customer asked for, and where it stands."""

    __tablename__ = "change_request"
    __table_args__ = (Index("ix_change_customer", "customer_id", "requested_on"),)

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id")
    #: who asked for it: the delivery notice goes to them (``None``: nobody named)
    contact_id: int | None = Field(default=None, foreign_key="contact.id")
    description: str
    #: a "personalizzazione forte" (001): tested within the policy's days, or accepted
    heavy: bool = False
    #: requested, agreed, developed, delivered, tested, accepted, contested
    status: str = "requested"
    requested_on: date
    #: the agreed days: work starts, and the delivery (outside the frozen months, 000)
    start_on: date | None = None
    due_on: date | None = None
    developed_on: date | None = None
    #: the last delivery (a contested customisation is delivered again)
    delivered_on: date | None = None
    deliveries: int = 0
    tested_on: date | None = None
    accepted_on: date | None = None
    contested_on: date | None = None
    #: what the customer contests, as they said it
    contest_reason: str = ""
    created_by_id: int = Field(foreign_key="technician.id")
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)
