"""What the loaners' use cases hand out: plain frozen dataclasses, never rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from techconsole.domain.loaner import out_for


@dataclass(frozen=True, slots=True)
class LoanView:
    """One loan of a loaner PC: to whom, for which machine and incident, whose data were
    copied onto it, when it went and when it came back."""

    id: int
    loaner_id: int
    loaner: str  # the loaner's name
    customer_id: int
    customer: str
    asset_id: int | None  # the customer's machine it stands in for
    asset: str | None
    incident: str | None  # the incident's number
    data_from: str
    lent_at: datetime
    lent_by: str  # the technician's login
    note: str
    returned_at: datetime | None = None
    returned_by: str | None = None
    return_note: str = ""

    @property
    def out(self) -> bool:
        return self.returned_at is None

    def out_for(self, now: datetime) -> timedelta:
        """How long it has been out (until it came back)."""
        return out_for(self.lent_at, self.returned_at, now)


@dataclass(frozen=True, slots=True)
class LoanerView:
    """A loaner PC of ours, and its loan now when it is out."""

    id: int
    name: str
    serial: str
    notes: str
    created_at: datetime
    updated_at: datetime
    retired_at: datetime | None = None
    loan: LoanView | None = None  # the loan it is out on, if it is

    @property
    def out(self) -> bool:
        return self.loan is not None

    @property
    def retired(self) -> bool:
        return self.retired_at is not None


@dataclass(frozen=True, slots=True)
class LoanerDetail:
    loaner: LoanerView
    #: every loan of it, newest first
    loans: tuple[LoanView, ...] = ()
