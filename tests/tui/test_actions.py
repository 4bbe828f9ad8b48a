"""The remaining keys: first/last, more lines, the incident screen's own keys, live detail."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from rich.console import Console
from textual.containers import VerticalScroll
from textual.widgets import Static

from techconsole.services.context import Context
from techconsole.services.incidents import workflow
from techconsole.tui.app import TechConsole
from techconsole.tui.incident.screen import IncidentScreen
from techconsole.tui.queue.screen import QueueScreen
from techconsole.tui.queue.table import QueueQuery

from .conftest import keys, loaded, until

pytestmark = pytest.mark.asyncio


@pytest.fixture(autouse=True)
def _english(english: None) -> None:
    """These tests read the console's and the services' words in English
    (``language = "en"``); the Italian default has tests of its own."""


async def test_g_and_shift_g_go_to_the_first_and_last_incident(
    make_app: Callable[..., TechConsole],
):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        table = await loaded(pilot)
        await pilot.press("G")
        assert table.cursor_row == len(keys(table)) - 1
        assert table.scroll_y > 0
        await pilot.press("g")
        assert table.cursor_row == 0
        await pilot.press("end")
        assert table.cursor_row == len(keys(table)) - 1
        await pilot.press("home")
        assert table.cursor_row == 0
        assert table.scroll_y == 0


async def test_reaching_the_last_line_reads_more(make_app: Callable[..., TechConsole]):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        table = await loaded(pilot)
        table.reload(QueueQuery(limit=10))
        table = await loaded(pilot)
        assert len(keys(table)) == 10
        assert "10 of 24 open" in str(app.screen.query_one("#where").render())
        await pilot.press("G")
        table = await loaded(pilot)
        await until(pilot, lambda: len(keys(table)) == 24)
        assert table.cursor_row == 9  # still on the line it reached
        assert "· 24 open" in str(app.screen.query_one("#where").render())


async def test_the_incident_screen_keys_and_live_detail(
    make_app: Callable[..., TechConsole], make_ctx: Callable[..., Context]
):
    app = make_app(watch_interval=0.05)
    async with app.run_test(size=(80, 24)) as pilot:
        table = await loaded(pilot)
        number = keys(table)[0]
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, IncidentScreen))
        screen = app.screen
        assert isinstance(screen, IncidentScreen)
        await until(pilot, lambda: screen.detail is not None)
        assert screen.detail is not None
        events = len(screen.detail.timeline)
        body = screen.query_one("#body", VerticalScroll)
        await until(pilot, lambda: body.max_scroll_y >= 2)  # the timeline laid out
        await pilot.press("j", "j")
        assert body.scroll_y == 2
        await pilot.press("k")
        assert body.scroll_y == 1
        # someone else writes a note: the open screen shows it without a key
        workflow.note(make_ctx("marco"), number, "[blink]richiamato[/blink] il cliente")
        await until(pilot, lambda: len(screen.detail.timeline) > events)  # type: ignore[union-attr]
        shown = Console(width=120, record=True, file=io.StringIO())
        shown.print(screen.query_one("#timeline", Static).content)
        assert "[blink]richiamato[/blink] il cliente" in shown.export_text()
        await pilot.press("r")
        await pilot.press("backspace")
        assert isinstance(app.screen, QueueScreen)
        assert table.cursor_key() == number


async def test_an_unknown_incident_says_so(make_app: Callable[..., TechConsole]):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        app.push_screen(IncidentScreen(app.ctx, "2099-999999"))
        await pilot.pause()
        screen = app.screen
        await until(pilot, lambda: "no incident" in str(screen.query_one("#title").render()))
        await pilot.press("escape")
        assert isinstance(app.screen, QueueScreen)


async def test_a_database_that_fails_keeps_the_table(
    make_app: Callable[..., TechConsole], monkeypatch: pytest.MonkeyPatch
):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        table = await loaded(pilot)
        before = keys(table)

        def broken(*args: object, **kwargs: object) -> None:
            raise RuntimeError("disk I/O error")

        monkeypatch.setattr("techconsole.services.incidents.queue.queue", broken)
        await pilot.press("r")
        await loaded(pilot)
        assert keys(table) == before
        assert "not refreshed" in str(app.screen.query_one("#where").render())
        assert any("disk I/O error" in n.message for n in app._notifications)
        monkeypatch.undo()
        await pilot.press("r")
        await loaded(pilot)
        assert "not refreshed" not in str(app.screen.query_one("#where").render())
