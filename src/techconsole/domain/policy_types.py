"""The value types a policy file is written in, checked as the file loads.

A section of the policy that needs no cross-reference (billing, intake, service,
changes, company) is declared once, in :mod:`.policy_rules`: a frozen dataclass (configured
with :data:`STRICT`) that pydantic validates straight from the file's table and that the
rules then read.
"""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict

from techconsole.domain.errors import DomainError
from techconsole.domain.instants import parse_duration
from techconsole.domain.limits import MAX_AMOUNT
from techconsole.i18n import _

#: Unknown keys are refused (a typo is an error); a key may be given by its field name
#: in code where the file spells it otherwise (an alias).
#: (The dataclasses say ``frozen=True`` themselves.)
STRICT = ConfigDict(extra="forbid", populate_by_name=True, defer_build=True)

#: the longest duration a policy may set (a target, a timer's limits, a loaner's wait):
#: a year
LONGEST = timedelta(days=366)


class Strict(BaseModel):
    """A table of the file that is only read while the policy is built."""

    model_config = ConfigDict(**STRICT, frozen=True)


def _duration(value: Any) -> timedelta:
    if isinstance(value, timedelta):  # built in code, not read from a file
        if value <= timedelta(0):
            raise ValueError(_("{value} is not positive; a duration must be").format(value=value))
        return value
    if not isinstance(value, str):
        raise ValueError(_('a duration is a string like "4h", "30m" or "1h30m"'))
    if value.strip().startswith("-"):
        raise ValueError(_("'{value}' is negative; a target must be positive").format(value=value))
    try:
        result = parse_duration(value, LONGEST)
    except DomainError as exc:
        raise ValueError(str(exc)) from None
    if result <= timedelta(0):
        raise ValueError(_("'{value}' is zero; a target must be positive").format(value=value))
    return result


def _money(value: Any) -> Decimal:
    if isinstance(value, float):
        raise ValueError(_('write money as a string, e.g. "40.00", so it stays exact'))
    try:
        amount = Decimal(str(value))
    except ArithmeticError:
        raise ValueError(_("'{value}' is not an amount").format(value=value)) from None
    if not amount.is_finite() or amount < 0:
        raise ValueError(_("'{value}' must be zero or more").format(value=value))
    if amount > MAX_AMOUNT:
        raise ValueError(
            _("'{value}' is too large: at most {limit}").format(value=value, limit=MAX_AMOUNT)
        )
    return amount


def _percent(value: Any) -> Decimal:
    """A percentage: a number from 0 to 100 (``22``, ``22.5`` or ``"22"``), nothing else."""
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise ValueError(_("a percentage is a number from 0 to 100, e.g. 22"))
    try:
        amount = Decimal(str(value).strip())
    except ArithmeticError:
        amount = Decimal("NaN")
    if not amount.is_finite() or not 0 <= amount <= 100:
        raise ValueError(
            _("'{value}' is not a percentage: write a number from 0 to 100").format(value=value)
        )
    return amount


def _days(value: Any) -> timedelta:
    """A span of days: ``"7d"`` (or ``7``, a number of days), else what :func:`_duration`
    reads (``"48h"``)."""
    if isinstance(value, bool):
        raise ValueError(_('a span of days is written like "7d" (or a duration like "48h")'))
    if isinstance(value, int):
        value = f"{value}d"
    if isinstance(value, str):
        match = re.fullmatch(r"\s*([0-9]{1,3})\s*d\s*", value)
        if match:
            days = timedelta(days=int(match[1]))
            if not timedelta(0) < days <= LONGEST:
                raise ValueError(
                    _("'{value}' must be from 1d to {days}d").format(
                        value=value.strip(), days=LONGEST.days
                    )
                )
            return days
    return _duration(value)


def _allowance(value: Any) -> timedelta:
    """A duration that may be nothing: ``"4h"``, or ``0``, ``"0"``, ``"0h"`` for none."""
    if isinstance(value, int) and not isinstance(value, bool) and value == 0:
        return timedelta(0)
    if isinstance(value, str) and value.strip() == "0":
        return timedelta(0)
    if isinstance(value, timedelta) and value == timedelta(0):
        return value
    if isinstance(value, str) and not value.strip().startswith("-"):
        try:
            if parse_duration(value, LONGEST) == timedelta(0):
                return timedelta(0)
        except DomainError:
            pass  # said by _duration below
    return _duration(value)


Duration = Annotated[timedelta, BeforeValidator(_duration)]
#: a duration or nothing (``"0"``): an allowance the policy may leave out
Allowance = Annotated[timedelta, BeforeValidator(_allowance)]
Days = Annotated[timedelta, BeforeValidator(_days)]
Money = Annotated[Decimal, BeforeValidator(_money)]
Percent = Annotated[Decimal, BeforeValidator(_percent)]


def _hour_count(value: Any) -> bool:
    if isinstance(value, bool):  # built in code
        return value
    if value == "whole" or value == "started":
        return bool(value == "started")
    raise ValueError(_("write 'whole' or 'started' (not '{value}')").format(value=value))


#: ``hours = "whole" | "started"`` in the file; whether a started hour counts, in code.
HourCount = Annotated[bool, BeforeValidator(_hour_count)]
