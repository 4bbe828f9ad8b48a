"""Building blocks of a worded report, shared by every kind of report: label/value
fields, tables, dated notes; plain strings that each renderer escapes for its medium."""

from __future__ import annotations

from dataclasses import dataclass

from techconsole.domain.text import strip_controls


@dataclass(frozen=True, slots=True)
class Field:
    label: str
    value: str


@dataclass(frozen=True, slots=True)
class Grid:
    """A table: headers, rows of cells, and per column ``L`` or ``R`` alignment."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    align: str
    notes: tuple[str, ...] = ()  # per row: a reason shown under it, or ""


@dataclass(frozen=True, slots=True)
class Note:
    when: str
    author: str
    text: str


def clean(text: str, *, one_line: bool = False) -> str:
    """Customer text as written, minus terminal controls; trimmed."""
    return strip_controls(text, keep_newlines=not one_line).strip()
