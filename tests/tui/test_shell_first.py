"""The console paints first and opens its database in a thread (issue 15).

A usual start (the policy kept by an earlier one, a database of the current schema, a
technician of it) shows the status line, the views and the queue's headings saying it is
opening; the rows come when the thread has read them.  Keys that need the database wait
for it; a view or a filter chosen meanwhile is the one read.  If the database cannot be
opened after all, the screen says why, and leaving says it on the terminal with the
command line's exit code.  A fresh interpreter shows that the first frame comes before
SQLAlchemy (and sqlmodel, pydantic, the tables, the services) is even imported.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static

from techconsole.services import context
from techconsole.services.context import Context
from techconsole.services.incidents import queue
from techconsole.services.team import members as team
from techconsole.store.errors import DatabaseUnavailable
from techconsole.tui import launch
from techconsole.tui.app import TechConsole
from techconsole.tui.opening import Opening, World
from techconsole.tui.queue.screen import QueueScreen
from techconsole.tui.queue.table import QueueQuery
from techconsole.tui.timer.bar import TimerBar
from techconsole.tui.timer.keeper import BarPlace

from .conftest import DEADLINE, keys, until


@pytest.fixture(autouse=True)
def _english(english: None) -> None:
    """The shell's words are read in English here."""


def shell_of(app: TechConsole) -> QueueScreen:
    screen = app.screen
    assert isinstance(screen, QueueScreen)
    return screen


@pytest.mark.asyncio
async def test_the_shell_is_shown_then_the_rows_and_the_keys_typed_meanwhile_run(
    db_url: str, kept: Path, gate: threading.Event, make_ctx: Callable[..., Context]
):
    app = launch.prepare_console(launch.ConsoleOptions(database=db_url, policy_cache=kept))
    assert isinstance(app, TechConsole)
    assert not app.is_open  # nothing to say before the UI: it opens the database itself
    assert app.opening is not None and app.opening.actor == "anna"
    async with app.run_test(size=(120, 36)) as pilot:
        screen = shell_of(app)
        table = screen.table
        await until(pilot, lambda: bool(table.shown))
        opening = screen.query_one("#opening", Static)
        assert str(opening.content) == "Opening the queue…"
        assert table.row_count == 0 and table.page is None
        assert screen.query(BarPlace) and not screen.query(TimerBar)  # its place, till open
        assert "Number" in str(table.columns[next(iter(table.columns))].label)
        who = str(screen.query_one("#who", Static).content)
        assert who.startswith("anna") and "techconsole.db" in who
        await pilot.press("3")  # a view: chosen now, read once the database is open
        await pilot.press("n")  # the new-incident form needs the database: it waits
        assert app.screen is screen and not app.is_open
        gate.set()
        await until(pilot, lambda: table.page is not None and table.answered == table.serial)
        await until(pilot, lambda: type(app.screen).__name__ == "NewIncidentForm")
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen)
        assert not screen.query("#opening")
        assert table.query_.view == "unassigned"
        expected = queue.queue(make_ctx("anna"), view="unassigned").rows
        assert keys(table) == [row.number for row in expected]
        await until(pilot, lambda: app.me is not None and bool(screen.query(TimerBar)))
        assert not screen.query(BarPlace)
        assert "anna (lead)" in str(screen.query_one("#who", Static).content)
        assert app.ctx.actor == "anna" and app.poller is not None


@pytest.mark.asyncio
async def test_quitting_while_the_database_opens_quits(
    db_url: str, kept: Path, gate: threading.Event
):
    app = launch.prepare_console(launch.ConsoleOptions(database=db_url, policy_cache=kept))
    assert isinstance(app, TechConsole)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: bool(shell_of(app).table.shown))
        await pilot.press("q")
        await until(pilot, lambda: not app.is_running)
    assert app.return_code == 0
    # let the opening thread go now: the event loop's end waits for its threads, and it
    # ends before the fixture's own release (a minute's wait)
    gate.set()


@pytest.mark.asyncio
async def test_a_database_that_cannot_be_opened_after_all_is_said_and_leaving_says_it_again(
    db_url: str, kept: Path, monkeypatch: pytest.MonkeyPatch
):
    def gone(self: Opening, query: QueueQuery, say: Any = None) -> World:
        raise DatabaseUnavailable("cannot open the database file: it went away")

    monkeypatch.setattr(Opening, "open", gone)
    app = launch.prepare_console(launch.ConsoleOptions(database=db_url, policy_cache=kept))
    assert isinstance(app, TechConsole)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = shell_of(app)
        await until(pilot, lambda: app.open_failed is not None)
        line = str(screen.query_one("#opening", Static).content)
        assert line == "database error: cannot open the database file: it went away"
        await pilot.press("n")  # nothing to wait for: said again, nothing opened
        assert app.screen is screen
        await pilot.press("q")
        await until(pilot, lambda: not app.is_running)
    assert app.return_code == 2  # as the command line's for a database it cannot open


