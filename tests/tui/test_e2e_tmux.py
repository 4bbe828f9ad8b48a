"""End to end: the real program in a real terminal (tmux), and another process writing.

The console runs as a technician runs it: ``techconsole`` with no arguments (as
``python -m techconsole``; the database comes from the environment) in a
tmux pane of 100×30, on a tmux server of the test's own (``tmux -L``, killed at the end);
another process opens an urgent incident through the services, and the pane must show it
without a key being pressed.  Then ``q`` quits, and the pane closes with the program.
Both run as the real OS user of the tests, made a lead of the demo database first; the
writer acts on marco's behalf (``actor="marco"``, as ``--as marco``): a lead may.
Every wait polls the pane up to a deadline generous enough for a loaded machine; none
is timed.  Skipped where tmux is missing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from techconsole.services import context
from techconsole.services.context import Context
from techconsole.services.incidents import queue
from techconsole.services.team import members as team

TMUX = shutil.which("tmux")
pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed")

ADD = """
import sys
from techconsole.services.incidents import intake
from techconsole.services.setup import open_context
ctx = open_context(database=sys.argv[1], actor="marco")
made = intake.open_incident(ctx, intake.NewIncident(customer=sys.argv[2], subject=sys.argv[3]))
print(made.number)
"""


#: how long the program may take to show something on a loaded machine (seconds)
DEADLINE = 60.0
#: this run's own tmux server (``tmux -L``): the user's sessions are never touched
SOCKET = f"tc-e2e-{os.getpid()}-{uuid.uuid4().hex[:8]}"


def run_tmux(*args: str) -> subprocess.CompletedProcess[str]:
    assert TMUX is not None
    return subprocess.run(
        [TMUX, "-L", SOCKET, *args], capture_output=True, text=True, timeout=DEADLINE
    )


def tmux(*args: str) -> str:
    done = run_tmux(*args)
    assert done.returncode == 0, f"tmux {' '.join(args)}: {done.stderr}"
    return done.stdout


def screen(session: str) -> str:
    return tmux("capture-pane", "-p", "-t", session)


def wait_for(session: str, condition: Callable[[str], bool]) -> None:
    """Poll the pane until it satisfies ``condition``; fail after :data:`DEADLINE`."""
    deadline = time.monotonic() + DEADLINE
    while not condition(screen(session)):
        if time.monotonic() > deadline:
            raise AssertionError(f"not on screen after {DEADLINE} s:\n{screen(session)}")
        time.sleep(0.05)


def wait_gone(session: str) -> None:
    """Poll until ``session`` no longer exists; fail after :data:`DEADLINE`."""
    deadline = time.monotonic() + DEADLINE
    while run_tmux("has-session", "-t", session).returncode == 0:
        if time.monotonic() > deadline:
            raise AssertionError(f"{session} still open after {DEADLINE} s:\n{screen(session)}")
        time.sleep(0.05)


def start(db_url: str, session: str) -> None:
    """``techconsole`` in a new pane of 100×30 named ``session``."""
    path = db_url.removeprefix("sqlite:///")
    env = {
        "TECHCONSOLE_DB": path,
        "PYTHONPATH": os.pathsep.join(sys.path),
        # the state folder (the console's last view, saved views) is this test's own
        "XDG_STATE_HOME": os.environ["XDG_STATE_HOME"],
    }
    command = " ".join(
        [
            "env",
            *("-u", "COLUMNS", "-u", "LINES"),  # the pane's own size, not the tests' setting
            *(f"{key}={value}" for key, value in env.items()),
            sys.executable,
            "-m",
            "techconsole",
        ]
    )
    tmux("new-session", "-d", "-s", session, "-x", "100", "-y", "30", command)


@pytest.fixture
def console(db_url: str, ctx: Context) -> Iterator[str]:
    me = context.os_user()  # the real one: these are real processes
    if me.login != ctx.actor:
        team.add_technician(ctx, me.login, me.name, "lead")  # anna, the demo's lead, adds them
    session = "console"
    start(db_url, session)
    try:
        yield session
    finally:
        run_tmux("kill-server")  # this test's server only (its own socket)


def test_an_incident_added_by_another_process_appears(
    console: str, db_url: str, ctx: Context, make_ctx: Callable[..., Context]
):
    first = queue.queue(ctx).rows[0]
    wait_for(console, lambda text: first.number in text and "24 aperte" in text)
    assert "Tutte aperte" in screen(console) and "Filtra" in screen(console)  # Italian
    assert f"{context.os_user().login} (responsabile)" in screen(console)

    subject = "E2E stampante ferma"
    path = db_url.removeprefix("sqlite:///")
    added = subprocess.run(
        [sys.executable, "-c", ADD, path, first.customer, f"URGENTE {subject}"],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout.strip()
    wait_for(console, lambda text: added in text and "25 aperte" in text)  # no key pressed
    # the alert of a new incident: a toast with its number, customer and subject
    wait_for(console, lambda text: f"{added} · " in text and "Nuova richiesta" in text)

    tmux("send-keys", "-t", console, "q")
    wait_gone(console)  # the program ended, and with it the pane
    assert Path(path).exists()


def test_a_saved_view_is_there_after_a_restart(console: str, db_url: str, ctx: Context):
    """``4`` (waiting), ``ctrl+s`` and a name: a tab of its own; quit, start again: the
    console opens on that view, with the tab."""
    first = queue.queue(ctx).rows[0]
    wait_for(console, lambda text: first.number in text and "24 aperte" in text)
    tmux("send-keys", "-t", console, "4")
    waiting = queue.queue(ctx, view="waiting").total
    wait_for(console, lambda text: f"In attesa · {waiting} aperte" in text)
    tmux("send-keys", "-t", console, "C-s")
    wait_for(console, lambda text: "Salva questa vista" in text)
    tmux("send-keys", "-t", console, "-l", "attese")
    tmux("send-keys", "-t", console, "C-s")
    wait_for(console, lambda text: "★ attese" in text)
    tmux("send-keys", "-t", console, "q")
    wait_gone(console)
    start(db_url, "again")
    wait_for("again", lambda text: f"In attesa · {waiting} aperte" in text and "★" in text)
    tmux("send-keys", "-t", "again", "q")
    wait_gone("again")
