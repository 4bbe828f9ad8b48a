"""The console on a database the person may only read: it says so on the queue's status
line and on the timer bar of every screen; the keys and commands that would change
something are refused with a toast (no form opens, nothing changes, nothing crashes);
reading, the work report and its export still work."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from textual.widgets import Static

from techconsole.i18n import set_language
from techconsole.services.context import Context
from techconsole.services.incidents import reading as incidents
from techconsole.services.policies import load
from techconsole.store.database import Database
from techconsole.tui.app import TechConsole
from techconsole.tui.incident.screen import IncidentScreen
from techconsole.tui.queue.screen import QueueScreen
from techconsole.tui.report.screen import ReportScreen
from techconsole.tui.timer.bar import TimerBar

from .conftest import FrozenClock, loaded, palette_offers, until
from .test_incident_actions import find, opened, toasts
from .test_report_screen import resolved

pytestmark = pytest.mark.asyncio

REFUSED = "The database is read-only for you: you can read everything, but nothing was changed."


@pytest.fixture(autouse=True)
def _toasts_stay(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(TechConsole, "NOTIFICATION_TIMEOUT", 600)


@pytest.fixture
def reading(db_url: str, clock: FrozenClock) -> Iterator[Callable[[], Context]]:
    """Contexts on the demo copy opened read-only (SQLite's ``mode=ro``), as anna."""
    path = Path(db_url.removeprefix("sqlite:///"))
    opened_dbs: list[Database] = []

    def make() -> Context:
        db = Database(f"sqlite:///file:{path}?mode=ro&uri=true")
        opened_dbs.append(db)
        assert db.read_only
        return Context(db, load("default"), "anna", clock)

    yield make
    for db in opened_dbs:
        db.dispose()


def refusals(app: TechConsole) -> int:
    return sum(1 for _title, message, _kind in toasts(app) if message == REFUSED)


def bar_text(app: TechConsole) -> str:
    return app.screen.query_one(TimerBar).text


async def test_it_says_so_and_refuses_each_change(
    english: None, reading: Callable[[], Context], ctx: Context
):
    target = find(ctx, "open", lambda v: v.assignee is None)
    done = resolved(ctx)  # its report is issued by a writer, before the reader looks
    before = incidents.show(ctx, target.number).incident
    app = TechConsole(reading(), watch_interval=None)
    async with app.run_test(size=(140, 36)) as pilot:
        await loaded(pilot)
        who = str(app.screen.query_one("#who", Static).render())
        assert who.endswith("· read-only")
        await until(pilot, lambda: "read-only nothing can be changed" in bar_text(app))
        for key in ("n", "T"):  # a new incident, the timer
            count = refusals(app)
            await pilot.press(key)
            await until(pilot, lambda count=count: refusals(app) == count + 1)
            assert isinstance(app.screen, QueueScreen)
        await pilot.press("colon", *"New incident")  # the command palette: the same
        await palette_offers(pilot, "New incident")
        count = refusals(app)
        await pilot.press("enter")
        await until(pilot, lambda: refusals(app) == count + 1)
        await until(pilot, lambda: isinstance(app.screen, QueueScreen))

        screen = await opened(pilot, target.number)
        await until(pilot, lambda: "read-only" in bar_text(app))
        for key in ("c", "t", "a", "p", "n", "e", "R", "C", "A", "O", "s", "u", "T"):
            count = refusals(app)
            await pilot.press(key)
            await until(pilot, lambda count=count: refusals(app) == count + 1)
            assert app.screen is screen, key  # no form opened
        assert incidents.show(ctx, target.number).incident == before

        # reading goes on: the work report of a resolved incident
        await pilot.press("escape")
        await opened(pilot, done.content.incident)
        await pilot.press("w")
        await until(pilot, lambda: isinstance(app.screen, ReportScreen))
    assert not [t for t in toasts(app) if t[2] == "error"]


async def test_in_italian_it_says_sola_lettura(reading: Callable[[], Context]):
    set_language("it")
    app = TechConsole(reading(), watch_interval=None)
    async with app.run_test(size=(140, 36)) as pilot:
        await loaded(pilot)
        assert str(app.screen.query_one("#who", Static).render()).endswith("· sola lettura")
        await pilot.press("n")
        await until(pilot, lambda: any("sola lettura" in t[1] for t in toasts(app)))
        assert isinstance(app.screen, QueueScreen)


async def test_an_incident_screen_reads_as_usual(
    english: None, reading: Callable[[], Context], ctx: Context
):
    target = find(ctx, "in_progress")
    app = TechConsole(reading(), watch_interval=None)
    async with app.run_test(size=(140, 36)) as pilot:
        screen = await opened(pilot, target.number)
        assert isinstance(screen, IncidentScreen) and screen.detail is not None
        assert screen.detail.incident.number == target.number
