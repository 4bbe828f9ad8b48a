"""The console around the queue: help, quit, commands, NO_COLOR, hostile text, errors."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from textual.command import CommandPalette

from techconsole.services.context import Context
from techconsole.services.incidents import intake, queue
from techconsole.services.team import members as team
from techconsole.tui.app import TechConsole
from techconsole.tui.help import HelpScreen
from techconsole.tui.incident.screen import IncidentScreen
from techconsole.tui.queue.screen import QueueScreen

from .conftest import keys, loaded, palette_offers, until

pytestmark = pytest.mark.asyncio

#: the SVG export's own window-title colour, not the screen's
SVG_FRAME = "c5c8c6"
HOSTILE = "[red]boom[/red]\x1b[2J\x1b]0;pwned\x07 end"


@pytest.fixture(autouse=True)
def _english(english: None) -> None:
    """These tests read the console's words in English (``language = "en"``); the
    Italian default has tests of its own."""


async def test_question_mark_lists_every_key_and_escape_closes_it(
    make_app: Callable[..., TechConsole], english: None
):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        listed = {what: shown for _title, rows in app.screen.sections for shown, what in rows}
        for what in ("Filter", "All open", "Mine", "Unassigned", "Waiting", "Breached"):
            assert what in listed
        for what in ("Sort", "Reverse sort", "Refresh", "Open", "Quit", "Help", "Commands"):
            assert what in listed
        assert "j" in listed["Down"] and "k" in listed["Up"]
        assert listed["Filter"] == "/" and listed["Help"] == "?"
        await pilot.press("escape")
        assert isinstance(app.screen, QueueScreen)
        await pilot.press("question_mark")
        await pilot.press("q")  # q closes the help, it does not quit from it
        assert isinstance(app.screen, QueueScreen)
        assert app.is_running


async def test_q_quits(make_app: Callable[..., TechConsole]):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert app.return_code == 0
    assert not app.is_running


async def test_the_command_palette_switches_views(
    make_app: Callable[..., TechConsole], english: None
):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        table = await loaded(pilot)
        await pilot.press("colon")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"View: Unassigned")
        await palette_offers(pilot, "View: Unassigned")
        await pilot.press("enter")
        table = await loaded(pilot)
        await until(pilot, lambda: table.query_.view == "unassigned")
        assert isinstance(app.screen, QueueScreen)


async def test_ctrl_p_opens_the_command_palette_too_even_from_the_filter(
    make_app: Callable[..., TechConsole],
):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await loaded(pilot)
        await pilot.press("ctrl+p")
        await until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, QueueScreen))
        await pilot.press("slash")  # the filter has the focus: ":" would be typed there
        await pilot.press("ctrl+p")
        await until(pilot, lambda: isinstance(app.screen, CommandPalette))


async def test_no_color_keeps_the_meaning_in_glyphs_and_words(
    monkeypatch: pytest.MonkeyPatch, make_app: Callable[..., TechConsole], english: None
):
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        table = await loaded(pilot)
        assert app.no_color
        texts = [str(table.get_cell(number, "sla").plain) for number in keys(table)]
        assert any(text.startswith("● ") for text in texts)
        assert any(text == "‖ paused" for text in texts)
        svg = app.export_screenshot()
        colours = set(re.findall(r"fill: #([0-9a-f]{6})", svg)) - {SVG_FRAME}
        assert colours
        for colour in colours:  # monochrome: every colour on screen is a grey
            red, green, blue = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
            assert red == green == blue, colour


async def test_hostile_text_is_shown_not_obeyed(
    make_app: Callable[..., TechConsole], make_ctx: Callable[..., Context], ctx: Context
):
    customer = queue.queue(ctx).rows[0].customer
    added = intake.open_incident(
        make_ctx("marco"), intake.NewIncident(customer=customer, subject=HOSTILE)
    )
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        table = await loaded(pilot)
        shown = table.get_cell(added.number, "subject")
        assert shown.plain == "[red]boom[/red] end"
        assert not shown.spans and not shown.style
        table.move_cursor(row=keys(table).index(added.number))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, IncidentScreen))
        screen = app.screen
        assert isinstance(screen, IncidentScreen)
        await until(pilot, lambda: screen.detail is not None)
        title = screen.query_one("#title").render()
        assert "[red]boom[/red] end" in str(title)
        assert "\x1b" not in app.export_screenshot()


async def test_filter_text_with_markup_is_literal(make_app: Callable[..., TechConsole]):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await loaded(pilot)
        await pilot.press("slash", *"[b]x", "enter")
        table = await loaded(pilot)
        assert table.query_.text == "[b]x"
        assert "filter “[b]x”" in str(app.screen.query_one("#where").render())


async def test_an_unknown_user_is_told_how_a_lead_adds_them(
    make_ctx: Callable[..., Context],
):
    app = TechConsole(make_ctx("nobody"), watch_interval=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)  # "all" needs nobody's name
        await until(pilot, lambda: bool(app._notifications))
        message = next(iter(app._notifications)).message
        assert "techconsole tech add nobody" in message
        await pilot.press("2")  # "mine" cannot be answered: the table stays, the error says why
        table = await loaded(pilot)
        assert table.page is not None and len(keys(table)) == 24
        assert "not refreshed" in str(app.screen.query_one("#where").render())


async def test_the_identity_shows_in_the_status_line(
    make_app: Callable[..., TechConsole], ctx: Context
):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await loaded(pilot)
        await until(pilot, lambda: app.me is not None)
        who = str(app.screen.query_one("#who").render())
        role = " (lead)" if team.whoami(ctx).is_lead else ""
        assert who == f"anna{role} · default · techconsole.db"


async def test_a_lead_acting_on_someones_behalf_shows_both_in_the_status_line(
    ctx: Context,
):
    """anna, a lead, runs the console on marco's behalf (``--as marco``): the console
    acts as marco, and says who really runs it."""
    behalf = ctx.on_behalf_of("marco")
    app = TechConsole(behalf, watch_interval=None)
    async with app.run_test(size=(120, 36)) as pilot:
        await loaded(pilot)
        await until(pilot, lambda: app.me is not None)
        assert app.me is not None and app.me.login == "marco"
        who = str(app.screen.query_one("#who").render())
        assert who == "anna on behalf of marco · default · techconsole.db"
