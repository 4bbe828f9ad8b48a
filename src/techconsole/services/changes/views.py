"""What the customisations' use cases hand out: plain frozen dataclasses, never rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class ChangeView:
    """A customisation request and where it stands on the day it was read (``today``)."""

    id: int
    customer_id: int
    customer: str
    contact_id: int | None
    contact: str | None  # who asked for it: the delivery notice goes to them
    contact_email: str
    description: str
    heavy: bool
    #: as recorded: requested, agreed, developed, delivered, tested, accepted, contested
    recorded: str
    #: as the customer's rights make it on ``today``: a delivery past its test deadline
    #: or its contest window is ``accepted`` even when nobody recorded it
    status: str
    #: why it counts as accepted without the customer saying so: ``test_deadline``,
    #: ``contest_window``, else ``""``
    accepted_by: str
    requested_on: date
    start_on: date | None
    due_on: date | None
    developed_on: date | None
    delivered_on: date | None
    deliveries: int
    tested_on: date | None
    accepted_on: date | None
    contested_on: date | None
    contest_reason: str
    #: the last day the customer may test it (heavy ones, once delivered)
    test_by: date | None
    #: the last day it may be contested (once delivered)
    contest_until: date | None
    created_by: str
    created_at: datetime
    updated_at: datetime
    today: date

    @property
    def with_customer(self) -> bool:
        """Delivered, and the customer may still test, accept or contest it."""
        return self.status in ("delivered", "tested")

    @property
    def open(self) -> bool:
        """Not accepted yet (a contested one is reworked)."""
        return self.status != "accepted"

    def days_left(self, until: date | None) -> int | None:
        """Days from ``today`` to ``until`` (0 on the day itself); ``None`` without one."""
        return None if until is None else (until - self.today).days


@dataclass(frozen=True, slots=True)
class Releases:
    """The policy's release calendar: the next release days after ``today``."""

    today: date
    upcoming: tuple[date, ...]
    per_year: int
