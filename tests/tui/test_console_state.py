"""The console as its person left it: last view, sort and filter, saved views, theme."""

from __future__ import annotations

import json
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from techconsole.services.context import Context
from techconsole.services.incidents import queue
from techconsole.tui.app import TechConsole
from techconsole.tui.queue.columns import ORDER
from techconsole.tui.state import ConsoleState, ViewState

from .conftest import keys, loaded, until


def _load(path: Path) -> ConsoleState:
    return ConsoleState.load(path, queue.VIEWS, ORDER)


def test_a_missing_or_broken_file_is_a_new_console(tmp_path: Path):
    path = tmp_path / "state" / "console.json"
    assert _load(path) == ConsoleState(path)
    path.parent.mkdir()
    for text in ("not json", "[]", '{"last": {"view": "nope"}}', '{"last": {"sort": "x"}}'):
        path.write_text(text, encoding="utf-8")
        assert _load(path).last == ViewState()
    path.write_text(json.dumps({"saved": {"ok": {"view": "mine"}, "bad": {"view": 3}}}))
    assert _load(path).saved == {"ok": ViewState("mine")}


def test_what_is_saved_is_read_back_and_only_its_owner_reads_it(tmp_path: Path):
    path = tmp_path / "state" / "console.json"
    state = _load(path)
    state.remember(ViewState("waiting", "sla", True, "stampante"))
    state.save_view("urgenti miei", ViewState("mine", "severity", False, "URGENTE"))
    state.remember_theme("nord")
    again = _load(path)
    assert again.last == ViewState("waiting", "sla", True, "stampante")
    assert again.saved == {"urgenti miei": ViewState("mine", "severity", False, "URGENTE")}
    assert again.theme == "nord"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    again.forget_view("urgenti miei")
    assert _load(path).saved == {}


@pytest.mark.asyncio
async def test_the_last_view_sort_and_filter_come_back_at_the_next_start(
    ctx: Context, tmp_path: Path
):
    path = tmp_path / "console.json"
    app = TechConsole(ctx, watch_interval=None, state=_load(path))
    async with app.run_test(size=(120, 36)) as pilot:
        await loaded(pilot)
        await pilot.press("4")
        await loaded(pilot)
        await pilot.press("s")  # sorted by the first column s cycles to
        await pilot.press("slash", *"esempio", "enter")
        await loaded(pilot)
        table = await loaded(pilot)
        shown = (table.query_.view, table.sort_column, table.query_.text)
        assert shown[0] == "waiting" and shown[1] is not None and shown[2] == "esempio"
        expected = keys(table)
    assert _load(path).last == ViewState("waiting", shown[1], False, "esempio")
    app = TechConsole(ctx, watch_interval=None, state=_load(path))
    async with app.run_test(size=(120, 36)) as pilot:
        table = await loaded(pilot)
        assert (table.query_.view, table.sort_column, table.query_.text) == shown
        assert keys(table) == expected
        assert app.screen.query_one("#filter").value == "esempio"
        assert " 4 " in str(app.screen.query_one("#views").render())


@pytest.mark.asyncio
async def test_ctrl_s_saves_the_view_as_a_tab_that_shows_it_again(
    make_app: Callable[..., TechConsole], ctx: Context, tmp_path: Path
):
    path = tmp_path / "console.json"
    app = TechConsole(ctx, watch_interval=None, state=_load(path))
    async with app.run_test(size=(120, 36)) as pilot:
        await loaded(pilot)
        await pilot.press("3")
        await loaded(pilot)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen.__class__.__name__ == "SaveViewDialog")
        await pilot.press(*"da prendere", "ctrl+s")
        await until(pilot, lambda: "★ da prendere" in str(app.screen.query_one("#views").render()))
        await pilot.press("1")
        table = await loaded(pilot)
        assert table.query_.view == "all"
        app.screen.open_saved("da prendere")  # type: ignore[attr-defined]
        table = await loaded(pilot)
        assert table.query_.view == "unassigned"
        assert keys(table) == [r.number for r in queue.queue(ctx, view="unassigned").rows]
    assert _load(path).saved == {"da prendere": ViewState("unassigned")}


