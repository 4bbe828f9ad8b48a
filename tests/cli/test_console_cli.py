"""``techconsole`` with no command opens the console; before the UI it says what is wrong."""

from __future__ import annotations

import os
import subprocess
import sys


def _run(
    args: list[str], tmp_path, more: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path), "TECHCONSOLE_USER": "nessuno"}
    env.update(more or {})
    env.pop("TECHCONSOLE_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "techconsole", *args],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        check=False,
    )


def test_no_command_opens_the_console_and_an_unknown_user_is_told_how_to_be_added(tmp_path):
    proc = _run([], tmp_path)
    assert proc.returncode == 2
    assert "techconsole tech add nessuno" in proc.stderr
    assert "Traceback" not in proc.stderr
    # the default database was created (and its schema with it), in the user data folder
    assert (tmp_path / "techconsole" / "techconsole.db").is_file()


def test_console_command_takes_the_same_options(tmp_path):
    proc = _run(["console", "--db", str(tmp_path / "missing" / "x.db")], tmp_path)
    assert proc.returncode == 2
    assert "does not exist" in proc.stderr


PROBE = """
import sys
from techconsole.tui import launch

def run_console(options):  # where the console would start: what it was given
    print("DB=" + str(options.database))
    print("TYPER=" + str(any(m in sys.modules for m in ("typer", "click"))))
    return 3

launch.run_console = run_console
from techconsole.cli import main
main([])
"""


def test_no_command_starts_the_console_without_loading_the_command_line(tmp_path):
    """``techconsole`` alone goes straight to the console (Typer and the commands are
    not imported: a tenth of a second of every start), with the same settings."""
    env = {**os.environ, "TECHCONSOLE_DB": str(tmp_path / "shift.db")}
    proc = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert proc.returncode == 3, proc.stderr  # the console's exit code is the command's
    assert f"DB={tmp_path / 'shift.db'}" in proc.stdout
    assert "TYPER=False" in proc.stdout


def test_no_command_with_broken_settings_says_so_as_every_command_does(tmp_path):
    env = {"TECHCONSOLE_BUSY_TIMEOUT_MS": "abc", "TECHCONSOLE_LANG": "en"}
    for args in ([], ["console"]):
        proc = _run(args, tmp_path, env)
        assert proc.returncode == 2
        assert "Traceback" not in proc.stderr
        first, second = proc.stderr.splitlines()[:2]
        assert first.endswith(":") and "TECHCONSOLE_BUSY_TIMEOUT_MS" in second


def test_ctrl_c_before_the_console_starts_is_said_not_a_traceback(monkeypatch, capsys):
    from techconsole.tui import launch

    def interrupted(argv):
        raise KeyboardInterrupt

    monkeypatch.setattr(launch, "_main", interrupted)
    assert launch.main([]) == 130
    said = capsys.readouterr().err
    assert "Traceback" not in said and ":" in said
