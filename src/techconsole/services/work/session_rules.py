"""The bounds of a work session: it starts once its incident has arrived, and lasts no
longer than the policy's ``[timer] max_session`` unless the technician insists — then
the audit trail says so."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session

from techconsole.domain.instants import format_duration
from techconsole.i18n import N_, _
from techconsole.services import bounds
from techconsole.services.context import Context
from techconsole.services.errors import NotAllowed
from techconsole.services.records import audit
from techconsole.store.models import Incident, Technician
from techconsole.store.work import WorkSession

#: the audit action of a session kept although longer than the policy's maximum
OVER_MAXIMUM = "work_session.over_maximum"


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
