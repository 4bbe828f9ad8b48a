"""Prepaid hours ("monte ore") and the training a contract includes (seed 000), read from
the store and drawn by :mod:`techconsole.domain.prepaid`, inside the caller's transaction.

A contract's work is the labour of its customer's incidents on the days it is in force,
each line with the scatti the bill would charge (:func:`techconsole.domain.billing.chargeable`:
nothing when free of charge).  The lines of a month closed for invoicing draw what they
drew when it was closed (:mod:`.prepaid_months`, table ``prepaid_draw``: every line of
every contract, nothing drawn included, so that a block given later leaves the month
alone); the others are drawn anew at every read, oldest first.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlmodel import Session, col, select

from techconsole.domain import contracts as terms
from techconsole.domain.billing import chargeable
from techconsole.domain.billing_types import TRAINING, WorkSession
from techconsole.domain.policy import Policy
from techconsole.domain.prepaid import Draw, Ledger, Work, scatti_of, spend
from techconsole.services.assets import coverage
from techconsole.services.context import Context
from techconsole.services.views import PrepaidLine, PrepaidUse
from techconsole.store.models import Contract, Incident
from techconsole.store.work import PrepaidDraw
from techconsole.store.work import WorkSession as SessionRow


def allowance_of(policy: Policy) -> int:
    """The training each contract includes, in whole scatti."""
    billing = policy.billing
    return scatti_of(billing.training_included, billing.unit_minutes)


def block_of(policy: Policy, row: Contract) -> int:
    """A contract's prepaid block, in whole scatti."""
    return row.prepaid_minutes // policy.billing.unit_minutes


def _counts(policy: Policy, row: Contract) -> bool:
    """Whether anything can be drawn on the contract: a block, or training included."""
    return block_of(policy, row) > 0 or allowance_of(policy) > 0


@dataclass(slots=True)
class Book:
    """A customer's contracts that have something to draw on, and their work."""

    contracts: dict[int, Contract]
    ledgers: dict[int, Ledger] = field(default_factory=dict)
    #: each line's contract, incident number, start and scatti, by key
    lines: dict[int, tuple[int, str, Work]] = field(default_factory=dict)

    def line_views(self, contract_id: int) -> tuple[PrepaidLine, ...]:
        ledger = self.ledgers[contract_id]
        found = [
            (work, number)
            for cid, number, work in self.lines.values()
            if cid == contract_id and work.key in ledger.draws
        ]
        found.sort(key=lambda f: (f[0].at, f[0].key))
        return tuple(
            PrepaidLine(
                number,
                work.at,
                work.training,
                work.scatti,
                ledger.draw(work.key).training,
                ledger.draw(work.key).prepaid,
                work.frozen is not None,
            )
            for work, number in found
        )


def midnight(day: date, policy: Policy) -> datetime:
    return datetime.combine(day, time(0), tzinfo=policy.zone)


def _rows(session: Session, customer_id: int) -> list[Contract]:
    return list(
        session.exec(
            select(Contract)
            .where(Contract.customer_id == customer_id)
            .order_by(col(Contract.starts_on), col(Contract.id))
        )
    )


def every_contract(session: Session, customer_id: int) -> dict[int, Contract]:
    """All the customer's contracts, something to draw on or not (a month being closed
    records what each line drew, nothing included)."""
    return {r.id or 0: r for r in _rows(session, customer_id)}


def contracts_of(session: Session, policy: Policy, customer_id: int) -> dict[int, Contract]:
    """The customer's contracts with a block or training included (the policy's)."""
    return {r.id or 0: r for r in _rows(session, customer_id) if _counts(policy, r)}


def contracts_of_each(
    session: Session, policy: Policy, customer_ids: Iterable[int]
) -> dict[int, dict[int, Contract]]:
    """:func:`contracts_of` for many customers in one query (customers without any are
    left out)."""
    found: dict[int, dict[int, Contract]] = defaultdict(dict)
    rows = session.exec(
        select(Contract)
        .where(col(Contract.customer_id).in_(list(customer_ids)))
        .order_by(col(Contract.starts_on), col(Contract.id))
    )
    for row in rows:
        if _counts(policy, row):
            found[row.customer_id][row.id or 0] = row
    return dict(found)


def _incident_lines(session: Session, ctx: Context, incident: Incident) -> list[tuple[int, Work]]:
    """The incident's labour lines as drawn on: (key, line), with their chargeable scatti."""
    from techconsole.services.work import billing  # billing reads this module

    rows = list(
        session.exec(
            select(SessionRow)
            .where(SessionRow.incident_id == incident.id)
            .where(col(SessionRow.ended_at).is_not(None))
            .order_by(col(SessionRow.started_at), col(SessionRow.id))
        )
    )
    if not rows:
        return []
    machine = coverage.for_incident(
        session, ctx.policy, incident, ctx.now(), [r.ended_at for r in rows]
    )
    job, _ = billing.facts(session, ctx, incident, rows, machine)
    work = [WorkSession(r.started_at, r.ended_at, r.kind, id=r.id or 0) for r in rows]
    calendar = ctx.policy.plan(incident.plan).calendar
    return [
        (line.key, Work(line.key, line.at, line.units, line.training))
        for line in chargeable(ctx.policy.billing, calendar, job, work)
    ]


