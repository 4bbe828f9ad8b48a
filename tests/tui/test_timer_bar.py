"""The timer bar: on every screen, one key to start or stop, ticking from its start alone,
and a forgotten timer raised at start-up with the real end typed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input, Static

from techconsole.services.context import Context
from techconsole.services.incidents import queue, reading
from techconsole.services.work import timer
from techconsole.tui.app import TechConsole
from techconsole.tui.help import HelpScreen
from techconsole.tui.incident.screen import IncidentScreen
from techconsole.tui.lead.screen import LeadScreen
from techconsole.tui.queue.screen import QueueScreen
from techconsole.tui.timer.bar import TimerBar
from techconsole.tui.timer.stale import StaleTimerScreen

from .conftest import START, FrozenClock, keys, loaded, until

pytestmark = pytest.mark.asyncio
ROME = ZoneInfo("Europe/Rome")


@pytest.fixture(autouse=True)
def _english(english: None) -> None:
    """These tests read the console's and the services' words in English
    (``language = "en"``); the Italian default has tests of its own."""


def said(bar: TimerBar) -> str:
    """What the bar says, with babel's no-break space before € made a plain one."""
    return bar.text.replace("\u00a0", " ")


def bar_of(app: TechConsole) -> TimerBar:
    return app.screen.query_one(TimerBar)


async def bar_ready(pilot: Pilot[Any]) -> TimerBar:
    """The bar of the screen in sight, once it has read the timer."""
    app = pilot.app
    await until(pilot, lambda: bool(app.screen.query(TimerBar)) and bar_of(app).loaded)  # type: ignore[arg-type]
    await pilot.pause()
    return bar_of(app)  # type: ignore[arg-type]


async def test_the_bar_says_no_timer_runs_and_which_key_starts_one(
    make_app: Callable[..., TechConsole],
):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await loaded(pilot)
        bar = await bar_ready(pilot)
        assert bar.text == "■ No timer running  T starts it on the highlighted incident"
        assert bar.region.y == 36 - 2  # just above the keys


async def test_t_on_the_queue_starts_on_the_highlighted_incident_ticks_and_stops(
    make_app: Callable[..., TechConsole], make_ctx: Callable[..., Context], clock: FrozenClock
):
    app = make_app()
    other = make_ctx("anna")  # another program reading the same database
    async with app.run_test(size=(120, 36)) as pilot:
        table = await loaded(pilot)
        bar = await bar_ready(pilot)
        # a follow-up of a visit that did not solve the problem: its work is free, and
        # the bar says so beside what it is worth
        shown = keys(table)
        place = next(i for i, n in enumerate(shown) if reading.show(other, n).incident.follow_up_of)
        await pilot.press(*["j"] * place)
        number = table.cursor_key()
        assert number == shown[place]
        await pilot.press("T")
        await until(pilot, lambda: bar.session is not None)
        running = timer.status(other)  # saved at once
        assert running is not None
        assert (running.incident, running.kind, running.started_at) == (number, "remote", START)
        assert bar.text.startswith(f"▶ {number} ")
        assert said(bar).endswith("remote · 0:00:00 · 0 scatti · 0,00 € free of charge · T stop")

        clock.advance(minutes=65, seconds=12)  # computed from the start: no read per tick
        await until(pilot, lambda: "1:05:12" in bar.text)
        assert said(bar).endswith("remote · 1:05:12 · 4 scatti · 160,00 € free of charge · T stop")

        await pilot.press("T")  # stop: nothing asked
        await until(pilot, lambda: bar.session is None and bar.loaded)
        assert bar.text.startswith("■ No timer running")
        assert timer.status(other) is None
        (session,) = [s for s in timer.sessions(other) if s.started_at == START]
        assert session.incident == number
        assert session.ended_at == START + timedelta(minutes=65, seconds=12)
        assert (session.units, session.amount) == (4, 160)


async def test_t_on_the_incident_screen_starts_on_that_incident_and_every_bar_shows_it(
    make_app: Callable[..., TechConsole], make_ctx: Callable[..., Context]
):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        table = await loaded(pilot)
        await pilot.press("j", "j")
        number = table.cursor_key()
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, IncidentScreen))
        bar = await bar_ready(pilot)
        assert bar.text.endswith("T starts it on this incident")
        await pilot.press("T")
        await until(pilot, lambda: bar.session is not None)
        running = timer.status(make_ctx("anna"))
        assert running is not None and running.incident == number
        await pilot.press("escape")  # the queue's own bar read the change too
        assert isinstance(app.screen, QueueScreen)
        queue_bar = bar_of(app)
        await until(pilot, lambda: queue_bar.session is not None)
        assert queue_bar.text.startswith(f"▶ {number} ")


async def test_the_bar_is_on_the_team_load_too(make_app: Callable[..., TechConsole]):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await loaded(pilot)
        await pilot.press("L")
        await until(pilot, lambda: isinstance(app.screen, LeadScreen))
        bar = await bar_ready(pilot)
        assert bar.text.endswith("T starts it on an incident (from the queue)")
        await pilot.press("T")  # no incident here: says so, starts nothing
        await until(
            pilot,
            lambda: any("Highlight an incident" in n.message for n in app._notifications),
        )
        assert bar.session is None


