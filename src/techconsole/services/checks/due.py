"""Which checks are due: each machine's next monthly check and any repeat called for by a
dangerous finding, judged by :mod:`techconsole.domain.check_due` from the contract, the
machine's coverage, the customer's agreed day and the checks done so far.

A machine not covered on its agreed day has no check that month (the seed ties the
monitoring to the contract); a machine of a customer whose contract is in force but that
is not covered today (the backup found missing…) is listed apart, with why, so the lead
sees it is left out and not forgotten.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from functools import cache

from sqlmodel import Session, col, select

from techconsole.domain import check_due as rule
from techconsole.domain import coverage as cover
from techconsole.domain.calendar import BusinessCalendar
from techconsole.domain.check_schedule import WORKING_DAY
from techconsole.domain.policy import Policy
from techconsole.services.assets import coverage
from techconsole.services.checks import loading, schedule
from techconsole.services.checks.views import DueCheck, DueList, Uncovered
from techconsole.services.context import Context
from techconsole.services.incidents.intake import find_customer
from techconsole.store.assets import Asset, AssetSoftware
from techconsole.store.health import CheckSchedule, HealthCheck
from techconsole.store.models import Contract, Customer, Technician
from techconsole.store.retry import retried_read

_ORDER = {rule.OVERDUE: 0, rule.DUE: 1, rule.UPCOMING: 2}


@dataclass(frozen=True, slots=True)
class Facts:
    """What the due checks of some machines are judged from, read in a few queries."""

    policy: Policy
    customers: dict[int, str]
    contracts: dict[int, list[Contract]]
    verified: dict[int, list[AssetSoftware]]
    schedules: dict[int, CheckSchedule]
    last: dict[int, HealthCheck]
    logins: dict[int | None, str]

    def terms(self, customer_id: int) -> list[cover.Term]:
        return [
            cover.Term(c.starts_on, c.ends_on)
            for c in self.contracts[customer_id]
            if c.plan in self.policy.plans and self.policy.plans[c.plan].contract
        ]

    def calendar(self, customer_id: int, day: date) -> BusinessCalendar:
        """The calendar of the plan the customer is served under that day: the contract
        in force (of overlapping ones the one that started last, then the last recorded,
        as for its requests: ``loaders.plan_for``), else the no-contract plan's."""
        current = None
        for c in self.contracts[customer_id]:  # by first day, then as recorded
            if c.starts_on <= day <= c.ends_on:
                current = c
        plans = self.policy.plans
        if current is not None and current.plan in plans:
            return plans[current.plan].calendar
        return plans[self.policy.no_contract_plan].calendar


def read(session: Session, policy: Policy, assets: Sequence[Asset], until: datetime) -> Facts:
    customer_ids = {a.customer_id for a in assets}
    asset_ids = [a.id for a in assets if a.id is not None]
    contracts: dict[int, list[Contract]] = defaultdict(list)
    if customer_ids:
        query = select(Contract).where(col(Contract.customer_id).in_(customer_ids))
        for row in session.exec(query.order_by(col(Contract.starts_on), col(Contract.id))):
            contracts[row.customer_id].append(row)
    names = session.exec(
        select(Customer.id, Customer.name).where(col(Customer.id).in_(customer_ids))
    )
    return Facts(
        policy=policy,
        customers={i: n for i, n in names if i is not None},
        contracts=contracts,
        verified=coverage.checks(session, asset_ids),
        schedules=schedule.rows(session, customer_ids),
        last=loading.latest(session, asset_ids, until),
        logins={t.id: t.login for t in session.exec(select(Technician))},
    )


def start_day(asset: Asset, zone: tzinfo) -> date:
    """The first day the machine is followed: the day it came under the contract, else
    the day it was recorded."""
    return asset.covered_since or asset.created_at.astimezone(zone).date()


