"""The queue: open incidents in policy order, with their live clock states."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, Literal

from sqlalchemy import and_, case, false, func, literal, or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from techconsole.domain.at_risk import Key, at_risk, windows
from techconsole.domain.limits import as_id, is_number
from techconsole.domain.policy import CATEGORY_KEY, Policy
from techconsole.domain.search import TRIGRAM, fold, whole_number
from techconsole.i18n import _
from techconsole.services import known_actors
from techconsole.services.context import Context
from techconsole.services.errors import InvalidInput
from techconsole.services.incidents import clocks, queue_pages
from techconsole.services.incidents.queue_pages import PLAIN_VIEWS
from techconsole.services.incidents.queue_rows import COLUMNS, queue_rows
from techconsole.services.records import actor
from techconsole.services.views import QueuePage
from techconsole.store import search
from techconsole.store.models import WAITING_STATUSES, Customer, Incident, Technician
from techconsole.store.retry import retried_read

View = Literal["all", "mine", "unassigned", "waiting", "breached", "at_risk", "recent"]
VIEWS: tuple[View, ...] = (
    "all",
    "mine",
    "unassigned",
    "waiting",
    "breached",
    "at_risk",
    "recent",
)
#: how far back the "recent" view looks for resolved and closed incidents
RECENT = timedelta(days=7)

_COLUMNS: dict[str, Any] = {
    "contract": Incident.q_contract,
    "urgent": Incident.q_urgent,
    "severity": Incident.q_severity,
    "due": Incident.due_sort,
    "arrival": Incident.arrived_at,
}


def order_by(policy: Policy) -> list[Any]:
    """ORDER BY of the policy's queue order (the order of ``ix_incident_open_queue`` and
    ``ix_incident_open_assignee`` by default: the first page is read off the index).

    The policy's priority categories (seed 000: faults in our own software) are an
    expression on the category, 0 for them and 1 for the others: a policy that names
    some sorts the open incidents itself instead of reading them off the index in
    order, which costs little for a queue's few hundred open incidents."""
    keys: list[Any] = []
    for key in policy.queue_order:
        if key == CATEGORY_KEY:
            priority = col(Incident.category).in_(policy.priority_categories)
            keys.append(case((priority, 0), else_=1))
        else:
            keys.append(col(_COLUMNS[key]))
    return [*keys, col(Incident.number)]


def _customers_named(text: str) -> Any:
    """The ids of the customers whose name contains ``text``, whatever the case and the
    accents: matched once, not per row."""
    pattern = search.like(fold(text))
    return select(Customer.id).where(col(Customer.name_folded).like(pattern, escape="\\"))


def _matching(session: Session, text: str, view: View) -> search.Found:
    """The incidents a search for ``text`` finds (``domain.search``): a whole incident
    number by the number itself (its unique index); otherwise the text, folded, in the
    number, subject or customer's name, through the trigram indexes of the open
    incidents when it is long enough for them, else compared row by row (the "recent"
    view's incidents are not open: they are compared among those of its week)."""
    number = whole_number(text)
    if number is not None:
        return search.Found.both(col(Incident.number) == number)
    folded = fold(text)
    if view != "recent" and len(folded) >= TRIGRAM:
        return search.indexed(session, folded)
    return search.scanned(session, folded, open_only=view != "recent")


#: what a queue row shows and its clocks need: columns, not whole rows (200 ORM objects
#: of 50 columns each cost more than the query)
_ROW = tuple(getattr(Incident, name) for name in COLUMNS)


@retried_read
def queue(
    ctx: Context,
    *,
    view: View = "all",
    customer: str | None = None,
    text: str | None = None,
    limit: int = 200,
    offset: int = 0,
    now: datetime | None = None,
) -> QueuePage:
    """Open incidents in queue order, filtered, with each one's primary clock state."""
    if view not in VIEWS:
        raise InvalidInput(
            _("unknown view '{view}'; views: {views}").format(view=view, views=", ".join(VIEWS))
        )
    now = now or ctx.now()
    # Without a text, the count and the page are one statement: on PostgreSQL read as
    # its own snapshot, one round trip (who reads "mine" is looked up before: their id
    # never changes).  A search reads its matches first: one transaction, as they agree.
    with ctx.db.read(snapshots=not text) as session:
        me = _me(session, ctx) if view == "mine" else None
        total: int | None
        if view in PLAIN_VIEWS and not customer and not text:
            rows, total = queue_pages.read(session, ctx.policy, view, me, now, limit, offset)
        else:
            rows, total = _read(session, ctx, view, customer, text, me, now, limit, offset)
        out = queue_rows(ctx.policy, now, rows, clocks.timelines(session, rows))
        if view == "at_risk":
            out = [row for row in out if at_risk(row.clock)]
            total, out = len(out), out[offset : offset + limit]
        assert total is not None
        return QueuePage(tuple(out), int(total), now)


