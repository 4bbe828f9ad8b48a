"""The statements of the queue's plain views, made once (issue 15).

A page of "all", "mine", "unassigned", "waiting" or "breached" without a customer or a
text depends only on the policy's queue order, who reads ("mine") and the instant
("breached"): its ``SELECT`` (the page's columns and, beside them, the view's count) is
made once per view and queue order, with those as parameters, instead of being built
again at every read (~0.2 ms, and as much again for SQLAlchemy's cache key).  The
console reads its page at every change it hears of.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, bindparam, func, select
from sqlmodel import Session

from techconsole.domain.policy import Policy
from techconsole.store.models import Incident

PLAIN_VIEWS = frozenset({"all", "mine", "unassigned", "waiting", "breached"})
#: the page's column that holds the count of the view (read with the page)
TOTAL = "queue_total"

_MADE: dict[tuple[Any, ...], tuple[Any, Any]] = {}


def statements(policy: Policy, view: str) -> tuple[Any, Any]:
    """The page of ``view`` with its count beside it, and the count alone; their
    parameters ``me``, ``now``, ``limit`` and ``offset``."""
    key = (tuple(policy.queue_order), tuple(sorted(policy.priority_categories)), view)
    made = _MADE.get(key)
    if made is None:
        from techconsole.services.incidents.queue import page_select, view_where

        now = bindparam("now", type_=Incident.__table__.c.due_sort.type)  # type: ignore[attr-defined]
        where = view_where(policy, view, now, bindparam("me", type_=Integer()))  # type: ignore[arg-type]
        count = select(func.count()).select_from(Incident).where(*where)
        page = counted(
            page_select(policy, view, where),  # type: ignore[arg-type]
            count,
            bindparam("limit", type_=Integer()),
            bindparam("offset", type_=Integer()),
        )
        made = _MADE[key] = (page, count)
    return made


def counted(page: Any, count: Any, limit: Any, offset: Any) -> Any:
    """``page`` limited, with ``count`` (the view's, without the page's joins) beside it
    as the column :data:`TOTAL`: one statement, one snapshot."""
    return page.add_columns(count.scalar_subquery().label(TOTAL)).limit(limit).offset(offset)


def total(
    session: Session, rows: Sequence[Any], count: Any, values: dict[str, Any] | None = None
) -> int:
    """The count a page read with :func:`counted` carries; read alone when the page is
    past the end (no row carries it)."""
    if rows:
        return int(getattr(rows[0], TOTAL))
    return int(session.execute(count, values or {}).scalar_one())


def read(
    session: Session,
    policy: Policy,
    view: str,
    me: int | None,
    now: datetime,
    limit: int,
    offset: int,
) -> tuple[Sequence[Any], int]:
    """The page's rows and the view's count."""
    page, count = statements(policy, view)
    values = {"me": me, "now": now, "limit": limit, "offset": offset}
    rows = session.execute(page, values).all()
    return rows, total(session, rows, count, values)
