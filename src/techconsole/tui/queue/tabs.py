"""The queue's views as a line of tabs: each with its key, the one shown highlighted; then
the views the person saved (``★ name``).

A click on a tab chooses that view (:class:`ViewTabs.Chosen`).  When the terminal is too
narrow for every name, the other views keep only their key and the one shown its name.
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text
from textual import events
from textual.message import Message
from textual.widgets import Static

from techconsole.i18n import _
from techconsole.tui.widgets.text import plain

#: between two tabs
GAP = "  "
#: a saved view's tab: this prefix and its name
SAVED = "saved:"
#: a saved view's mark on its tab
STAR = "★"


class ViewTabs(Static):
    """One line: ``1 Tutte aperte  2 Mie  …``, the current view in reverse."""

    class Chosen(Message):
        """A tab was clicked: show ``view``."""

        def __init__(self, view: str) -> None:
            super().__init__()
            self.view = view

    def __init__(self, titles: Mapping[str, tuple[str, str]], **kwargs: object) -> None:
        """``titles``: view → (key, English title, shown translated)."""
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.titles = dict(titles)
        self.current = next(iter(self.titles))
        self._spans: list[tuple[int, int, str]] = []
        self.saved: list[str] = []

    def show(self, view: str, *, saved: list[str] | None = None) -> None:
        """Highlight ``view`` (``saved:NAME`` for a saved one); ``saved``: the saved views'
        names, each a tab after the views."""
        self.current = view
        if saved is not None:
            self.saved = list(saved)
        self._draw()

    def on_resize(self, _event: events.Resize) -> None:
        self._draw()

    def _labels(self, full: bool) -> list[tuple[str, str]]:
        views = [
            (view, f"{key} {_(title)}" if full or view == self.current else key)
            for view, (key, title) in self.titles.items()
        ]
        saved = [
            (
                SAVED + name,
                f"{STAR} {plain(name)}" if full or SAVED + name == self.current else STAR,
            )
            for name in self.saved
        ]
        return views + saved

    def _draw(self) -> None:
        labels = self._labels(full=True)
        width = sum(len(t) for _v, t in labels) + len(GAP) * (len(labels) - 1) + 2  # " current "
        if width > self.content_size.width:
            labels = self._labels(full=False)
        line, self._spans = Text(no_wrap=True, overflow="ellipsis"), []
        for view, label in labels:
            if len(line):
                line.append(GAP)
            start = len(line)
            line.append(f" {label} " if view == self.current else label)
            if view == self.current:
                line.stylize("bold reverse", start)
            self._spans.append((start, len(line), view))
        self.update(line)

    def on_click(self, event: events.Click) -> None:
        for start, end, view in self._spans:
            if start <= event.x < end:
                self.post_message(self.Chosen(view))
                return
