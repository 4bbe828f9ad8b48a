"""Who works on an incident: claim (atomic, never two owners), claim-next, assign."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from techconsole.domain.incident_clocks import ClockInputs
from techconsole.domain.policy import Policy
from techconsole.i18n import N_, _
from techconsole.services import known_actors, loaders
from techconsole.services.context import Context
from techconsole.services.errors import Conflict, InvalidTransition
from techconsole.services.incidents import clocks, planned
from techconsole.services.incidents.queue import order_by
from techconsole.services.records import actor, event, find_incident, status_word, technician
from techconsole.services.views import IncidentView
from techconsole.store import direct
from techconsole.store.models import Incident, Technician

CLAIMABLE = ("open", "in_progress", "waiting")


def claim(ctx: Context, ref: str | int) -> IncidentView:
    """Take an unassigned incident.  Two people claiming at once: one wins, one is told."""

    def work(session: Session, planning: bool) -> tuple[Incident, Technician, ClockInputs]:
        who = actor(session, ctx)
        incident = find_incident(session, ref)
        if incident.assignee_id == who.id:
            raise Conflict(_("{number} is already yours").format(number=incident.number))
        if incident.status not in CLAIMABLE:
            raise InvalidTransition(
                _("cannot claim {number}: it is {status}").format(
                    number=incident.number, status=status_word(incident.status)
                )
            )
        now = ctx.now()
        if planning:  # its write checks that it is still nobody's (``planned``)
            if incident.assignee_id is not None:
                raise _taken(ctx, session, incident)
            incident.assignee_id = who.id
            return incident, who, _claimed(ctx, session, who, incident, now)
        won = session.execute(
            update(Incident)
            .where(col(Incident.id) == incident.id)
            .where(col(Incident.assignee_id).is_(None))
            .values(assignee_id=who.id)
            .returning(col(Incident.id))
        ).first()
        if won is None:
            session.refresh(incident)
            raise _taken(ctx, session, incident)
        session.refresh(incident)
        return incident, who, _claimed(ctx, session, who, incident, now)

    return planned.run(ctx, work)


def _taken(ctx: Context, session: Session, incident: Incident) -> Conflict:
    """Refused: someone has it (before this claim read it, or since: the same to the
    person told), said by their login."""
    assert incident.assignee_id is not None
    owner = known_actors.login_of(session, ctx.db, incident.assignee_id)
    return Conflict(
        _("{number} is already taken by {owner}").format(number=incident.number, owner=owner or "?")
    )


def claim_next(ctx: Context) -> IncidentView:
    """Claim the first unassigned incident in queue order."""

    def work(session: Session, planning: bool) -> tuple[Incident, Technician, ClockInputs]:
        who = actor(session, ctx)
        query = _next_query(ctx.policy)
        incident: Any = None
        if planning:  # read straight through the driver (issue 15)
            incident = direct.entity(session, query, {})
        elif not ctx.db.sqlite:
            query = query.with_for_update(skip_locked=True)
        if incident is None:  # not read so
            incident = session.exec(query).first()
        if incident is None or incident is direct.MISSING:
            raise Conflict(_("nothing to claim: every open incident has an owner"))
        incident.assignee_id = who.id
        return incident, who, _claimed(ctx, session, who, incident, ctx.now())

    return planned.run(ctx, work)


#: the query of the first unassigned incident in each queue order (made once: compiled
#: once too)
_NEXT: dict[tuple[Any, ...], Any] = {}


def _next_query(policy: Policy) -> Any:
    key = (tuple(policy.queue_order), tuple(sorted(policy.priority_categories)))
    query = _NEXT.get(key)
    if query is None:
        query = _NEXT[key] = (
            select(Incident)
            .where(col(Incident.is_open))
            .where(col(Incident.assignee_id).is_(None))
            .where(col(Incident.status).in_(("open", "in_progress")))
            .order_by(*order_by(policy))
            .limit(1)
        )
    return query


def _claimed(
    ctx: Context, session: Session, who: Technician, incident: Incident, now: datetime
) -> ClockInputs:
    if incident.status == "open":
        incident.status = "in_progress"
    event(session, incident, who, "claimed", now, assignee=who.login)
    return clocks.refresh(session, ctx.policy, incident, now)


def assign(ctx: Context, ref: str | int, login: str | None) -> IncidentView:
    """A lead gives an incident to a technician (or takes it back with ``None``)."""
    with ctx.write() as session:
        who = actor(session, ctx, lead=True, what=N_("assign or reassign incidents"))
        incident = find_incident(session, ref, lock=True)
        if not incident.is_open:
            raise InvalidTransition(
                _("cannot assign {number}: it is {status}").format(
                    number=incident.number, status=status_word(incident.status)
                )
            )
        target = technician(session, login) if login else None
        if target is not None and not target.active:
            raise InvalidTransition(_("{login} is not active").format(login=target.login))
        old = incident.assignee_id
        if old == (target.id if target else None):  # nothing would change: nothing written
            raise Conflict(_unchanged(incident.number, target))
        incident.assignee_id = target.id if target else None
        if target is not None and incident.status == "open":
            incident.status = "in_progress"
        event(
            session,
            incident,
            who,
            "assigned",
            ctx.now(),
            assignee=target.login if target else None,
            old_assignee_id=old,
        )
        found = clocks.refresh(session, ctx.policy, incident, ctx.now())
    return loaders.view_after_write(ctx.db, incident, found)


def _unchanged(number: str, target: Technician | None) -> str:
    """Why assigning ``number`` to whom it is assigned already changes nothing."""
    if target is None:
        return _("{number} is not assigned to anyone").format(number=number)
    return _("{number} is already assigned to {login}").format(number=number, login=target.login)
