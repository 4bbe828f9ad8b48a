"""What every step of a customisation shares: the day it happens on, one transaction on
the locked row with its audit entry, and the refusals of the rules made the services'."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from techconsole.domain.changes import ChangeRefused, day_text
from techconsole.i18n import _
from techconsole.services import bounds
from techconsole.services.changes.records import change_view, find_change, today_of
from techconsole.services.changes.views import ChangeView
from techconsole.services.context import Context
from techconsole.services.errors import InvalidInput, InvalidTransition
from techconsole.services.records import actor, audit
from techconsole.store.changes import ChangeRequest
from techconsole.store.models import Technician

#: a step's change of the locked row; it returns the audit entry's fields
Change = Callable[[Session, Technician, ChangeRequest, datetime], dict[str, Any]]


@contextmanager
def refusals() -> Iterator[None]:
    """A rule's refusal (:class:`ChangeRefused`) as the services say it: a step the
    customisation cannot take now."""
    try:
        yield
    except ChangeRefused as refused:
        raise InvalidTransition(str(refused)) from None


def day_of(ctx: Context, on: date | None, what: str) -> date:
    """The day a step happened: today when none is given, else that day, not a future one
    (``what`` names it, marked with ``N_``)."""
    today = today_of(ctx)
    if on is None:
        return today
    bounds.day(on, what)
    if on > today:
        raise InvalidInput(
            _("{what} {day} is in the future").format(what=_(what), day=day_text(on))
        )
    return on


def not_before(day: date, earliest: date | None, what: str, since: str) -> None:
    """Refuse ``day`` (``what``) before ``earliest`` (``since``: what happened then)."""
    if earliest is not None and day < earliest:
        raise InvalidInput(
            _("{what} {day} is before {since} ({earliest})").format(
                what=_(what), day=day_text(day), since=_(since), earliest=day_text(earliest)
            )
        )


def step(ctx: Context, ref: int | str, action: str, change: Change) -> ChangeView:
    """Run ``change`` on the locked customisation ``ref`` in one transaction; the audit
    entry ``change.<action>`` records what it returned."""
    with ctx.write() as session, refusals():
        who = actor(session, ctx)
        row = find_change(session, ref, lock=True)
        now = ctx.now()
        before = row.status
        fields = change(session, who, row, now)
        row.updated_at = now
        session.add(row)
        session.flush()
        audit(
            session,
            ctx.actor,
            f"change.{action}",
            "change",
            row.id,
            now,
            customer_id=row.customer_id,
            status=row.status,
            old_status=before,
            **fields,
        )
        return change_view(ctx, session, row)
