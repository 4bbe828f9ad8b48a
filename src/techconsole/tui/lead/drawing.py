"""How the team load is drawn: the title, the team table (redrawn every second while a
timer runs or a loaner PC is out, without reading), the month's SLA compliance, the
health checks overdue, the charts, or the service's refusal in their place.
"""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual import on
from textual.screen import Screen
from textual.widgets import Static

from techconsole.i18n import _, ngettext
from techconsole.i18n.formats import weekday_datetime
from techconsole.services.context import Context
from techconsole.services.loaners.views import LoanView
from techconsole.services.team.load import TeamLoad
from techconsole.services.team.stats import TeamStats
from techconsole.tui.lead.charts import trends
from techconsole.tui.lead.checks import OverdueChecks, overdue_checks
from techconsole.tui.lead.loaners import loaners_out
from techconsole.tui.lead.tables import CAPTION, compliance_table, month_name, team_table
from techconsole.tui.widgets.text import plain, tones


class LeadDrawing(Screen[None]):
    """The team load's sections, drawn from what was read (mixed into the lead screen)."""

    ctx: Context
    load: TeamLoad | None
    loans: tuple[LoanView, ...] | None
    refused: str | None
    stats: TeamStats | None
    _drawn: int

    def _draw_charts(self) -> None:
        charts = self.query_one("#lead-charts", Static)
        charts.display = self.stats is not None and self.refused is None
        if self.stats is not None and charts.display:
            # the screen's width, not the body's: the bars do not change length with the
            # scrollbar that the charts themselves may bring
            charts.update(trends(self.stats, tones(self.app), self.size.width))

    @on(OverdueChecks)
    def _overdue(self, message: OverdueChecks) -> None:
        shown = self.query_one("#lead-checks", Static)
        shown.display = bool(message.checks) and self.refused is None
        if shown.display:
            shown.update(overdue_checks(message.checks, tones(self.app)))

    def _refusal(self, reason: str) -> None:
        self.query_one("#lead-title", Static).update(Text(_("Team load"), style="bold"))
        words = plain(reason)
        said = Text("⛔ ", style="bold red")
        said.append(words[:1].upper() + words[1:] + ".", style="bold red")
        said.append(
            "\n\n" + _("The team load shows every technician's incidents, timers and scatti;")
        )
        said.append("\n" + _("only a lead sees it. esc goes back."), style="dim")
        self.query_one("#lead-team", Static).update(said)
        self.query_one("#lead-loaners", Static).display = False
        self.query_one("#lead-contracts", Static).update("")
        self.query_one("#lead-prepaid", Static).display = False
        self.query_one("#lead-ads").display = False
        self.query_one("#lead-compliance", Static).update("")
        self.query_one("#lead-checks").display = False
        self.query_one("#lead-charts").display = False

    def _show(self, load: TeamLoad) -> None:
        zone = self.ctx.policy.zone
        title = Text(_("Team load"), style="bold")
        title.append(f" · {weekday_datetime(load.now, zone)}")
        people = len(load.technicians)
        title.append(
            " · " + ngettext("{n} person", "{n} people", people).format(n=people), style="dim"
        )
        self.query_one("#lead-title", Static).update(title)
        caption = Text(_(CAPTION), style="dim")
        heading = Text(
            _("SLA compliance, {month}").format(month=month_name(load.month)), style="bold"
        )
        heading.append(" " + _("(clocks stopped this month)"), style="dim")
        plans = (
            compliance_table(load.compliance)
            if load.compliance is not None
            else Text(_("reading…"), style="dim")
        )
        self.query_one("#lead-compliance", Static).update(Group(caption, Text(""), heading, plans))
        self.tick()

    def tick(self) -> None:
        """Redraw the team table as of now (the timers' elapsed time), without reading."""
        if self.load is None:
            return
        width = self.query_one("#lead-body").size.width or self.size.width
        ticking = any(t.timer for t in self.load.technicians) or bool(self.loans)
        if width == self._drawn and not ticking:
            return  # nothing ticks
        self._drawn = width
        now = self.ctx.now()
        table = team_table(self.load, now, width, tones(self.app))
        self.query_one("#lead-team", Static).update(table)
        out = self.query_one("#lead-loaners", Static)
        out.display = self.loans is not None
        if self.loans is not None:
            out.update(loaners_out(self.loans, now, self.ctx.policy.zone, width))
