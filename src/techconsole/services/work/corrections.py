"""Work sessions after the fact: a session corrected (the real end of a forgotten timer,
the right kind) and one recorded that the timer never saw (work done away from the
console).  Both hold the timer's bounds: after the incident arrived, not in the future,
one technician in one place at a time, not in a month closed for invoicing, no longer
than the policy's ``[timer] max_session`` unless insisted on (then audited); both are on
the timeline and in the audit trail, and the work report follows.

A refusal says which input it is about (:attr:`ServiceError.concerns
<techconsole.services.errors.ServiceError.concerns>`: ``session``, ``start``, ``end``,
``kind``, ``note``), so that a form can say it next to that field.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from techconsole.domain.billing_types import SESSION_KINDS
from techconsole.domain.limits import as_id
from techconsole.domain.scatti import units_for
from techconsole.i18n import N_, _
from techconsole.services import bounds
from techconsole.services.context import Context
from techconsole.services.documents import work_reports
from techconsole.services.errors import (
    InvalidInput,
    InvalidTransition,
    NotAllowed,
    NotFound,
    concerning,
)
from techconsole.services.records import actor, event, find_incident
from techconsole.services.work import session_rules as rules
from techconsole.services.work import spans
from techconsole.services.work.months import hold_months
from techconsole.services.work.timer_views import SessionView, priced, with_free
from techconsole.store.models import Incident, Technician
from techconsole.store.work import WorkSession


def _checked(kind: str | None, note: str | None) -> None:
    if note is not None:
        with concerning("note"):
            bounds.text(note, N_("note"))
    if kind is not None and kind not in SESSION_KINDS:
        refusal = InvalidInput(_("kind is one of: {kinds}").format(kinds=", ".join(SESSION_KINDS)))
        refusal.concerns = "kind"
        raise refusal


def _ends_before(start: datetime, end: datetime | None) -> None:
    if end is not None and end < start:
        refusal = InvalidInput(_("the session would end before it starts"))
        refusal.concerns = "end"
        raise refusal


def edit(
    ctx: Context,
    session_id: int,
    *,
    start_at: datetime | None = None,
    end_at: datetime | None = None,
    kind: str | None = None,
    note: str | None = None,
    force: bool = False,
) -> SessionView:
    """Correct a session after the fact (e.g. the real end of a forgotten timer); audited.

    Technicians edit their own sessions; leads anyone's.  ``force`` keeps a session
    longer than the policy's maximum.
    """
    _checked(kind, note)
    now = ctx.now()
    zone = ctx.policy.zone
    with ctx.write() as session:
        who = actor(session, ctx)
        number = as_id(session_id)
        row = None if number is None else session.get(WorkSession, number)
        with concerning("session"):
            if row is None:
                raise NotFound(_("no work session #{session}").format(session=session_id))
            if row.technician_id != who.id and who.role != "lead":
                raise NotAllowed(
                    _("you can only correct your own sessions (a lead can correct any)")
                )
        owner = session.get(Technician, row.technician_id)
        assert owner is not None
        new_start, new_end = row.started_at, row.ended_at
        if start_at:
            with concerning("start"):
                new_start = rules.check_instant(start_at, now, N_("start"), zone)
        if end_at:
            with concerning("end"):
                new_end = rules.check_instant(end_at, now, N_("end"), zone)
        _ends_before(new_start, new_end)
        incident = session.get(Incident, row.incident_id)
        assert incident is not None
        # its length is checked when a time is given, and is about the one that set it
        length = ("end" if end_at else "start") if start_at or end_at else None
        spans.check_span(
            ctx,
            session,
            who,
            incident,
            row,
            new_start,
            new_end,
            owner=owner,
            length=length,
            force=force,
        )
        old = {"start": row.started_at, "end": row.ended_at, "kind": row.kind}
        row.started_at, row.ended_at = new_start, new_end
        row.kind = kind or row.kind
        row.note = row.note if note is None else note
        row.updated_at = now
        event(
            session,
            incident,
            who,
            "session_edited",
            now,
            "",
            session_id=row.id,
            old_start=old["start"],
            old_end=old["end"],
            old_kind=old["kind"],
            start=new_start,
            end=new_end,
            session_kind=row.kind,
        )
        work_reports.sync(session, ctx, incident, who, now)
        edited = priced(session, ctx.policy, row, incident, owner.login, now)
    return with_free(ctx, edited)


def add(
    ctx: Context,
    ref: str | int,
    *,
    start_at: datetime,
    end_at: datetime,
    kind: str = "remote",
    note: str = "",
    force: bool = False,
) -> SessionView:
    """Record a session of the actor's on incident ``ref`` from ``start_at`` to
    ``end_at``, done without the timer (work on the phone, on a customer's site with no
    console at hand); audited.  ``force`` keeps a session longer than the policy's
    maximum."""
    _checked(kind, note)
    now = ctx.now()
    zone = ctx.policy.zone
    with concerning("start"):
        begin = rules.check_instant(start_at, now, N_("start"), zone)
    with concerning("end"):
        end = rules.check_instant(end_at, now, N_("end"), zone)
    if end <= begin:
        refusal = InvalidInput(_("the session would end before it starts"))
        if end == begin:
            refusal = InvalidInput(_("the session would end when it starts: it lasts nothing"))
        refusal.concerns = "end"
        raise refusal
    with ctx.write() as session:
        who = actor(session, ctx)
        hold_months(session, begin.astimezone(zone).date())  # before any row lock
        incident = find_incident(session, ref, lock=True)
        if incident.status == "closed":
            raise InvalidTransition(
                _("{number} is closed: open a new incident").format(number=incident.number)
            )
        row = WorkSession(
            incident_id=incident.id or 0,
            technician_id=who.id or 0,
            kind=kind,
            started_at=begin,
            ended_at=end,
            note=note,
            created_at=now,
            updated_at=now,
        )
        spans.check_span(ctx, session, who, incident, row, begin, end, force=force)
        event(
            session,
            incident,
            who,
            "session_added",
            now,
            note,
            session_id=row.id,
            session_kind=kind,
            start=begin,
            end=end,
            minutes=(end - begin) // timedelta(minutes=1),
            units=units_for(ctx.policy.billing, end - begin),
        )
        work_reports.sync(session, ctx, incident, who, now)
        added = priced(session, ctx.policy, row, incident, who.login, now)
    return with_free(ctx, added)
