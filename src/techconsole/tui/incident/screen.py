"""One incident: its facts, its SLA clocks ticking, its timeline, and the keys that
take it through its life (claim, triage, take in charge, pause, on site, note,
authorise, resolve, close; see :mod:`.actions`) and open its work report (``w``).

It reads ``services.incidents.reading.show`` in a thread worker, again after each step,
whenever the database changes and whenever the timer starts or stops (the console's
signals: :mod:`techconsole.tui.signals`).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingsMap, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Footer, Static

from techconsole.i18n import N_, _
from techconsole.services.context import Context
from techconsole.services.incidents import reading as incidents
from techconsole.services.views import IncidentDetail
from techconsole.tui.incident import facts, worklog
from techconsole.tui.incident.actions import ACTIONS, IncidentActions, footer_keys
from techconsole.tui.keys import named
from techconsole.tui.roles import THIS_ONE, TimerTarget
from techconsole.tui.signals import TimerChange, console
from techconsole.tui.speak import speak
from techconsole.tui.widgets.copy import copy
from techconsole.tui.widgets.scroll import scroll_line
from techconsole.tui.widgets.text import plain, tones


class IncidentScreen(TimerTarget, IncidentActions):
    """The facts, clocks and timeline of one incident, and what can be done with it."""

    CSS_PATH = Path(__file__).parent / "incident.tcss"  # subclasses too
    HELP_TITLE = N_("Incident")
    TIMER_HINT = THIS_ONE
    BINDINGS: ClassVar[list[BindingType]] = named(
        "incident",
        [
            # the footer shows the way back to the queue, first, rather than the app's
            # "q Quit" (which still quits): at 80 columns there is room for one of them
            Binding("escape", "back", N_("Back")),
            Binding("q", "app.quit", N_("Quit"), show=False),
            Binding("backspace", "back", N_("Back"), show=False),
            *(action.binding() for action in ACTIONS),
            Binding("r", "refresh", N_("Refresh"), show=False),
            Binding("j", "scroll('down')", N_("Scroll down"), show=False),
            Binding("k", "scroll('up')", N_("Scroll up"), show=False),
            Binding("y", "copy_number", N_("Copy the number"), show=False),
            Binding("Y", "copy_subject", N_("Copy the subject"), show=False),
        ],
    )

    class Loaded(Message):
        def __init__(
            self,
            detail: IncidentDetail | None,
            error: str | None,
            done: worklog.WorkFacts | None = None,
        ) -> None:
            super().__init__()
            self.detail, self.error, self.work = detail, error, done

    def __init__(self, ctx: Context, number: str) -> None:
        super().__init__()
        speak(self)
        self.ctx, self.number = ctx, number
        self.detail: IncidentDetail | None = None
        self.work: worklog.WorkFacts | None = None
        self._width = 80  # the terminal's, from the first resize

    def compose(self) -> ComposeResult:
        yield Static(
            Text(_("Incident {number} · loading…").format(number=plain(self.number))), id="title"
        )
        with VerticalScroll(id="body"):
            yield Static(id="facts")
            yield Static(id="clocks")
            yield Static(id="work")
            yield Static(id="timeline")
        yield Footer(show_command_palette=False)  # ":" and ctrl+p, said in the help

    def on_resize(self, event: events.Resize) -> None:
        """On a narrow terminal the footer keeps the keys it has room for (``?`` lists all)."""
        self._width = event.size.width
        self._arrange_footer()

    def _arrange_footer(self) -> None:
        """The footer's keys for the width and the incident's status: on a resolved
        incident reopen and close take the place of the steps of an open one
        (:func:`.actions.footer_keys`)."""
        status = self.detail.incident.status if self.detail is not None else None
        shown = footer_keys(self._width, status)
        keys = {
            key: [
                replace(binding, show=shown[binding.action]) if binding.action in shown else binding
                for binding in bindings
            ]
            for key, bindings in self._bindings.key_to_bindings.items()
        }
        self._bindings = BindingsMap.from_keys(keys)
        self.refresh_bindings()

    def on_mount(self) -> None:
        self.query_one("#body").focus()
        signals = console(self)
        signals.database_changed_signal.subscribe(self, self._database_changed)
        signals.timer_changed_signal.subscribe(self, self._timer_changed)
        self.reload()
        self.set_interval(1.0, self.tick, name="clocks")

    def reload(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="incident-load", exit_on_error=False)
    def _load(self) -> None:
        try:
            detail = incidents.show(self.ctx, self.number)
            done = worklog.read(self.ctx, detail.incident.number)
        except Exception as error:
            self.post_message(self.Loaded(None, str(error) or type(error).__name__))
        else:
            self.post_message(self.Loaded(detail, None, done))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        if message.detail is None:
            error = Text(_("Incident {number} · ").format(number=plain(self.number)))
            error.append(plain(message.error), style="bold red")
            self.query_one("#title", Static).update(error)
            return
        before = self.detail.incident.status if self.detail is not None else None
        self.detail, self.work = message.detail, message.work
        if message.detail.incident.status != before:
            self._arrange_footer()
        self.number = message.detail.incident.number
        self.query_one("#title", Static).update(facts.title(message.detail.incident))
        styles = tones(self.app)
        self.query_one("#facts", Static).update(
            facts.facts(message.detail, self.ctx.policy, styles, self.ctx.now())
        )
        self.query_one("#timeline", Static).update(facts.timeline(message.detail, self.ctx.policy))
        self.query_one("#work", Static).update(
            worklog.render(self.work, self.ctx.policy, self.ctx.now())
        )
        self.tick()

    def action_copy_number(self) -> None:
        """The number on the terminal's clipboard (OSC 52: over SSH too)."""
        copy(self.app, self.number, _("incident number"))

    def action_copy_subject(self) -> None:
        if self.detail is not None:
            copy(self.app, self.detail.incident.subject, _("subject"))

    def tick(self) -> None:
        if self.detail is None:
            return
        view, styles = self.detail.incident, tones(self.app)
        now = self.ctx.now()
        self.query_one("#clocks", Static).update(facts.clocks(view, self.ctx.policy, now, styles))
        if self.work is not None and self.work.bill.bill.running_sessions:  # time ticks on
            self.query_one("#work", Static).update(worklog.render(self.work, self.ctx.policy, now))

    def action_back(self) -> None:
        self.dismiss()

    def action_refresh(self) -> None:
        self.reload()

    def action_scroll(self, direction: str) -> None:
        scroll_line(self.query_one("#body", VerticalScroll), direction)

    def _database_changed(self, _: None) -> None:
        self.reload()

    def _timer_changed(self, _: TimerChange) -> None:
        self.reload()  # the work section: a session began or ended (maybe not on this one)

    def timer_incident(self) -> str | None:
        """The timer key starts the timer on this incident."""
        return str(self.number)
