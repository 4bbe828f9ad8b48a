"""Taking back a timer started by mistake: a session no longer than the policy's ``[timer]
discard_within`` is discarded instead of kept, at the stop (``timer.stop(discard=True)``)
or just after it (:func:`discard`).

A discarded session's row is deleted, so it is never billed nor on a work report (the
report is brought up to date at once); what it was stays in the timeline (a
``timer_discarded`` event) and in the audit trail.  Only the technician's own last session
can be discarded, and not in a month closed for invoicing.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from decimal import Decimal

from sqlmodel import Session, col, select

from techconsole.domain.limits import as_id
from techconsole.i18n import N_, _
from techconsole.services.context import Context
from techconsole.services.documents import work_reports
from techconsole.services.errors import InvalidTransition, NotFound
from techconsole.services.records import actor, event
from techconsole.services.work import session_rules as rules
from techconsole.services.work.months import ensure_open
from techconsole.services.work.timer_views import SessionView, priced
from techconsole.store.models import Incident, Technician
from techconsole.store.work import WorkSession


def discard_row(
    ctx: Context, session: Session, who: Technician, row: WorkSession, end: datetime
) -> SessionView:
    """Discard ``row`` (running, or stopped at ``end``) after the rules allow it: the
    timeline and the audit trail say so, the row goes, the work report follows."""
    rules.check_discard(ctx, session, who, row, end)
    ensure_open(session, N_("work sessions"), row.started_at.astimezone(ctx.policy.zone).date())
    incident = session.get(Incident, row.incident_id)
    assert incident is not None
    now = ctx.now()
    event(
        session,
        incident,
        who,
        "timer_discarded",
        now,
        "",
        session_id=row.id,
        session_kind=row.kind,
        start=row.started_at,
        end=end,
        seconds=(end - row.started_at) // timedelta(seconds=1),
    )
    row.ended_at = end
    gone = priced(session, ctx.policy, row, incident, who.login, now)
    session.delete(row)
    session.flush()
    work_reports.sync(session, ctx, incident, who, now)
    return replace(gone, units=0, amount=Decimal("0.00"), discarded=True)


def discard(ctx: Context, session_id: int | None = None) -> SessionView:
    """Discard the session just stopped (``session_id``, else the actor's last one): it
    must be the actor's own and last session and no longer than the policy's grace time
    (``[timer] discard_within``); refused otherwise, and nothing changes."""
    with ctx.write() as session:
        who = actor(session, ctx)
        if session_id is None:
            row = session.exec(
                select(WorkSession)
                .where(WorkSession.technician_id == who.id)
                .order_by(col(WorkSession.started_at).desc(), col(WorkSession.id).desc())
            ).first()
            if row is None:
                raise NotFound(_("you have no work session to discard"))
        else:
            number = as_id(session_id)
            row = None if number is None else session.get(WorkSession, number)
            if row is None:
                raise NotFound(_("no work session #{session}").format(session=session_id))
        if row.ended_at is None:
            raise InvalidTransition(
                _(
                    "session #{session} is still running: stop it and discard it at once "
                    "(techconsole timer stop --discard)"
                ).format(session=row.id)
            )
        return discard_row(ctx, session, who, row, row.ended_at)
