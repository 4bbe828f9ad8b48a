"""Running techconsole as a person does: a real process, with a umask, as an OS user.

``me()`` is the OS login of the test run; the databases these tests make have it as their
lead, so every command runs as that person, without ``--as``.
"""

from __future__ import annotations

import json
import os
import pwd
import subprocess
import sys
from collections.abc import Iterable, Sequence
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


#: ``python -c EACH COMMANDS``: ``python -m techconsole ARGS`` for each ARGS of the JSON list
#: COMMANDS, one after the other, each in a process of its own forked from this one, which
#: has done once what every run does first: read the settings (and so speak their
#: language), import the command line and the modules of the commands.  Each command starts
#: from that state, untouched by the ones before it, runs ``__main__`` as ``-m`` does, and
#: ends its process for real (exit code, its own stdout and stderr, the interpreter's exit);
#: only the second or so a new interpreter spends importing is spent once.
EACH = r"""
import gc, json, os, runpy, sys, tempfile
from techconsole.cli import app, entry

entry._prepare()
commands = json.loads(sys.argv[1])
for name in sorted({args[0] for args in commands} & set(app.COMMANDS)):
    for module in app.COMMANDS[name].modules:
        __import__(module)
gc.freeze()  # what is here stays shared: no child's collection copies it (nor its exit)
results = []
for args in commands:
    out, err = tempfile.TemporaryFile(), tempfile.TemporaryFile()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the command's process: it ends where the command ends it
        os.dup2(out.fileno(), 1)
        os.dup2(err.fileno(), 2)
        sys.argv = ["techconsole", *args]
        runpy.run_module("techconsole", run_name="__main__", alter_sys=True)
        sys.exit(0)
    code = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
    said = []
    for stream in (out, err):
        stream.seek(0)
        said.append(stream.read().decode())
        stream.close()
    results.append([code, *said])
print(json.dumps(results))
"""


def techconsole_each(
    commands: Iterable[Sequence[str]],
    *,
    home: Path,
    umask: int | None = None,
    prefix: Sequence[str] = (),
    login: str | None = None,
) -> list[subprocess.CompletedProcess[str]]:
    """:func:`techconsole` for each command, one after the other, each in a process of its
    own, for the price of one interpreter's start (see :data:`EACH`)."""
    batch = [list(args) for args in commands]
    done = subprocess.run(
        [*prefix, sys.executable, "-c", EACH, json.dumps(batch)],
        capture_output=True,
        text=True,
        env=environment(home, login),
        stdin=subprocess.DEVNULL,
        umask=-1 if umask is None else umask,
        check=False,
        timeout=120 * len(batch),
    )
    assert done.returncode == 0, done.stderr
    return [
        subprocess.CompletedProcess([sys.executable, "-m", "techconsole", *args], *result)
        for args, result in zip(batch, json.loads(done.stdout), strict=True)
    ]
