"""The team load in the console: L (or the palette) opens it, it shows the service's
figures, ticks the running timers, reads again when the database changes, and a
technician sees the refusal with its reason."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from rich.console import Console
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Static

from techconsole.services.context import Context
from techconsole.services.incidents import queue
from techconsole.services.team import load as lead
from techconsole.services.work import timer
from techconsole.tui.app import TechConsole
from techconsole.tui.lead.screen import LeadScreen
from techconsole.tui.queue.screen import QueueScreen
from techconsole.tui.watch import DatabaseChanged

from .conftest import START, FrozenClock, loaded, palette_offers, until

pytestmark = pytest.mark.asyncio


@pytest.fixture(autouse=True)
def _english(english: None) -> None:
    """These tests read the console's and the services' words in English
    (``language = "en"``); the Italian default has tests of its own."""


def shown(screen: LeadScreen, part: str) -> str:
    """The text of one part of the screen (#lead-team, #lead-compliance…) as drawn."""
    out = Console(file=io.StringIO(), width=screen.size.width - 3, color_system=None)
    out.print(screen.query_one(part, Static).content)
    return out.file.getvalue()  # type: ignore[attr-defined]


def line_of(text: str, name: str) -> str:
    found = [line for line in text.splitlines() if name in line]
    assert found, f"no line with {name!r} in:\n{text}"
    return found[0]


async def opened(pilot: Pilot[Any]) -> LeadScreen:
    await loaded(pilot)
    await pilot.press("L")
    app = pilot.app
    await until(pilot, lambda: isinstance(app.screen, LeadScreen))
    screen = app.screen
    assert isinstance(screen, LeadScreen)
    await until(
        pilot, lambda: screen.refused is not None or bool(screen.load and screen.load.compliance)
    )
    await pilot.pause()
    return screen


@pytest.fixture
def working(ctx: Context) -> str:
    """Anna (a lead) worked 50 min this morning and her timer runs since 09:35 (25 min);
    in the demo elena's and paolo's timers run too."""
    number = queue.queue(ctx, limit=1).rows[0].number
    timer.start(ctx, number, kind="on_site", at=START - timedelta(minutes=90))
    timer.stop(ctx, at=START - timedelta(minutes=40))
    timer.start(ctx, number, kind="on_site", at=START - timedelta(minutes=25))
    return number


async def test_l_shows_the_figures_of_the_service(
    make_app: Callable[..., TechConsole], ctx: Context, working: str
):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await opened(pilot)
        expected = lead.team_load(ctx)
        assert screen.load == expected
        team = shown(screen, "#lead-team")
        for tech in expected.technicians:
            line = line_of(team, tech.name)
            cells = line.split()
            assert str(tech.load.open) in cells
            assert cells[-2:] == [str(tech.scatti_today), str(tech.scatti_month)]
        assert f"▶ {working} 0:25:00" in line_of(team, "anna ★")
        unassigned = line_of(team, "unassigned").split()
        assert unassigned[1] == str(expected.unassigned.open)
        compliance = shown(screen, "#lead-compliance")
        assert "SLA compliance, November 2026" in compliance
        for plan in expected.compliance or ():
            line = line_of(compliance, plan.label)
            assert line.split()[-4:-2] == [str(plan.stopped), str(plan.met)]
        figures = next(p for p in expected.compliance or () if p.label == "Enterprise 24×7")
        share = 100 * figures.met / figures.stopped  # as English writes it: "60.5 %"
        assert line_of(compliance, figures.label).rstrip().endswith(f"{share:.1f} %")
        await pilot.press("escape")
        assert isinstance(app.screen, QueueScreen)


async def test_the_running_timers_tick_without_reading(
    make_app: Callable[..., TechConsole], clock: FrozenClock, working: str
):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        read = screen.load
        assert f"▶ {working} 0:25:00" in shown(screen, "#lead-team")
        clock.advance(minutes=5, seconds=3)
        await until(pilot, lambda: "0:30:03" in shown(screen, "#lead-team"))
        assert screen.load is read  # not read again


async def test_a_change_in_the_database_is_read_again(
    make_app: Callable[..., TechConsole], make_ctx: Callable[..., Context], working: str
):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await opened(pilot)
        timer.stop(make_ctx("anna"))
        app.post_message(DatabaseChanged())
        await until(
            pilot,
            lambda: (
                "Marco" in shown(screen, "#lead-team")
                and working not in shown(screen, "#lead-team")
            ),
        )
        assert "—" in line_of(shown(screen, "#lead-team"), "anna ★")
        assert screen.load is not None and screen.load.compliance is not None  # kept


async def test_the_palette_opens_it(make_app: Callable[..., TechConsole]):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await loaded(pilot)
        await pilot.press("colon")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"Team load")
        await palette_offers(pilot, "Team load")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, LeadScreen))


async def test_a_technician_is_refused_with_the_reason(make_ctx: Callable[..., Context]):
    app = TechConsole(make_ctx("marco"), watch_interval=None)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        assert screen.load is None
        said = shown(screen, "#lead-team")
        assert "⛔ Only a team lead can see the team's load; ask your lead." in said
        assert "Marco" not in said
        assert shown(screen, "#lead-compliance").strip() == ""
        await pilot.press("escape")
        assert isinstance(app.screen, QueueScreen)
