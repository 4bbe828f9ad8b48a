"""The runtime policy: plans, calendars, clocks, severities and the rules around them.

Built from a policy file by :mod:`techconsole.domain.policy_build`; everything here is
immutable and already validated.  The simple sections (billing, intake, service, changes,
contracts, parts, mail, company) are the file's own tables: each key is declared once, in
:mod:`.policy_rules`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from enum import StrEnum
from zoneinfo import ZoneInfo

from techconsole.domain.calendar import BusinessCalendar
from techconsole.domain.errors import DomainError
from techconsole.domain.policy_rules import (
    BillingRules,
    ChangeRules,
    Company,
    ContractRules,
    IntakeRules,
    MailRules,
    PartRules,
    ServiceRules,
)
from techconsole.i18n import _


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
    #: the service levels the contract includes (seed 004, :mod:`.levels`): level-1 work
    #: is part of it, level-2 labour free when ``billing.free.level2_labour_under_contract``
    included_levels: tuple[int, ...] = ()
    #: the plan's own prices (seed 003: "costi più contenuti" under an annual contract),
    #: or ``None`` for the policy's ``[billing]`` ones
    unit_price: Decimal | None = None
    callout_fee: Decimal | None = None


QUEUE_KEYS = ("contract", "urgent", "severity", "due", "arrival")
#: the order key of the policy's priority categories (``[queue] priority_categories``)
CATEGORY_KEY = "category"
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
    #: categories that rank ahead of the others of the same class (seed 000: faults in
    #: our own software); their place in ``queue_order`` is its "category" key
    priority_categories: tuple[str, ...] = ()
    intake: IntakeRules = field(default_factory=IntakeRules)
    billing: BillingRules = field(default_factory=BillingRules)
    service: ServiceRules = field(default_factory=ServiceRules)
    changes: ChangeRules = field(default_factory=ChangeRules)
    contracts: ContractRules = field(default_factory=ContractRules)
    mail: MailRules = field(default_factory=MailRules)
    parts: PartRules = field(default_factory=PartRules)
    company: Company = field(default_factory=Company)
    stale_timer_after: timedelta = timedelta(hours=10)
    #: a work session longer than this is kept only when the technician insists (--force)
    max_session: timedelta = timedelta(hours=12)
    #: a session stopped within this of its start (a timer started by mistake) may be
    #: discarded: the console asks whether to keep it
    discard_within: timedelta = timedelta(seconds=60)
    description: str = ""
    source: str = ""

    def learn_holidays(self, years: Iterable[int]) -> None:
        """Look up the public holidays of ``years`` for every plan's calendar now: kept when
        the policy is pickled (the policy cache), so that reading a clock in those years
        needs no holiday package."""
        for plan in self.plans.values():
            plan.calendar.learn_holidays(years)

    def plan(self, name: str) -> Plan:
        try:
            return self.plans[name]
        except KeyError:
            known = ", ".join(self.plans)
            raise DomainError(
                _("unknown plan '{plan}'; policy '{policy}' has: {known}").format(
                    plan=name, policy=self.name, known=known
                )
            ) from None

    def clock(self, name: str) -> ClockDef:
        for clock in self.clocks:
            if clock.name == name:
                return clock
        known = ", ".join(c.name for c in self.clocks)
        raise DomainError(
            _("unknown clock '{clock}'; this policy has: {known}").format(clock=name, known=known)
        )

    def default_severity(self) -> str:
        """The severity of a request recorded without one: ``[intake]
        default_severity``, else the least severe."""
        return self.intake.default_severity or self.severities[-1].code

    def needs_triage(self, given: str | None) -> bool:
        """Whether a request recorded with severity ``given`` (``None``: none) waits for a
        technician to set one: only when none was given and there is a choice to make (a
        policy with one severity, where urgency picks the clock, has none)."""
        return given is None and len(self.severities) > 1

    def severity(self, code: str) -> Severity:
        for severity in self.severities:
            if severity.code == code:
                return severity
        known = ", ".join(s.code for s in self.severities)
        raise DomainError(
            _("unknown severity '{severity}'; this policy has: {codes}").format(
                severity=code, codes=known
            )
        )

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