def _me(session: Session, ctx: Context) -> int:
    """The id of who reads "mine": as this process last read them when it did (an id
    never changes; a change checks that they are still active), else read."""
    known = None if ctx.on_behalf else known_actors.known_id(ctx.db, ctx.actor)
    if known is not None:
        return known
    found = actor(session, ctx).id
    assert found is not None
    return found


def _read(
    session: Session,
    ctx: Context,
    view: View,
    customer: str | None,
    text: str | None,
    me: int | None,
    now: datetime,
    limit: int,
    offset: int,
) -> tuple[Sequence[Any], int | None]:
    """The page's rows and the view's count (``None`` for "at_risk", counted from its
    clocks), the statements built for the filters."""
    where = view_where(ctx.policy, view, now, me)
    if customer:
        if is_number(customer):
            where.append(col(Incident.customer_id) == (as_id(customer) or 0))
        else:
            where.append(col(Incident.customer_id).in_(_customers_named(customer)))
    counted, total = list(where), None
    if text:
        found = _matching(session, text, view)
        where.append(found.page)
        counted.append(found.count)
        if view == "all" and not customer:
            total = found.total  # the open incidents found: all of them are listed
    # Every incident has one customer, and one assignee or none: the joins of the page
    # change no count, so the count goes without them (and reads only the index when it
    # can: ix_incident_open_queue, ix_incident_assignee_open).
    page = page_select(ctx.policy, view, where)
    if view == "at_risk":  # its lines, and so its count, are known once their clocks are read
        return session.execute(page).all(), None
    if total is not None:  # the search's own count
        return session.execute(page.limit(limit).offset(offset)).all(), total
    count = select(func.count()).select_from(Incident).where(*counted)
    rows: Sequence[Any] = session.execute(queue_pages.counted(page, count, limit, offset)).all()
    return rows, queue_pages.total(session, rows, count)


def view_where(policy: Policy, view: View, now: datetime, me: Any) -> list[Any]:
    """The WHERE of ``view`` (its text and customer filters aside): ``me`` is the id of
    who reads "mine" (or a parameter), ``now`` the instant the views of time compare to."""
    where: list[Any] = [col(Incident.is_open)]
    if view == "recent":
        # resolved or closed in the last days, newest first (ix_incident_resolved)
        where = [col(Incident.resolved_at) >= now - RECENT, ~col(Incident.is_open)]
    elif view == "at_risk":
        # running and due within the window of its plan, severity and urgency: the
        # clocks of those only are worked out, and say which are in their band
        where += _within_windows(windows(policy, now), now)
    elif view == "mine":
        where.append(col(Incident.assignee_id) == me)
    elif view == "unassigned":
        where.append(col(Incident.assignee_id).is_(None))
    elif view == "waiting":
        # literals, as in the WHERE of ix_incident_open_waiting: PostgreSQL reads the
        # page off that index (prepared statements too), not sorting every waiting one
        waiting = [literal(status, literal_execute=True) for status in WAITING_STATUSES]
        where.append(col(Incident.status).in_(waiting))
    elif view == "breached":
        # due_sort is due_at, or FAR_FUTURE when there is none (clocks.apply): the same
        # test as due_at < now, answered from the queue index.
        where.append(col(Incident.due_sort) < now)
    return where


def page_select(policy: Policy, view: View, where: Sequence[Any]) -> Any:
    """The page's SELECT (no limit yet): the columns of a queue line, with the
    customer's name and the assignee's login, in the view's order."""
    return (
        sa_select(
            *(col(column) for column in _ROW),
            col(Customer.name).label("customer_name"),
            col(Technician.login).label("assignee_login"),
        )
        .join(Customer, col(Customer.id) == col(Incident.customer_id))
        .join(Technician, col(Technician.id) == col(Incident.assignee_id), isouter=True)
        .where(*where)
        .order_by(*_order(policy, view))
    )


def _within_windows(risk: Mapping[Key, datetime], now: datetime) -> list[Any]:
    """Due from ``now`` to the end of the window of the incident's plan, severity and
    urgency (:func:`~techconsole.domain.at_risk.windows`); the range of all of them first,
    for the due-time index.  No window (no plan with targets): nothing."""
    if not risk:
        return [false()]
    each = (
        and_(
            col(Incident.plan) == plan,
            col(Incident.severity) == severity,
            col(Incident.urgent) == urgent,
            col(Incident.due_sort) <= due,
        )
        for (plan, severity, urgent), due in risk.items()
    )
    return [
        col(Incident.due_sort) >= now,
        col(Incident.due_sort) <= max(risk.values()),
        or_(*each),
    ]


def _order(policy: Policy, view: View) -> list[Any]:
    """The policy's queue order; the recent view's is the newest resolved first."""
    if view == "recent":
        return [col(Incident.resolved_at).desc(), col(Incident.number).desc()]
    return order_by(policy)
