"""Scatti: the units work is billed in, by the policy's rounding rules (§6).

A stretch of work becomes scatti by the rounding rule (``up``, or to the nearest), at
least the minimum; the stretch is one session, or the sessions of a local day, as the
policy's ``rounding_scope`` says (:func:`labour_lines`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from techconsole.domain.billing_types import TRAINING, WorkSession
from techconsole.domain.errors import DomainError
from techconsole.domain.instants import MINUTE, td_us
from techconsole.domain.policy_rules import BillingRules
from techconsole.i18n import _


def units_for(rules: BillingRules, duration: timedelta) -> int:
    """Scatti for a stretch of work: 0 for none, else by the rounding rule, at least the
    minimum."""
    if duration < timedelta(0):
        raise DomainError(_("a work session cannot end before it starts"))
    us = td_us(duration)
    if us == 0:
        return 0
    unit = rules.unit_minutes * MINUTE
    if rules.rounding == "up":
        units = -(-us // unit)
    else:
        units = int((Decimal(us) / Decimal(unit)).to_integral_value(ROUND_HALF_UP))
    return max(units, rules.minimum_units)


def started_minutes(span: timedelta) -> int:
    """Whole minutes, a started one counting: 55 seconds is 1 minute, never 0."""
    return -(-span // timedelta(minutes=1))


@dataclass(frozen=True, slots=True)
class Labour:
    """A labour line: one session, or the sessions of a local day (the rounding scope)."""

    description: str
    units: int
    day: date
    #: the id of its first session, and when that started: how :mod:`.prepaid` draws
    key: int
    at: datetime
    training: bool = False


def labour_lines(
    rules: BillingRules, sessions: list[WorkSession], zone_day: dict[int, date]
) -> list[Labour]:
    """A line per session, or per local day when the scope says so (training apart from
    the rest of the day's work); a session's day is the one it started on."""
    if rules.rounding_scope == "session":
        return [
            Labour(
                f"{s.kind} {started_minutes(s.duration)} min",
                units_for(rules, s.duration),
                zone_day[i],
                s.id,
                s.start,
                s.kind == TRAINING,
            )
            for i, s in enumerate(sessions)
        ]
    per_day: dict[tuple[date, bool], list[WorkSession]] = defaultdict(list)
    for index, session in enumerate(sessions):
        per_day[zone_day[index], session.kind == TRAINING].append(session)
    lines = []
    for (day, training), theirs in sorted(per_day.items()):
        total = sum((s.duration for s in theirs), timedelta(0))
        first = min(theirs, key=lambda s: (s.start, s.id))
        what = f"{day:%d/%m/%Y} {TRAINING} " if training else f"{day:%d/%m/%Y} "
        lines.append(
            Labour(
                f"{what}{started_minutes(total)} min",
                units_for(rules, total),
                day,
                first.id,
                first.start,
                training,
            )
        )
    return lines
