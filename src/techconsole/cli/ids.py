"""Whole numbers typed on the command line as ids and revisions, checked when read.

Every option or argument that takes an id (a contact, a work session…) parses it with
:func:`row_id`, so a number no database row can have (``99999999999999999999999``,
``0``) is refused where it is typed, naming the option, before a database is opened.
"""

from __future__ import annotations

from typing import Any

from pydantic_core import PydanticCustomError

from techconsole.domain.limits import MAX_ID
from techconsole.i18n import _


def _whole(value: Any, low: int) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        number: int | None = value
    else:
        text = str(value).strip()
        digits = text.removeprefix("-")
        fits = digits.isascii() and digits.isdigit() and len(digits) <= len(str(MAX_ID)) + 1
        number = int(text) if fits else None
    if number is None or not low <= number <= MAX_ID:
        said = _("'{value}' is not a whole number from {low} to {high}").format(
            value=value, low=low, high=MAX_ID
        )
        # a custom error: said as it is, without pydantic's "Value error, " in front
        raise PydanticCustomError("whole_number", said)
    return number


def row_id(value: Any) -> int:
    """A row's id (a contact, a work session): 1 to :data:`MAX_ID`."""
    return _whole(value, 1)


def revision(value: Any) -> int:
    """A work report's revision: 0 (the first) to :data:`MAX_ID`."""
    return _whole(value, 0)
