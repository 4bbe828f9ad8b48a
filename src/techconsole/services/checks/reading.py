"""Reading the checks done: one in full, a list, the report for the customer, a month's."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlmodel import Session, col, select

from techconsole.services.assets.coverage import find_asset
from techconsole.services.checks import loading
from techconsole.services.checks.views import CheckReport, CheckView
from techconsole.services.context import Context
from techconsole.services.documents.report_views import Party
from techconsole.services.documents.work_reports import month_days
from techconsole.services.incidents.intake import find_customer
from techconsole.store.health import HealthCheck
from techconsole.store.models import Customer
from techconsole.store.retry import retried_read

#: at most this many checks in a list
LIMIT = 500


@retried_read
def show_check(ctx: Context, ref: int | str) -> CheckView:
    """A check by its number (``CP-2026-0001``) or id."""
    with ctx.db.read() as session:
        return loading.views(session, [loading.find(session, ref)])[0]


@retried_read
def list_checks(
    ctx: Context,
    *,
    customer: int | str | None = None,
    asset: int | str | None = None,
    month: str | None = None,
    limit: int = LIMIT,
) -> list[CheckView]:
    """Checks done, newest first: of a customer, of a machine, of a month (``YYYY-MM``)."""
    with ctx.db.read() as session:
        query = select(HealthCheck)
        if customer is not None:
            query = query.where(HealthCheck.customer_id == find_customer(session, customer).id)
        if asset is not None:
            query = query.where(HealthCheck.asset_id == find_asset(session, asset).id)
        if month is not None:
            first, after = _bounds(ctx, month)
            query = query.where(col(HealthCheck.done_at) >= first, col(HealthCheck.done_at) < after)
        query = query.order_by(col(HealthCheck.done_at).desc(), col(HealthCheck.id).desc())
        return loading.views(session, list(session.exec(query.limit(limit))))


def _bounds(ctx: Context, month: str) -> tuple[datetime, datetime]:
    """The first moment of ``month`` (``YYYY-MM``) and of the next, in the policy's zone."""
    first, after = month_days(month)
    zone = ctx.policy.zone
    return datetime.combine(first, time(0), zone), datetime.combine(after, time(0), zone)


def month_of_checks(
    session: Session, ctx: Context, month: str, customer_ids: list[int] | None
) -> dict[int, list[CheckView]]:
    """Each customer's checks done in ``month`` (a day of the policy's zone), by day."""
    first, after = _bounds(ctx, month)
    query = (
        select(HealthCheck)
        .where(col(HealthCheck.done_at) >= first, col(HealthCheck.done_at) < after)
        .order_by(col(HealthCheck.done_at), col(HealthCheck.id))
    )
    if customer_ids is not None:
        query = query.where(col(HealthCheck.customer_id).in_(customer_ids))
    found: dict[int, list[CheckView]] = {}
    for view in loading.views(session, list(session.exec(query))):
        found.setdefault(view.customer_id, []).append(view)
    return found


@retried_read
def check_report(ctx: Context, ref: int | str) -> CheckReport:
    """What the customer's report of a check prints."""
    company = ctx.policy.company
    with ctx.db.read() as session:
        check = loading.views(session, [loading.find(session, ref)])[0]
        customer = session.get(Customer, check.customer_id)
        assert customer is not None
        return CheckReport(
            check=check,
            company=Party(
                company.name, company.address, company.vat_number, company.phone, company.email
            ),
            customer=Party(customer.name, customer.address, customer.vat_number),
            zone=ctx.policy.zone.key,
        )


def day_of(check: CheckView, ctx: Context) -> date:
    return check.done_at.astimezone(ctx.policy.zone).date()
