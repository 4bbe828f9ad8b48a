"""Prepaid hours ("monte ore") and included training over a month (seed 000): what a
month's work took and what was left at its end (the monthly summary), and the draws a
month closed for invoicing keeps (:mod:`.months`: recorded when it is closed, forgotten
when it is reopened).  Inside the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta

from sqlmodel import Session, col, select

from techconsole.services.context import Context
from techconsole.services.views import PrepaidMonth
from techconsole.services.work.prepaid import book, contracts_of, every_contract, midnight
from techconsole.store.models import Contract, Incident
from techconsole.store.work import PrepaidDraw
from techconsole.store.work import WorkSession as SessionRow


def month_of(
    session: Session,
    ctx: Context,
    customer_id: int,
    month_first: date,
    month_after: date,
    *,
    held: Mapping[int, Contract] | None = None,
) -> tuple[PrepaidMonth, ...]:
    """Each of the customer's contracts in force during the month from ``month_first`` to
    the day before ``month_after`` that has something to draw on: what the month's work
    took and what was left at its end.  ``held``: the customer's contracts read already
    (:func:`~techconsole.services.work.prepaid.contracts_of_each`)."""
    policy = ctx.policy
    if held is None:
        held = contracts_of(session, policy, customer_id)
    contracts = {
        cid: row
        for cid, row in held.items()
        if row.starts_on < month_after and row.ends_on >= month_first
    }
    if not contracts:
        return ()
    end = midnight(month_after, policy) - timedelta(microseconds=1)
    found = book(session, ctx, customer_id, until=end, contracts=contracts)
    start = midnight(month_first, policy)
    out = []
    for cid, ledger in found.ledgers.items():
        inside = [
            ledger.draw(work.key)
            for owner, _, work in found.lines.values()
            if owner == cid and start <= work.at <= end
        ]
        out.append(
            PrepaidMonth(
                cid,
                contracts[cid].plan,
                contracts[cid].starts_on,
                contracts[cid].ends_on,
                ledger.block,
                ledger.allowance,
                sum(d.prepaid for d in inside),
                sum(d.training for d in inside),
                ledger.left,
                ledger.training_left,
            )
        )
    return tuple(out)


def freeze_month(
    session: Session, ctx: Context, month: str, first: datetime, after: datetime
) -> int:
    """Record the draws of the labour lines of ``month`` (from ``first`` to ``after``), now
    that it is closed, those that could draw nothing too: how many lines could draw on
    something (a block, or the training included for a training line)."""
    customers = session.exec(
        select(Incident.customer_id)
        .join(SessionRow, col(SessionRow.incident_id) == col(Incident.id))
        .where(col(SessionRow.started_at) >= first, col(SessionRow.started_at) < after)
        .distinct()
    ).all()
    recorded = 0
    for customer_id in sorted(customers):
        # every contract: a block given one later must not reach back into the month
        contracts = every_contract(session, customer_id)
        if not contracts:
            continue
        found = book(session, ctx, customer_id, until=after, contracts=contracts, closing=True)
        for key, (cid, _, work) in sorted(found.lines.items()):
            if work.frozen is not None or not first <= work.at < after:
                continue
            ledger = found.ledgers[cid]
            draw = ledger.draw(key)
            session.add(
                PrepaidDraw(
                    session_id=key,
                    contract_id=cid,
                    month=month,
                    started_at=work.at,
                    training=work.training,
                    scatti=work.scatti,
                    from_allowance=draw.training,
                    from_block=draw.prepaid,
                )
            )
            recorded += bool(ledger.block or (work.training and ledger.allowance))
    return recorded


def thaw_month(session: Session, month: str) -> None:
    """Forget the draws recorded when ``month`` was closed: it is open again."""
    for row in session.exec(select(PrepaidDraw).where(PrepaidDraw.month == month)):
        session.delete(row)
