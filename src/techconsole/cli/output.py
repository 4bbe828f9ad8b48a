"""Shared output for commands: Rich consoles, JSON, errors with exit codes."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, NoReturn

from rich.console import Console
from rich.markup import escape

from techconsole.domain.text import strip_controls

#: Exit codes: 0 done, 1 refused by a rule or not possible now, 2 bad input or config.
EXIT_REFUSED = 1
EXIT_BAD_INPUT = 2

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


class CommandError(Exception):
    """Stops a command with a message for the person and an exit code."""

    def __init__(self, message: str, code: int = EXIT_BAD_INPUT) -> None:
        super().__init__(message)
        self.code = code


def fail(message: str, code: int = EXIT_BAD_INPUT) -> NoReturn:
    raise CommandError(message, code)


def safe(text: str, *, one_line: bool = False) -> str:
    """Customer or file text made safe for Rich markup: shown as written, never obeyed."""
    return escape(strip_controls(text, keep_newlines=not one_line))


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, Sequence) and not isinstance(value, str):
        return [_plain(v) for v in value]
    return value


def emit_json(value: Any) -> None:
    """One JSON document on stdout: plain numbers and ISO 8601 times for machines."""
    sys.stdout.write(json.dumps(_plain(value), ensure_ascii=False, indent=2) + "\n")


def when(value: datetime) -> str:
    """A local instant for people, its weekday in the language in use:
    ``ven 27/11/2026 17:00`` (``Fri 27/11/2026 17:00``)."""
    from techconsole.i18n.formats import weekday_datetime  # Babel: only when a date shows

    return weekday_datetime(value)
