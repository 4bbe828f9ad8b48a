"""Reading the pool and the loans: every loaner with the loan it is out on, one loaner
with its history, the loans (those out, a customer's, an incident's)."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import col, select

from techconsole.services.context import Context
from techconsole.services.incidents.intake import find_customer
from techconsole.services.loaners.records import find_loaner, loan_views, loaner_view
from techconsole.services.loaners.views import LoanerDetail, LoanerView, LoanView
from techconsole.services.records import find_incident
from techconsole.store.loaners import Loan, Loaner
from techconsole.store.retry import retried_read


@retried_read
def list_loaners(ctx: Context, *, retired: bool = False) -> list[LoanerView]:
    """The pool by name, each with the loan it is out on; the retired ones too with
    ``retired``."""
    with ctx.db.read() as session:
        query = select(Loaner).order_by(func.lower(Loaner.name), col(Loaner.id))
        if not retired:
            query = query.where(col(Loaner.retired_at).is_(None))
        loaners = list(session.exec(query))
        out = list(session.exec(select(Loan).where(col(Loan.returned_at).is_(None))))
        by_loaner = {v.loaner_id: v for v in loan_views(session, out)}
        return [loaner_view(row, by_loaner.get(row.id or 0)) for row in loaners]


@retried_read
def show_loaner(ctx: Context, ref: int | str) -> LoanerDetail:
    """One loaner, with every loan of it, newest first."""
    with ctx.db.read() as session:
        row = find_loaner(session, ref)
        query = (
            select(Loan)
            .where(Loan.loaner_id == row.id)
            .order_by(col(Loan.lent_at).desc(), col(Loan.id).desc())
        )
        loans = loan_views(session, list(session.exec(query)))
        current = next((loan for loan in loans if loan.out), None)
        return LoanerDetail(loaner_view(row, current), tuple(loans))


@retried_read
def list_loans(
    ctx: Context,
    *,
    out: bool = False,
    customer: int | str | None = None,
    incident: str | int | None = None,
) -> list[LoanView]:
    """Loans, the longest out first when only those ``out`` (of one instant, the first
    recorded first), else the newest first (the last recorded first); of a ``customer``
    or an ``incident`` when given."""
    with ctx.db.read() as session:
        query = select(Loan)
        if out:
            query = query.where(col(Loan.returned_at).is_(None))
            query = query.order_by(col(Loan.lent_at), col(Loan.id))
        else:
            query = query.order_by(col(Loan.lent_at).desc(), col(Loan.id).desc())
        if customer is not None:
            query = query.where(Loan.customer_id == find_customer(session, customer).id)
        if incident is not None:
            query = query.where(Loan.incident_id == find_incident(session, incident).id)
        return loan_views(session, list(session.exec(query)))