def judge(
    facts: Facts, asset: Asset, today: date, now: datetime
) -> tuple[list[DueCheck], Uncovered | None]:
    """The machine's checks to do as of ``today`` (``now``: the moment judged, for the
    coverage today), or why it has none although its customer is under contract."""
    assert asset.id is not None
    policy, zone = facts.policy, facts.policy.zone
    terms = facts.terms(asset.customer_id)
    machine = coverage.machine(asset, facts.verified[asset.id])
    software = policy.service.required_software

    @cache
    def covered(day: date) -> bool:
        at = rule.end_of_day(day, zone)
        return cover.coverage(at, zone, terms, software, machine).covered

    def working(day: date) -> bool:
        start = datetime.combine(day, time(0), zone)
        return bool(
            facts.calendar(asset.customer_id, day).intervals(start, start + timedelta(days=1))
        )

    agreed = facts.schedules.get(asset.customer_id)
    last = facts.last.get(asset.id)
    last_day = None if last is None else last.done_at.astimezone(zone).date()
    found: list[rule.Due] = []
    every = policy.service.health_check_every_months
    if every is not None:
        monthly = rule.next_monthly(
            agreed.rule if agreed else WORKING_DAY,
            every,
            start=start_day(asset, zone),
            last_done=last_day,
            covered=covered,
            working=working,
            today=today,
        )
        found += [monthly] if monthly is not None else []
    if last is not None and last.repeat_by is not None:
        found.append(rule.repeat(last.done_at, last.repeat_by, zone, today))
    now_covered = cover.coverage(now, zone, terms, software, machine)
    customer = facts.customers.get(asset.customer_id, "?")
    checks = [
        DueCheck(
            asset_id=asset.id,
            asset=asset.name,
            customer_id=asset.customer_id,
            customer=customer,
            kind=due.kind,
            month=due.month,
            day=due.day,
            state=due.state,
            technician=facts.logins.get(agreed.technician_id) if agreed else None,
            last_done=last_day,
            repeat_of=last.number if due.kind == rule.REPEAT and last is not None else None,
            coverage=now_covered,
        )
        for due in found
    ]
    retired = asset.retired_at is not None and asset.retired_at <= now
    in_force = any(t.starts_on <= today <= t.ends_on for t in terms)
    if checks or now_covered.covered or retired or not in_force:
        return checks, None
    return [], Uncovered(asset.id, asset.name, asset.customer_id, customer, now_covered)


def ordered(checks: Iterable[DueCheck]) -> tuple[DueCheck, ...]:
    return tuple(
        sorted(
            checks,
            key=lambda c: (_ORDER[c.state], c.day, c.customer.casefold(), c.asset, c.asset_id),
        )
    )


def due_for(
    session: Session,
    ctx: Context,
    today: date,
    *,
    customer_id: int | None = None,
    mine: bool = False,
    upcoming: bool = False,
) -> DueList:
    """The checks due by ``today`` (read in the caller's transaction)."""
    zone = ctx.policy.zone
    end = rule.end_of_day(today, zone)
    now = min(ctx.now(), end)
    query = select(Asset)
    if customer_id is not None:
        query = query.where(Asset.customer_id == customer_id)
    assets = list(session.exec(query.order_by(col(Asset.id))))
    facts = read(session, ctx.policy, assets, end)
    checks: list[DueCheck] = []
    left_out: list[Uncovered] = []
    for asset in assets:
        found, uncovered = judge(facts, asset, today, now)
        checks += [c for c in found if upcoming or c.state != rule.UPCOMING]
        left_out += [uncovered] if uncovered is not None else []
    if mine:
        checks = [c for c in checks if c.technician == ctx.actor]
        left_out = []
    left_out.sort(key=lambda u: (u.customer.casefold(), u.asset, u.asset_id))
    return DueList(
        today, ctx.policy.service.health_check_every_months, ordered(checks), tuple(left_out)
    )


@retried_read
def due_checks(
    ctx: Context,
    at: date | None = None,
    *,
    customer: int | str | None = None,
    mine: bool = False,
    upcoming: bool = False,
) -> DueList:
    """The checks due or overdue on ``at`` (default: today), overdue first; ``mine``: those
    of the customers whose checks are given to the person running this; ``upcoming``: the
    next ones too."""
    today = at or ctx.now().astimezone(ctx.policy.zone).date()
    with ctx.db.read() as session:
        owner = None if customer is None else find_customer(session, customer).id
        return due_for(session, ctx, today, customer_id=owner, mine=mine, upcoming=upcoming)


def next_monthly_of(
    session: Session, ctx: Context, asset: Asset, when: datetime
) -> rule.Due | None:
    """The machine's monthly check that a check done at ``when`` stands for, if any."""
    zone = ctx.policy.zone
    facts = read(session, ctx.policy, [asset], when - timedelta(microseconds=1))
    found, _left = judge(facts, asset, when.astimezone(zone).date(), when)
    month = when.astimezone(zone).date().replace(day=1)
    for due in found:
        if due.kind == rule.MONTHLY and due.month <= month:
            return rule.Due(due.kind, due.month, due.day, due.state)
    return None
