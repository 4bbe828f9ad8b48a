"""The health checks overdue, for the lead (seed 004): each machine whose monthly check
was not done by the end of its month, or whose repeat after a dangerous finding is past
its day; ``H`` on the queue lists and records them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.console import Group
from rich.text import Text
from textual.message import Message

from techconsole.i18n import _, ngettext
from techconsole.services.checks.views import DueCheck
from techconsole.tui.widgets.text import TONE_STYLES, cell

#: at most this many lines; the rest are counted
SHOWN = 8


class OverdueChecks(Message):
    """The overdue checks were read (posted from the worker)."""

    def __init__(self, checks: Sequence[DueCheck]) -> None:
        super().__init__()
        self.checks = tuple(checks)


def overdue_checks(checks: Sequence[DueCheck], styles: Mapping[str, str] = TONE_STYLES) -> Group:
    count = len(checks)
    heading = Text("✖ ", style=styles["breached"])
    heading.append(
        ngettext("{n} health check overdue", "{n} health checks overdue", count).format(n=count),
        style="bold",
    )
    heading.append("  " + _("(H on the queue)"), style="dim")
    lines = [heading]
    for check in checks[:SHOWN]:
        line = Text("  ")
        line.append(f"{check.day:%d/%m/%Y} ")
        line.append_text(cell(f"{check.customer} · #{check.asset_id} {check.asset}"))
        if check.kind == "repeat":
            line.append(" · " + _("repeat after {number}").format(number=check.repeat_of or ""))
        if check.technician:
            line.append(" · ")
            line.append_text(cell(check.technician, "dim"))
        lines.append(line)
    if count > SHOWN:
        more = count - SHOWN
        lines.append(Text("  " + _("and {n} more").format(n=more), style="dim"))
    return Group(*lines, Text(""))
