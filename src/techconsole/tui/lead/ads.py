"""The reports due to the data controllers, on the team load (seed 001: "L'operato della
nostra azienda sara' riportato al titolare con cadenza da stabilire tra le parti"): a
heading and one line per report due, the oldest first, and the customers we are ADS for
with no cadence agreed yet (``report ads-due`` lists them all)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.console import Group
from rich.text import Text

from techconsole.i18n import _, ngettext
from techconsole.reports.ads_words import mailed_words
from techconsole.services.documents.ads_reports import AdsStanding
from techconsole.tui.widgets.text import TONE_STYLES, cell

#: at most this many lines; the rest are counted, with the command that lists them
SHOWN = 8


def ads_due(found: Sequence[AdsStanding], styles: Mapping[str, str] = TONE_STYLES) -> Group:
    """``found``: the standings that call for the lead (a report due, no cadence); shown
    when a report is due."""
    due = [(s, p) for s in found for p in s.due]
    heading = Text(
        ngettext(
            "Reports to the data controller: {n} due",
            "Reports to the data controller: {n} due",
            len(due),
        ).format(n=len(due)),
        style="bold",
    )
    lines = [heading]
    for standing, period in due[:SHOWN]:
        line = Text("⚠ ", style=styles["warning"])
        line.append_text(cell(standing.customer))
        line.append(f" · {period.start:%d/%m/%Y}–{period.end:%d/%m/%Y} · ")
        line.append(
            _("due since {day}").format(day=f"{period.due_on:%d/%m/%Y}"), style=styles["warning"]
        )
        mailed = standing.mailed
        if mailed is not None and period == standing.due[0]:
            stuck = mailed.state in ("failed", "uncertain")
            line.append(" · ")
            line.append_text(cell(mailed_words(mailed), styles["breached"] if stuck else "dim"))
        lines.append(line)
    more = len(due) - SHOWN
    if more > 0:
        said = ngettext(
            "and {n} more: techconsole report ads-due",
            "and {n} more: techconsole report ads-due",
            more,
        ).format(n=more)
        lines.append(Text(said, style="dim"))
    if due:
        lines.append(Text(_("press e to send one by e-mail"), style="dim"))
    unagreed = sum(not s.agreed for s in found)
    if unagreed:
        said = ngettext(
            "{n} customer we are ADS for has no cadence agreed yet: techconsole report ads-due",
            "{n} customers we are ADS for have no cadence agreed yet: techconsole report ads-due",
            unagreed,
        ).format(n=unagreed)
        lines.append(Text(said, style="dim"))
    return Group(*lines)
