"""No work on an incident the customer has not authorised (seed 001): the services that
record work (a timer, the arrival on site, a part) ask here first."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session

from techconsole.domain.authorisation import Authorisation, Gate, day_refusal, work_refusal
from techconsole.i18n import _
from techconsole.services import bounds
from techconsole.services.context import Context
from techconsole.services.errors import NotAuthorised
from techconsole.store.models import Contact, Incident


def authorisation_of(incident: Incident) -> Authorisation:
    return Authorisation(
        needed=incident.needs_authorisation,
        awaiting=incident.status == "awaiting_authorisation",
        given_at=incident.authorised_at,
        until=incident.authorised_until,
    )


def require_authorised(
    session: Session, ctx: Context, incident: Incident, at: datetime | date
) -> None:
    """Refuse work on ``incident`` at ``at`` (an instant, or a day for a part used that
    day) unless a titolare or ADS authorised it then; the reason says why not."""
    auth = authorisation_of(incident)
    zone = ctx.policy.zone
    if isinstance(at, datetime):
        gate = work_refusal(auth, at)
    else:
        gate = day_refusal(auth, at, zone)
    if gate is None:
        return
    if gate is Gate.AWAITING:
        raise NotAuthorised(
            _(
                "{number} awaits the authorisation of a titolare or ADS: no work on it "
                "before it is authorised (techconsole incident authorise)"
            ).format(number=incident.number)
        )
    contact = session.get(Contact, incident.authorised_by_id) if incident.authorised_by_id else None
    who = contact.name if contact else "?"
    if gate is Gate.BEFORE:
        assert incident.authorised_at is not None
        raise NotAuthorised(
            _("{number} was authorised by {who} only at {when}: no work on it before").format(
                number=incident.number,
                who=who,
                when=bounds.local(incident.authorised_at, zone),
            )
        )
    assert incident.authorised_until is not None
    raise NotAuthorised(
        _(
            "the authorisation of {number} by {who} ended at {when}: no work on it until a "
            "titolare or ADS authorises it again (techconsole incident authorise)"
        ).format(
            number=incident.number,
            who=who,
            when=bounds.local(incident.authorised_until, zone),
        )
    )
