"""Late on site (seed 003): the term the arrival is measured against, and what it costs us.

"Per gli interventi urgenti garantiamo la nostra presenza entro 4 ore lavorative dalla
ricezione della segnalazione" and "se la presenza presso il cliente dovesse verificarsi
dopo il termine indicato, non addebitiamo alcun costo di uscita o di manodopera (per gli
interventi non urgenti sono previsti sconti del 20% per ogni ora di ritardo)".

The guarantee is the due time of the policy's on-site clock (a clock that stops on the
``on_site`` milestone: ``[clocks.onsite]`` of the onsite-tech preset), which counts
business time from the request's arrival and skips the time it waited on the customer.
The term is the earlier of the guarantee and the time promised to the customer; a promise
later than the guarantee is the term only when the customer agreed to it (who, how: it is
recorded), else the guarantee stays the term.

Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Final

from techconsole.domain.calendar import BusinessCalendar
from techconsole.domain.incident_clocks import ClockInputs
from techconsole.domain.money import HUNDRED
from techconsole.domain.policy import Policy
from techconsole.domain.policy_rules import LateArrival
from techconsole.domain.sla import Changed, ClockStatus

#: the term is the policy's guarantee (the on-site clock's due time)
GUARANTEE: Final = "guarantee"
#: the term is the time promised to the customer, not later than the guarantee
PROMISE: Final = "promise"
#: the term is a promise later than the guarantee that the customer agreed to
AGREED: Final = "agreed"
TERMS: Final = (GUARANTEE, PROMISE, AGREED)


@dataclass(frozen=True, slots=True)
class ArrivalTerm:
    """When the technician had to be on site, and why then (one of :data:`TERMS`)."""

    kind: str
    at: datetime


@dataclass(frozen=True, slots=True)
class Lateness:
    """How late the technician came against ``term``, in business time, and the discount."""

    term: ArrivalTerm
    late_by: timedelta
    #: hours of delay counted by the policy (whole, or every hour started)
    hours: int
    percent: Decimal
    #: an urgent job: nothing charged for call-out and labour, whatever the delay
    waives_all: bool


def _plan_at(inputs: ClockInputs, now: datetime) -> str:
    plan = inputs.plan
    for event in sorted(inputs.events, key=lambda e: e.at):
        if isinstance(event, Changed) and event.plan and event.at <= now:
            plan = event.plan
    return plan


def on_site_guarantee(policy: Policy, inputs: ClockInputs, now: datetime) -> datetime | None:
    """The time the policy guarantees the technician on site for this request, as known at
    ``now``: the earliest due time of the on-site clocks that apply to it; ``None`` when no
    such clock has a target.  While the request waits on the customer, the earliest the
    guarantee can be: the time left counted from ``now``."""
    on_site = {c.name for c in policy.clocks if c.stops_on == "on_site"}
    dues: list[datetime] = []
    for state in inputs.states(policy, now):
        if state.clock not in on_site or state.status is ClockStatus.NO_TARGET:
            continue
        if state.due is not None:
            dues.append(state.due)
        elif state.remaining is not None:  # paused: it cannot be due before this
            calendar = policy.plan(_plan_at(inputs, now)).calendar
            dues.append(calendar.add(now, max(state.remaining, timedelta(0))))
    return min(dues, default=None)


def beyond_guarantee(guarantee: datetime | None, promise: datetime | None) -> bool:
    """Whether ``promise`` is later than ``guarantee``: it needs the customer's agreement."""
    return guarantee is not None and promise is not None and promise > guarantee


def arrival_term(
    guarantee: datetime | None, promise: datetime | None, agreed: bool = False
) -> ArrivalTerm | None:
    """The term the arrival on site is measured against: the earlier of the guarantee and
    the promise; a later promise only when the customer ``agreed`` to it."""
    if promise is None:
        return None if guarantee is None else ArrivalTerm(GUARANTEE, guarantee)
    if guarantee is None or promise <= guarantee:
        return ArrivalTerm(PROMISE, promise)
    return ArrivalTerm(AGREED, promise) if agreed else ArrivalTerm(GUARANTEE, guarantee)


def counted_hours(rules: LateArrival, delay: timedelta) -> int:
    """The hours of delay the discount counts: whole hours, or every hour started."""
    hours = delay // timedelta(hours=1)
    if rules.started_hours and delay % timedelta(hours=1):
        hours += 1
    return hours


def lateness(
    rules: LateArrival,
    calendar: BusinessCalendar,
    *,
    urgent: bool,
    term: ArrivalTerm | None,
    on_site_at: datetime | None,
) -> Lateness | None:
    """How late the arrival at ``on_site_at`` was against ``term``; ``None`` when in time,
    not yet on site, or without a term.  The delay counts business time of ``calendar``."""
    if term is None or on_site_at is None or on_site_at <= term.at:
        return None
    # after the term is late, even when only closed hours passed since (a delay of 0)
    delay = calendar.elapsed(term.at, on_site_at)
    hours = counted_hours(rules, delay)
    if urgent and rules.urgent_waives_all:
        return Lateness(term, delay, hours, HUNDRED, True)
    percent = min(Decimal(hours) * rules.percent_per_hour, rules.cap_percent, HUNDRED)
    return Lateness(term, delay, hours, percent, False)
