"""Who is under contract today and until when, and who is about to be without one.

A customer's *cover* (:mod:`techconsole.domain.contracts`) is the contract in force
today and those following it without a gap; its last day is when they stop being under
contract.  The customers whose cover ends within the policy's ``[contracts]
expiring_days`` are listed for the lead (:func:`contracts`, ``expiring``) and said so on
their incidents (:func:`cover_of`).  Reading is anyone's.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from sqlmodel import Session, col, select

from techconsole.domain import contracts as terms
from techconsole.domain.policy import Policy
from techconsole.i18n import _
from techconsole.services.context import Context
from techconsole.services.customers.contracts import rows_of, term, today_of
from techconsole.services.errors import InvalidInput
from techconsole.services.views import ContractCover
from techconsole.store.models import Contract, Customer
from techconsole.store.retry import retried_read

#: the farthest ahead the expiring contracts are looked for, in days (ten years)
MAX_WINDOW = 3660


def _cover(
    policy: Policy, customer: Customer, rows: list[Contract], today: date, window: int
) -> ContractCover | None:
    """The customer's cover on ``today``; ``expiring`` when it ends within ``window`` days."""
    found = terms.cover((term(r) for r in rows), today)
    if found is None:
        return None
    plan = policy.plans.get(found.current.plan)
    days = found.days_left(today)
    return ContractCover(
        customer_id=customer.id or 0,
        customer=customer.name,
        contract_id=found.current.id,
        plan=found.current.plan,
        plan_label=plan.label if plan else found.current.plan,
        ends_on=found.ends_on,
        days_left=days,
        expiring=found.expiring(today, window),
        renewed=found.renewed,
        last_contract_id=found.last.id,
        paid_on=found.last.paid_on,
        unpaid=policy.contracts.paid_in_advance and found.last.paid_on is None,
    )


def cover_of(session: Session, ctx: Context, customer_id: int) -> ContractCover | None:
    """The customer's contract today and until when (inside the caller's transaction)."""
    customer = session.get(Customer, customer_id)
    if customer is None:
        return None
    rows = rows_of(session, customer_id)
    return _cover(ctx.policy, customer, rows, today_of(ctx), ctx.policy.contracts.expiring_days)


@retried_read
def contracts(
    ctx: Context, *, expiring: bool = False, within_days: int | None = None
) -> list[ContractCover]:
    """The customers under contract today, the soonest to end first; with ``expiring``
    only those whose last day under contract is within ``within_days`` days (else the
    policy's ``expiring_days``)."""
    if within_days is not None and not 0 <= within_days <= MAX_WINDOW:
        raise InvalidInput(_("the number of days is from 0 to {limit}").format(limit=MAX_WINDOW))
    today = today_of(ctx)
    policy = ctx.policy
    window = policy.contracts.expiring_days if within_days is None else within_days
    with ctx.db.read() as session:
        # a contract that ended before today can be no part of a cover of today
        query = (
            select(Contract, Customer)
            .join(Customer, col(Customer.id) == col(Contract.customer_id))
            .where(col(Contract.ends_on) >= today)
            .order_by(col(Contract.starts_on), col(Contract.id))
        )
        if expiring:  # only the customers with a contract in force ending in the window
            ending = (
                select(Contract.customer_id)
                .where(col(Contract.starts_on) <= today)
                .where(col(Contract.ends_on) >= today)
                .where(col(Contract.ends_on) <= today + timedelta(days=window))
            )
            query = query.where(col(Contract.customer_id).in_(ending))
        rows = session.exec(query).all()
        by_customer: dict[int, list[Contract]] = defaultdict(list)
        owners: dict[int, Customer] = {}
        for row, owner in rows:
            by_customer[row.customer_id].append(row)
            owners[row.customer_id] = owner
        found = []
        for customer_id, theirs in by_customer.items():
            covered = _cover(policy, owners[customer_id], theirs, today, window)
            if covered is not None and (covered.expiring or not expiring):
                found.append(covered)
    found.sort(key=lambda c: (c.ends_on, c.customer.casefold(), c.customer_id))
    return found
