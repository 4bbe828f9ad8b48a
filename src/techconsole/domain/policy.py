"""The runtime policy: plans, calendars, clocks, severities and the rules around them.

Built from a policy file by :mod:`techconsole.domain.policy_schema`; everything here is
immutable and already validated.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from zoneinfo import ZoneInfo

from techconsole.domain.calendar import BusinessCalendar
from techconsole.domain.errors import DomainError


class Applies(StrEnum):
    """Which requests a clock runs for."""

    ALWAYS = "always"
    URGENT = "urgent"
    NOT_URGENT = "not_urgent"

    def matches(self, urgent: bool) -> bool:
        return self is Applies.ALWAYS or (self is Applies.URGENT) == urgent


@dataclass(frozen=True, slots=True)
class Severity:
    code: str
    label: str
    rank: int


@dataclass(frozen=True, slots=True)
class ClockDef:
    """A named SLA clock (response, written confirmation, on-site arrival, resolution)."""

    name: str
    label: str
    applies: Applies = Applies.ALWAYS
    #: the milestone that stops it: acknowledged (taken in charge / written
    #: confirmation / first response), on_site, or resolved
    stops_on: str = "acknowledged"


@dataclass(frozen=True, slots=True)
class Target:
    """A clock's target on one plan: per severity, with an optional override when urgent."""

    by_severity: Mapping[str, timedelta]
    urgent: timedelta | None = None

    def for_(self, severity: str, urgent: bool) -> timedelta | None:
        if urgent and self.urgent is not None:
            return self.urgent
        return self.by_severity.get(severity)


@dataclass(frozen=True, slots=True)
class Plan:
    name: str
    label: str
    calendar_name: str
    calendar: BusinessCalendar
    holidays_covered: bool
    contract: bool
    targets: Mapping[str, Target]
    included_categories: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class LateArrival:
    """Seed 003: what a late arrival on site costs us."""

    enabled: bool = False
    urgent_waives_all: bool = True
    percent_per_hour: Decimal = Decimal("20")
    started_hours: bool = False
    cap_percent: Decimal = Decimal("100")


@dataclass(frozen=True, slots=True)
class FreeRules:
    """When labour is free of charge, and since when."""

    cloud_software_since: date | None = None
    reseller_first_year: bool = False
    warranty: bool = True
    follow_up_after_unresolved: bool = False
    level2_labour_under_contract: bool = False


@dataclass(frozen=True, slots=True)
class BillingRules:
    unit_minutes: int = 20
    unit_price: Decimal = Decimal("40.00")
    rounding: str = "up"
    rounding_scope: str = "session"
    minimum_units: int = 0
    vat_percent: Decimal = Decimal("22")
    callout_fee: Decimal = Decimal("0.00")
    urgent_on_request_percent: Decimal = Decimal("0")
    late_arrival: LateArrival = field(default_factory=LateArrival)
    free: FreeRules = field(default_factory=FreeRules)


@dataclass(frozen=True, slots=True)
class IntakeRules:
    channels: tuple[str, ...] = ("email",)
    refused: Mapping[str, str] = field(default_factory=dict)
    urgent_keyword: str | None = None
    authorisers: tuple[str, ...] = ("titolare", "ads")
    needs_authorisation: tuple[str, ...] = ("employee",)

    def refusal(self, channel: str) -> str | None:
        """Why a request on ``channel`` is refused, or ``None`` when it is accepted."""
        if channel in self.refused:
            return self.refused[channel]
        if channel not in self.channels:
            return f"requests by {channel} are not accepted"
        return None

    def is_urgent_subject(self, subject: str) -> bool:
        """Whether the keyword (``URGENTE``) stands in ``subject`` as a word, not negated."""
        if not self.urgent_keyword:
            return False
        pattern = rf"(?<!non )\b{re.escape(self.urgent_keyword)}\b"
        return re.search(pattern, subject, flags=re.IGNORECASE) is not None


@dataclass(frozen=True, slots=True)
class ServiceRules:
    """Seed 004: service levels, loaner PCs, monthly checks, required software."""

    levels: Mapping[int, str] = field(default_factory=dict)
    loaner_after: timedelta | None = None
    health_check_every_months: int | None = None
    required_software: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ChangeRules:
    """Seeds 000/001: when customisations may ship and be contested."""

    freeze_months: tuple[int, ...] = ()
    contest_days: int | None = None
    acceptance_test_days: int | None = None
    releases_per_year: int | None = None


@dataclass(frozen=True, slots=True)
class Company:
    name: str = ""
    address: str = ""
    vat_number: str = ""
    phone: str = ""
    email: str = ""


QUEUE_KEYS = ("contract", "urgent", "severity", "due", "arrival")
MILESTONES = ("acknowledged", "on_site", "resolved")


@dataclass(frozen=True, slots=True)
class Policy:
    name: str
    title: str
    zone: ZoneInfo
    severities: tuple[Severity, ...]
    clocks: tuple[ClockDef, ...]
    plans: Mapping[str, Plan]
    no_contract_plan: str
    warning_left: Decimal = Decimal("0.25")
    queue_order: tuple[str, ...] = QUEUE_KEYS
    intake: IntakeRules = field(default_factory=IntakeRules)
    billing: BillingRules = field(default_factory=BillingRules)
    service: ServiceRules = field(default_factory=ServiceRules)
    changes: ChangeRules = field(default_factory=ChangeRules)
    company: Company = field(default_factory=Company)
    stale_timer_after: timedelta = timedelta(hours=10)
    description: str = ""
    source: str = ""

    def plan(self, name: str) -> Plan:
        try:
            return self.plans[name]
        except KeyError:
            known = ", ".join(self.plans)
            raise DomainError(f"unknown plan '{name}'; this policy has: {known}") from None

    def clock(self, name: str) -> ClockDef:
        for clock in self.clocks:
            if clock.name == name:
                return clock
        known = ", ".join(c.name for c in self.clocks)
        raise DomainError(f"unknown clock '{name}'; this policy has: {known}")

    def severity(self, code: str) -> Severity:
        for severity in self.severities:
            if severity.code == code:
                return severity
        known = ", ".join(s.code for s in self.severities)
        raise DomainError(f"unknown severity '{code}'; this policy has: {known}")

    def target(self, plan: str, clock: str, severity: str, urgent: bool) -> timedelta | None:
        """The target of ``clock`` for a request, or ``None`` when it has none."""
        definition = self.clock(clock)
        if not definition.applies.matches(urgent):
            return None
        self.severity(severity)
        target = self.plan(plan).targets.get(clock)
        return None if target is None else target.for_(severity, urgent)

    def clocks_for(self, urgent: bool) -> tuple[ClockDef, ...]:
        """The clocks that run for a request, urgent or not."""
        return tuple(c for c in self.clocks if c.applies.matches(urgent))
