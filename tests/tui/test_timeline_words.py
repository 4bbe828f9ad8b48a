"""The incident screen's timeline never shows a raw event code: every kind of event has
its word in the What column, and a triage says what it changed (gravità A (era C))."""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Callable
from typing import Any

import pytest
from rich.console import Console
from rich.table import Table
from textual.widgets import Static

from techconsole.domain import events
from techconsole.i18n import set_language
from techconsole.services.context import Context
from techconsole.services.incidents import reading, workflow
from techconsole.services.views import EventView
from techconsole.tui.app import TechConsole
from techconsole.tui.incident import facts

from .conftest import START
from .test_incident_actions import find, opened

#: the fields of a sample event of a kind, where the kind needs some to say anything
SAMPLES: dict[str, dict[str, Any]] = {
    events.TRIAGE: {"severity": "A", "old_severity": "C", "urgent": True, "old_urgent": False},
    events.TIMER_STOPPED: {"minutes": 9, "units": 1, "session_kind": "remote"},
    events.ASSIGNED: {"assignee": "bruno", "old_assignee_id": None},
}


def _cells(table: Table, column: int) -> list[str]:
    return [str(getattr(cell, "plain", cell)) for cell in table.columns[column]._cells]


def test_every_kind_of_event_has_a_word_and_a_triage_says_what_changed(ctx: Context):
    set_language("it")
    detail = reading.show(ctx, find(ctx, "in_progress").number)
    timeline = tuple(
        EventView(n, START, "anna", kind, "", SAMPLES.get(kind, {}))
        for n, kind in enumerate(events.KINDS, 1)
    )
    group = facts.timeline(dataclasses.replace(detail, timeline=timeline), ctx.policy)
    table = group.renderables[1]
    assert isinstance(table, Table)
    what, said = _cells(table, 2), _cells(table, 3)
    assert len(what) == len(events.KINDS)
    for kind, word in zip(events.KINDS, what, strict=True):
        assert word and word != kind and "_" not in word, (kind, word)
    assert len(set(what)) == len(what)  # one word per kind
    assert what[list(events.KINDS).index(events.TIMER_STARTED)] == "Inizio lavoro"
    by_kind = dict(zip(events.KINDS, said, strict=True))
    assert by_kind[events.TRIAGE] == "gravità A (era C), urgente sì (era no)"
    stopped = by_kind[events.TIMER_STOPPED]
    assert "9 min" in stopped and "1 scatto" in stopped
    for code in ("minutes", "units", "session_kind", "remote"):
        assert code not in stopped
    assert by_kind[events.ASSIGNED] == "a bruno"


@pytest.mark.asyncio
async def test_the_screen_shows_a_triage_with_what_it_changed(
    make_app: Callable[..., TechConsole], ctx: Context
):
    view = find(ctx, "in_progress", lambda v: v.severity != "A")
    workflow.triage(ctx, view.number, severity="A")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(pilot, view.number)
        shown = Console(width=120, record=True, file=io.StringIO())
        shown.print(screen.query_one("#timeline", Static).content)
        lines = [line for line in shown.export_text().splitlines() if "Classificata" in line]
        assert lines, shown.export_text()
        assert f"gravità A (era {view.severity})" in lines[-1]
        assert "triage" not in shown.export_text()
