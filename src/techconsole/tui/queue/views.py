"""The queue's views: seven built in, on the keys 1–7, and those saved by name (ctrl+s),
each a tab of its own (:mod:`.tabs`); a view shows its own sort and filter.

The view, sort and filter shown are remembered for the next start
(:mod:`techconsole.tui.state`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.screen import Screen
from textual.widgets import Input

from techconsole.i18n import N_, _
from techconsole.tui.queue.table import QueueQuery, QueueTable
from techconsole.tui.queue.tabs import SAVED, ViewTabs
from techconsole.tui.signals import console_state
from techconsole.tui.state import ViewState
from techconsole.tui.widgets.text import plain

if TYPE_CHECKING:
    from techconsole.services.incidents import queue as queue_service

VIEW_KEYS: dict[str, queue_service.View] = {
    "1": "all",
    "2": "mine",
    "3": "unassigned",
    "4": "waiting",
    "5": "breached",
    "6": "at_risk",
    "7": "recent",
}
#: the views' names (English msgids, shown with ``_``)
VIEW_TITLES = {
    "all": N_("All open"),
    "mine": N_("Mine"),
    "unassigned": N_("Unassigned"),
    "waiting": N_("Waiting"),
    "breached": N_("Breached"),
    "at_risk": N_("At risk"),
    "recent": N_("Recent"),
}


class QueueViews(Screen[None]):
    """The queue's views and saved views (mixed into the queue screen)."""

    view: queue_service.View

    if TYPE_CHECKING:

        @property
        def table(self) -> QueueTable: ...
        @property
        def filter_input(self) -> Input: ...
        def show_where(self) -> None: ...

    def current(self) -> ViewState:
        """The view, sort and filter shown now."""
        table = self.table
        return ViewState(
            table.query_.view, table.sort_column, table.sort_reverse, table.query_.text
        )

    def show_tabs(self) -> None:
        self.query_one(ViewTabs).show(self.view, saved=list(console_state(self).saved))

    def action_view(self, view: queue_service.View) -> None:
        self.view = view
        self.show_tabs()
        self.table.reload(QueueQuery(view=view, text=self.table.query_.text))
        self.show_where()

    @on(ViewTabs.Chosen)
    def _tab(self, message: ViewTabs.Chosen) -> None:
        if message.view in VIEW_TITLES:
            self.action_view(message.view)  # type: ignore[arg-type]
        elif message.view.startswith(SAVED):
            self.open_saved(message.view.removeprefix(SAVED))

    def open_saved(self, name: str) -> None:
        """Show the view saved as ``name``: its view, sort and filter."""
        saved = console_state(self).saved.get(name)
        if saved is None:
            return
        self.view = saved.view  # type: ignore[assignment]
        self.filter_input.value = saved.text
        self.filter_input.display = bool(saved.text)
        self.table.sort_column, self.table.sort_reverse = saved.sort, saved.reverse
        self.table.reload(QueueQuery(view=self.view, text=saved.text))
        self.query_one(ViewTabs).show(SAVED + name, saved=list(console_state(self).saved))
        self.show_where()

    def action_save_view(self) -> None:
        """Keep the view, sort and filter shown under a name (a tab of its own)."""
        from techconsole.tui.queue.save_view import SaveViewDialog  # on first use

        def named(name: str | None) -> None:
            if name:
                console_state(self).save_view(name, self.current())
                self.query_one(ViewTabs).show(SAVED + name, saved=list(console_state(self).saved))
                self.notify(plain(name), title=_("View saved"), markup=False)

        self.app.push_screen(SaveViewDialog(list(console_state(self).saved)), named)

    def forget_saved(self, name: str) -> None:
        console_state(self).forget_view(name)
        self.show_tabs()
        self.notify(plain(name), title=_("Saved view forgotten"), markup=False)
