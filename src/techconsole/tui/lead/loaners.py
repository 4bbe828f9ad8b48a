"""The loaner PCs out, on the team load (seed 004): which one, with whom, whose data, for
which incident, since when and for how long.  A pure Rich renderable of the loans and
the instant, so the screen redraws it as time passes without reading."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from techconsole.domain import display
from techconsole.i18n import _, ngettext
from techconsole.services.loaners.views import LoanView
from techconsole.tui.widgets.text import cell, local

#: below this width the table leaves out whose data and the incident
WIDE = 100


def loaners_out(
    loans: Sequence[LoanView], now: datetime, zone: ZoneInfo, width: int
) -> RenderableType:
    """The heading and one line per loaner out, the longest out first."""
    heading = Text(_("Loaner PCs out"), style="bold")
    if not loans:
        heading.append(" · " + _("none: every loaner PC is in"), style="dim")
        return heading
    count = ngettext("{n} out", "{n} out", len(loans)).format(n=len(loans))
    heading.append(f" · {count}", style="dim")
    wide = width >= WIDE
    table = Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False, show_edge=False)
    table.add_column(_("Loaner PC"), no_wrap=True)
    table.add_column(_("Customer"), ratio=2, no_wrap=True, overflow="ellipsis")
    if wide:
        table.add_column(_("Data of"), ratio=2, no_wrap=True, overflow="ellipsis")
        table.add_column(_("Incident"), no_wrap=True)
    table.add_column(_("Since"), no_wrap=True)
    table.add_column(_("Out for"), justify="right", no_wrap=True)
    for loan in sorted(loans, key=lambda found: found.lent_at):
        line = [cell(loan.loaner), cell(loan.customer)]
        if wide:
            line += [cell(loan.data_from), Text(loan.incident or display.NONE)]
        line += [Text(local(loan.lent_at, zone)), Text(display.age(loan.lent_at, now))]
        table.add_row(*line)
    return Group(heading, table)
