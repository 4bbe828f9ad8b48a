"""Reading the customisations (a customer's, those still open, one in full) and the
release calendar."""

from __future__ import annotations

from datetime import date

from sqlmodel import col, select

from techconsole.domain import change_calendar as calendar
from techconsole.domain.policy import Policy
from techconsole.services.changes.records import change_view, change_views, find_change, today_of
from techconsole.services.changes.views import ChangeView, Releases
from techconsole.services.context import Context
from techconsole.services.incidents.intake import find_customer
from techconsole.store.changes import ChangeRequest
from techconsole.store.retry import retried_read


@retried_read
def list_changes(
    ctx: Context, *, customer: int | str | None = None, open_only: bool = False
) -> list[ChangeView]:
    """Customisations, the newest request first; a ``customer``'s when given; with
    ``open_only``, those not accepted yet (as the customer's rights make them today)."""
    with ctx.db.read() as session:
        query = select(ChangeRequest)
        if customer is not None:
            found = find_customer(session, customer)
            query = query.where(ChangeRequest.customer_id == found.id)
        query = query.order_by(col(ChangeRequest.requested_on).desc(), col(ChangeRequest.id).desc())
        views = change_views(ctx, session, list(session.exec(query)))
    return [v for v in views if v.open] if open_only else views


@retried_read
def show_change(ctx: Context, ref: int | str) -> ChangeView:
    """One customisation, as it stands today."""
    with ctx.db.read() as session:
        return change_view(ctx, session, find_change(session, ref))


def releases(ctx: Context, count: int = 4) -> Releases:
    """The next ``count`` release days after today (none when the policy has no release
    calendar)."""
    return release_calendar(ctx.policy, today_of(ctx), count)


def release_calendar(policy: Policy, today: date, count: int = 4) -> Releases:
    """The next ``count`` release days of ``policy`` after ``today``."""
    found = calendar.next_releases(policy.changes, today, count)
    return Releases(today, found, len(calendar.release_days(policy.changes)))
