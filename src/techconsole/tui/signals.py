"""The console's app-wide events, as Textual signals the screens and widgets subscribe to.

:class:`ConsoleApp` owns two :class:`~textual.signal.Signal`\\ s:

- ``database_changed_signal`` (no data): someone committed a change, this console or
  another process (the app publishes it when its change poller says so).  The queue, an
  open incident, its work report, the team load and every timer bar read again.
- ``timer_changed_signal`` (a :class:`TimerChange`): the running timer was started or
  stopped from this console.  Every timer bar shows the new state at once (no read), and
  the incident screen and the team load read their work figures again.

A node subscribes once it is mounted, ``console(self).timer_changed_signal.subscribe(self,
callback)``; the subscription ends with the node.  Signals are published from the app's
own thread only: a thread worker posts a message and its handler publishes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.signal import Signal

from techconsole.tui.state import ConsoleState

if TYPE_CHECKING:
    from techconsole.mail.setup import MailIntake
    from techconsole.services.views import TechnicianView
    from techconsole.services.work.timer_views import SessionView
    from techconsole.tui.opening import Opening


@dataclass(frozen=True, slots=True)
class TimerChange:
    """A timer started (``started``) or stopped: ``session`` is the one that did."""

    session: SessionView
    started: bool

    @property
    def running(self) -> SessionView | None:
        """The timer running now (``None``: none)."""
        return self.session if self.started else None


class ConsoleApp(App[None]):
    """An app with the console's signals (``TechConsole`` is one), and whether its
    database is read-only for the person at it (:mod:`techconsole.tui.readonly`)."""

    def __init__(self) -> None:
        super().__init__()
        self.read_only = False
        self.database_changed_signal: Signal[None] = Signal(self, "database-changed")
        self.timer_changed_signal: Signal[TimerChange] = Signal(self, "timer-changed")
        #: who runs the console, once known (``None`` until then, or when not in the team)
        self.me: TechnicianView | None = None
        #: the folder the last export was written in, this session (:mod:`.folders`)
        self.export_folder: Path | None = None
        #: the console as its person left it (:mod:`.state`): in memory unless given a file
        self.state = ConsoleState()
        #: the database still to open, and who acts on it (:mod:`.opening`); ``None``: open
        self.opening: Opening | None = None
        #: where the queue keeps the statements of its first page for the next start
        #: (:mod:`techconsole.services.incidents.kept_page`); ``None``: nowhere
        self.page_cache: Path | None = None
        #: where ``f`` on the mail screen takes mail from (``[mail]`` of the settings, made
        #: when asked); ``None``: the console was not told (tests, scripts)
        self.mail_intake: Callable[[], MailIntake] | None = None


def console(node: DOMNode) -> ConsoleApp:
    """The console ``node`` runs in, whose signals it may subscribe to."""
    app = node.app
    if not isinstance(app, ConsoleApp):
        raise TypeError(f"{type(node).__name__} runs in the console only, not in {app!r}")
    return app


def console_state(node: DOMNode) -> ConsoleState:
    """The last view, saved views and theme of the console ``node`` runs in."""
    return console(node).state


def in_sight(screen: Screen[Any]) -> bool:
    """Whether ``screen`` can be seen: on top, or under dialogs only.  A screen under a
    whole other screen (the queue under an open incident) need not read the database
    again when it changes: it reads once when it is shown again."""
    stack = screen.app.screen_stack
    if screen not in stack:
        return False
    above = stack[stack.index(screen) + 1 :]
    return all(isinstance(other, ModalScreen) for other in above)
