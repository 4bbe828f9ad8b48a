"""A timer started by mistake, undone from the console: ``T`` on a timer that ran no
longer than the policy's grace time asks "Tenerla o scartarla?" before anything is
written — keep it, discard it (not billed, in the timeline), or leave it running."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from techconsole.services.context import Context
from techconsole.services.incidents import reading as incidents
from techconsole.services.work import timer
from techconsole.tui.app import TechConsole
from techconsole.tui.timer.bar import TimerBar
from techconsole.tui.timer.discard import DiscardScreen

from .conftest import START, FrozenClock, loaded, until

pytestmark = pytest.mark.asyncio


async def started(pilot: Pilot[Any]) -> tuple[TimerBar, str]:
    """The timer started with ``T`` on the queue's second incident: its bar, the number."""
    app = pilot.app
    table = await loaded(pilot)
    await until(pilot, lambda: bool(app.screen.query(TimerBar)))
    bar = app.screen.query_one(TimerBar)
    await until(pilot, lambda: bar.loaded)
    await pilot.press("j")
    number = table.cursor_key()
    assert number is not None
    await pilot.press("T")
    await until(pilot, lambda: bar.session is not None)
    return bar, number


async def asked(pilot: Pilot[Any]) -> DiscardScreen:
    await pilot.press("T")
    app = pilot.app
    await until(pilot, lambda: isinstance(app.screen, DiscardScreen))
    await pilot.pause()
    assert isinstance(app.screen, DiscardScreen)
    return app.screen


def words(screen: DiscardScreen) -> str:
    return " ".join(str(w.render()) for w in screen.query(Static))


async def test_discarding_leaves_no_session_and_says_so(
    make_app: Callable[..., TechConsole], ctx: Context, clock: FrozenClock
):
    app = make_app()
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        bar, number = await started(pilot)
        clock.advance(seconds=42)
        screen = await asked(pilot)
        shown = words(screen)
        assert "Tenerla o scartarla?" in shown
        assert number in shown and "0:00:42" in shown and "1 min" in shown
        await pilot.press("d")
        await until(pilot, lambda: bar.session is None and not bar.busy)
        assert timer.status(ctx) is None
        sessions = timer.sessions(ctx, incident=number)
        assert [s for s in sessions if s.started_at == START] == []  # nothing billed
        await until(pilot, lambda: any("scartata" in n.message for n in app._notifications))
        timeline = [e.kind for e in incidents.show(ctx, number).timeline]
        assert timeline[-2:] == ["timer_started", "timer_discarded"]


async def test_keeping_stops_it_at_the_instant_the_key_was_pressed(
    make_app: Callable[..., TechConsole], ctx: Context, clock: FrozenClock
):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        bar, number = await started(pilot)
        clock.advance(seconds=50)
        await asked(pilot)
        clock.advance(minutes=3)  # the answer comes later
        await pilot.press("enter")  # the focused button keeps it
        await until(pilot, lambda: bar.session is None and not bar.busy)
        (kept,) = [s for s in timer.sessions(ctx, incident=number) if s.started_at == START]
        assert kept.ended_at == START + timedelta(seconds=50)
        assert kept.units == 1


async def test_escape_leaves_the_timer_running_and_longer_sessions_are_not_asked_about(
    make_app: Callable[..., TechConsole], ctx: Context, clock: FrozenClock
):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        bar, number = await started(pilot)
        clock.advance(seconds=30)
        await asked(pilot)
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, DiscardScreen))
        running = timer.status(ctx)
        assert running is not None and running.incident == number
        assert bar.session is not None

        clock.advance(seconds=31)  # 61 s: past the grace time
        await pilot.press("T")
        await until(pilot, lambda: bar.session is None and not bar.busy)
        assert not isinstance(app.screen, DiscardScreen)
        (kept,) = [s for s in timer.sessions(ctx, incident=number) if s.started_at == START]
        assert kept.ended_at == START + timedelta(seconds=61)
