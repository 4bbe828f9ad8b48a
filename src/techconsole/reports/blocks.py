"""Building blocks of a worded report, shared by every kind of report: label/value
fields, tables, dated notes; plain strings that each renderer escapes for its medium."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from techconsole.domain.text import strip_controls

if TYPE_CHECKING:
    from techconsole.reports.i18n import Words
    from techconsole.services.documents.report_views import Party


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


def company_lines(w: Words, co: Party) -> tuple[str, ...]:
    """The issuing company in a report's header: its name, address, VAT number, and how
    to reach it (phone · email), the lines it has."""
    lines = [clean(co.name, one_line=True), clean(co.address, one_line=True)]
    if co.vat_number:
        lines.append(f"{w['vat_number']} {clean(co.vat_number, one_line=True)}")
    reach = [
        f"{w[key]} {clean(value, one_line=True)}"
        for key, value in (("phone", co.phone), ("email", co.email))
        if value
    ]
    if reach:
        lines.append(" · ".join(reach))
    return tuple(line for line in lines if line)
