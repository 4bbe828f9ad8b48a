"""Putting the timer bar on every screen, and sending the timer key to the one in sight.

The screens do not know about the timer bar: :class:`TimerBars` watches the app's
screen changes and mounts a :class:`TimerBar` on each full screen (queue, incident, team
load, and any screen added later; not on pop-ups), and sends the key to it with the
incident a :class:`~techconsole.tui.roles.TimerTarget` screen names (the one open on an
incident screen, the highlighted one on the queue).  Each bar keeps itself up to date
through the console's signals (:mod:`techconsole.tui.signals`).

Until the console has opened its database (it paints first) a screen gets a
:class:`BarPlace` instead, which looks like a bar that has not read the timer yet; the
bars take their places once the database is open (:meth:`TimerBars.attach`).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import App, SystemCommand
from textual.screen import Screen
from textual.widgets import Static

from techconsole.i18n import NP_, _
from techconsole.tui.readonly import refuse
from techconsole.tui.roles import ELSEWHERE, TimerTarget
from techconsole.tui.signals import console
from techconsole.tui.speak import words

if TYPE_CHECKING:
    from techconsole.services.context import Context

#: the bar's styles, for the app's ``CSS_PATH``
CSS = Path(__file__).parent / "timer.tcss"
#: the work a palette command starts, by session kind (a whole phrase in each language)
WORK = {
    "remote": NP_("timer palette", "remote work"),
    "on_site": NP_("timer palette", "work on site"),
    "phone": NP_("timer palette", "work on the phone"),
    "travel": NP_("timer palette", "travel"),
    "lab": NP_("timer palette", "lab work"),
    "training": NP_("timer palette", "training"),
}


def incident_on(screen: Screen[Any]) -> str | None:
    """The incident the timer key starts on, on ``screen`` (``None``: no incident there)."""
    return screen.timer_incident() if isinstance(screen, TimerTarget) else None


def hint_for(screen: Screen[Any]) -> str:
    """What the key does on ``screen`` when no timer runs."""
    return screen.TIMER_HINT if isinstance(screen, TimerTarget) else ELSEWHERE


class BarPlace(Static):
    """Where a screen's timer bar goes, until the console has opened its database."""

    def __init__(self) -> None:
        super().__init__(Text(_("timer …"), style="dim"), classes="timer-bar")


class TimerBars:
    """One timer bar per full screen of ``app``; the first raises a forgotten timer.
    ``ctx`` is ``None`` until the console has opened its database (:meth:`attach`)."""

    def __init__(self, app: App[Any], ctx: Context | None) -> None:
        self.app, self.ctx = app, ctx
        self._asked = False

    def attach(self, ctx: Context) -> None:
        """The database is open: every screen's place gets its bar."""
        self.ctx = ctx
        for screen in self.app.screen_stack:
            places = list(screen.query(BarPlace))
            for place in places:
                place.remove()
            if places:
                self._mount(screen)

    def install(self) -> None:
        """Watch the screens from now on (before the first screen is pushed)."""
        self.app.screen_change_signal.subscribe(self.app, self._screen_changed)

    def _screen_changed(self, screen: Screen[Any]) -> None:
        if screen.is_modal or screen.id == "_default":
            return
        screen.call_later(self._mount, screen)  # once the screen has composed itself

    def _mount(self, screen: Screen[Any]) -> None:
        if not screen.is_attached:  # gone meanwhile (the console is closing)
            return
        if self.ctx is None:
            if not screen.query(BarPlace):
                screen.mount(BarPlace())
            return
        from techconsole.tui.timer.bar import TimerBar  # its services: once the database is open

        for bar in screen.query(TimerBar):
            bar.tick()
            return
        ask, self._asked = not self._asked, True
        ask = ask and not console(self.app).read_only  # a forgotten timer cannot be stopped
        screen.mount(TimerBar(self.ctx, hint=hint_for(screen), ask_if_stale=ask))

    def toggle(
        self, screen: Screen[Any] | None = None, kind: str = "remote", *, switch: bool = False
    ) -> None:
        """The timer key: stop the running timer, or start one on this screen's incident."""
        screen = screen or self.app.screen
        if screen.is_modal or self.ctx is None:
            return
        if console(self.app).read_only:
            refuse(self.app)
            return
        from techconsole.tui.timer.bar import TimerBar

        for bar in screen.query(TimerBar):
            bar.toggle(incident_on(screen), kind, switch=switch)
            return

    def commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The timer in the command palette: start or stop, and start work of a kind."""
        if screen.is_modal or self.ctx is None:
            return
        from techconsole.domain.billing_types import SESSION_KINDS
        from techconsole.tui.timer import figures
        from techconsole.tui.timer.bar import TimerBar

        if not screen.query(TimerBar):
            return
        yield SystemCommand(
            _("Timer: start or stop"),
            _("Your work timer, on this incident (key {key})").format(key=figures.KEY),
            partial(self.toggle, screen),
        )
        if incident_on(screen) is None:
            return
        for kind in SESSION_KINDS:
            work = words(WORK[kind])
            yield SystemCommand(
                _("Timer: start {work}").format(work=work),
                _("Start the timer here for {work} (a running timer stops at that moment)").format(
                    work=work
                ),
                partial(self.toggle, screen, kind, switch=True),
                discover=False,
            )
