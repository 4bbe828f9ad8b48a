"""A repair estimate given after the incident was taken in charge (seed 004: "qualora in
prima analisi le tempistiche di ripristino dovessero estendersi oltre le 48 ore"): the
estimated resolution changes, and on a level-2 incident under a contract an estimate
beyond the policy's ``loaner_after`` starts the loaner-PC clock
(:mod:`techconsole.domain.loaner`).  One transaction, on the timeline as ``estimated``.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import Session

from techconsole.domain import events
from techconsole.domain.limits import FUTURE_SKEW
from techconsole.domain.loaner import LONGEST
from techconsole.i18n import N_, _
from techconsole.services import bounds
from techconsole.services.context import Context
from techconsole.services.errors import InvalidInput
from techconsole.services.incidents.workflow import WORKING, mutate, require_status
from techconsole.services.records import event
from techconsole.services.views import IncidentView
from techconsole.store.models import Incident, Technician


def _local(value: datetime, ctx: Context) -> str:
    return bounds.local(value, ctx.policy.zone)


def estimate(
    ctx: Context,
    ref: str | int,
    *,
    until: datetime | None = None,
    span: timedelta | None = None,
    note: str = "",
    at: datetime | None = None,
) -> IncidentView:
    """The repair is estimated to end at ``until``, or ``span`` after the estimate is
    given (``at``, default now): the incident's estimated resolution becomes that."""
    if (until is None) == (span is None):
        raise InvalidInput(_("give the estimated resolution or how long the repair takes"))
    if span is not None and not timedelta(0) < span <= LONGEST:
        raise InvalidInput(
            _("a repair takes more than zero and at most {days} days").format(days=LONGEST.days)
        )
    bounds.text(note, N_("note"))
    for value, what in ((until, N_("estimated resolution")), (at, N_("estimate time"))):
        if value is not None:
            bounds.instant(value, what)

    def change(session: Session, who: Technician, incident: Incident, now: datetime) -> None:
        require_status(
            incident, (*WORKING, "waiting"), N_("cannot estimate {number}: it is {status}")
        )
        given = (
            now
            if at is None
            else bounds.after_arrival(incident, at, N_("estimate time"), ctx.policy.zone)
        )
        if given > now + FUTURE_SKEW:
            raise InvalidInput(
                _("{what} {when} is in the future").format(
                    what=_("estimate time"), when=_local(given, ctx)
                )
            )
        given = given.astimezone(UTC)  # a span in real hours, across a change of summer time
        end = (until if until is not None else given + (span or timedelta(0))).astimezone(UTC)
        if end <= given:
            raise InvalidInput(
                _("the estimated resolution {when} is not after the estimate ({given})").format(
                    when=_local(end, ctx), given=_local(given, ctx)
                )
            )
        bounds.instant(end, N_("estimated resolution"))
        previous = incident.estimated_resolution_at
        if previous == end:
            raise InvalidInput(
                _("{number} is estimated to be resolved by {when} already").format(
                    number=incident.number, when=_local(end, ctx)
                )
            )
        incident.estimated_resolution_at = end
        event(
            session,
            incident,
            who,
            events.ESTIMATED,
            given,
            note,
            estimate=end,
            previous=previous,
            minutes=(end - given) // timedelta(minutes=1),
        )

    return mutate(ctx, ref, change)
