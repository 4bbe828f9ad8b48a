"""A forgotten timer, raised at start-up: stop it at the real end typed, or keep it.

The timer service flags a running timer that looks forgotten (longer than the policy's
``[timer] stale_after``, or across midnight).  This modal says which, and asks when the
work really ended; the time is read in the policy's zone (``18:30`` is on the day the
timer started) and the service checks it (not before the start, not in the future, no
overlap, month not closed): a refusal is shown here and the question stays open.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from techconsole.i18n import N_, _
from techconsole.i18n.formats import weekday_datetime, weekday_day
from techconsole.services.context import Context
from techconsole.services.work import timer
from techconsole.services.work.timer_views import SessionView
from techconsole.tui.keys import named
from techconsole.tui.speak import speak
from techconsole.tui.timer import figures
from techconsole.tui.timer.when import NotATime, formats, parse_end
from techconsole.tui.widgets.text import filled, plain, stopwatch


class StaleTimerScreen(ModalScreen[SessionView | None]):
    """Dismissed with the stopped session, or ``None`` when the timer is kept."""

    CSS_PATH = Path(__file__).parent / "stale.tcss"  # subclasses too
    HELP_TITLE = N_("Forgotten timer")
    BINDINGS: ClassVar[list[BindingType]] = named(
        "timer_stale",
        [Binding("escape", "keep", N_("Keep it running"))],
    )

    class Stopped(Message):
        def __init__(self, session: SessionView | None, error: str | None) -> None:
            super().__init__()
            self.session, self.error = session, error

    def __init__(self, ctx: Context, session: SessionView) -> None:
        super().__init__()
        speak(self)
        self.ctx, self.session = ctx, session
        self.busy = False

    def compose(self) -> ComposeResult:
        zone, now = self.ctx.policy.zone, self.ctx.now()
        s = self.session
        why = figures.stale_reason(self.ctx.policy, s.started_at, now) or _("it looks forgotten")
        facts = Text()
        facts.append(plain(s.incident), style="bold")
        facts.append(" ")
        facts.append(plain(s.subject))
        facts.append(f" · {figures.kind_word(s.kind)}\n")
        running = filled(
            _("Started {start}; running for {elapsed} — {why}."),
            start=weekday_datetime(s.started_at, zone),
            elapsed=Text(stopwatch(s.elapsed(now)), style="bold"),
            why=why,
        )
        facts.append_text(running)
        ask = _("When did you really stop? ({zone} time)").format(zone=zone.key)
        on_day = _("18:30 is on {day}").format(day=weekday_day(s.started_at, zone))
        with Vertical(id="stale"):
            title = Text(_("Your timer is still running"), style="bold")
            yield Static(title, id="stale-title")
            yield Static(facts, id="stale-facts")
            yield Static(ask, id="stale-ask")
            yield Input(placeholder=on_day, id="stale-end")
            hint = _("e.g. {formats}").format(formats=formats())
            yield Static(Text(hint, style="dim"), id="stale-hint")
            yield Static(id="stale-error")
            with Horizontal(id="stale-buttons"):
                yield Button(_("Stop at that time"), id="stale-stop", variant="primary")
                yield Button(_("Keep it running"), id="stale-keep")

    def on_mount(self) -> None:
        self.query_one("#stale-end", Input).focus()

    # ------------------------------------------------------------------ answers
    @on(Input.Submitted, "#stale-end")
    @on(Button.Pressed, "#stale-stop")
    def _stop_asked(self) -> None:
        if self.busy:
            return
        typed = self.query_one("#stale-end", Input).value
        try:
            end = parse_end(typed, self.ctx.policy.zone, self.session.started_at)
        except NotATime as error:
            self._say(str(error))
            return
        self.busy = True
        self._say("")
        self._stop(end)

    @on(Button.Pressed, "#stale-keep")
    def action_keep(self) -> None:
        self.dismiss(None)

    @work(thread=True, group="stale-stop", exit_on_error=False)
    def _stop(self, end: datetime) -> None:
        try:
            stopped = timer.stop(self.ctx, at=end)
        except Exception as error:
            self.post_message(self.Stopped(None, str(error) or type(error).__name__))
        else:
            self.post_message(self.Stopped(stopped, None))

    @on(Stopped)
    def _stopped(self, message: Stopped) -> None:
        self.busy = False
        if message.session is None:
            self._say(message.error or _("not stopped"))
            return
        self.dismiss(message.session)

    def _say(self, error: str) -> None:
        line = Text(plain(error, one_line=False), style="bold red") if error else Text()
        self.query_one("#stale-error", Static).update(line)