def test_an_unknown_user_is_still_told_before_the_ui_with_a_kept_policy(
    db_url: str,
    kept: Path,
    os_user: Callable[[str], None],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
):
    started: list[TechConsole] = []
    monkeypatch.setattr(TechConsole, "run", lambda self, **kw: started.append(self))
    os_user("gianni")
    assert launch.run_console(launch.ConsoleOptions(database=db_url, policy_cache=kept)) == 2
    assert not started
    assert "'gianni' is not a technician" in capsys.readouterr().err
    os_user("marco")  # in the team, not a lead: acting for anna is refused before the UI
    acting = launch.ConsoleOptions(database=db_url, actor="anna", policy_cache=kept)
    assert launch.run_console(acting) == 2
    assert not started
    assert "--as anna: only an active team lead" in " ".join(capsys.readouterr().err.split())
    os_user("anna")  # a lead acting for marco: nothing to say, the UI opens it
    acting = launch.ConsoleOptions(database=db_url, actor="marco", policy_cache=kept)
    assert launch.run_console(acting) == 0
    (app,) = started
    assert app.opening is not None
    assert (app.opening.os_login, app.opening.actor) == ("anna", "marco")


PROBE = """
import json, sys, time
from techconsole import settings
from techconsole.tui import launch
from techconsole.tui.app import TechConsole
from techconsole.tui.queue.screen import QueueScreen

NAMES = %r
seen = {}


def heavy():
    return [name for name in NAMES if name in sys.modules]


class Probe(TechConsole):
    def _display(self, screen, renderable):  # each frame, as it goes to the terminal
        if renderable is not None and isinstance(screen, QueueScreen) and "first" not in seen:
            seen["first"] = {
                "heavy": heavy(),
                "open": self.is_open,
                "opening": bool(screen.query("#opening")),
                "headings": list(screen.table.shown),
            }
        super()._display(screen, renderable)

    def world_previewed(self, preview):  # the first page read before opening
        super().world_previewed(preview)
        if "preview" not in seen:
            count, is_open = len(preview.page.rows), self.is_open
            seen["preview"] = {"heavy": heavy(), "count": count, "open": is_open}

    def on_queue_table_loaded(self, message):
        if "rows" not in seen:
            seen["rows"] = {"heavy": heavy(), "count": len(message.page.rows)}
            self.call_after_refresh(self.exit)


chosen = settings.load()
options = launch.ConsoleOptions(
    policy=chosen.policy,
    database=chosen.db,
    actor=chosen.user,
    policy_cache=chosen.policy_cache,
    page_cache=chosen.page_cache,
)
app = launch.prepare_console(options, app_class=Probe)
seen["opens_after"] = not app.is_open
app.run(headless=True, size=(120, 36))
launch.dispose(app)
print("SEEN=" + json.dumps(seen))
"""

HEAVY = (
    *("sqlalchemy", "sqlmodel", "pydantic", "alembic", "holidays"),
    *("techconsole.store.models", "techconsole.store.database", "techconsole.domain.policy"),
    *("techconsole.services.incidents", "techconsole.services.team"),
)


def test_the_first_frame_and_the_first_rows_come_before_sqlalchemy_is_imported(
    db_url: str, ctx: Context
):
    me = context.os_user()  # the real one: the probe is a real process
    if me.login != ctx.actor:
        team.add_technician(ctx, me.login, me.name, "lead")
    env = {
        **os.environ,
        "TECHCONSOLE_DB": db_url.removeprefix("sqlite:///"),
        "PYTHONPATH": os.pathsep.join(sys.path),
    }
    env.pop("TECHCONSOLE_USER", None)

    def probe() -> dict[str, Any]:
        done = subprocess.run(
            [sys.executable, "-c", PROBE % (HEAVY,)],
            capture_output=True,
            text=True,
            env=env,
            stdin=subprocess.DEVNULL,
            timeout=DEADLINE,
            check=False,
        )
        assert "SEEN=" in done.stdout, done.stderr
        return dict(json.loads(done.stdout.rsplit("SEEN=", 1)[1]))

    earlier = probe()  # the first start: the policy checked and kept, before the UI
    assert not earlier["opens_after"]
    seen = probe()
    assert seen["opens_after"]
    first = seen["first"]
    assert first["heavy"] == []
    assert not first["open"] and first["opening"]
    assert first["headings"][:2] == ["number", "severity"]
    assert seen["rows"]["count"] > 0
    assert {"sqlalchemy", "sqlmodel", "techconsole.store.models"} <= set(seen["rows"]["heavy"])
    # the first page came before, read with sqlite3 from the statements the first start
    # kept: the policy's classes (pydantic) loaded, none of the database's libraries
    preview = seen["preview"]
    assert preview["count"] == seen["rows"]["count"] and not preview["open"]
    assert set(preview["heavy"]) <= {
        *("pydantic", "techconsole.domain.policy", "techconsole.services.incidents")
    }
