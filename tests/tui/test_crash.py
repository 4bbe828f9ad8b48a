"""A failure nobody foresaw, in the console: logged with its traceback, one line said,
exit code 70 — never a screen of frames."""

from __future__ import annotations

import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from techconsole.tui import launch
from techconsole.tui.app import TechConsole
from techconsole.tui.queue.screen import QueueScreen

from .conftest import loaded


@pytest.fixture(autouse=True)
def _english(english: None) -> None:
    """The line is read in English here."""


def _log(state: Path) -> Path:
    return state / "techconsole" / "errors.log"


def test_a_crash_before_the_ui_starts_is_one_line_and_logged(
    db_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
):
    def broken(**kwargs: object) -> None:
        raise RuntimeError("no queue today")

    monkeypatch.setattr("techconsole.services.setup.open_context", broken)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    monkeypatch.setenv("TECHCONSOLE_USER", "anna")
    monkeypatch.setenv("TECHCONSOLE_LANG", "en")  # main() speaks the settings' language
    assert launch.main(["--db", db_url]) == 70
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert err.startswith("internal error: RuntimeError: no queue today (please report it")
    assert str(_log(tmp_path)) in err
    logged = _log(tmp_path).read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in logged
    assert "command: techconsole console --db" in logged
    assert stat.S_IMODE(_log(tmp_path).stat().st_mode) == 0o600


@pytest.mark.asyncio
async def test_a_crash_inside_the_console_closes_it_with_one_line_and_exit_code_70(
    make_app: Callable[..., TechConsole],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
):
    def broken(self: QueueScreen) -> None:
        raise RuntimeError("a bug in refresh")

    monkeypatch.setattr(QueueScreen, "action_refresh", broken)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    app = make_app()
    with pytest.raises(RuntimeError, match="a bug in refresh"):  # noqa: PT012 - run_test re-raises it
        async with app.run_test(size=(100, 30)) as pilot:
            await loaded(pilot)
            await pilot.press("r")
            await pilot.pause()
    assert app.return_code == 70
    err = capsys.readouterr().err
    assert "Traceback" not in err
    (said,) = err.strip().splitlines()
    assert said.startswith("internal error: RuntimeError: a bug in refresh (please report")
    assert str(_log(tmp_path)) in said
    assert "RuntimeError: a bug in refresh" in _log(tmp_path).read_text(encoding="utf-8")
