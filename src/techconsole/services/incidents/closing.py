"""Resolving and closing: a visit that did not solve the problem opens a free follow-up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from techconsole.domain import events
from techconsole.i18n import N_, _
from techconsole.services import bounds, loaders
from techconsole.services.context import Context
from techconsole.services.incidents import clocks
from techconsole.services.incidents.intake import next_number
from techconsole.services.incidents.workflow import WORKING, _when, mutate, require_status
from techconsole.services.records import event
from techconsole.services.views import IncidentView
from techconsole.store.models import Incident, Technician


@dataclass(frozen=True, slots=True)
class Resolved:
    """What resolving did: the incident as it now is, and the follow-up it opened."""

    incident: IncidentView
    #: the free urgent follow-up opened when the problem was not solved, else ``None``
    follow_up: IncidentView | None = None


def resolve(
    ctx: Context, ref: str | int, *, resolved: bool, note: str = "", at: datetime | None = None
) -> Resolved:
    """The intervention is over: solved (``resolved``) or not.

    Not solved: a follow-up incident is opened at once, urgent, for the same customer
    and requester; it is free of charge (seed 003) and linked to this one.  Both are in
    what it returns, so no front end has to look the follow-up up.
    """
    bounds.text(note, N_("note"))
    opened: list[IncidentView] = []

    def change(session: Session, who: Technician, incident: Incident, now: datetime) -> None:
        require_status(
            incident, (*WORKING, "waiting"), N_("cannot resolve {number}: it is {status}")
        )
        when = _when(at, now, N_("resolution time"), incident, ctx.policy.zone)
        incident.status = "resolved"
        incident.resolved = resolved
        incident.resolved_at = when
        incident.status_before_pause = None
        if incident.assignee_id is None:
            incident.assignee_id = who.id
        event(session, incident, who, "resolved", when, note, resolved=resolved)
        if not resolved:
            # the follow-up arrives when the visit ended unsolved (``at``), not when it
            # was typed: its clocks count from then
            follow = _follow_up(ctx, session, who, incident, when, now)
            event(
                session,
                incident,
                who,
                events.FOLLOW_UP,
                when,
                follow_up=follow.number,
            )
            opened.append(loaders.incident_view(session, follow))

    def tell(session: Session, who: Technician, incident: Incident, now: datetime) -> None:
        follow_up = opened[0].number if opened else None
        from techconsole.services.mail import (
            notices,
        )  # imported when a notice may be due: reads stay quick

        notices.on_resolved(session, ctx.policy, incident, who, now, note=note, follow_up=follow_up)

    view = mutate(ctx, ref, change, after=tell)
    return Resolved(view, opened[0] if opened else None)


def _follow_up(
    ctx: Context,
    session: Session,
    who: Technician,
    original: Incident,
    arrived: datetime,
    now: datetime,
) -> Incident:
    """The free urgent follow-up of ``original``, arrived at ``arrived`` (the time the
    unsolved visit ended), recorded ``now``."""
    local_day = arrived.astimezone(ctx.policy.zone).date()
    seq, number = next_number(session, local_day.year)
    follow = Incident(
        number=number,
        year=local_day.year,
        seq=seq,
        customer_id=original.customer_id,
        requester_id=original.requester_id,
        channel=original.channel,
        subject=_("Follow-up of {number}: {subject}").format(
            number=original.number, subject=original.subject
        )[:300],
        description=original.description,
        severity=original.severity,
        severity_triaged=original.severity_triaged,
        urgent=True,
        level=original.level,
        category=original.category,
        status="open",
        plan=original.plan,
        contract=original.contract,
        arrived_at=arrived,
        follow_up_of_id=original.id,
        assignee_id=original.assignee_id,
        due_sort=clocks.FAR_FUTURE,
        updated_at=now,
    )
    if follow.assignee_id is not None:
        follow.status = "in_progress"
    session.add(follow)
    session.flush()
    event(
        session,
        follow,
        who,
        "opened",
        arrived,  # the timeline starts when it arrived, as a request's does
        follow.subject,
        plan=follow.plan,
        severity=follow.severity,
        urgent=True,
        follow_up_of=original.number,
        channel=follow.channel,
        recorded_at=now,
    )
    clocks.refresh(session, ctx.policy, follow, now)
    return follow


def close(ctx: Context, ref: str | int, note: str = "") -> IncidentView:
    """Close a resolved incident (its work report can then be issued)."""
    bounds.text(note, N_("note"))

    def change(session: Session, who: Technician, incident: Incident, now: datetime) -> None:
        require_status(incident, ("resolved",), N_("cannot close {number}: it is {status}"))
        incident.status = "closed"
        incident.closed_at = now
        event(session, incident, who, "closed", now, note)

    return mutate(ctx, ref, change)


def reopen(ctx: Context, ref: str | int, reason: str) -> IncidentView:
    """A resolved incident comes back (not a closed one: open a new incident instead)."""
    bounds.text(reason, N_("reason"))

    def change(session: Session, who: Technician, incident: Incident, now: datetime) -> None:
        require_status(incident, ("resolved",), N_("cannot reopen {number}: it is {status}"))
        incident.status = "in_progress" if incident.assignee_id else "open"
        incident.resolved = None
        incident.resolved_at = None
        event(session, incident, who, "reopened", now, reason)

    return mutate(ctx, ref, change)
