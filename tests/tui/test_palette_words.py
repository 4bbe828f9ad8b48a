"""The command palette in the console's language: Textual's own commands (the theme,
quit, the keys panel, maximize, screenshot) and the search field's hint too, not only
the console's."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.command import CommandInput, CommandPalette

from techconsole.services.context import Context
from techconsole.services.work import timer
from techconsole.tui.app import TechConsole
from techconsole.tui.queue.screen import QueueScreen

from .conftest import loaded, until

pytestmark = pytest.mark.asyncio

#: Textual's own words, which an Italian palette showed as they are
ENGLISH = {
    "Theme",
    "Change the current theme",
    "Keys",
    "Show help for the focused widget and a summary of available keys",
    "Maximize",
    "Maximize the focused widget",
    "Screenshot",
    "Save an SVG 'screenshot' of the current screen",
    "Quit the application as soon as possible",
}


async def test_the_palette_speaks_italian(make_app: Callable[..., TechConsole]):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await loaded(pilot)
        queue = app.screen
        assert isinstance(queue, QueueScreen)
        said = {word for c in app.get_system_commands(queue) for word in (c.title, c.help)}
        assert not said & ENGLISH, said & ENGLISH
        assert {"Tema", "Esci", "Tasti", "Istantanea dello schermo"} <= said
        await pilot.press("colon")
        assert isinstance(app.screen, CommandPalette)
        assert app.screen.query_one(CommandInput).placeholder == "Cerca un comando…"


async def test_the_palette_speaks_english_when_told(
    make_app: Callable[..., TechConsole], english: None
):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await loaded(pilot)
        said = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Theme", "Quit", "Keys", "Screenshot"} <= said
        await pilot.press("colon")
        assert app.screen.query_one(CommandInput).placeholder == "Search for commands…"


async def test_the_timer_commands_say_the_work_in_italian(
    make_app: Callable[..., TechConsole], ctx: Context
):
    """Each kind of work as Italian says it ("avvia lavoro telefono" read as a code)."""
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        table = await loaded(pilot)
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {t for t in titles if t.startswith("Timer: avvia ")} == {
            "Timer: avvia o ferma",
            "Timer: avvia lavoro remoto",
            "Timer: avvia lavoro presso il cliente",
            "Timer: avvia lavoro al telefono",
            "Timer: avvia il viaggio",
            "Timer: avvia lavoro in laboratorio",
            "Timer: avvia la formazione",
        }
        await pilot.press("colon")
        await pilot.press(*"Timer: avvia lavoro al telefono")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await until(pilot, lambda: timer.status(ctx) is not None)
        running = timer.status(ctx)
        assert running is not None
        assert (running.incident, running.kind) == (table.cursor_key(), "phone")
