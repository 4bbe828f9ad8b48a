"""``techconsole`` with no command opens the console; before the UI it says what is wrong."""

from __future__ import annotations

import os
import subprocess
import sys


def _run(args: list[str], tmp_path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path), "TECHCONSOLE_USER": "nessuno"}
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
