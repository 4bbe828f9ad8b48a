"""The timer bar: the running timer of the person at the console, on every screen.

It reads the timer in a thread worker (when it is mounted, and whenever the database
changes: the console's ``database_changed_signal``) and then ticks every second from the
session's start instant alone: elapsed time, scatti and the amount so far are computed
locally, never read.  Starting and stopping run in a thread worker too; what they did is
published as the console's ``timer_changed_signal``, so every bar shows it at once and
the incident screen and the team load read their work figures again.

Stopping a timer that ran no longer than the policy's grace time (``[timer]
discard_within``) first asks whether to keep the session or discard it
(:class:`~techconsole.tui.timer.discard.DiscardScreen`).
"""

from __future__ import annotations

from datetime import datetime
from functools import partial

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Static

from techconsole.domain.instants import format_span
from techconsole.i18n import _
from techconsole.services.context import Context
from techconsole.services.work import timer
from techconsole.services.work.timer_views import SessionView
from techconsole.tui.signals import TimerChange, console
from techconsole.tui.timer import figures
from techconsole.tui.timer.discard import Answer, DiscardScreen
from techconsole.tui.timer.stale import StaleTimerScreen
from techconsole.tui.widgets.text import markup_safe, plain, stopwatch, tones


class TimerBar(Horizontal):
    """``▶ 2026-000031 Server fermo   remote · 1:05:12 · 4 scatti · 160,00 € · T stop``."""

    class Loaded(Message):
        """The running timer was read (``session`` is ``None`` when none runs)."""

        def __init__(self, session: SessionView | None, error: str | None, serial: int) -> None:
            super().__init__()
            self.session, self.error, self.serial = session, error, serial

    class Done(Message):
        """A start or a stop finished (``error`` says why it was refused)."""

        def __init__(self, session: SessionView | None, started: bool, error: str | None) -> None:
            super().__init__()
            self.session, self.started, self.error = session, started, error

    def __init__(self, ctx: Context, *, hint: str, ask_if_stale: bool = False) -> None:
        super().__init__(classes="timer-bar")
        self.ctx, self.hint, self.ask_if_stale = ctx, hint, ask_if_stale
        self.session: SessionView | None = None
        self.loaded = False
        self.error: str | None = None
        self.busy = False
        self.serial = 0
        self._shown: tuple[str, str] = ("", "")

    def compose(self) -> ComposeResult:
        yield Static(Text(_("timer …"), style="dim"), classes="timer-what")
        yield Static(classes="timer-figures")

    def on_mount(self) -> None:
        signals = console(self)
        signals.database_changed_signal.subscribe(self, self._database_changed)
        signals.timer_changed_signal.subscribe(self, self._timer_changed)
        self.reload()
        self.set_interval(1.0, self.tick, name="timer-bar")

    # ------------------------------------------------------------------ reading
    def reload(self) -> None:
        """Read the running timer again (in a thread); the newest read wins."""
        self.serial += 1
        self._load(self.serial)

    def _database_changed(self, _: None) -> None:
        self.reload()  # someone may have started or stopped a timer elsewhere

    def _timer_changed(self, change: TimerChange) -> None:
        """Started or stopped from this console (this bar or another): shown, not read."""
        self.serial += 1  # a read still running is older than this
        self.session, self.loaded, self.error = change.running, True, None
        self.tick()

    @work(thread=True, group="timer-status", exit_on_error=False)
    def _load(self, serial: int) -> None:
        try:
            session = timer.status(self.ctx)
        except Exception as error:
            self.post_message(self.Loaded(None, str(error) or type(error).__name__, serial))
        else:
            self.post_message(self.Loaded(session, None, serial))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        message.stop()
        if message.serial != self.serial:
            return  # an older read finished after a newer one was asked for
        self.error = message.error
        if message.error is None:
            self.session, self.loaded = message.session, True
        self.tick()
        if self.ask_if_stale and self.loaded:
            self.ask_if_stale = False  # asked once, at start-up
            if self.session is not None and self.session.stale:
                self.app.push_screen(StaleTimerScreen(self.ctx, self.session), self._after_stale)

    def _after_stale(self, stopped: SessionView | None) -> None:
        if stopped is not None:
            self._done(self.Done(stopped, False, None))

    # ------------------------------------------------------------------ drawing
    def tick(self) -> None:
        """Show the timer as of now: computed from its start, no database read."""
        if self.session is not None:
            styles = tones(self.app)
            narrow = self.size.width < figures.NARROW
            what, numbers = figures.running(
                self.ctx.policy, self.session, self.ctx.now(), styles, narrow=narrow
            )
        elif self.loaded:
            what, numbers = figures.idle(self.hint, read_only=console(self).read_only)
        else:
            what, numbers = Text(_("timer …"), style="dim"), Text()
        if self.error is not None:
            said = _("⚠ timer not read: {error}").format(error=plain(self.error))
            numbers = Text(said, style="bold red")
        shown = self.query(".timer-what, .timer-figures").results(Static)
        boxes = list(shown)
        if len(boxes) != 2:  # a signal before its parts are composed, or as they go
            return
        if (what.plain, numbers.plain) != self._shown:
            self._shown = (what.plain, numbers.plain)
            boxes[0].update(what)
            boxes[1].update(numbers)

    def on_resize(self) -> None:
        self.tick()

    @property
    def text(self) -> str:
        """What the bar says now, as plain text."""
        return "  ".join(part for part in self._shown if part)

    # ------------------------------------------------------------------ start, stop
    def toggle(self, number: str | None, kind: str = "remote", *, switch: bool = False) -> None:
        """Stop the running timer; or, when none runs, start one on ``number``.

        With ``switch``, start on ``number`` even when a timer runs (it is stopped at
        that instant)."""
        if self.busy:
            return
        if self.session is not None and not switch:
            now = self.ctx.now()
            if timer.discardable(self.ctx, self.session, now):  # started by mistake?
                ask = DiscardScreen(self.ctx, self.session, now)
                self.app.push_screen(ask, partial(self._answered, self.session.id, now))
                return
            self.busy = True
            self._stop()
        elif number is None:
            self.app.notify(_("Highlight an incident, or open one, to start the timer on it."))
        else:
            self.busy = True
            self._start(number, kind, switch and self.session is not None)

    @work(thread=True, group="timer-toggle", exit_on_error=False)
    def _start(self, number: str, kind: str, switch: bool) -> None:
        try:
            started = timer.start(self.ctx, number, kind=kind, switch=switch)
        except Exception as error:
            self.post_message(self.Done(None, True, str(error) or type(error).__name__))
        else:
            self.post_message(self.Done(started, True, None))

    def _answered(self, asked: int, end: datetime, answer: Answer | None) -> None:
        """Keep or discard session ``asked``, stopped at ``end``; no answer: it keeps
        running (and so when another timer runs by now: stopped or switched meanwhile)."""
        if answer is None or self.busy or self.session is None or self.session.id != asked:
            return
        self.busy = True
        self._stop(end, discard=answer == "discard")

    @work(thread=True, group="timer-toggle", exit_on_error=False)
    def _stop(self, end: datetime | None = None, *, discard: bool = False) -> None:
        try:
            stopped = timer.stop(self.ctx, at=end, discard=discard)
        except Exception as error:
            self.post_message(self.Done(None, False, str(error) or type(error).__name__))
        else:
            self.post_message(self.Done(stopped, False, None))

    @on(Done)
    def _done(self, message: Done) -> None:
        message.stop()
        self.busy = False
        if message.error is not None:
            self.app.notify(markup_safe(message.error), title=_("Timer"), severity="error")
            self.reload()  # someone else may have started or stopped it meanwhile
            return
        session = message.session
        assert session is not None
        said = markup_safe(_said(self.ctx, session, message.started))
        self.app.notify(said, title=_("Timer"))
        # this bar, every other bar and the screens that show work all hear it
        console(self).timer_changed_signal.publish(TimerChange(session, message.started))


def _said(ctx: Context, session: SessionView, started: bool) -> str:
    """``Timer started on 2026-000031 (remote)`` / ``stopped: … 1:05:12 · 4 scatti``."""
    if session.discarded:
        return _("Discarded on {number}: {length}, not billed.").format(
            number=session.incident, length=format_span(session.elapsed(ctx.now()))
        )
    if started:
        return _("Started on {number} ({kind}).").format(
            number=session.incident, kind=figures.kind_word(session.kind)
        )
    end = session.ended_at or ctx.now()
    return _("Stopped on {number} at {time}: {length} · {scatti} · {amount}").format(
        number=session.incident,
        time=f"{end.astimezone(ctx.policy.zone):%H:%M}",
        length=stopwatch(session.elapsed(end)),
        scatti=figures.scatti(session.units),
        amount=figures.worth(session),
    )
