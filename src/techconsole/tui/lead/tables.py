"""The team-load tables: pure Rich renderables from a :class:`TeamLoad` and the instant.

The running timers' elapsed time is worked out from ``now``, so the screen redraws the
team table every second without reading anything.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from rich import box
from rich.table import Table
from rich.text import Text

from techconsole.domain import display
from techconsole.i18n import N_, _, formats, pgettext
from techconsole.i18n.formats import month_year
from techconsole.services.team.load import Load, PlanCompliance, TeamLoad, TechnicianLoad
from techconsole.tui.widgets.text import TONE_STYLES, cell, plain, stopwatch

#: what the team table's columns mean, under it
CAPTION = N_("▲ at risk · ✖ breached · ★ lead · Today, Month: scatti, running timers too")
#: below this width the timer column drops the subject and names drop the login
WIDE = 100


def month_name(month: str) -> str:
    """``2026-11`` → ``novembre 2026`` in the console's language."""
    return month_year(month)


def _count(value: int, glyph: str, style: str) -> Text:
    if not value:
        return Text("0", style="dim")
    return Text(f"{glyph} {value}", style=style)


def _loads(load: Load, styles: Mapping[str, str]) -> tuple[Text, Text, Text]:
    return (
        Text(str(load.open)),
        _count(load.at_risk, "▲", styles["warning"]),
        _count(load.breached, "✖", styles["breached"]),
    )


def _who(tech: TechnicianLoad, wide: bool) -> Text:
    who = cell(tech.name)
    if wide and tech.login != tech.name:
        who.append(f" ({plain(tech.login)})", style="dim")
    if tech.role == "lead":
        who.append(" ★", style="bold")
    if not tech.active:
        who.append(" " + _("inactive"), style="dim italic")
    return who


def _timer(tech: TechnicianLoad, now: datetime, wide: bool) -> Text:
    if tech.timer is None:
        return Text(display.NONE, style="dim")
    running = Text("▶ ", style="bold")
    running.append(tech.timer.incident)
    running.append(f" {stopwatch(tech.timer.elapsed(now))}", style="bold")
    if wide:
        running.append(" ")
        running.append_text(cell(tech.timer.subject))
    return running


def team_table(
    load: TeamLoad, now: datetime, width: int, styles: Mapping[str, str] = TONE_STYLES
) -> Table:
    """One line per technician, then the unassigned incidents."""
    wide = width >= WIDE
    table = Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False, show_edge=False)
    table.add_column(
        pgettext("team", "Technician"), ratio=2 if wide else 1, no_wrap=True, overflow="ellipsis"
    )
    table.add_column(pgettext("team", "Open"), justify="right", no_wrap=True)
    # narrow: the glyphs alone head the columns (the caption says what they mean)
    table.add_column(pgettext("team", "At risk") if wide else "▲", justify="right", no_wrap=True)
    table.add_column(pgettext("team", "Breached") if wide else "✖", justify="right", no_wrap=True)
    # narrow: room for "▶ 2026-000233 1:05:00", the names are cut first
    table.add_column(
        pgettext("team", "Timer"), ratio=3 if wide else None, no_wrap=True, overflow="ellipsis"
    )
    table.add_column(pgettext("team", "Today"), justify="right", no_wrap=True)
    table.add_column(pgettext("team", "Month"), justify="right", no_wrap=True)
    for tech in load.technicians:
        table.add_row(
            _who(tech, wide),
            *_loads(tech.load, styles),
            _timer(tech, now, wide),
            Text(str(tech.scatti_today)),
            Text(str(tech.scatti_month)),
        )
    table.add_section()
    table.add_row(
        Text(_("unassigned"), style="italic"), *_loads(load.unassigned, styles), "", "", ""
    )
    return table


def compliance_table(rows: tuple[PlanCompliance, ...]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, expand=False, pad_edge=False, show_edge=False)
    table.add_column(pgettext("team", "Plan"), no_wrap=True)
    table.add_column(pgettext("team", "Stopped"), justify="right")
    table.add_column(pgettext("team", "Met"), justify="right")
    table.add_column(pgettext("team", "Compliance"), justify="right")
    for row in rows:
        table.add_row(cell(row.label), str(row.stopped), str(row.met), formats.percent(row.percent))
    return table
