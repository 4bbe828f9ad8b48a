"""What the health checks' use cases hand out: plain frozen dataclasses, never rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from techconsole.domain import check_items
from techconsole.domain.check_due import OVERDUE
from techconsole.domain.coverage import Coverage, reasons, required
from techconsole.domain.policy import Policy
from techconsole.services.documents.report_views import Party


@dataclass(frozen=True, slots=True)
class ScheduleView:
    """A customer's agreed day; ``agreed`` is false when the default applies."""

    customer_id: int
    customer: str
    rule: str  # FIRST-WORKING-DAY or FREQ=MONTHLY;…
    said: str  # as typed ("" for the default)
    agreed: bool
    technician: str | None = None  # login of who does the checks, if someone is named
    set_by: str | None = None
    set_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class DueCheck:
    """A machine's check to do: monthly (its agreed day) or a repeat (its last day)."""

    asset_id: int
    asset: str
    customer_id: int
    customer: str
    kind: str  # monthly | repeat
    month: date  # the first day of the month it is for
    day: date  # the agreed day, or the last day of a repeat
    state: str  # upcoming | due | overdue
    technician: str | None  # login of who does the customer's checks
    last_done: date | None  # the day of the machine's last check
    repeat_of: str | None = None  # the check whose dangerous finding calls for this one
    #: the machine's coverage today (a check due on a day it was covered stays due)
    coverage: Coverage | None = None

    @property
    def overdue(self) -> bool:
        return self.state == OVERDUE

    def reasons(self) -> tuple[str, ...]:
        """Why the machine is not covered today, in the language in use."""
        return () if self.coverage is None else reasons(self.coverage)


@dataclass(frozen=True, slots=True)
class Uncovered:
    """A machine of a customer with a contract in force that is not covered: no check."""

    asset_id: int
    asset: str
    customer_id: int
    customer: str
    coverage: Coverage

    def reasons(self) -> tuple[str, ...]:
        return reasons(self.coverage)


@dataclass(frozen=True, slots=True)
class DueList:
    """The checks to do as of ``today`` (overdue first), and the machines left out."""

    today: date
    every: int | None  # the policy's months between checks (None: it sets no checks)
    checks: tuple[DueCheck, ...]
    uncovered: tuple[Uncovered, ...] = ()

    @property
    def overdue(self) -> tuple[DueCheck, ...]:
        return tuple(c for c in self.checks if c.overdue)


@dataclass(frozen=True, slots=True)
class ItemView:
    """One item of a check: its checklist key, outcome, what was found, its incident."""

    item: str
    outcome: str
    finding: str = ""
    incident: str | None = None  # the number of the incident opened from it


@dataclass(frozen=True, slots=True)
class CheckView:
    """A check as done and recorded."""

    id: int
    number: str  # CP-2026-0001
    asset_id: int
    asset: str
    asset_kind: str
    serial: str
    os: str
    location: str
    customer_id: int
    customer: str
    done_at: datetime
    done_by: str  # login
    done_by_name: str
    due_on: date | None  # the agreed day it stands for (None: an extra check)
    repeat_of: str | None  # the check whose dangerous finding called for it
    repeat_by: date | None  # it found danger: a repeat is due by then
    repeated_by: str | None  # the check that came after it (done the repeat, if any)
    no_personal_access: bool
    note: str
    items: tuple[ItemView, ...]
    recorded_at: datetime

    @property
    def outcome(self) -> str:
        """The worst outcome of its items: danger, problem, fixed or ok."""
        return check_items.worst(check_items.Finding(i.item, i.outcome) for i in self.items)

    @property
    def file_stem(self) -> str:
        return self.number

    def verified(self, policy: Policy) -> tuple[str, ...]:
        """The machine's required software this check found in place, and so verified
        installed (``check_items.software_in_place``)."""
        found = (check_items.Finding(i.item, i.outcome) for i in self.items)
        return check_items.software_in_place(found, required(policy.service.required_software))


@dataclass(frozen=True, slots=True)
class CheckReport:
    """What a check's report for the customer prints: the check, who did it for whom."""

    check: CheckView
    company: Party
    customer: Party
    zone: str  # the policy's time zone: times are shown in it