async def test_a_timer_started_elsewhere_appears_when_the_database_changes(
    make_app: Callable[..., TechConsole], make_ctx: Callable[..., Context]
):
    app = make_app(watch_interval=0.05)
    async with app.run_test(size=(120, 36)) as pilot:
        table = await loaded(pilot)
        bar = await bar_ready(pilot)
        number = table.cursor_key()
        assert number is not None
        timer.start(make_ctx("anna"), number, kind="on_site")  # the command line, say
        await until(pilot, lambda: bar.session is not None)
        assert "on site · 0:00:00" in bar.text


async def test_a_refused_start_is_told_and_the_bar_reads_again(
    make_app: Callable[..., TechConsole], make_ctx: Callable[..., Context]
):
    app = make_app()  # no change poller: the bar does not know about the other start
    async with app.run_test(size=(120, 36)) as pilot:
        table = await loaded(pilot)
        bar = await bar_ready(pilot)
        timer.start(make_ctx("anna"), table.cursor_key() or "", kind="lab")
        await pilot.press("j", "T")
        await until(pilot, lambda: bar.session is not None)  # read again after the refusal
        assert "workshop · " in bar.text
        assert any("your timer is running on" in n.message for n in app._notifications)


async def test_the_palette_starts_work_of_a_kind(
    make_app: Callable[..., TechConsole], ctx: Context
):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        table = await loaded(pilot)
        bar = await bar_ready(pilot)
        await pilot.press("colon")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"Timer: start work on site")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await until(pilot, lambda: bar.session is not None)
        running = timer.status(ctx)
        assert running is not None
        assert (running.incident, running.kind) == (table.cursor_key(), "on_site")


# ---------------------------------------------------------------------- forgotten timers
@pytest.fixture
def forgotten(ctx: Context) -> str:
    """Anna's timer runs since Sunday 22/11 08:00 (26 h, across midnight)."""
    number = queue.queue(ctx, limit=1).rows[0].number
    timer.start(ctx, number, at=datetime(2026, 11, 22, 8, 0, tzinfo=ROME))
    return number


async def prompt(pilot: Pilot[Any]) -> StaleTimerScreen:
    app = pilot.app
    await until(pilot, lambda: isinstance(app.screen, StaleTimerScreen))
    await pilot.pause()
    assert isinstance(app.screen, StaleTimerScreen)
    return app.screen


async def test_a_forgotten_timer_is_raised_at_start_up_and_stopped_at_the_time_typed(
    make_app: Callable[..., TechConsole], ctx: Context, forgotten: str
):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        modal = await prompt(pilot)
        facts = str(modal.query_one("#stale-facts", Static).content)
        assert forgotten in facts
        assert "Started Sun 22/11/2026 08:00; running for 26:00:00 — it ran past midnight" in (
            facts.replace("\n", " ")
        )
        await pilot.press(*"18:30", "enter")  # on the day it started, in Rome
        await until(pilot, lambda: isinstance(app.screen, QueueScreen))
        bar = bar_of(app)
        await until(pilot, lambda: bar.session is None and bar.loaded)
        assert timer.status(ctx) is None
        (session,) = [s for s in timer.sessions(ctx, incident=forgotten) if s.technician == "anna"]
        assert session.ended_at == datetime(2026, 11, 22, 18, 30, tzinfo=ROME)
        assert session.units == 32  # 10 h 30 min in 20-minute scatti


async def test_a_wrong_end_is_explained_and_the_question_stays(
    make_app: Callable[..., TechConsole], ctx: Context, forgotten: str
):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        modal = await prompt(pilot)
        error = modal.query_one("#stale-error", Static)
        await pilot.press(*"verso le sei", "enter")
        assert "is not a time; write it like 18:30" in str(error.content)
        field = modal.query_one("#stale-end", Input)
        field.value = "07:15"  # before the start: the service refuses it
        await pilot.press("enter")
        await until(pilot, lambda: "before the start" in str(error.content))
        assert isinstance(app.screen, StaleTimerScreen)
        assert timer.status(ctx) is not None


async def test_keeping_a_forgotten_timer_leaves_it_running_and_flagged(
    make_app: Callable[..., TechConsole], ctx: Context, forgotten: str
):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await prompt(pilot)
        await pilot.press("escape")
        assert isinstance(app.screen, QueueScreen)
        bar = bar_of(app)
        await until(pilot, lambda: "forgotten?" in bar.text)
        assert bar.text.startswith(f"▶ {forgotten} ")
        assert "⚠ forgotten? · remote · 26:00:00 · 78 scatti · 3.120,00 €" in said(bar)
        assert timer.status(ctx) is not None


async def test_help_lists_the_timer_and_team_keys(make_app: Callable[..., TechConsole]):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        everywhere = dict(app.screen.sections)["Everywhere"]
        assert ("T", "Start or stop the timer") in everywhere
        assert ("L", "Team load") in everywhere
