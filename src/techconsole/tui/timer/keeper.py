"""Putting the timer bar on every screen, and sending the timer key to the one in sight.

The screens do not know about the timer: :class:`TimerBars` watches the app's screen
changes and mounts a :class:`TimerBar` on each full screen (queue, incident, team load,
and any screen added later; not on pop-ups), and works out which incident the key acts
on: the one open on an incident screen, the highlighted one on the queue, or whatever a
screen names with a ``timer_incident()`` method.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import Any

from textual.app import App, SystemCommand
from textual.screen import Screen

from techconsole.domain.billing import SESSION_KINDS
from techconsole.services.context import Context
from techconsole.tui.queue.screen import QueueScreen
from techconsole.tui.timer import figures
from techconsole.tui.timer.bar import TimerBar

#: the bar's styles, for the app's ``CSS_PATH``
CSS = Path(__file__).parent / "timer.tcss"


def _incident_screen(screen: Screen[Any]) -> Any:
    """``screen`` if it is an incident screen, else ``None``.  That module is imported when
    the first incident opens (the queue paints without it): until then, none is open."""
    module = sys.modules.get("techconsole.tui.incident.screen")
    return screen if module is not None and isinstance(screen, module.IncidentScreen) else None


def incident_on(screen: Screen[Any]) -> str | None:
    """The incident the timer key starts on, on ``screen`` (``None``: no incident there)."""
    named = getattr(screen, "timer_incident", None)
    if callable(named):
        number = named()
        return None if number is None else str(number)
    incident = _incident_screen(screen)
    if incident is not None:
        return str(incident.number)
    if isinstance(screen, QueueScreen):
        return screen.table.cursor_key()
    return None


def hint_for(screen: Screen[Any]) -> str:
    """What the key does on ``screen`` when no timer runs."""
    if _incident_screen(screen) is not None:
        return "starts it on this incident"
    if isinstance(screen, QueueScreen) or callable(getattr(screen, "timer_incident", None)):
        return "starts it on the highlighted incident"
    return "starts it on an incident (from the queue)"


class TimerBars:
    """One timer bar per full screen of ``app``; the first raises a forgotten timer."""

    def __init__(self, app: App[Any], ctx: Context) -> None:
        self.app, self.ctx = app, ctx
        self._asked = False

    def install(self) -> None:
        """Watch the screens from now on (before the first screen is pushed)."""
        self.app.screen_change_signal.subscribe(self.app, self._screen_changed)

    def _screen_changed(self, screen: Screen[Any]) -> None:
        if screen.is_modal or screen.id == "_default":
            return
        screen.call_later(self._mount, screen)  # once the screen has composed itself

    def _mount(self, screen: Screen[Any]) -> None:
        for bar in screen.query(TimerBar):
            bar.tick()
            return
        ask, self._asked = not self._asked, True
        screen.mount(TimerBar(self.ctx, hint=hint_for(screen), ask_if_stale=ask))

    def bars(self) -> list[TimerBar]:
        return [bar for screen in self.app.screen_stack for bar in screen.query(TimerBar)]

    def data_changed(self) -> None:
        """The database changed: every bar reads the running timer again."""
        for bar in self.bars():
            bar.data_changed()

    def toggle(
        self, screen: Screen[Any] | None = None, kind: str = "remote", *, switch: bool = False
    ) -> None:
        """The timer key: stop the running timer, or start one on this screen's incident."""
        screen = screen or self.app.screen
        if screen.is_modal:
            return
        for bar in screen.query(TimerBar):
            bar.toggle(incident_on(screen), kind, switch=switch)
            return

    def commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The timer in the command palette: start or stop, and start work of a kind."""
        if screen.is_modal or not screen.query(TimerBar):
            return
        yield SystemCommand(
            "Timer: start or stop",
            f"Your work timer, on this incident (key {figures.KEY})",
            partial(self.toggle, screen),
        )
        if incident_on(screen) is None:
            return
        for kind in SESSION_KINDS:
            word = figures.kind_word(kind)
            yield SystemCommand(
                f"Timer: start {word} work",
                f"Start the timer as {word} work here (a running timer stops at that moment)",
                partial(self.toggle, screen, kind, switch=True),
                discover=False,
            )
