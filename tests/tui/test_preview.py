"""The first page before the database is open: read with sqlite3 from the statements the
queue kept at an earlier start (issue 15).

On a usual start the console paints its shell, then shows the first page read with the
standard library alone, its clocks ticking, while the database opens; the page read
from the open database takes its place.  An incident chosen meanwhile opens once the
database is open; another view chosen meanwhile takes the preview away.  The queue keeps
the statements of each view it reads, for the next start.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from techconsole.services.context import Context
from techconsole.services.incidents import kept_page, queue
from techconsole.tui import launch
from techconsole.tui.app import TechConsole
from techconsole.tui.incident.screen import IncidentScreen
from techconsole.tui.queue.screen import QueueScreen
from techconsole.tui.queue.table import PAGE

from .conftest import keys, until


@pytest.fixture
def pages(tmp_path: Path, make_ctx: Callable[..., Context]) -> Path:
    """The statements of the first page of "all", kept as an earlier start kept them."""
    folder = tmp_path / "pages"
    assert kept_page.remember(make_ctx("anna"), folder, "all", PAGE)
    return folder


def console(db_url: str, kept: Path, pages: Path) -> TechConsole:
    options = launch.ConsoleOptions(database=db_url, policy_cache=kept, page_cache=pages)
    app = launch.prepare_console(options)
    assert isinstance(app, TechConsole) and not app.is_open
    return app


async def previewed(pilot: Pilot[Any]) -> QueueScreen:
    """The queue screen once it shows the preview's lines, the database still opening."""
    screen = pilot.app.screen
    assert isinstance(screen, QueueScreen)
    await until(pilot, lambda: bool(screen.table.rows_))
    assert not pilot.app.is_open  # type: ignore[attr-defined]
    return screen


@pytest.mark.asyncio
async def test_the_first_page_shows_before_the_database_is_open(
    db_url: str, kept: Path, pages: Path, gate: threading.Event, make_ctx: Callable[..., Context]
):
    app = console(db_url, kept, pages)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await previewed(pilot)
        table = screen.table
        expected = queue.queue(make_ctx("anna")).rows
        assert keys(table) == [row.number for row in expected]
        # the "opening" line goes with the preview's rows (its removal is a message later)
        await until(pilot, lambda: not screen.query("#opening"))
        assert not app.is_open
        assert str(table.get_cell(expected[0].number, "sla")).strip()  # the countdown
        assert f"{len(expected)}" in str(screen.query_one("#where").render())
        await pilot.press("j", "enter")  # an incident: opened once the database is
        assert app.screen is screen
        gate.set()
        await until(pilot, lambda: isinstance(app.screen, IncidentScreen))
        assert app.is_open
        assert app.screen.number == expected[1].number  # type: ignore[attr-defined]
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen)
        assert keys(table) == [row.number for row in expected]


@pytest.mark.asyncio
async def test_another_view_chosen_meanwhile_takes_the_preview_away(
    db_url: str, kept: Path, pages: Path, gate: threading.Event, make_ctx: Callable[..., Context]
):
    app = console(db_url, kept, pages)
    async with app.run_test(size=(120, 36)) as pilot:
        table = (await previewed(pilot)).table
        await pilot.press("3")
        assert table.page is None and table.row_count == 0  # not the unassigned ones
        gate.set()
        await until(pilot, lambda: app.is_open and table.page is not None)
        expected = queue.queue(make_ctx("anna"), view="unassigned").rows
        await until(pilot, lambda: keys(table) == [row.number for row in expected])


@pytest.mark.asyncio
async def test_the_queue_keeps_the_statements_of_each_view_it_reads(ctx: Context, tmp_path: Path):
    folder = tmp_path / "pages"
    app = TechConsole(ctx)
    app.page_cache = folder
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.screen
        assert isinstance(screen, QueueScreen)
        await until(pilot, lambda: screen.table.page is not None)
        await until(pilot, lambda: folder.is_dir() and len(list(folder.iterdir())) == 1)
        await pilot.press("3")
        await until(pilot, lambda: len(list(folder.iterdir())) == 2)
        await pilot.press("5")  # breached: depends on the time, never kept
        await until(pilot, lambda: screen.table.query_.view == "breached")
        await until(pilot, lambda: screen.table.answered == screen.table.serial)
    path = Path(str(ctx.db.engine.url.database))
    for view in ("all", "unassigned"):
        page = kept_page.read(folder, path, ctx.policy, ctx.actor, view, PAGE, 5_000, ctx.now())
        assert page == queue.queue(ctx, view=view)
    assert len(list(folder.iterdir())) == 2
