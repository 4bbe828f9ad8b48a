"""The team's load, for a lead: who holds what, what is about to breach, work logged,
and how the SLA went this month.  One read transaction; leads only.

Figures, for each technician (active ones, and inactive ones still holding open work):

* **open**: open incidents assigned to them (the queue's "all" view, by assignee);
* **breached**: those whose SLA clock is past due — the queue's "breached" view
  (``due_sort < now``: the due of the clock that matters, stored on every change);
* **at risk**: those the queue shows with ``▲``: the clock that matters is running, in
  the plan's hours, and a quarter (the policy's ``warning_left``) or less of its target
  is left (clock status ``warning``);
* **timer**: their running timer, if any (incident, subject, kind, start);
* **scatti today / this month**: their work sessions that *started* today / this month
  (days and months in the policy's zone), a running one counted up to now, in scatti by
  the policy's billing rules: each session rounded on its own, or, with
  ``rounding_scope = "incident_day"``, the sessions of one incident on one day added up
  first — the rounding the bill uses, whether or not the work is charged.

The same open / at risk / breached counts are given for the unassigned incidents.

**SLA compliance this month**, per plan: of the SLA clocks with a target whose milestone
(taken in charge, on site, resolved — whatever stops that clock) was reached this month
in the policy's zone, the share that stopped in time (business time used ≤ target,
clock status ``met``), as a percentage with one decimal, rounded half up.  A clock
counts under the plan its incident is on; clocks still running, and clocks without a
target, do not count.  A plan with no clock stopped this month has no percentage.

How it stays fast at 50,000 open incidents (``benchmarks/bench_lead.py``): the counts
and breaches are two counts on the open-incident indexes; "at risk" is worked out
exactly, clock by clock, only for the open incidents of a plan open now whose due falls
within ``warning_left`` of the longest target for their severity; work sessions are read
by technician and start (``ix_work_session_tech_start``).  Compliance counts the
outcomes recorded when each clock stopped (``services.incidents.outcomes``), grouped by
plan over an index on when they stopped: milliseconds at the end of a month of 50,000
incidents.  ``team_load(ctx, compliance=False)`` leaves it out all the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlmodel import col, select

from techconsole.i18n import N_
from techconsole.services.context import Context
from techconsole.services.records import actor
from techconsole.services.team import compliance as month_compliance
from techconsole.services.team import load_queries as queries
from techconsole.services.work.months import month_bounds, month_of
from techconsole.store.models import Technician
from techconsole.store.retry import retried_read

WHAT = N_("see the team's load")
_ONE_DECIMAL = Decimal("0.1")


@dataclass(frozen=True, slots=True)
class RunningTimer:
    incident: str
    subject: str
    kind: str
    started_at: datetime

    def elapsed(self, now: datetime) -> timedelta:
        return max(now - self.started_at, timedelta(0))


@dataclass(frozen=True, slots=True)
class Load:
    """Open incidents held, and how many of them are at risk or breached."""

    open: int = 0
    at_risk: int = 0
    breached: int = 0


@dataclass(frozen=True, slots=True)
class TechnicianLoad:
    login: str
    name: str
    role: str
    active: bool
    load: Load
    timer: RunningTimer | None
    scatti_today: int
    scatti_month: int


@dataclass(frozen=True, slots=True)
class PlanCompliance:
    plan: str
    label: str
    stopped: int
    met: int

    @property
    def percent(self) -> Decimal | None:
        """Met out of stopped, in percent with one decimal; ``None`` when none stopped."""
        return share(self.met, self.stopped)


def share(met: int, stopped: int) -> Decimal | None:
    """``met`` out of ``stopped`` in percent with one decimal (rounded half up); ``None``
    when none stopped.  The one reckoning of compliance (team load, team stats)."""
    if not stopped:
        return None
    value = Decimal(met * 100) / Decimal(stopped)
    return value.quantize(_ONE_DECIMAL, rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class TeamLoad:
    now: datetime
    day: date
    month: str
    technicians: tuple[TechnicianLoad, ...]
    unassigned: Load
    #: ``None`` when not asked for (``team_load(ctx, compliance=False)``)
    compliance: tuple[PlanCompliance, ...] | None


@retried_read
def team_load(ctx: Context, *, compliance: bool = True) -> TeamLoad:
    """The team's figures now (see the module's docstring); ``NotAllowed`` unless a lead.

    Without ``compliance`` the month's SLA compliance is left out (``None``): it changes
    slowly, and a view that reads the rest on every change can read it less often."""
    now, policy = ctx.now(), ctx.policy
    zone = policy.zone
    today = now.astimezone(zone).date()
    month = month_of(today)
    month_first, month_last = month_bounds(month, zone)
    with ctx.db.read() as session:
        actor(session, ctx, lead=True, what=WHAT)
        people = session.exec(select(Technician).order_by(col(Technician.login))).all()
        counts = queries.open_counts(session, policy, now)
        timers = queries.running_timers(session)
        ids = [tech.id for tech in people if tech.id is not None]
        scatti = queries.scatti(session, policy, ids, now, today, (month_first, month_last))
        stopped: dict[str, tuple[int, int]] = {}
        if compliance:
            months = {month: (month_first, month_last)}
            figures, _misses = month_compliance.compliance(session, policy, now, months)
            stopped = {plan: counted for (_month, plan), counted in figures.items()}
        technicians = tuple(
            _person(tech, counts, timers, scatti)
            for tech in sorted(people, key=lambda t: (t.display_name.casefold(), t.login))
            if tech.active or tech.id in counts or tech.id in timers
        )
    plans = tuple(
        PlanCompliance(name, plan.label, *stopped.get(name, (0, 0)))
        for name, plan in policy.plans.items()
        if plan.targets
    )
    unassigned = Load(*counts.get(None, (0, 0, 0)))
    return TeamLoad(now, today, month, technicians, unassigned, plans if compliance else None)


def _person(
    tech: Technician,
    counts: dict[int | None, queries.Counts],
    timers: dict[int, Any],
    scatti: dict[int, tuple[int, int]],
) -> TechnicianLoad:
    today, month = scatti.get(tech.id or 0, (0, 0))
    timer = timers.get(tech.id or 0)
    return TechnicianLoad(
        login=tech.login,
        name=tech.display_name,
        role=tech.role,
        active=tech.active,
        load=Load(*counts.get(tech.id, (0, 0, 0))),
        timer=None
        if timer is None
        else RunningTimer(timer.number, timer.subject, timer.kind, timer.started_at),
        scatti_today=today,
        scatti_month=month,
    )
