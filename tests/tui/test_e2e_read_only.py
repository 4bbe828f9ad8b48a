"""End to end: the console of someone who may only read the database, in a real terminal
(tmux), as an OS process the file permissions stop (see ``tests/cli/readers.py``).

It says "sola lettura", refuses a key that would change something with a word and keeps
running, and still shows what another process writes meanwhile.  Skipped where tmux is
missing or no such reader can be made.
"""

from __future__ import annotations

import shlex
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from cli.processes import environment
from cli.readers import Reader, root_without_overrides, yourself
from techconsole.services.context import Context
from techconsole.services.incidents import queue
from techconsole.services.team import members as team

from .test_e2e_tmux import ADD, TMUX, run_tmux, screen, tmux, wait_for, wait_gone

pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed")


@pytest.fixture
def reader() -> Iterator[Reader]:
    for made in (root_without_overrides(), yourself()):
        found = next(made)
        if isinstance(found, Reader):
            yield found
            return
    pytest.skip("no reader the file permissions stop can be made here")


@pytest.fixture
def console(db_url: str, reader: Reader, make_ctx: Callable[..., Context], tmp_path: Path):
    path = Path(db_url.removeprefix("sqlite:///"))
    if reader.login not in [t.login for t in team.list_technicians(make_ctx("anna"))]:
        # a lead: the writer below acts on marco's behalf as the same OS user
        team.add_technician(make_ctx("anna"), reader.login, "Chi legge", "lead")
    reader.protect(path.parent)
    env = environment(tmp_path, reader.login)
    env.pop("TECHCONSOLE_LANG")  # Italian, the default
    env.pop("COLUMNS")  # the pane's own width
    env["TECHCONSOLE_DB"] = str(path)
    settings = [f"{k}={v}" for k, v in env.items()]
    command = shlex.join(
        ["env", "-i", *settings, *reader.prefix, sys.executable, "-m", "techconsole"]
    )
    session = "readonly"
    tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "30", command)
    try:
        yield session
    finally:
        run_tmux("kill-server")
        reader.release(path.parent)


def test_the_console_says_it_is_read_only_refuses_changes_and_stays_live(
    console: str, db_url: str, ctx: Context, reader: Reader
):
    first = queue.queue(ctx).rows[0]
    wait_for(console, lambda text: first.number in text and "sola lettura" in text)
    tmux("send-keys", "-t", console, "n")  # a new incident: refused, no form
    wait_for(console, lambda text: "Il database per te è in sola lettura" in text)
    assert first.number in screen(console)  # still the queue

    # another process, one that may write, adds an urgent incident: it shows up
    if reader.kind == "yourself":  # the test's own user is the reader: writable again
        reader.release(Path(db_url.removeprefix("sqlite:///")).parent)
    added = subprocess.run(
        [sys.executable, "-c", ADD, db_url.removeprefix("sqlite:///"), first.customer,
         "URGENTE stampante ferma"],
        check=True, capture_output=True, text=True, timeout=60,
    ).stdout.strip()  # fmt: skip
    wait_for(console, lambda text: added in text)

    tmux("send-keys", "-t", console, "q")
    wait_gone(console)
