"""The team's figures over time, for a lead's charts and ``techconsole team stats``.

* SLA compliance per plan, month by month: the clocks with a target whose milestone came
  in the month, and how many were met (the figure of ``team load``, for past months too);
* missed clocks per customer over the same months;
* scatti per technician, week by week (ISO weeks, the policy's zone), as billed: each
  session (or each incident's day, under ``rounding_scope = "incident_day"``) rounded up;
* the queue's size at the end of each of the last days: incidents arrived and not yet
  resolved then.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from techconsole.domain.policy import Policy
from techconsole.domain.scatti import units_for
from techconsole.i18n import N_
from techconsole.services.context import Context
from techconsole.services.records import actor
from techconsole.services.team import compliance as month_compliance
from techconsole.services.team.load import share
from techconsole.services.work.months import month_bounds
from techconsole.store.models import Customer, Incident, Technician
from techconsole.store.retry import retried_read
from techconsole.store.work import WorkSession

WHAT = N_("see the team's figures")


@dataclass(frozen=True, slots=True)
class MonthCompliance:
    month: str  # YYYY-MM
    plan: str
    label: str
    stopped: int
    met: int

    @property
    def percent(self) -> Decimal | None:
        return share(self.met, self.stopped)


@dataclass(frozen=True, slots=True)
class CustomerMisses:
    customer: str
    missed: int


@dataclass(frozen=True, slots=True)
class WeekScatti:
    week: date  # its Monday
    login: str
    scatti: int


@dataclass(frozen=True, slots=True)
class DayQueue:
    day: date
    open: int


@dataclass(frozen=True, slots=True)
class TeamStats:
    now: datetime
    months: tuple[str, ...]  # oldest first
    compliance: tuple[MonthCompliance, ...]
    misses: tuple[CustomerMisses, ...]  # most first, then by name, then as recorded
    weeks: tuple[date, ...]  # oldest first
    scatti: tuple[WeekScatti, ...]
    queue: tuple[DayQueue, ...]  # oldest first


def _months_back(today: date, count: int) -> list[str]:
    year, month = today.year, today.month
    found = []
    for _ in range(count):
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return found[::-1]


def _clock_figures(
    session: Session, policy: Policy, now: datetime, months: list[str]
) -> tuple[list[MonthCompliance], list[CustomerMisses]]:
    bounds = {m: month_bounds(m, policy.zone) for m in months}
    figures, missed = month_compliance.compliance(session, policy, now, bounds, misses=True)
    names = dict(session.execute(sa_select(col(Customer.id), col(Customer.name))).all())
    compliance = [
        MonthCompliance(month, name, plan.label, *figures.get((month, name), (0, 0)))
        for month in months
        for name, plan in policy.plans.items()
        if plan.targets
    ]
    # the most first, then by name; customers of one name (case aside) in the order they
    # were recorded, not in the order the database counted them in
    ranked = sorted(
        ((c, n) for c, n in missed.items() if n),
        key=lambda found: (-found[1], names[found[0]].casefold(), found[0]),
    )
    misses = [CustomerMisses(names[c], n) for c, n in ranked]
    return compliance, misses


def _week_scatti(
    session: Session, policy: Policy, now: datetime, weeks: list[date]
) -> list[WeekScatti]:
    zone, rules = policy.zone, policy.billing
    first = datetime.combine(weeks[0], time(), zone)
    rows = session.execute(
        sa_select(
            col(WorkSession.id),
            col(WorkSession.incident_id),
            col(WorkSession.started_at),
            col(WorkSession.ended_at),
            col(Technician.login),
        )
        .join(Technician, col(Technician.id) == col(WorkSession.technician_id))
        .where(col(WorkSession.started_at) >= first, col(WorkSession.started_at) <= now)
    ).all()
    per_day = rules.rounding_scope == "incident_day"
    worked: dict[tuple[str, int, date], timedelta] = defaultdict(timedelta)
    for row in rows:
        day = row.started_at.astimezone(zone).date()
        span = max((row.ended_at or now) - row.started_at, timedelta(0))
        worked[(row.login, row.incident_id if per_day else row.id, day)] += span
    units: dict[tuple[date, str], int] = defaultdict(int)
    for (login, _one, day), span in worked.items():
        units[(day - timedelta(days=day.weekday()), login)] += units_for(rules, span)
    return [WeekScatti(week, login, n) for (week, login), n in sorted(units.items())]


def _queue_sizes(session: Session, policy: Policy, days: list[date]) -> list[DayQueue]:
    zone = policy.zone
    ends = [datetime.combine(day + timedelta(days=1), time(), zone) for day in days]
    rows = session.execute(
        sa_select(col(Incident.arrived_at), col(Incident.resolved_at)).where(
            col(Incident.arrived_at) < ends[-1],
            or_(col(Incident.resolved_at).is_(None), col(Incident.resolved_at) >= ends[0]),
        )
    ).all()
    return [
        DayQueue(day, sum(1 for a, r in rows if a < end and (r is None or r >= end)))
        for day, end in zip(days, ends, strict=True)
    ]


@retried_read
def team_stats(ctx: Context, *, months: int = 12, weeks: int = 8, days: int = 30) -> TeamStats:
    """The figures of the last ``months`` months, ``weeks`` weeks and ``days`` days (this
    one included); ``NotAllowed`` unless a lead."""
    now, policy = ctx.now(), ctx.policy
    today = now.astimezone(policy.zone).date()
    month_list = _months_back(today, months)
    monday = today - timedelta(days=today.weekday())
    week_list = [monday - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    day_list = [today - timedelta(days=n) for n in range(days - 1, -1, -1)]
    with ctx.db.read() as session:
        actor(session, ctx, lead=True, what=WHAT)
        compliance, misses = _clock_figures(session, policy, now, month_list)
        scatti = _week_scatti(session, policy, now, week_list)
        queue = _queue_sizes(session, policy, day_list)
    return TeamStats(
        now,
        tuple(month_list),
        tuple(compliance),
        tuple(misses),
        tuple(week_list),
        tuple(scatti),
        tuple(queue),
    )