def book(
    session: Session,
    ctx: Context,
    customer_id: int,
    *,
    until: datetime | None = None,
    contracts: dict[int, Contract] | None = None,
    closing: bool = False,
) -> Book:
    """The customer's contracts that have something to draw on, with the ledger of each:
    the lines of the months closed for invoicing, and the others started by ``until``.
    ``closing``: every line of ``contracts`` counts, one that can draw nothing too, so
    that closing a month records a draw for each."""
    policy = ctx.policy
    found = Book(contracts_of(session, policy, customer_id) if contracts is None else contracts)
    if not found.contracts:
        return found
    allowance = allowance_of(policy)
    blocks = {cid: block_of(policy, row) for cid, row in found.contracts.items()}
    dated = [
        terms.Term(cid, row.plan, row.starts_on, row.ends_on)
        for cid, row in found.contracts.items()
    ]
    # the contract in force on a day is picked among them all, a block or not
    every = [
        terms.Term(r.id or 0, r.plan, r.starts_on, r.ends_on) for r in _rows(session, customer_id)
    ]
    frozen = {
        d.session_id: d
        for d in session.exec(
            select(PrepaidDraw).where(col(PrepaidDraw.contract_id).in_(list(found.contracts)))
        )
    }
    first = min(midnight(t.starts_on, policy) for t in dated)
    last = max(midnight(t.ends_on + timedelta(days=1), policy) for t in dated)
    query = (
        select(Incident)
        .where(Incident.customer_id == customer_id)
        .where(
            col(Incident.id).in_(
                select(SessionRow.incident_id)
                .where(col(SessionRow.ended_at).is_not(None))
                .where(col(SessionRow.started_at) >= first, col(SessionRow.started_at) < last)
                .where(*([] if until is None else [col(SessionRow.started_at) <= until]))
                .where(*([] if closing or any(blocks.values()) else [SessionRow.kind == TRAINING]))
            )
        )
        .order_by(col(Incident.id))
    )
    per_contract: dict[int, list[Work]] = defaultdict(list)
    for incident in session.exec(query).all():
        for key, work in _incident_lines(session, ctx, incident):
            if key in frozen or (until is not None and work.at > until):
                continue
            term = terms.in_force(every, work.at.astimezone(policy.zone).date())
            if term is None or term.id not in blocks:
                continue
            if not (closing or blocks[term.id] or work.training):
                continue
            per_contract[term.id].append(work)
            found.lines[key] = (term.id, incident.number, work)
    numbers = _numbers(session, frozen.values())
    for key, draw in frozen.items():
        work = Work(
            key,
            draw.started_at,
            draw.scatti,
            draw.training,
            Draw(draw.from_allowance, draw.from_block),
        )
        per_contract[draw.contract_id].append(work)
        found.lines[key] = (draw.contract_id, numbers.get(key, "?"), work)
    for cid in found.contracts:
        found.ledgers[cid] = spend(blocks[cid], allowance, per_contract.get(cid, ()))
    return found


def _numbers(session: Session, draws: Iterable[PrepaidDraw]) -> dict[int, str]:
    """The incident number of each frozen line's session."""
    keys = [d.session_id for d in draws]
    if not keys:
        return {}
    rows = session.exec(
        select(SessionRow.id, Incident.number)
        .join(Incident, col(Incident.id) == col(SessionRow.incident_id))
        .where(col(SessionRow.id).in_(keys))
    )
    return {key: number for key, number in rows if key is not None}


def for_bill(
    session: Session, ctx: Context, incident: Incident, rows: list[SessionRow]
) -> tuple[dict[int, Draw], tuple[PrepaidUse, ...]]:
    """What the incident's labour lines (``rows``: its sessions) take from its customer's
    contracts, by key, and what each contract had left after them."""
    done = [r for r in rows if r.ended_at is not None]
    if not done:
        return {}, ()
    contracts = contracts_of(session, ctx.policy, incident.customer_id)
    if not contracts:
        return {}, ()
    blocks = any(block_of(ctx.policy, row) for row in contracts.values())
    if not blocks and not any(r.kind == TRAINING for r in done):
        return {}, ()
    until = max(r.started_at for r in done)
    found = book(session, ctx, incident.customer_id, until=until, contracts=contracts)
    mine = {r.id for r in done}
    draws: dict[int, Draw] = {}
    uses = []
    for cid, ledger in found.ledgers.items():
        taken = [ledger.draw(key) for key in ledger.draws if key in mine]
        draws.update({key: ledger.draw(key) for key in ledger.draws if key in mine})
        if not taken:
            continue
        uses.append(
            PrepaidUse(
                cid,
                contracts[cid].plan,
                ledger.block,
                ledger.allowance,
                sum(d.prepaid for d in taken),
                sum(d.training for d in taken),
                ledger.left,
                ledger.training_left,
            )
        )
    return draws, tuple(uses)
