"""The prices a customer's work is billed at, day by day (:mod:`techconsole.domain.prices`):
those of the plan of the contract in force on the day of the work."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlmodel import Session, col, select

from techconsole.domain.contracts import Term
from techconsole.domain.policy import Policy
from techconsole.domain.prices import PriceBook, price_book
from techconsole.store.models import Contract


def books(session: Session, policy: Policy, customer_ids: Iterable[int]) -> dict[int, PriceBook]:
    """Each customer's price book (one read for them all)."""
    wanted = sorted(set(customer_ids))
    terms: dict[int, list[Term]] = defaultdict(list)
    if wanted:
        rows = session.exec(select(Contract).where(col(Contract.customer_id).in_(wanted)))
        for row in rows:
            terms[row.customer_id].append(
                Term(row.id or 0, row.plan, row.starts_on, row.ends_on, row.paid_on)
            )
    return {cid: price_book(policy, terms[cid]) for cid in wanted}


def book(session: Session, policy: Policy, customer_id: int) -> PriceBook:
    """One customer's price book."""
    return books(session, policy, [customer_id])[customer_id]
