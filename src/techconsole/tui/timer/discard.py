"""A timer stopped within the policy's grace time: keep the session, or discard it.

A timer started by mistake and stopped at once should cost nothing: when the timer key
stops a session no longer than ``[timer] discard_within`` (60 s by default), this modal
asks "Tenerla o scartarla?" before anything is written.  Keeping it stops it as usual;
discarding it stops it without a session (``timer.stop(discard=True)``: not billed, not on
the work report, in the timeline and the audit trail); ``esc`` leaves the timer running.
Either way the session ends at the instant the key was pressed, not when the answer came.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import ClassVar, Literal

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from techconsole.domain.instants import format_span
from techconsole.i18n import N_, _
from techconsole.services.context import Context
from techconsole.services.work.timer_views import SessionView
from techconsole.tui.keys import named
from techconsole.tui.speak import speak
from techconsole.tui.timer import figures
from techconsole.tui.widgets.text import plain, stopwatch

#: the answers: keep the session, or discard it (``None``: the timer keeps running)
Answer = Literal["keep", "discard"]


class DiscardScreen(ModalScreen[Answer | None]):
    """``Keep it or discard it?`` about ``session`` stopped at ``end``."""

    CSS_PATH = Path(__file__).parent / "discard.tcss"
    HELP_TITLE = N_("Keep it or discard it?")
    BINDINGS: ClassVar[list[BindingType]] = named(
        "timer_discard",
        [
            Binding("escape", "running", N_("Leave it running")),
            # the English keys and the Italian ones (tienila, scartala): each button names one
            Binding("k,t", "keep", N_("Keep it"), show=False),
            Binding("d,s", "discard", N_("Discard it"), show=False),
        ],
    )

    def __init__(self, ctx: Context, session: SessionView, end: datetime) -> None:
        super().__init__()
        speak(self)
        self.ctx, self.session, self.end = ctx, session, end

    def compose(self) -> ComposeResult:
        s, zone = self.session, self.ctx.policy.zone
        facts = Text()
        facts.append(plain(s.incident), style="bold")
        facts.append(" ")
        facts.append(plain(s.subject))
        facts.append(f" · {figures.kind_word(s.kind)}\n")
        said = _("Started at {start}; stopped after {elapsed}, within the grace time of {grace}.")
        facts.append(
            said.format(
                start=f"{s.started_at.astimezone(zone):%H:%M:%S}",
                elapsed=stopwatch(s.elapsed(self.end)),
                grace=format_span(self.ctx.policy.discard_within),
            )
        )
        ask = _(
            "Started by mistake? Discard it: it is not billed and not on the work report "
            "(the timeline keeps a note of it)."
        )
        with Vertical(id="discard"):
            yield Static(Text(_("Keep it or discard it?"), style="bold"), id="discard-title")
            yield Static(facts, id="discard-facts")
            yield Static(ask, id="discard-ask")
            with Horizontal(id="discard-buttons"):
                yield Button(_("Keep it (k)"), id="discard-keep", variant="primary", compact=True)
                yield Button(_("Discard it (d)"), id="discard-yes", variant="error", compact=True)
            yield Static(Text(_("esc: the timer keeps running"), style="dim"), id="discard-esc")

    def on_mount(self) -> None:
        self.query_one("#discard-keep").focus()

    def action_keep(self) -> None:
        self.dismiss("keep")

    def action_discard(self) -> None:
        self.dismiss("discard")

    def action_running(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#discard-keep")
    def _keep(self) -> None:
        self.action_keep()

    @on(Button.Pressed, "#discard-yes")
    def _discard(self) -> None:
        self.action_discard()
