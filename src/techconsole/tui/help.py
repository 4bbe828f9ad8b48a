"""``?``: every key of the screen underneath, and what the SLA column's glyphs mean."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, ClassVar

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import ActiveBinding, Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from techconsole.domain import display
from techconsole.domain.sla import ClockState, ClockStatus
from techconsole.i18n import N_, _
from techconsole.tui.keys import named
from techconsole.tui.speak import speak, words
from techconsole.tui.widgets.scroll import scroll_line
from techconsole.tui.widgets.text import TONE_STYLES, tones

#: what each glyph of the SLA column says, in the order a technician cares about
#: (English msgids; the example of ``closed`` is the countdown's own words)
LEGEND = (
    (
        ClockStatus.BREACHED,
        N_("breached"),
        N_("−0h 12m: running, overdue by that much business time (view 5)"),
    ),
    (ClockStatus.WARNING, N_("at risk"), N_("0h 40m: little of the target left")),
    (ClockStatus.OK, N_("running"), N_("2h 14m of business time left")),
    (ClockStatus.PAUSED, N_("paused"), N_("waiting on the customer")),
    (ClockStatus.CLOSED, N_("closed"), N_("{opens}: outside the plan's hours")),
    (ClockStatus.MET, N_("met"), N_("the milestone was reached in time")),
    (ClockStatus.MISSED, N_("missed"), N_("late 0h 12m: the milestone was reached that late")),
)
EVERYWHERE, MOVING = N_("Everywhere"), N_("Moving around")


def _state(status: ClockStatus) -> ClockState:
    zero = timedelta(0)
    return ClockState("", "", status, None, zero, None, None, None, None, False, None)


def _closed(opens: datetime) -> ClockState:
    return replace(_state(ClockStatus.CLOSED), opens_at=opens)


def describe(binding: Binding) -> str:
    return words(binding.description) or binding.action.replace("_", " ")


def _built_in(binding: Binding) -> bool:
    """A key every Textual screen has (focus, copy): listed with the app's keys."""
    return any(isinstance(own, Binding) and own.action == binding.action for own in Screen.BINDINGS)


def binding_rows(
    app: App[Any], bindings: Iterable[ActiveBinding]
) -> list[tuple[str, list[tuple[str, str]]]]:
    """Sections (the widget, the screen, everywhere) of (keys, what they do)."""
    sections: dict[str, dict[str, list[str]]] = {}
    for active in bindings:
        node = active.node
        if node is app or _built_in(active.binding):
            title = _(EVERYWHERE)
        elif node is app.screen:
            title = _(getattr(node, "HELP_TITLE", type(node).__name__.removesuffix("Screen")))
        else:
            title = _(getattr(node, "HELP_TITLE", MOVING))
        keys = sections.setdefault(title, {}).setdefault(describe(active.binding), [])
        shown = app.get_key_display(active.binding)
        if shown not in keys:
            keys.append(shown)
    order = list(sections)
    order.sort(key=lambda title: (title == _(EVERYWHERE), title == _(MOVING)))
    return [
        (title, [(", ".join(keys), what) for what, keys in sections[title].items()])
        for title in order
    ]


def help_table(
    sections: list[tuple[str, list[tuple[str, str]]]], styles: Mapping[str, str] = TONE_STYLES
) -> Group:
    parts: list[Table | Text] = []
    for title, entries in sections:
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=True)
        table.add_column(title, style="bold", no_wrap=True, min_width=14)
        table.add_column("", ratio=1)
        for keys, what in entries:
            table.add_row(Text(keys), Text(what))
        parts.append(table)
    legend = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=True)
    legend.add_column(_("SLA column"), no_wrap=True, min_width=14)
    legend.add_column("", ratio=1)
    monday_9 = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # an example: the words are the point
    opens = display.countdown(_closed(monday_9), monday_9 - timedelta(days=1), UTC)
    for status, word, meaning in LEGEND:
        state = _state(status)
        style = styles[display.tone(state)]
        said = Text(_(meaning).format(opens=opens))
        legend.add_row(Text(f"{display.glyph(state)} {_(word)}", style=style), said)
    parts.append(legend)
    return Group(*parts)


class HelpScreen(ModalScreen[None]):
    """A modal list of every key; ``esc``, ``q`` or ``?`` closes it."""

    CSS_PATH = Path(__file__).parent / "help.tcss"  # subclasses too
    BINDINGS: ClassVar[list[BindingType]] = named(
        "help",
        [
            Binding("escape", "close", N_("Close")),
            Binding("q", "close", N_("Close"), show=False),
            Binding("question_mark", "close", N_("Close"), show=False),
            Binding("j", "scroll('down')", N_("Scroll down"), show=False),
            Binding("k", "scroll('up')", N_("Scroll up"), show=False),
        ],
    )

    def __init__(self, sections: list[tuple[str, list[tuple[str, str]]]]) -> None:
        super().__init__()
        speak(self)
        self.sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(Text(_("Keys  (esc closes)"), style="bold"), id="help-title")
            body = help_table(self.sections, tones(self.app))
            yield Static(body, id="help-body")

    def on_mount(self) -> None:
        self.query_one("#help").focus()

    def action_close(self) -> None:
        self.dismiss()

    def action_scroll(self, direction: str) -> None:
        scroll_line(self.query_one("#help", VerticalScroll), direction)
