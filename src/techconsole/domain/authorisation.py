"""Whether work may be done on an incident at an instant (seed 001, policy.md §5).

"non possiamo intervenire poiche' ci deve essere una richiesta esplicita da parte del
titolare dei dati ... che ci autorizza all'intervento in maniera temporanea": a request
that needs a titolare's or ADS's authorisation gets no work (a timer, an arrival on
site, a part fitted) before the authorisation, nor after its end when it has one.

The temporary server account (seed 000: "un account specifico, con password temporanea,
notificataci") may have an end too: :func:`ended`.

Pure: no I/O, no words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from enum import StrEnum

#: how an authorisation can reach us (the CLI's --via, the console's picker)
VIA = ("email", "phone", "whatsapp", "web", "in_person", "signed_form")


class Gate(StrEnum):
    """Why work is refused at an instant."""

    AWAITING = "awaiting"  # no authorisation yet
    BEFORE = "before"  # the instant is before the authorisation was given
    ENDED = "ended"  # the instant is after the authorisation's end


@dataclass(frozen=True, slots=True)
class Authorisation:
    """What an incident says about its authorisation."""

    needed: bool
    awaiting: bool  # its status is "awaiting authorisation"
    given_at: datetime | None = None
    until: datetime | None = None


def work_refusal(auth: Authorisation, at: datetime) -> Gate | None:
    """Why work at ``at`` is not authorised; ``None`` when it is."""
    if auth.awaiting or (auth.needed and auth.given_at is None):
        return Gate.AWAITING
    if not auth.needed or auth.given_at is None:
        return None
    if at < auth.given_at:
        return Gate.BEFORE
    if auth.until is not None and at >= auth.until:
        return Gate.ENDED
    return None


def day_refusal(auth: Authorisation, day: date, zone: tzinfo) -> Gate | None:
    """Why work on ``day`` (a part used that day) is not authorised: only when no moment
    of the day, in ``zone``, is within the authorisation."""
    if auth.awaiting or (auth.needed and auth.given_at is None):
        return Gate.AWAITING
    if not auth.needed or auth.given_at is None:
        return None
    if day < auth.given_at.astimezone(zone).date():
        return Gate.BEFORE
    if auth.until is not None and day > auth.until.astimezone(zone).date():
        return Gate.ENDED
    return None


def ended(until: datetime | None, now: datetime) -> bool:
    """Whether something valid ``until`` (an authorisation, the temporary server account
    the customer gave) has reached its end at ``now``."""
    return until is not None and now >= until
