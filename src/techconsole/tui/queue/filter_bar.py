"""The queue's filter: ``/`` opens it, what is typed filters the queue once typing
pauses (:data:`FILTER_DELAY`), enter goes back to the table, esc clears it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input

from techconsole.tui.queue.table import QueueQuery, QueueTable
from techconsole.tui.widgets.text import typed

if TYPE_CHECKING:
    from techconsole.services.incidents import queue as queue_service

#: how long typing pauses before the filter is applied (seconds)
FILTER_DELAY = 0.25


class FilterBar(Screen[None]):
    """The filter over the queue (mixed into the queue screen)."""

    view: queue_service.View
    _filter_timer: Timer | None

    if TYPE_CHECKING:

        @property
        def table(self) -> QueueTable: ...
        def show_where(self) -> None: ...

    @property
    def filter_input(self) -> Input:
        return self.query_one("#filter", Input)

    def action_filter(self) -> None:
        if self.filter_input.has_focus:  # a "/" typed in the filter is part of the text
            self.filter_input.insert_text_at_cursor("/")
            return
        self.filter_input.display = True
        # Focus now, not later (``focus()`` waits for the queue): the keys typed right after
        # "/" are already queued and go to whoever has the focus when each is handled.
        self.set_focus(self.filter_input)

    def action_clear_filter(self) -> None:
        if self.filter_input.display or self.table.query_.text:
            self.filter_input.value = ""
            self.filter_input.display = False
            self._apply_filter()
        self.table.focus()

    @on(Input.Changed, "#filter")
    def _typed(self) -> None:
        if self._filter_timer is not None:
            self._filter_timer.stop()
        self._filter_timer = self.set_timer(FILTER_DELAY, self._apply_filter)

    @on(Input.Submitted, "#filter")
    def _submitted(self) -> None:
        self._apply_filter()
        if not self.filter_input.value:
            self.filter_input.display = False
        self.table.focus()

    def _apply_filter(self) -> None:
        if self._filter_timer is not None:
            self._filter_timer.stop()
            self._filter_timer = None
        text = typed(self.filter_input.value).strip()
        if text != self.table.query_.text:
            self.table.reload(QueueQuery(view=self.view, text=text))
            self.show_where()
