"""Console tests: a seeded demo database per test, a frozen clock, helpers for the pilot.

The demo (300 incidents, seed 7, 24 of them open) is generated once per session at a
fixed instant and copied for every test, so every test and every snapshot starts from
the same rows and the same clocks; nothing reads the wall clock.
"""

from __future__ import annotations

import asyncio
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import textual._wait
from textual.command import Command, CommandList, CommandPalette
from textual.pilot import Pilot

from techconsole import demo, settings
from techconsole.domain.sla import ClockStatus
from techconsole.services.context import Context
from techconsole.services.incidents import queue
from techconsole.services.policies import load
from techconsole.store.database import Database
from techconsole.tui import launch
from techconsole.tui.app import TechConsole
from techconsole.tui.opening import Opening, World
from techconsole.tui.queue.table import QueueQuery, QueueTable

# Textual's pilot waits, after every key it presses and at each ``pause()``, until the app
# has been idle for one sleep of 20 ms (less than 1 ms of CPU in it): at least 40 ms a key,
# typing a sentence took seconds of doing nothing, and every key was drawn.  Here the same
# test of idleness (CPU under 5 % of the window) takes windows of 2 ms, and after the keys
# of one ``press`` the pilot draws the screen twice (``pause``: what is pending processed,
# then the frame drawn at once): once for what the keys changed, once for what that
# frame's callbacks changed (a table scrolled to its cursor).  A test sees the screen as a
# person would after typing, without waiting a frame for each key.  What a test waits for
# beyond that, it waits for by a condition (``until``, ``loaded``, ``settled``).
textual._wait.SLEEP_GRANULARITY = 0.002
textual._wait.SLEEP_IDLE = textual._wait.SLEEP_GRANULARITY / 20
_press = Pilot.press


async def _press_and_draw(self: Pilot[Any], *keys: str) -> None:
    await _press(self, *keys)
    await self.pause()
    await self.pause()


Pilot.press = _press_and_draw  # type: ignore[method-assign]

#: Monday 23 November 2026, 10:00 in Rome: offices open
START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
SEED = 7


class FrozenClock:
    """A clock the test moves by hand."""

    def __init__(self, start: datetime = START) -> None:
        self.value = start

    def __call__(self) -> datetime:
        return self.value

    def advance(self, **kwargs: float) -> datetime:
        self.value += timedelta(**kwargs)
        return self.value


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "techconsole.db"
    db = Database(f"sqlite:///{path}")
    db.migrate()
    demo.generate(Context(db, load("default"), "anna", FrozenClock()), seed=SEED)
    db.dispose()  # the last connection checkpoints the WAL: the file alone is complete
    return path


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock()


