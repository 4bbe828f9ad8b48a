"""A contract's prepaid block of hours ("monte ore", seed 000): setting it (a lead's,
audited), its balance, and the customers close to running out (for the lead).

The balance counts the labour drawn on the block and on the training the contract
includes (:mod:`techconsole.services.work.prepaid`), in scatti.  A customer is close to
running out when the block of the contract in force today has ``[contracts]
prepaid_low_percent`` or less left.  Reading is anyone's.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select

from techconsole.domain import contracts as terms
from techconsole.domain.prepaid import hours_words
from techconsole.i18n import _
from techconsole.services.context import Context
from techconsole.services.customers.contracts import (
    RECORD,
    check_block,
    rows_of,
    term,
    today_of,
    view,
)
from techconsole.services.errors import InvalidInput, NotFound
from techconsole.services.incidents.intake import find_customer
from techconsole.services.records import actor, audit
from techconsole.services.views import ContractView, PrepaidBalance
from techconsole.services.work import prepaid as drawn
from techconsole.store.models import Contract, Customer
from techconsole.store.retry import retried_read


def _pick(session: Session, owner: Customer, contract: int | None, today: date) -> Contract:
    """The customer's contract ``contract``, else the one in force today, else the last."""
    assert owner.id is not None
    rows = rows_of(session, owner.id)
    if contract is not None:
        row = next((r for r in rows if r.id == contract), None)
        if row is None:
            raise NotFound(
                _("{customer} has no contract #{id} (see: techconsole customer show)").format(
                    customer=owner.name, id=contract
                )
            )
        return row
    chosen = terms.in_force((term(r) for r in rows), today) or terms.latest(term(r) for r in rows)
    if chosen is None:
        raise InvalidInput(
            _(
                "{customer} has no contract; record one with: techconsole customer contract-add"
            ).format(customer=owner.name)
        )
    return next(r for r in rows if r.id == chosen.id)


def set_block(
    ctx: Context, customer: int | str, minutes: int, contract: int | None = None
) -> ContractView:
    """Give a contract (``contract``, else the one in force today, else the customer's
    last) a prepaid block of ``minutes``: whole scatti; 0 takes it away."""
    block = check_block(ctx.policy, minutes)
    with ctx.write() as session:
        actor(session, ctx, lead=True, what=RECORD)
        owner = find_customer(session, customer)
        row = _pick(session, owner, contract, today_of(ctx))
        before = row.prepaid_minutes
        row.prepaid_minutes = block
        session.add(row)
        audit(
            session,
            ctx.actor,
            "contract.prepaid_hours",
            "contract",
            row.id,
            ctx.now(),
            customer=owner.name,
            prepaid_hours=hours_words(block),
            before=hours_words(before),
        )
        return view(row, today_of(ctx))


def _balance(
    session: Session, ctx: Context, owner: Customer, row: Contract, *, lines: bool
) -> PrepaidBalance:
    policy = ctx.policy
    assert owner.id is not None
    assert row.id is not None
    book = drawn.book(session, ctx, owner.id, contracts={row.id: row})
    ledger = book.ledgers.get(row.id)
    block, allowance = drawn.block_of(policy, row), drawn.allowance_of(policy)
    plan = policy.plans.get(row.plan)
    return PrepaidBalance(
        customer_id=owner.id,
        customer=owner.name,
        contract_id=row.id,
        plan=row.plan,
        plan_label=plan.label if plan else row.plan,
        starts_on=row.starts_on,
        ends_on=row.ends_on,
        unit_minutes=policy.billing.unit_minutes,
        block=block,
        used=ledger.used if ledger else 0,
        left=ledger.left if ledger else block,
        allowance=allowance,
        training_used=ledger.training_used if ledger else 0,
        training_left=ledger.training_left if ledger else allowance,
        low=bool(ledger and ledger.low(policy.contracts.prepaid_low_percent)),
        lines=book.line_views(row.id) if ledger and lines else (),
    )


@retried_read
def balance(ctx: Context, customer: int | str, contract: int | None = None) -> PrepaidBalance:
    """A contract's block and included training, used and left, with every labour line
    that drew on them: ``contract``, else the one in force today, else the last."""
    with ctx.db.read() as session:
        owner = find_customer(session, customer)
        row = _pick(session, owner, contract, today_of(ctx))
        return _balance(session, ctx, owner, row, lines=True)


@retried_read
def low_balances(ctx: Context) -> list[PrepaidBalance]:
    """The customers whose contract in force today has a prepaid block with the policy's
    ``[contracts] prepaid_low_percent`` or less left: the least left first."""
    today = today_of(ctx)
    unit = ctx.policy.billing.unit_minutes
    found = []
    with ctx.db.read() as session:
        rows = session.exec(
            select(Contract, Customer)
            .join(Customer, col(Customer.id) == col(Contract.customer_id))
            .where(col(Contract.prepaid_minutes) >= unit)
            .where(col(Contract.starts_on) <= today, col(Contract.ends_on) >= today)
            .order_by(col(Contract.customer_id), col(Contract.id))
        ).all()
        for row, owner in rows:
            assert owner.id is not None
            current = terms.in_force((term(r) for r in rows_of(session, owner.id)), today)
            if current is None or current.id != row.id:
                continue  # an older contract overlapping the one in force
            shown = _balance(session, ctx, owner, row, lines=False)
            if shown.low:
                found.append(shown)
    found.sort(key=lambda b: (b.left, b.customer.casefold(), b.customer_id))
    return found
