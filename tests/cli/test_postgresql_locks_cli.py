"""PostgreSQL under locks, through the real command line in a process of its own.

Another connection holds a lock (a row, or a whole table) in an open transaction, as a
colleague's long transaction or a schema upgrade would.  A command that needs it waits
``lock_timeout_ms`` (set small here with ``TECHCONSOLE_LOCK_TIMEOUT_MS``) and then ends
with SQLite's "busy, nothing was changed, try again", exit code 1, no traceback; it never
hangs.  A command that only reads tries once more first.
"""

from __future__ import annotations

import os
import pwd
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Connection, create_engine, text

from pg_schemas import NO_SERVER, PG_URL, schema

#: seconds a command may take before the test gives up on it: far more than it needs
DEADLINE = 120
BUSY = "the database is busy: another user kept it locked past the timeout"
#: the real OS user: the person the commands act as, without --as
ME = pwd.getpwuid(os.getuid()).pw_name


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A PostgreSQL schema of its own for the test (skipped without a server)."""
    if not PG_URL:
        pytest.skip(NO_SERVER)
    with schema("tc_cli") as made:
        yield made.url


@pytest.fixture
def environ(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The environment of the commands: English, no config files, the real user, a small
    lock timeout."""
    for name in ("TECHCONSOLE_DB", "TECHCONSOLE_USER", "TECHCONSOLE_POLICY", "TECHCONSOLE_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    values = {
        "TECHCONSOLE_LANG": "en",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_CONFIG_DIRS": str(tmp_path / "site-config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "LOGNAME": ME,
        "USER": ME,
        "COLUMNS": "200",
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return {**os.environ, "TECHCONSOLE_LOCK_TIMEOUT_MS": "500"}


@pytest.fixture
def office(run, pg_url: str, environ: dict[str, str]) -> str:
    """The real user as the lead, a customer and one unassigned incident; its number."""
    assert run("db", "init", "--db", pg_url).code == 0
    assert run("tech", "add", ME, "--name", "Anna Rossi", "--db", pg_url).code == 0
    assert run("customer", "add", "Ottica", "--db", pg_url).code == 0
    added = run("incident", "add", "Server down", "-c", "1", "--db", pg_url, "--json")
    assert added.code == 0, added.err
    number: str = added.json()["number"]
    return number


def _command(args: list[str], environ: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "techconsole", *args],
        env=environ,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finish(command: subprocess.Popen[str]) -> tuple[str, str]:
    """The command's output once it ends; a command still waiting after the deadline is
    stopped and the test fails (it would have hung)."""
    try:
        return command.communicate(timeout=DEADLINE)
    except subprocess.TimeoutExpired:
        command.kill()
        command.communicate()
        pytest.fail(f"the command was still waiting after {DEADLINE} s")


def _holder(url: str) -> tuple[Connection, int]:
    """A connection of its own in an open transaction, and its server process id."""
    connection = create_engine(url).connect()
    pid = int(connection.execute(text("SELECT pg_backend_pid()")).scalar_one())
    return connection, pid


def _waits_for(watcher: Connection, holder: int) -> list[tuple[int, object]]:
    """The statements waiting for ``holder``'s locks: (process id, when each began)."""
    rows = watcher.execute(
        text(
            "SELECT pid, query_start FROM pg_stat_activity "
            "WHERE :holder = ANY(pg_blocking_pids(pid))"
        ),
        {"holder": holder},
    ).all()
    return [(int(pid), start) for pid, start in rows]


def _state(url: str, number: str) -> tuple[object, int]:
    """The incident's assignee and how many claims the audit trail holds."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            assignee = conn.execute(
                text("SELECT assignee_id FROM incident WHERE number = :n"), {"n": number}
            ).scalar_one()
            claims = conn.execute(
                text("SELECT count(*) FROM audit WHERE action = 'incident.claimed'")
            ).scalar_one()
    finally:
        engine.dispose()
    return assignee, int(claims)


def test_a_claim_waiting_for_a_row_lock_ends_busy_changing_nothing(
    pg_url: str, environ: dict[str, str], office: str
) -> None:
    holder, _ = _holder(pg_url)
    try:
        # a colleague's transaction holds the incident's row
        holder.execute(
            text("SELECT id FROM incident WHERE number = :n FOR UPDATE"), {"n": office}
        ).all()
        claim = _command(["incident", "claim", office, "--db", pg_url], environ)
        out, err = _finish(claim)
    finally:
        holder.rollback()
        holder.close()
        holder.engine.dispose()
    assert claim.returncode == 1, (out, err)
    assert BUSY in err
    assert "nothing was changed" in err
    assert "Traceback" not in out + err
    assert _state(pg_url, office) == (None, 0)  # nothing was written
    # the lock released, the same command goes through
    again = _command(["incident", "claim", office, "--db", pg_url], environ)
    out, err = _finish(again)
    assert again.returncode == 0, err
    assert _state(pg_url, office)[1] == 1


def test_a_read_tries_again_once_then_says_busy(
    pg_url: str, environ: dict[str, str], office: str
) -> None:
    holder, _ = _holder(pg_url)
    try:
        # a schema upgrade (or LOCK TABLE) holds the whole table: even reads wait
        holder.execute(text("LOCK TABLE incident IN ACCESS EXCLUSIVE MODE"))
        show = _command(["incident", "show", office, "--db", pg_url], environ)
        out, err = _finish(show)
    finally:
        holder.rollback()
        holder.close()
        holder.engine.dispose()
    assert show.returncode == 1, (out, err)
    assert BUSY in err
    assert "Traceback" not in out + err


def test_a_read_that_met_a_lock_goes_through_on_its_second_try(
    pg_url: str, environ: dict[str, str], office: str
) -> None:
    # long enough for the test to see each wait; the command waits twice at most
    environ = {**environ, "TECHCONSOLE_LOCK_TIMEOUT_MS": "3000"}
    holder, holder_pid = _holder(pg_url)
    watcher = create_engine(pg_url).connect().execution_options(isolation_level="AUTOCOMMIT")
    show: subprocess.Popen[str] | None = None
    try:
        holder.execute(text("LOCK TABLE incident IN ACCESS EXCLUSIVE MODE"))
        show = _command(["incident", "show", office, "--db", pg_url], environ)
        deadline = time.monotonic() + DEADLINE
        seen: set[tuple[int, object]] = set()
        # wait for the command's first wait, then for a second one (its second try)
        while len(seen) < 2:
            assert show.poll() is None, show.communicate()
            assert time.monotonic() < deadline, "the command never waited twice"
            seen.update(_waits_for(watcher, holder_pid))
            time.sleep(0.01)
        assert len({pid for pid, _start in seen}) == 1  # one connection, two statements
        holder.rollback()  # released during the second try: it goes through
        out, err = _finish(show)
    finally:
        if show is not None and show.poll() is None:
            show.kill()
            show.communicate()
        holder.rollback()
        holder.close()
        holder.engine.dispose()
        watcher.close()
        watcher.engine.dispose()
    assert show.returncode == 0, err
    assert "Server down" in out
    assert "Traceback" not in out + err
