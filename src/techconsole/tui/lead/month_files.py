"""What the monthly-summaries form asks and answers, and the question asked before files
already in the folder are replaced.

The month proposed is the current one in the policy's zone, or the previous one during
the first :data:`EARLY_DAYS` days of a month (when last month is invoiced).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from techconsole.i18n import N_, _, ngettext, pgettext
from techconsole.reports.i18n import Lang
from techconsole.tui.widgets.overwrite import OverwriteDialog
from techconsole.tui.widgets.text import filled, plain

#: up to this day of a month, the form proposes the previous month
EARLY_DAYS = 7
#: what each format writes, as the form offers it (English msgids: see :func:`formats`)
FORMATS = (
    (N_("PDF, one per customer"), "pdf"),
    (N_("CSV, one file for the accountant"), "csv"),
    (N_("JSON, one file"), "json"),
)
#: each language named in itself, as a person looks for their own
LANGUAGES = (("Italiano", "it"), ("English", "en"))
#: how many names of files already there the question lists
NAMED = 3


def formats() -> list[tuple[str, str]]:
    """The formats as the form offers them, in the language in use."""
    return [(_(words), fmt) for words, fmt in FORMATS]


def default_month(now: datetime, zone: tzinfo) -> str:
    """``2026-11`` on 23/11/2026; ``2026-10`` on 3/11/2026 (in ``zone``)."""
    day = now.astimezone(zone).date()
    year, month = day.year, day.month
    if day.day <= EARLY_DAYS:
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return f"{year:04d}-{month:02d}"


@dataclass(frozen=True, slots=True)
class Request:
    """The form's answer: the month (checked), the format, the folder as typed (empty:
    the current one) and the language."""

    month: str
    fmt: str
    folder: str
    lang: Lang


@dataclass(frozen=True, slots=True)
class Outcome:
    """What was written: ``written`` of the ``planned`` files, in ``folder``, for
    ``customers`` customers and ``reports`` work reports; fewer when stopped."""

    request: Request
    folder: Path
    written: tuple[Path, ...]
    planned: int
    customers: int
    reports: int

    @property
    def stopped(self) -> bool:
        return len(self.written) < self.planned


class OverwriteFiles(OverwriteDialog):
    """``2 of the 12 files exist already in /home/anna``, with their names: replace
    them, or keep them (the default: ``enter``, ``esc`` or ``n``; ``y`` replaces)."""

    def __init__(self, there: tuple[Path, ...], planned: int) -> None:
        super().__init__(there[0])
        self.there, self.planned = there, planned

    def compose(self) -> ComposeResult:
        count, folder = len(self.there), Text(plain(str(self.path.parent)), style="bold")
        if self.planned == 1:
            file = Text(plain(self.path.name), style="bold")
            said = filled(_("{file} exists already in {folder}."), file=file, folder=folder)
        else:
            template = ngettext(
                "{count} of the {planned} files exists already in {folder}",
                "{count} of the {planned} files exist already in {folder}",
                count,
            )
            said = filled(
                template,
                count=Text(str(count), style="bold"),
                planned=Text(str(self.planned), style="bold"),
                folder=folder,
            )
            names = ", ".join(plain(p.name) for p in self.there[:NAMED])
            if count > NAMED:
                more = count - NAMED
                names = ngettext("{names} and {n} more", "{names} and {n} more", more).format(
                    names=names, n=more
                )
            said.append(f":\n{names}", style="dim")
        ask = ngettext("Replace it with this summary?", "Replace them with these summaries?", count)
        said.append("\n" + ask)
        with Vertical(id="overwrite"):
            yield Static(Text(_("Overwrite?"), style="bold"), id="overwrite-title")
            yield Static(said, id="overwrite-said")
            with Horizontal(id="overwrite-buttons"):
                keep = pgettext("file", "Keep it") if count == 1 else _("Keep them")
                yield Button(keep, id="overwrite-keep", variant="primary", compact=True)
                yield Button(_("Overwrite (y)"), id="overwrite-yes", variant="error", compact=True)
