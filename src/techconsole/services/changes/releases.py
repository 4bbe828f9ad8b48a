"""The release an incident's fix comes with (001): "la nostra azienda indichera' il rimedio
temporaneo per sopperire alla criticita' e, in seguito al rilascio della versione
aggiornata, esporra' la soluzione".  The incident is linked to a day of the policy's
release calendar (the next one by default), said on the incident and its timeline."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session

from techconsole.domain import change_calendar as calendar
from techconsole.domain import events
from techconsole.domain.changes import day_text
from techconsole.i18n import N_, _
from techconsole.services import bounds
from techconsole.services.changes.common import refusals
from techconsole.services.changes.records import today_of
from techconsole.services.context import Context
from techconsole.services.errors import InvalidInput, InvalidTransition
from techconsole.services.incidents.workflow import mutate
from techconsole.services.records import event, status_word
from techconsole.services.views import IncidentView
from techconsole.store.models import Incident, Technician


def link_release(
    ctx: Context, ref: str | int, day: date | None = None, *, note: str = ""
) -> IncidentView:
    """The fix of incident ``ref`` comes with the release of ``day`` (default: the next
    release after today); refused when ``day`` is not a release day, or is past."""
    bounds.text(note, N_("note"))
    today = today_of(ctx)
    changes = ctx.policy.changes
    with refusals():
        if day is None:
            upcoming = calendar.next_releases(changes, today)
            if not upcoming:
                calendar.check_release(changes, today, today)  # says there is no calendar
            day = upcoming[0]
        bounds.day(day, N_("release day"))
        calendar.check_release(changes, day, today)
    chosen = day

    def change(session: Session, who: Technician, incident: Incident, now: datetime) -> None:
        _linkable(incident)
        previous = incident.fixed_in_release
        if previous == chosen:
            raise InvalidInput(
                _("{number} is linked to the release of {day} already").format(
                    number=incident.number, day=day_text(chosen)
                )
            )
        incident.fixed_in_release = chosen
        event(
            session,
            incident,
            who,
            events.RELEASE,
            now,
            note,
            release=chosen.isoformat(),
            old_release=previous.isoformat() if previous else None,
        )

    return mutate(ctx, ref, change)


def unlink_release(ctx: Context, ref: str | int, *, note: str = "") -> IncidentView:
    """The fix of incident ``ref`` no longer waits for a release."""
    bounds.text(note, N_("note"))

    def change(session: Session, who: Technician, incident: Incident, now: datetime) -> None:
        _linkable(incident)
        previous = incident.fixed_in_release
        if previous is None:
            raise InvalidInput(
                _("{number} is not linked to a release").format(number=incident.number)
            )
        incident.fixed_in_release = None
        event(
            session,
            incident,
            who,
            events.RELEASE,
            now,
            note,
            release=None,
            old_release=previous.isoformat(),
        )

    return mutate(ctx, ref, change)


def _linkable(incident: Incident) -> None:
    if incident.status == "closed":
        raise InvalidTransition(
            _("cannot link {number} to a release: it is {status}").format(
                number=incident.number, status=status_word(incident.status)
            )
        )
