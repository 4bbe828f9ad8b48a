"""The month's SLA compliance, for the team load (:mod:`.load`) and the team's figures
over time (:mod:`.stats`): of the SLA clocks with a target whose milestone was reached in
a month, how many stopped, how many in time, per plan; and the clocks missed per customer.

Counted from the outcomes recorded when each clock stopped (``store.outcomes``, kept by
``services.incidents.outcomes``); worked out clock by clock from the timelines, as before
they were recorded, while an upgrade's are still pending (:func:`worked_out`: the same
figures, in proportion to the months' work).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import case, func, or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from techconsole.domain.policy import Policy
from techconsole.domain.sla import ClockStatus
from techconsole.services.incidents import clocks
from techconsole.services.team.load_queries import CLOCK_ROW, chunks, clock_inputs
from techconsole.services.work.months import month_of
from techconsole.store import outcomes as store_outcomes
from techconsole.store.models import Incident
from techconsole.store.outcomes import ClockOutcome

_MILESTONE_COLUMNS: dict[str, Any] = {
    "acknowledged": Incident.acknowledged_at,
    "on_site": Incident.on_site_at,
    "resolved": Incident.resolved_at,
}


#: (month, plan) → (clocks stopped, met)
Figures = dict[tuple[str, str], tuple[int, int]]
#: customer id → clocks missed
Misses = dict[int, int]


def compliance(
    session: Session,
    policy: Policy,
    now: datetime,
    months: dict[str, tuple[datetime, datetime]],
    *,
    misses: bool = False,
) -> tuple[Figures, Misses]:
    """(stopped, met) by month and plan: the SLA clocks with a target whose milestone was
    reached in the month (``months``: its first instant and the next month's, in the
    policy's zone) and by ``now``; with ``misses``, the clocks missed over those months by
    customer too.

    A grouped count of the recorded outcomes (``store.outcomes``) per month, over
    ``ix_clock_outcome_plan_stopped``; while the outcomes of an upgrade are pending, the
    clocks are worked out one by one as they were before (:func:`worked_out`)."""
    if store_outcomes.pending(session.connection()):
        return worked_out(session, policy, now, months, misses=misses)
    plans = list(policy.plans)
    stopped_at = col(ClockOutcome.stopped_at)
    figures: Figures = {}
    for month, (first, last) in months.items():
        rows = session.execute(
            sa_select(
                col(ClockOutcome.plan),
                func.count(),
                func.sum(case((col(ClockOutcome.met), 1), else_=0)),
            )
            .where(col(ClockOutcome.plan).in_(plans))
            .where(stopped_at >= first, stopped_at < last, stopped_at <= now)
            .group_by(col(ClockOutcome.plan))
        ).all()
        for plan, count, met in rows:
            figures[(month, plan)] = (int(count), int(met or 0))
    missed: Misses = {}
    if misses and months:
        first, last = min(b[0] for b in months.values()), max(b[1] for b in months.values())
        rows = session.execute(
            sa_select(col(ClockOutcome.customer_id), func.count())
            .where(col(ClockOutcome.plan).in_(plans))
            .where(stopped_at >= first, stopped_at < last, stopped_at <= now)
            .where(~col(ClockOutcome.met))
            .group_by(col(ClockOutcome.customer_id))
        ).all()
        missed = {customer: int(count) for customer, count in rows}
    return figures, missed


def milestone_incidents(
    session: Session, policy: Policy, first: datetime, last: datetime
) -> Sequence[Any]:
    """The incidents that reached, in [``first``, ``last``], a milestone that stops one of
    the policy's clocks (resolving stops them all), as rows of the columns their clocks
    need (and the customer)."""
    milestones = {definition.stops_on for definition in policy.clocks}
    if milestones:
        milestones.add("resolved")  # ``incident_clocks.stop_of``
    reached = [
        col(column).between(first, last)
        for name, column in _MILESTONE_COLUMNS.items()
        if name in milestones
    ]
    if not reached:
        return []
    return session.execute(
        sa_select(*(col(column) for column in CLOCK_ROW), col(Incident.customer_id)).where(
            or_(*reached)
        )
    ).all()


def worked_out(
    session: Session,
    policy: Policy,
    now: datetime,
    months: dict[str, tuple[datetime, datetime]],
    *,
    misses: bool = False,
) -> tuple[Figures, Misses]:
    """:func:`compliance` worked out clock by clock from the incidents' timelines: the
    clocks of every incident that reached a milestone in those months (what the recorded
    outcomes spare; the figures are the same)."""
    figures: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    missed: Misses = defaultdict(int)
    if not months:
        return {}, {}
    zone = policy.zone
    first, last = min(b[0] for b in months.values()), max(b[1] for b in months.values())
    rows = milestone_incidents(session, policy, first, last)
    for chunk in chunks(rows):
        events = clocks.timelines(session, chunk)
        for row in chunk:
            for state in clock_inputs(row, events).states(policy, now):
                if state.target is None or state.stopped_at is None:
                    continue
                month = month_of(state.stopped_at.astimezone(zone).date())
                if month not in months:
                    continue
                counted = figures[(month, row.plan)]
                counted[0] += 1
                counted[1] += state.status is ClockStatus.MET
                missed[row.customer_id] += state.status is ClockStatus.MISSED
    return (
        {key: (stopped, met) for key, (stopped, met) in figures.items()},
        {customer: n for customer, n in missed.items() if n} if misses else {},
    )