@pytest.fixture
def db_url(_demo_template: Path, tmp_path: Path) -> str:
    """A copy of the demo database, at a path whose file name is always the same."""
    folder = tmp_path / "db"
    folder.mkdir()
    path = folder / "techconsole.db"
    shutil.copyfile(_demo_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def make_ctx(db_url: str, clock: FrozenClock) -> Iterator[Callable[..., Context]]:
    """``make_ctx("bruno")``: a context (its own engine, like another process) on the copy."""
    databases: list[Database] = []

    def make(actor: str = "anna") -> Context:
        db = Database(db_url)
        databases.append(db)
        return Context(db, load("default"), actor, clock)

    yield make
    for db in databases:
        db.dispose()


@pytest.fixture
def ctx(make_ctx: Callable[..., Context]) -> Context:
    return make_ctx("anna")


@pytest.fixture
def make_app(ctx: Context) -> Callable[..., TechConsole]:
    def make(**kwargs: Any) -> TechConsole:
        kwargs.setdefault("watch_interval", None)
        return TechConsole(ctx, **kwargs)

    return make


def first_breach(ctx: Context) -> tuple[Any, datetime]:
    """The open incident whose running clock is due first (not yet at risk), and the
    first instant a minute or more past its due when its plan's office is open: a breach
    is told only then (an alert at lunch or at night waits for the office)."""
    rows = [
        r
        for r in queue.queue(ctx, limit=500).rows
        if r.clock is not None and r.clock.status is ClockStatus.OK and r.due_at is not None
    ]
    row = min(rows, key=lambda r: r.due_at)
    calendar = ctx.policy.plan(row.plan).calendar
    return row, calendar.next_opening(row.due_at + timedelta(minutes=1))


def table_of(app: TechConsole) -> QueueTable:
    return app.screen.query_one(QueueTable)


def keys(table: QueueTable) -> list[str]:
    """The incident numbers in the order the table shows them."""
    return [str(row.key.value) for row in table.ordered_rows]


#: how long a condition may take on a loaded machine before a test gives up (seconds)
DEADLINE = 60.0


def shown_keys(screen: Any) -> set[str]:
    """The keys ``screen``'s footer offers now (active and shown)."""
    return {key for key, active in screen.active_bindings.items() if active.binding.show}


async def until(
    pilot: Pilot[Any], condition: Callable[[], bool], timeout: float = DEADLINE
) -> None:
    """Let the app run until ``condition()`` holds (workers run in threads), polling; give
    up ``timeout`` seconds of wall time later, saying where the console was (its screens,
    what has focus, its workers and what it notified) so that a failure on a loaded
    machine can be told from a hang."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"the console did not get there in time: {_state(pilot.app)}")
        await pilot.pause(0.02)


def _state(app: Any) -> str:
    """Where ``app`` is: its screen stack, the focused widget, its workers and their
    states, the messages it notified."""
    screens = [type(screen).__name__ for screen in app.screen_stack]
    focused = app.focused
    workers = [f"{w.name}:{w.state.name}" for w in app.workers]
    said = [n.message for n in getattr(app, "_notifications", [])]
    return f"screens {screens}, focus {focused!r}, workers {workers}, notified {said}"


async def settled(pilot: Pilot[Any]) -> None:
    """Let every worker finish and the app handle what they posted (no time assumed)."""
    await asyncio.wait_for(pilot.app.workers.wait_for_complete(), DEADLINE)
    await pilot.pause()


async def palette_offers(pilot: Pilot[Any], title: str) -> None:
    """Wait until the command palette highlights the command ``title`` (enter runs it)."""
    palette = pilot.app.screen
    assert isinstance(palette, CommandPalette)
    results = palette.query_one(CommandList)

    def highlighted() -> bool:
        index = results.highlighted
        if index is None:
            return False
        option = results.get_option_at_index(index)
        return isinstance(option, Command) and option.hit.text == title

    await until(pilot, highlighted)


async def loaded(pilot: Pilot[Any], serial: int | None = None) -> QueueTable:
    """Wait until the queue table shows the answer to its newest read."""
    table = table_of(pilot.app)  # type: ignore[arg-type]

    def done() -> bool:
        return table.page is not None and table.answered == table.serial

    await until(pilot, done)
    await pilot.pause()
    return table


@pytest.fixture
def kept(db_url: str, os_user: Callable[[str], None]) -> Path:
    """An earlier start of anna's: it checked and kept the policy, and closed the copied
    database to the other users (both said before its UI).  Its policy cache folder."""
    os_user("anna")
    cache = settings.load().policy_cache
    earlier = launch.prepare_console(launch.ConsoleOptions(database=db_url, policy_cache=cache))
    assert isinstance(earlier, TechConsole) and earlier.is_open
    launch.dispose(earlier)
    return cache


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """The opening thread waits for this before it opens the database."""
    released = threading.Event()
    opened = Opening.open

    def held(self: Opening, query: QueueQuery, say: Any = None) -> World:
        assert released.wait(DEADLINE)
        return opened(self, query, say)

    monkeypatch.setattr(Opening, "open", held)
    yield released
    released.set()
