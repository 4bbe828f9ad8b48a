"""The bounds every use case checks before it writes: the length of texts, the years a
time may fall in, nothing before the incident arrived.

One place, so that the command line and the console are refused alike, with the same
words; the limits themselves are in :mod:`techconsole.domain.limits`.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo

from techconsole.domain.errors import DomainError
from techconsole.domain.instants import require_aware
from techconsole.domain.limits import (
    MAX_NAME,
    MAX_TEXT,
    length_problem,
    supported_day,
    supported_time,
)
from techconsole.i18n import _
from techconsole.services.errors import InvalidInput
from techconsole.store.models import Incident


def local(value: datetime, zone: tzinfo) -> str:
    """An instant as a refusal says it: ``27/11/2026 17:00`` in ``zone`` (the policy's)."""
    return f"{value.astimezone(zone):%d/%m/%Y %H:%M}"


def text(value: str, what: str, limit: int = MAX_TEXT) -> str:
    """``value`` when it fits ``limit`` characters; ``what`` names the field, marked
    with ``N_`` ("description") and translated when refused."""
    problem = length_problem(value, limit, _(what))
    if problem is not None:
        raise InvalidInput(problem)
    return value


def name(value: str, what: str) -> str:
    """A name, an e-mail, a phone number, a code: at most :data:`MAX_NAME` characters."""
    return text(value, what, MAX_NAME)


def day(value: date, what: str) -> date:
    """``value`` when its year is one techconsole works with."""
    try:
        supported_day(value)
    except DomainError as error:
        raise InvalidInput(f"{_(what)}: {error}") from None
    return value


def instant(value: datetime, what: str) -> datetime:
    """``value`` when it is aware and in the years techconsole works with."""
    require_aware(value, what)
    try:
        supported_time(value)
    except DomainError as error:
        raise InvalidInput(f"{_(what)}: {error}") from None
    return value


def after_arrival(incident: Incident, value: datetime, what: str, zone: tzinfo) -> datetime:
    """Refuse a time of ``incident`` (a milestone, a promise, work on it) before its
    request arrived; the times are said in ``zone``."""
    instant(value, what)
    if value < incident.arrived_at:
        raise InvalidInput(
            _("{what} {when} is before {number} arrived ({arrived})").format(
                what=_(what),
                when=local(value, zone),
                number=incident.number,
                arrived=local(incident.arrived_at, zone),
            )
        )
    return value
