"""Shared output for commands: Rich consoles, JSON, errors with exit codes."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NoReturn

from rich.markup import escape

from techconsole.domain.text import strip_controls

#: Exit codes: 0 done, 1 refused by a rule or not possible now, 2 bad input or config.
EXIT_REFUSED = 1
EXIT_BAD_INPUT = 2

if TYPE_CHECKING:
    from rich.console import Console


class _Console:
    """A Rich console made the first time something is printed with it.

    Making one costs ~25 ms of imports that ``--json`` output (plain JSON on stdout) never
    needs; scripts call such commands many times.
    """

    def __init__(self, **options: Any) -> None:
        object.__setattr__(self, "_options", options)
        object.__setattr__(self, "_console", None)

    def _made(self) -> Console:
        console: Console | None = object.__getattribute__(self, "_console")
        if console is None:
            from rich.console import Console

            console = Console(**object.__getattribute__(self, "_options"))
            object.__setattr__(self, "_console", console)
        return console

    def __getattr__(self, name: str) -> Any:
        return getattr(self._made(), name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._made(), name, value)

    def __enter__(self) -> Console:  # ``with console:`` (Rich's live displays do it)
        return self._made().__enter__()

    def __exit__(self, *exc: Any) -> None:
        self._made().__exit__(*exc)


out: Console = _Console(highlight=False)  # type: ignore[assignment]
err: Console = _Console(stderr=True, highlight=False)  # type: ignore[assignment]


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
