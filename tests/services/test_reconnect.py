"""PostgreSQL connections the server closed: checked only after they sat unused.

A pooled connection unused for ``engine.IDLE_BEFORE_PING`` seconds is checked before it
is handed out and replaced when the server closed it; one used a moment ago is not
checked (that round trip was a third of a busy technician's round trips).  Met by a
statement instead, a closed connection fails it once, saying so; a read runs again.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, exc, text

from techconsole.services.context import Context
from techconsole.services.incidents import queue, reading, workflow
from techconsole.services.policies import load
from techconsole.store import engine as store_engine
from techconsole.store.database import Database
from techconsole.store.errors import ConnectionLost

from .support import open_


@pytest.fixture
def pg_url(backend: str, migrated_url: str) -> str:
    if backend != "postgresql":
        pytest.skip("a server that closes connections is PostgreSQL's: SQLite has none")
    return migrated_url


@pytest.fixture
def pings(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every check of a connection made from now on."""
    from sqlalchemy.dialects.postgresql.psycopg import PGDialect_psycopg

    made: list[Any] = []
    real = PGDialect_psycopg.do_ping

    def do_ping(self: Any, dbapi_connection: Any) -> bool:
        made.append(dbapi_connection)
        return bool(real(self, dbapi_connection))

    monkeypatch.setattr(PGDialect_psycopg, "do_ping", do_ping)
    return made


@pytest.fixture
def engine_checking_after(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[[float], Engine]]:
    """``engine_checking_after(seconds)``: the store's engine for the test's database,
    checking a connection unused that long; disposed of after the test."""
    made: list[Engine] = []

    def make(seconds: float) -> Engine:
        monkeypatch.setattr(store_engine, "IDLE_BEFORE_PING", seconds)
        made.append(store_engine.make_engine(pg_url))
        return made[-1]

    yield make
    for engine in made:
        engine.dispose()


def _backend_pid(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text("SELECT pg_backend_pid()")).scalar_one())


def _close_pooled(url: str, db: Database) -> None:
    """End the server sessions of the connections ``db`` keeps pooled, in each of its
    engines (one ended already and not used since is found so, and replaced)."""
    for engine in db.engines:
        try:
            pid = _backend_pid(engine)
        except exc.OperationalError:
            continue
        _terminate(url, pid)


def _terminate(url: str, pid: int) -> None:
    """End the server session ``pid`` and wait until the server has let it go."""
    killer = create_engine(url, isolation_level="AUTOCOMMIT")  # each read a fresh look
    try:
        with killer.connect() as connection:
            assert connection.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid}).scalar()
            deadline = time.monotonic() + 30
            gone = text("SELECT count(*) FROM pg_stat_activity WHERE pid = :p")
            while connection.execute(gone, {"p": pid}).scalar_one():
                assert time.monotonic() < deadline, f"session {pid} still there after 30 s"
                time.sleep(0.01)
    finally:
        killer.dispose()


def _notes(ctx: Context, number: str) -> list[str]:
    return [e.text for e in reading.show(ctx, number).timeline if e.kind == "note"]


def test_a_connection_used_a_moment_ago_is_not_checked(engine_checking_after, pings):
    engine = engine_checking_after(3600.0)
    first = _backend_pid(engine)
    assert [_backend_pid(engine) for _ in range(3)] == [first] * 3  # the same one
    assert pings == []


def test_a_connection_unused_for_a_while_is_checked_then_used(engine_checking_after, pings):
    engine = engine_checking_after(0.0)
    first = _backend_pid(engine)
    assert pings == []  # just made: nothing to check
    assert _backend_pid(engine) == first
    assert len(pings) == 1


def test_a_connection_the_server_closed_while_unused_is_replaced(
    pg_url, engine_checking_after, pings
):
    engine = engine_checking_after(0.0)
    first = _backend_pid(engine)
    _terminate(pg_url, first)
    second = _backend_pid(engine)  # no error: found closed, replaced
    assert second != first
    assert len(pings) == 1


def test_closed_a_moment_ago_a_read_runs_again_and_a_write_says_so(pg_url, ctx, monkeypatch):
    monkeypatch.setattr(store_engine, "IDLE_BEFORE_PING", 3600.0)
    number = open_(ctx).number
    db = Database(pg_url, lock_timeout_ms=4321)  # an engine of its own
    mine = Context(db, load("default"), ctx.actor, ctx.clock)
    try:
        # a read and a write, their connections pooled (a change is worked out and
        # written on connections of their own, and so is a read of one statement)
        assert [row.number for row in queue.queue(mine).rows] == [number]
        workflow.note(mine, number, "before")
        # the read: its first try meets the closed connection, its second a fresh one
        _close_pooled(pg_url, db)
        assert [row.number for row in queue.queue(mine).rows] == [number]
        # the write: said, nothing written; the next one goes
        _close_pooled(pg_url, db)
        with pytest.raises(ConnectionLost, match="lost the database connection"):
            workflow.note(mine, number, "first try")
        assert _notes(ctx, number) == ["before"]
        workflow.note(mine, number, "second try")
        assert _notes(ctx, number) == ["before", "second try"]
    finally:
        db.dispose()
