"""The span of a work session checked where one is started, stopped, recorded after the
fact or corrected: after its incident arrived (and was authorised), not in a month closed
for invoicing, one technician in one place at a time, no longer than the policy's
``[timer] max_session`` unless insisted on (then audited).

A refusal says which input it is about (``start``, ``end``, ``session``; see
:func:`techconsole.services.errors.concerning`), for the forms that correct a session.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from techconsole.i18n import N_
from techconsole.services.context import Context
from techconsole.services.errors import concerning
from techconsole.services.incidents.gate import require_authorised
from techconsole.services.work import session_rules as rules
from techconsole.services.work.months import ensure_open, hold_months
from techconsole.store.models import Incident, Technician
from techconsole.store.work import WorkSession


def check_arrival(ctx: Context, session: Session, incident: Incident, start: datetime) -> None:
    """Work on ``incident`` cannot start before its request arrived, nor before it was
    authorised."""
    with concerning("start"):
        rules.check_start(ctx, incident, start)
        require_authorised(session, ctx, incident, start)


def check_span(
    ctx: Context,
    session: Session,
    who: Technician,
    incident: Incident,
    row: WorkSession,
    start: datetime,
    end: datetime | None,
    *,
    owner: Technician | None = None,
    arrived: bool = False,
    length: str | None = "end",
    force: bool = False,
) -> None:
    """Refuse ``row`` of ``incident`` from ``start`` to ``end`` (``None``: a timer that
    starts running) unless its span keeps the bounds of work sessions.

    ``row`` is the session as it is: one already written, whose span changes, or a new
    one (no id yet), which is written once its span is known good and before its length
    is checked, so that the audit of a session kept although long names it.

    The arrival is checked for a new start or a moved one, unless ``arrived`` (the
    caller checked it first).  A session is not moved out of a closed month, nor into
    one.  It must not overlap another session of ``owner`` (by default ``who``, the
    actor, who is audited when a session is kept although long).  Its length is checked
    when it has an end and ``length`` names the input that set it (what a refusal is
    about; ``None``: not checked); ``force`` keeps a session longer than the maximum.
    """
    zone = ctx.policy.zone
    if not arrived and (row.id is None or start != row.started_at):
        check_arrival(ctx, session, incident, start)
    day = start.astimezone(zone).date()
    if row.id is not None:
        was = row.started_at.astimezone(zone).date()
        hold_months(session, was, day)  # both, in order, before either is checked
        with concerning("session"):  # a session of a closed month stays as it is
            ensure_open(session, N_("work sessions"), was)
    with concerning("start"):  # and none is put into one
        ensure_open(session, N_("work sessions"), day)
    rules.check_overlap(session, owner or who, start, end, zone, skip=row.id)
    if row.id is None:
        session.add(row)
        session.flush()  # its id: for the audit below and the caller's event
    if end is not None and length is not None:
        with concerning(length):
            rules.check_length(ctx, session, who, row, start, end, force=force)
