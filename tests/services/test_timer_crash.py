"""A real process starts a timer and is killed with SIGKILL: the next start of the program
finds the session still running, with its start, and stops it correctly (issue 4)."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from techconsole.services.incidents import reading as incidents
from techconsole.services.work import timer

from .support import open_, rome

WORKER = Path(__file__).with_name("timer_crash_worker.py")
STARTUP_TIMEOUT = 60.0

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")


def _first_line(proc: subprocess.Popen[str]) -> str:
    """The worker's first line of output ("" if none came in time)."""
    lines: queue.Queue[str] = queue.Queue()
    stdout = proc.stdout
    assert stdout is not None
    threading.Thread(target=lambda: lines.put(stdout.readline()), daemon=True).start()
    try:
        return lines.get(timeout=STARTUP_TIMEOUT).strip()
    except queue.Empty:
        return ""


def test_a_timer_survives_kill_9(ctx, make_ctx, migrated_url, clock):
    number = open_(ctx).number
    start = rome(2026, 11, 23, 10, 0)
    proc = subprocess.Popen(
        [sys.executable, str(WORKER), migrated_url, "bruno", number, start.isoformat()],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    line = _first_line(proc)
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)  # no chance to clean up, as after a crash
    _, stderr = proc.communicate(timeout=30)  # reaps it and closes the pipes
    assert line.startswith("started "), f"the worker did not start its timer:\n{stderr}"
    assert proc.returncode == -signal.SIGKILL
    session_id = int(line.split()[1])

    # the program starts again: a new database connection, a new context
    clock.value = start + timedelta(minutes=65)
    bruno = make_ctx("bruno")
    running = timer.status(bruno)
    assert running is not None
    assert running.id == session_id
    assert running.running
    assert running.incident == number
    assert running.kind == "on_site"
    assert running.started_at == start
    assert running.units == 4  # 65 minutes so far

    stopped = timer.stop(bruno)
    assert stopped.id == session_id
    assert stopped.started_at == start
    assert stopped.ended_at == rome(2026, 11, 23, 11, 5)
    assert stopped.units == 4
    assert stopped.amount == Decimal("160.00")
    assert timer.status(bruno) is None
    kinds = [e.kind for e in incidents.show(ctx, number).timeline]
    assert kinds[-2:] == ["timer_started", "timer_stopped"]
