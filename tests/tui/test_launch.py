"""Starting the console: what is said before the UI takes the terminal, and exit codes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from techconsole import settings
from techconsole.services.context import Context
from techconsole.services.incidents import intake, queue
from techconsole.settings.mail import mail_intake
from techconsole.tui import launch
from techconsole.tui.app import TechConsole

from .conftest import keys, loaded, until


@pytest.fixture(autouse=True)
def _english(english: None) -> None:
    """These tests read the console's and the services' words in English
    (``language = "en"``); the Italian default has tests of its own."""


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[TechConsole]:
    """The consoles that would have taken the terminal (their UI is not run)."""
    apps: list[TechConsole] = []
    monkeypatch.setattr(TechConsole, "run", lambda self, **kw: apps.append(self))
    return apps


def test_an_unknown_user_is_told_how_to_be_added_and_the_ui_never_starts(
    db_url: str, capsys: pytest.CaptureFixture[str], started: list[TechConsole], os_user
):
    os_user("gianni")
    code = launch.run_console(launch.ConsoleOptions(database=db_url))
    assert code == 2
    assert not started
    err = capsys.readouterr().err
    assert "'gianni' is not a technician" in err
    assert 'techconsole tech add gianni --name "Your Name"' in err


def test_as_from_someone_who_is_not_a_lead_is_refused_before_the_ui(
    db_url: str, capsys: pytest.CaptureFixture[str], started: list[TechConsole], os_user
):
    os_user("marco")  # a technician of the demo, not a lead
    code = launch.run_console(launch.ConsoleOptions(database=db_url, actor="anna"))
    assert code == 2
    assert not started
    err = " ".join(capsys.readouterr().err.split())
    assert "--as anna: only an active team lead of this database may act" in err
    assert "you (marco) are not one" in err


def test_a_lead_runs_the_console_on_someones_behalf(
    db_url: str, started: list[TechConsole], os_user
):
    os_user("anna")
    assert launch.run_console(launch.ConsoleOptions(database=db_url, actor="marco")) == 0
    (app,) = started
    assert (app.ctx.os_login, app.ctx.actor) == ("anna", "marco")


def test_a_new_database_is_created_and_its_first_lead_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], started: list[TechConsole], os_user
):
    os_user("anna")
    code = launch.run_console(launch.ConsoleOptions(database=str(tmp_path / "new.db")))
    err = capsys.readouterr().err
    assert "Creating the database schema" in err
    assert "You (anna) are the first lead of this database" in err
    assert code == 0  # the person who created it leads it, and the console opens
    assert [app.ctx.actor for app in started] == ["anna"]


def test_a_database_that_cannot_be_opened(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    code = launch.run_console(
        launch.ConsoleOptions(database=str(tmp_path / "missing" / "x.db"), actor="anna")
    )
    assert code == 2
    assert "does not exist" in capsys.readouterr().err


def test_a_broken_policy(db_url: str, capsys: pytest.CaptureFixture[str], tmp_path: Path):
    policy = tmp_path / "broken.toml"
    policy.write_text("[severities.A]\nlabel = 3\n", encoding="utf-8")
    code = launch.run_console(
        launch.ConsoleOptions(policy=str(policy), database=db_url, actor="anna")
    )
    assert code == 2
    assert "policy error" in capsys.readouterr().err


def test_the_console_runs_with_the_mouse_as_asked(
    db_url: str, monkeypatch: pytest.MonkeyPatch, os_user
):
    runs: list[dict[str, Any]] = []

    def run(self: TechConsole, **kwargs: Any) -> None:
        runs.append(kwargs)

    monkeypatch.setattr(TechConsole, "run", run)
    os_user("anna")
    assert launch.main(["--db", db_url, "--no-mouse"]) == 0
    assert launch.main(["--db", db_url]) == 0
    assert runs == [{"mouse": False}, {"mouse": True}]


def test_the_console_is_started_with_what_the_settings_say():
    chosen = settings.Settings(
        db="q.db",
        policy="istes",
        mouse=False,
        busy_timeout_ms=1_000,
        lock_timeout_ms=2_000,
        statement_timeout_ms=3_000,
        user="marco",
        keys={"n": "ctrl+n"},
        bell=False,
        hooks_on_breach="notify-send breach",
        sources={"user": "$TECHCONSOLE_USER"},
    )
    options = launch.console_options(chosen)
    assert options.mail is not None and options.mail() == mail_intake(chosen)  # made when asked
    assert replace(options, mail=None) == launch.ConsoleOptions(
        policy="istes",
        database="q.db",
        actor="marco",
        actor_source="$TECHCONSOLE_USER",
        busy_timeout_ms=1_000,
        lock_timeout_ms=2_000,
        statement_timeout_ms=3_000,
        policy_cache=chosen.policy_cache,
        page_cache=chosen.page_cache,
        alerts=launch.alert_settings(chosen),
        state_path=chosen.console_state,
        keymap={"n": "ctrl+n"},
        mouse=False,
    )
    assert options.alerts is not None and options.alerts.hooks == {"breach": "notify-send breach"}
    assert launch.console_options(chosen, db="other.db").database == "other.db"
    assert launch.console_options(settings.Settings()).actor_source == "default"


@pytest.mark.asyncio
async def test_a_console_opened_before_the_ui_reads_its_first_page_and_stays_live(
    ctx: Context, make_ctx: Callable[..., Context]
):
    """A context opened before the UI (something was said first, or a test's): the
    console polls for changes first, then reads the first page in a thread."""
    app = launch.build_console(ctx)
    assert app.is_open
    expected = [row.number for row in queue.queue(ctx).rows]
    async with app.run_test(size=(80, 24)) as pilot:
        table = await loaded(pilot)
        assert keys(table) == expected
        customer = table.rows_[0].customer
        added = intake.open_incident(
            make_ctx("marco"), intake.NewIncident(customer=customer, subject="URGENTE VPN giù")
        )
        await until(pilot, lambda: added.number in keys(table))