@pytest.mark.asyncio
async def test_the_theme_chosen_is_the_theme_at_the_next_start(ctx: Context, tmp_path: Path):
    path = tmp_path / "console.json"
    app = TechConsole(ctx, watch_interval=None, state=_load(path))
    async with app.run_test(size=(120, 36)) as pilot:
        await loaded(pilot)
        app.theme = "nord"
        await pilot.pause()
    assert _load(path).theme == "nord"
    app = TechConsole(ctx, watch_interval=None, state=_load(path))
    async with app.run_test(size=(120, 36)) as pilot:
        await loaded(pilot)
        assert app.theme == "nord"


@pytest.mark.asyncio
async def test_the_clock_states_take_the_themes_colours(ctx: Context):
    """``$error`` for a breached countdown, in whichever theme is chosen."""
    from rich.style import Style

    app = TechConsole(ctx, watch_interval=None)
    async with app.run_test(size=(120, 36)) as pilot:
        table = await loaded(pilot)
        breached = next(r.number for r in table.rows_ if r.clock and r.clock.breached)

        def colour() -> str:
            style = table.get_cell(breached, "sla").style
            parsed = style if isinstance(style, Style) else Style.parse(str(style))
            assert parsed.color is not None and parsed.bold
            return str(parsed.color.name).upper()

        assert colour() == app.theme_variables["error"][:7].upper()
        app.theme = "nord"
        await pilot.pause()
        await until(pilot, lambda: colour() == app.theme_variables["error"][:7].upper())
        assert app.theme_variables["error"][:7].upper() != "#B93C5B"


@pytest.mark.asyncio
async def test_a_key_given_in_the_config_file_replaces_the_default(ctx: Context):
    """``[keys] "queue.new_incident" = "N"``: N opens the new-incident form, n no more."""
    app = TechConsole(ctx, watch_interval=None, keymap={"queue.new_incident": "N"})
    async with app.run_test(size=(120, 36)) as pilot:
        await loaded(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "QueueScreen"
        await pilot.press("N")
        await until(pilot, lambda: app.screen.__class__.__name__ == "NewIncidentForm")


@pytest.mark.asyncio
async def test_the_columns_chosen_and_their_order_come_back_at_the_next_start(
    ctx: Context, tmp_path: Path
):
    """``ctrl+o``: hide the plan, put the SLA right after the number; kept for next time."""
    from textual.widgets import SelectionList

    path = tmp_path / "console.json"
    app = TechConsole(ctx, watch_interval=None, state=_load(path))
    async with app.run_test(size=(160, 36)) as pilot:
        table = await loaded(pilot)
        assert "plan" in table.shown
        await pilot.press("ctrl+o")
        await until(pilot, lambda: app.screen.__class__.__name__ == "ColumnsDialog")
        chooser = app.screen.query_one("#columns", SelectionList)
        chooser.focus()
        keys_ = app.screen.keys  # type: ignore[attr-defined]
        chooser.deselect("plan")
        chooser.highlighted = keys_.index("sla")
        for _ in range(keys_.index("sla") - 1):
            await pilot.press("ctrl+up")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen.__class__.__name__ == "QueueScreen")
        await until(pilot, lambda: "plan" not in table.shown)
        assert table.shown[:2] == ["number", "sla"]
    assert _load(path).columns is not None and _load(path).columns[:2] == ("number", "sla")
    app = TechConsole(ctx, watch_interval=None, state=_load(path))
    async with app.run_test(size=(160, 36)) as pilot:
        table = await loaded(pilot)
        assert table.shown[:2] == ["number", "sla"] and "plan" not in table.shown
