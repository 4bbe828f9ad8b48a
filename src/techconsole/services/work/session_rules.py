"""The bounds of a work session: one technician is in one place at a time, work starts
once its incident has arrived, and lasts no longer than the policy's ``[timer]
max_session`` unless the technician insists — then the audit trail says so.  A session
no longer than ``[timer] discard_within`` (a timer started by mistake) may be discarded
by its technician, as long as it is their last one."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from sqlalchemy import or_
from sqlmodel import Session, col, select

from techconsole.domain.instants import format_duration, format_span
from techconsole.i18n import N_, _
from techconsole.services import bounds
from techconsole.services.context import Context
from techconsole.services.errors import Conflict, InvalidInput, InvalidTransition, NotAllowed
from techconsole.services.records import audit
from techconsole.store.models import Incident, Technician
from techconsole.store.work import WorkSession

#: the audit action of a session kept although longer than the policy's maximum
OVER_MAXIMUM = "work_session.over_maximum"


def check_overlap(
    session: Session,
    tech: Technician,
    start: datetime,
    end: datetime | None,
    zone: tzinfo,
    skip: int | None = None,
) -> None:
    """A technician cannot be in two places at once.

    With an ``end``, the whole stretch is checked.  Without one (a timer that starts
    running) only the start is: it must not fall inside another session; the stretch is
    checked when the timer stops.  So a session earlier than others can be entered after
    the fact, with ``start --at`` and ``stop --at``.
    """
    query = select(WorkSession).where(WorkSession.technician_id == tech.id)
    if skip is not None:
        query = query.where(col(WorkSession.id) != skip)
    ends_after = or_(col(WorkSession.ended_at).is_(None), col(WorkSession.ended_at) > start)
    query = query.where(ends_after)
    if end is not None:
        query = query.where(col(WorkSession.started_at) < end)
    else:
        query = query.where(col(WorkSession.started_at) <= start)
    clash = session.exec(query.order_by(col(WorkSession.started_at))).first()
    if clash is not None:
        begun = clash.started_at.astimezone(zone)
        if clash.ended_at is None:
            until = _("still running")
        else:
            ended = clash.ended_at.astimezone(zone)
            until = f"{ended:%H:%M}" if ended.date() == begun.date() else f"{ended:%d/%m %H:%M}"
        refusal = Conflict(
            _(
                "overlaps your session #{session} ({start}–{until}); "
                "one technician, one session at a time"
            ).format(session=clash.id, start=f"{begun:%d/%m/%Y %H:%M}", until=until)
        )
        # the start falls inside the other session, or the end reaches into it
        refusal.concerns = "start" if clash.started_at <= start else "end"
        raise refusal


def check_instant(value: datetime | None, now: datetime, what: str, zone: tzinfo) -> datetime:
    """``value`` (``None``: now) when it is a time work can be recorded at: aware, in the
    years techconsole works with, and not in the future; ``what`` (``N_``) names it, and
    the refusal says the time in ``zone``."""
    if value is None:
        return now
    value = bounds.instant(value, what)
    if value > now + timedelta(minutes=1):
        raise InvalidInput(
            _("{what} {when} is in the future").format(what=_(what), when=bounds.local(value, zone))
        )
    return value


def check_start(ctx: Context, incident: Incident, start: datetime) -> None:
    """Work on ``incident`` cannot start before its request arrived."""
    bounds.after_arrival(incident, start, N_("start"), ctx.policy.zone)


def check_length(
    ctx: Context,
    session: Session,
    who: Technician,
    row: WorkSession,
    start: datetime,
    end: datetime,
    *,
    force: bool,
) -> None:
    """Refuse a session from ``start`` to ``end`` longer than the policy allows, unless
    ``force``: then keep it and flag it in the audit trail."""
    longest = ctx.policy.max_session
    length = end - start
    if length <= longest:
        return
    if not force:
        raise NotAllowed(
            _(
                "the session would last {length}, longer than the policy's maximum of {limit} "
                "([timer] max_session): give its real end, or add --force to keep it"
            ).format(length=format_duration(length), limit=format_duration(longest))
        )
    audit(
        session,
        who.login,
        OVER_MAXIMUM,
        "work_session",
        row.id,
        ctx.now(),
        incident_id=row.incident_id,
        start=start,
        end=end,
        minutes=length // timedelta(minutes=1),
        maximum_minutes=longest // timedelta(minutes=1),
    )


def within_grace(ctx: Context, start: datetime, end: datetime) -> bool:
    """Whether a session from ``start`` to ``end`` is short enough to be discarded."""
    return end - start <= ctx.policy.discard_within


def check_discard(
    ctx: Context, session: Session, who: Technician, row: WorkSession, end: datetime
) -> None:
    """Refuse to discard ``row`` (ending at ``end``) unless it is ``who``'s own, their
    last session, and no longer than the policy's grace time."""
    if row.technician_id != who.id:
        raise NotAllowed(_("you can only discard your own sessions"))
    later = session.exec(
        select(WorkSession)
        .where(WorkSession.technician_id == who.id)
        .where(col(WorkSession.id) != row.id)
        .where(col(WorkSession.started_at) >= row.started_at)
    ).first()
    if later is not None:
        raise InvalidTransition(
            _(
                "session #{session} is not your last one: only the session just stopped can "
                "be discarded (correct this one with techconsole timer edit)"
            ).format(session=row.id)
        )
    if not within_grace(ctx, row.started_at, end):
        raise NotAllowed(
            _(
                "session #{session} lasted {length}, longer than the {grace} within which a "
                "session may be discarded ([timer] discard_within): it is kept (correct it "
                "with techconsole timer edit)"
            ).format(
                session=row.id,
                length=format_span(end - row.started_at),
                grace=format_span(ctx.policy.discard_within),
            )
        )
