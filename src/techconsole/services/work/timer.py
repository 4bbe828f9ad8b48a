"""The work timer.  A start is committed before anything shows it, so a crash, a dropped
SSH connection or ``kill -9`` loses nothing: the next start of the program finds it."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from techconsole.domain.billing_types import SESSION_KINDS
from techconsole.domain.scatti import units_for
from techconsole.i18n import N_, _
from techconsole.services import bounds
from techconsole.services.context import Context
from techconsole.services.documents import work_reports
from techconsole.services.errors import (
    Conflict,
    InvalidInput,
    InvalidTransition,
)
from techconsole.services.records import actor, event, find_incident
from techconsole.services.work import session_rules as rules
from techconsole.services.work import spans
from techconsole.services.work.corrections import add as add  # re-exported
from techconsole.services.work.corrections import edit as edit  # re-exported
from techconsole.services.work.discarding import discard as discard  # re-exported
from techconsole.services.work.discarding import discard_row
from techconsole.services.work.months import hold_months
from techconsole.services.work.timer_views import SessionView as SessionView  # re-exported
from techconsole.services.work.timer_views import is_free, priced, with_free
from techconsole.services.work.timer_views import is_stale as is_stale  # re-exported
from techconsole.services.work.timer_views import sessions as sessions  # re-exported
from techconsole.store.models import Incident, Technician
from techconsole.store.retry import retried_read
from techconsole.store.work import WorkSession


def _running(session: Session, tech: Technician) -> WorkSession | None:
    return session.exec(
        select(WorkSession)
        .where(WorkSession.technician_id == tech.id)
        .where(col(WorkSession.ended_at).is_(None))
    ).first()


def start(
    ctx: Context,
    ref: str | int,
    *,
    kind: str = "remote",
    at: datetime | None = None,
    switch: bool = False,
    force: bool = False,
) -> SessionView:
    """Start work on an incident.  With ``switch``, a running timer is stopped first
    (``force``: even when that makes it longer than the policy's maximum)."""
    if kind not in SESSION_KINDS:
        raise InvalidInput(_("kind is one of: {kinds}").format(kinds=", ".join(SESSION_KINDS)))
    now = ctx.now()
    begin = rules.check_instant(at, now, N_("start"), ctx.policy.zone)
    zone = ctx.policy.zone
    try:
        with ctx.write() as session:
            who = actor(session, ctx)
            # the months first, before any row lock (see hold_months): the new session's,
            # and the running one's that a switch stops
            running = _running(session, who)
            days = [begin] if running is None else [begin, running.started_at]
            hold_months(session, *(day.astimezone(zone).date() for day in days))
            incident = find_incident(session, ref, lock=True)
            if incident.status == "closed":
                raise InvalidTransition(
                    _("{number} is closed: open a new incident").format(number=incident.number)
                )
            # the arrival first, before a running timer is looked at (or switched)
            spans.check_arrival(ctx, session, incident, begin)
            running = _running(session, who)  # again: it may have changed meanwhile
            if running is not None:
                if not switch:
                    other = session.get(Incident, running.incident_id)
                    raise Conflict(
                        _(
                            "your timer is running on {number} since {since}; stop it first "
                            "(or switch to this incident)"
                        ).format(
                            number=other.number if other else "?",
                            since=f"{running.started_at.astimezone(zone):%d/%m %H:%M}",
                        )
                    )
                note = "switched to " + incident.number
                _stop(ctx, session, who, running, begin, note, force=force)
            row = WorkSession(
                incident_id=incident.id or 0,
                technician_id=who.id or 0,
                kind=kind,
                started_at=begin,
                created_at=now,
                updated_at=now,
            )
            spans.check_span(ctx, session, who, incident, row, begin, None, arrived=True)
            event(
                session,
                incident,
                who,
                "timer_started",
                begin,
                "",
                session_id=row.id,
                session_kind=kind,
            )
            started = priced(session, ctx.policy, row, incident, who.login, now)
    except IntegrityError:
        raise Conflict(_("you already have a running timer (started meanwhile)")) from None
    return with_free(ctx, started)


def _stop(
    ctx: Context,
    session: Session,
    who: Technician,
    row: WorkSession,
    end: datetime,
    note: str,
    *,
    force: bool = False,
) -> Incident:
    zone = ctx.policy.zone
    if end < row.started_at:
        raise InvalidInput(
            _("the end {end} is before the start {start}").format(
                end=bounds.local(end, zone),
                start=bounds.local(row.started_at, zone),
            )
        )
    incident = session.get(Incident, row.incident_id)
    assert incident is not None
    spans.check_span(ctx, session, who, incident, row, row.started_at, end, force=force)
    row.ended_at = end
    row.note = note or row.note
    row.updated_at = ctx.now()
    minutes = (end - row.started_at) // timedelta(minutes=1)
    event(
        session,
        incident,
        who,
        "timer_stopped",
        end,
        note,
        session_id=row.id,
        minutes=minutes,
        units=units_for(ctx.policy.billing, end - row.started_at),
    )
    work_reports.sync(session, ctx, incident, who, ctx.now())
    return incident


def stop(
    ctx: Context,
    *,
    at: datetime | None = None,
    note: str = "",
    force: bool = False,
    discard: bool = False,
) -> SessionView:
    """Stop the actor's timer (at ``at``); ``force`` keeps a session longer than the
    policy's maximum.  With ``discard`` the session is not kept (a timer started by
    mistake): refused when it ran longer than the policy's ``[timer] discard_within``."""
    bounds.text(note, N_("note"))
    now = ctx.now()
    end = rules.check_instant(at, now, N_("end"), ctx.policy.zone)
    with ctx.write() as session:
        who = actor(session, ctx)
        row = _running(session, who)
        if row is None:
            raise InvalidTransition(_("no timer is running for you"))
        if discard:
            if end < row.started_at:
                raise InvalidInput(_("the session would end before it starts"))
            return discard_row(ctx, session, who, row, end)
        incident = _stop(ctx, session, who, row, end, note, force=force)
        stopped = priced(session, ctx.policy, row, incident, who.login, now)
    return with_free(ctx, stopped)


def discardable(ctx: Context, s: SessionView, now: datetime | None = None) -> bool:
    """Whether ``s`` (stopped, or running until ``now``) is short enough to be discarded
    (the policy's ``[timer] discard_within``)."""
    return rules.within_grace(ctx, s.started_at, s.ended_at or now or ctx.now())


@retried_read
def status(ctx: Context) -> SessionView | None:
    """The actor's running timer, if any (with ``stale`` set when it looks forgotten)."""
    with ctx.db.read() as session:
        who = actor(session, ctx)
        row = _running(session, who)
        if row is None:
            return None
        incident = session.get(Incident, row.incident_id)
        assert incident is not None
        view = priced(session, ctx.policy, row, incident, who.login, ctx.now())
        return replace(view, free=is_free(session, ctx, incident))
