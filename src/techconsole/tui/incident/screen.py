"""One incident, read-only: its facts, its SLA clocks ticking, and its timeline.

A first version so that Enter on the queue does something real; the full incident screen
(actions, timer, notes) replaces it.  It reads ``services.incidents.show`` in a thread
worker and reads again when the database changes.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static

from techconsole.domain import display
from techconsole.services import incidents
from techconsole.services.context import Context
from techconsole.services.views import IncidentDetail, IncidentView
from techconsole.tui.text import cell, clock_text, local, plain, tones


class IncidentScreen(Screen[None]):
    """The facts, clocks and timeline of one incident."""

    CSS_PATH = Path(__file__).parent / "incident.tcss"  # subclasses too
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("backspace", "back", "Back", show=False),
        Binding("r", "refresh", "Refresh"),
        Binding("j", "scroll('down')", "Scroll down", show=False),
        Binding("k", "scroll('up')", "Scroll up", show=False),
    ]

    class Loaded(Message):
        def __init__(self, detail: IncidentDetail | None, error: str | None) -> None:
            super().__init__()
            self.detail, self.error = detail, error

    def __init__(self, ctx: Context, number: str) -> None:
        super().__init__()
        self.ctx, self.number = ctx, number
        self.detail: IncidentDetail | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text(f"Incident {plain(self.number)} · loading…"), id="title")
        with VerticalScroll(id="body"):
            yield Static(id="facts")
            yield Static(id="clocks")
            yield Static(id="timeline")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#body").focus()
        self.reload()
        self.set_interval(1.0, self.tick, name="clocks")

    def reload(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="incident-load", exit_on_error=False)
    def _load(self) -> None:
        try:
            detail = incidents.show(self.ctx, self.number)
        except Exception as error:
            self.post_message(self.Loaded(None, str(error) or type(error).__name__))
        else:
            self.post_message(self.Loaded(detail, None))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        if message.detail is None:
            error = Text(f"Incident {plain(self.number)} · ")
            error.append(plain(message.error), style="bold red")
            self.query_one("#title", Static).update(error)
            return
        self.detail = message.detail
        view = message.detail.incident
        title = Text(f"Incident {plain(view.number)} · ", style="bold")
        title.append_text(cell(view.subject, "bold"))
        self.query_one("#title", Static).update(title)
        self.query_one("#facts", Static).update(self._facts(view))
        self.query_one("#timeline", Static).update(self._timeline(message.detail))
        self.tick()

    def tick(self) -> None:
        if self.detail is None:
            return
        view, now, zone = self.detail.incident, self.ctx.now(), self.ctx.policy.zone
        states = view.clocks.states(self.ctx.policy, now) if view.is_open else []
        table = Table(box=box.SIMPLE_HEAD, expand=False, pad_edge=False, title_justify="left")
        table.add_column("SLA clock")
        table.add_column("Now", no_wrap=True)
        table.add_column("Due", no_wrap=True)
        for state in states:
            table.add_row(
                Text(plain(state.label)),
                clock_text(state, now, zone, tones(self.app.no_color)),
                local(state.due, zone),
            )
        if not states:
            table.add_row(Text("no running clock", style="dim"), "", "")
        self.query_one("#clocks", Static).update(table)

    def _facts(self, view: IncidentView) -> Table:
        zone = self.ctx.policy.zone
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column()
        severity = Text(view.severity)
        if view.urgent:
            severity.append("  ! urgent", style=tones(self.app.no_color)["urgent"])
        plan = f"{view.plan}" + ("" if view.contract else " (no contract)")
        rows: list[tuple[str, Text | str]] = [
            ("Customer", cell(view.customer)),
            ("Requester", cell(view.requester or display.NONE)),
            ("Channel", plain(view.channel)),
            ("Severity", severity),
            ("Status", plain(view.status.replace("_", " "))),
            ("Assignee", cell(view.assignee_name or view.assignee or "unassigned")),
            ("Plan", plain(plan)),
            ("Arrived", local(view.arrived_at, zone)),
            ("Acknowledged", local(view.acknowledged_at, zone)),
            ("On site", local(view.on_site_at, zone)),
            ("Resolved", local(view.resolved_at, zone)),
        ]
        for label, value in rows:
            grid.add_row(label, value)
        if view.description:
            grid.add_row("Description", Text(plain(view.description, one_line=False)))
        return grid

    def _timeline(self, detail: IncidentDetail) -> Group:
        zone = self.ctx.policy.zone
        table = Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False)
        table.add_column("When", no_wrap=True)
        table.add_column("Who", no_wrap=True)
        table.add_column("What", no_wrap=True)
        table.add_column("Note", ratio=1)
        for event in detail.timeline:
            table.add_row(
                local(event.at, zone),
                cell(event.actor or display.NONE),
                cell(event.kind),
                Text(plain(event.text, one_line=False)),
            )
        return Group(Text("Timeline", style="bold"), table)

    def action_back(self) -> None:
        self.dismiss()

    def action_refresh(self) -> None:
        self.reload()

    def action_scroll(self, direction: str) -> None:
        body = self.query_one("#body", VerticalScroll)
        body.scroll_relative(y=1 if direction == "down" else -1, animate=False)

    def data_changed(self) -> None:
        self.reload()
