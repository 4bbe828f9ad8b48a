"""Running techconsole as a person does: a real process, with a umask, as an OS user.

``me()`` is the OS login of the test run; the databases these tests make have it as their
lead, so every command runs as that person, without ``--as``.
"""

from __future__ import annotations

import os
import pwd
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path


def me() -> str:
    return pwd.getpwuid(os.getuid()).pw_name


def environment(home: Path, login: str | None = None) -> dict[str, str]:
    """The environment of a person whose data and config folders are under ``home``."""
    login = login or me()
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("TECHCONSOLE_") and k not in ("LOGNAME", "USER")
    }
    env.update(
        TECHCONSOLE_LANG="en",
        COLUMNS="200",
        LOGNAME=login,
        USER=login,
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_CONFIG_DIRS=str(home / "site-config"),
        XDG_STATE_HOME=str(home / "state"),
        PYTHONPATH=os.pathsep.join(p for p in sys.path if p),  # this checkout's sources
    )
    return env


def techconsole(
    *args: str,
    home: Path,
    umask: int | None = None,
    prefix: Sequence[str] = (),
    login: str | None = None,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    """``techconsole ARGS`` in a process of its own (``prefix`` runs it as someone else)."""
    return subprocess.run(
        [*prefix, sys.executable, "-m", "techconsole", *args],
        capture_output=True,
        text=True,
        env=environment(home, login),
        stdin=subprocess.DEVNULL,
        umask=-1 if umask is None else umask,
        cwd=cwd,
        check=False,
        timeout=120,
    )
