"""What the team load's keys do: back, read again, scroll, ``M`` every customer's monthly
summaries (:mod:`.summaries`), ``e`` the report due to a data controller
(:mod:`.ads_send`); and the screen's entries in the command palette.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.containers import VerticalScroll
from textual.screen import Screen

from techconsole.i18n import _
from techconsole.i18n import language as console_language
from techconsole.reports.i18n import Lang, language
from techconsole.services.context import Context
from techconsole.services.documents.ads_reports import AdsStanding
from techconsole.services.team.load import TeamLoad
from techconsole.tui import folders
from techconsole.tui.roles import ScreenCommands
from techconsole.tui.widgets.scroll import scroll_line
from techconsole.tui.widgets.text import markup_safe


class LeadActions(ScreenCommands, Screen[None]):
    """The lead screen's keys and commands (mixed into the lead screen)."""

    ctx: Context
    load: TeamLoad | None
    refused: str | None
    ads: list[AdsStanding]

    if TYPE_CHECKING:

        def reload(self, *, full: bool = False) -> None: ...
        def _load_stats(self) -> object: ...

    def action_back(self) -> None:
        self.dismiss()

    def action_refresh(self) -> None:
        self.reload(full=True)
        self._load_stats()

    def action_scroll(self, direction: str) -> None:
        scroll_line(self.query_one("#lead-body", VerticalScroll), direction)

    # ------------------------------------------------------------------ summaries
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """``M`` is not offered to someone the service refused the team load; ``e`` only
        while a report to a data controller is due."""
        if action == "send_ads":
            return self.refused is None and any(s.due for s in self.ads)
        return not (action == "summaries" and self.refused is not None)

    def system_commands(self) -> Iterator[SystemCommand]:
        """The palette's entries of this screen (once the figures show it is a lead)."""
        if self.load is not None:
            yield SystemCommand(
                _("Monthly summaries"),
                _("Every customer's summary of a month: PDF, CSV or JSON (key M)"),
                self.action_summaries,
            )
        if any(s.due for s in self.ads):
            yield SystemCommand(
                _("Send ADS report"),
                _("E-mail the report due to a customer's data controller (key e)"),
                self.action_send_ads,
            )

    def action_summaries(self) -> None:
        from techconsole.tui.lead.summaries import SummariesDialog

        if self.refused is not None:
            self.notify(markup_safe(self.refused), title=_("Monthly summaries"), severity="error")
            return
        if self.load is None:
            said = _("the team load is still being read; try again in a moment")
            self.notify(said, title=_("Monthly summaries"), severity="warning")
            return
        lang: Lang = language(configured=console_language())  # the console's
        # the folder last written in (the form remembers the one it writes in)
        self.app.push_screen(SummariesDialog(self.ctx, folders.proposed(self), lang))

    # ------------------------------------------------------------------ ADS reports
    def action_send_ads(self) -> None:
        """The report due to a data controller, by e-mail (:mod:`.ads_send`)."""
        from techconsole.tui.lead.ads_send import AdsSendDialog, queued_words

        if not any(s.due for s in self.ads):
            self.notify(_("no report to a data controller is due"), severity="warning")
            return
        form = AdsSendDialog(self.ctx, self.ads)

        def sent(choice: object) -> None:
            if choice is not None and form.queued is not None:
                self.notify(markup_safe(queued_words(form.queued)), title=_("Send ADS report"))
                self.reload()

        self.app.push_screen(form, sent)
