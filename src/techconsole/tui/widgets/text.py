"""Text for the screen: customer text shown as written, never obeyed; clock colours.

Everything a customer or another person typed (subjects, names, timeline notes) goes
through :func:`plain` and into a :class:`rich.text.Text`, never into a markup string, so
``[red]`` stays literal and an escape sequence cannot move the cursor or clear the screen.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from rich.markup import escape
from rich.text import Text

from techconsole.domain import display
from techconsole.domain.sla import ClockState
from techconsole.domain.text import drop_controls, strip_controls

if TYPE_CHECKING:
    from textual.app import App

#: Styles for ``display.tone`` (and the urgent mark); the glyph and the words carry the
#: meaning without them.  Plain ANSI colours, so they survive a 256-colour SSH session.
TONE_STYLES: Mapping[str, str] = {
    "ok": "green",
    "warning": "bold yellow",
    "breached": "bold red",
    "missed": "red",
    "paused": "cyan",
    "muted": "dim",
    "urgent": "bold red",
}
#: Under NO_COLOR Textual turns colours to greys, and a grey red sinks into the dark
#: background: weight, italics and reverse video keep breached and urgent loud.
MONOCHROME: Mapping[str, str] = {
    "ok": "",
    "warning": "bold",
    "breached": "bold reverse",
    "missed": "",
    "paused": "italic",
    "muted": "dim",
    "urgent": "bold reverse",
}


def _colour(value: str | None, fallback: str) -> str:
    """A theme's colour as Rich reads it (``#RRGGBB``; an alpha part dropped)."""
    if not value or not value.startswith("#"):
        return fallback
    return value[:7]


def tones(app: App[Any]) -> Mapping[str, str]:
    """The styles of the clock states in ``app``'s theme: ``$success`` for a clock on time,
    ``$warning`` in its warning band, ``$error`` breached or missed, ``$primary`` paused;
    under ``NO_COLOR``, weight and reverse video (:data:`MONOCHROME`)."""
    if app.no_color:
        return MONOCHROME
    theme = app.theme_variables
    error = _colour(theme.get("error"), "red")
    return {
        "ok": _colour(theme.get("success"), "green"),
        "warning": "bold " + _colour(theme.get("warning"), "yellow"),
        "breached": "bold " + error,
        "missed": error,
        "paused": _colour(theme.get("primary"), "cyan"),
        "muted": "dim",
        "urgent": "bold " + error,
    }


def plain(value: str | None, *, one_line: bool = True) -> str:
    """A person's text without control characters or terminal escapes."""
    return strip_controls(value or "", keep_newlines=not one_line)


def typed(value: str, *, one_line: bool = True) -> str:
    """What a person typed in a field, without control characters or terminal escapes,
    invisible characters kept: it is stored as typed (:func:`plain` is for showing)."""
    return drop_controls(value, keep_newlines=not one_line)


def cell(value: str | None, style: str = "", *, one_line: bool = True) -> Text:
    """A table cell from someone's text: literal, one line, cut with an ellipsis."""
    text = Text(plain(value, one_line=one_line), style=style, overflow="ellipsis")
    text.no_wrap = one_line
    return text


def filled(template: str, style: str = "", **values: str | Text) -> Text:
    """A translated sentence with its ``{placeholders}`` filled: the template's own words
    in ``style``, each value in its own (``{file} exists already in {folder}``, the name
    and the folder in bold; a string value shown as :func:`plain`), in the order the
    language puts them."""
    line = Text()
    for before, name, _spec, _conversion in string.Formatter().parse(template):
        line.append(before, style=style)
        if name is None:
            continue
        value = values[name]
        if isinstance(value, Text):
            line.append_text(value)
        else:
            line.append(plain(value, one_line=False))
    return line


def markup_safe(value: str) -> str:
    """For the few places that take markup (notifications): escaped and stripped."""
    return escape(plain(value, one_line=False))


def clock_text(
    state: ClockState | None,
    now: datetime,
    zone: ZoneInfo,
    styles: Mapping[str, str] = TONE_STYLES,
) -> Text:
    """Glyph and countdown (``▲ 0h 40m``, ``✖ −0h 12m``, ``‖ paused``), styled by tone."""
    if state is None:
        return Text(display.NONE, style=styles["muted"], no_wrap=True)
    words = f"{display.glyph(state)} {display.countdown(state, now, zone)}"
    return Text(words, style=styles[display.tone(state)], no_wrap=True)


def local(value: datetime | None, zone: ZoneInfo) -> str:
    """An instant in the policy's zone: ``23/11/2026 10:00``."""
    if value is None:
        return display.NONE
    return value.astimezone(zone).strftime("%d/%m/%Y %H:%M")


def database_name(label: str) -> str:
    """A short name for the database in a status line: the file, or host/database."""
    if label.startswith("sqlite"):
        return label.rsplit("/", 1)[-1] or label
    rest = label.split("@", 1)[-1]
    return rest.split("?", 1)[0]


def stopwatch(value: timedelta) -> str:
    """``1:05:12``: hours, minutes and seconds, never days (a forgotten timer: ``26:00:00``)."""
    seconds = max(int(value.total_seconds()), 0)
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}"
