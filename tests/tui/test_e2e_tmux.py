"""End to end: the real program in a real terminal (tmux), and another process writing.

The console runs as a technician runs it: ``techconsole`` with no arguments (as
``python -m techconsole``; the database and the login come from the environment) in a
tmux pane of 100×30; another process
opens an urgent incident through the services, and the pane must show it within a couple
of seconds, without a key being pressed.  Then ``q`` quits.  Skipped where tmux is missing.
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

from techconsole.services.context import Context
from techconsole.services.incidents import queue

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


def tmux(*args: str) -> str:
    assert TMUX is not None
    done = subprocess.run([TMUX, *args], check=True, capture_output=True, text=True, timeout=10)
    return done.stdout


def screen(session: str) -> str:
    return tmux("capture-pane", "-p", "-t", session)


def wait_for(session: str, condition: Callable[[str], bool], timeout: float) -> float:
    """Seconds until the pane satisfies ``condition``; fails after ``timeout``."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if condition(screen(session)):
            return time.monotonic() - started
        time.sleep(0.05)
    raise AssertionError(f"not on screen after {timeout} s:\n{screen(session)}")


@pytest.fixture
def console(db_url: str) -> Iterator[str]:
    session = f"tc-e2e-{uuid.uuid4().hex[:8]}"
    path = db_url.removeprefix("sqlite:///")
    env = {
        "TECHCONSOLE_USER": "anna",
        "TECHCONSOLE_DB": path,
        "PYTHONPATH": os.pathsep.join(sys.path),
    }
    command = " ".join(
        [
            "env",
            *(f"{key}={value}" for key, value in env.items()),
            sys.executable,
            "-m",
            "techconsole",
        ]
    )
    tmux("new-session", "-d", "-s", session, "-x", "100", "-y", "30", command)
    try:
        yield session
    finally:
        subprocess.run([TMUX or "tmux", "kill-session", "-t", session], capture_output=True)


def test_an_incident_added_by_another_process_appears(
    console: str, db_url: str, ctx: Context, make_ctx: Callable[..., Context]
):
    first = queue.queue(ctx).rows[0]
    wait_for(console, lambda text: first.number in text and "24 aperte" in text, timeout=30)
    assert "Tutte aperte" in screen(console) and "Filtra" in screen(console)  # Italian

    subject = "E2E stampante ferma"
    path = db_url.removeprefix("sqlite:///")
    added = subprocess.run(
        [sys.executable, "-c", ADD, path, first.customer, f"URGENTE {subject}"],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout.strip()
    took = wait_for(console, lambda text: added in text and "25 aperte" in text, timeout=5)
    assert took < 3.0, f"the new incident took {took:.1f} s to appear"

    tmux("send-keys", "-t", console, "q")
    time.sleep(1.5)
    sessions = subprocess.run([TMUX or "tmux", "ls"], capture_output=True, text=True).stdout
    assert console not in sessions  # the program ended, and with it the pane
    assert Path(path).exists()
