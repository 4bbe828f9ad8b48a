"""PostgreSQL's timeouts, the "busy" they become, and reads that try once more."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy import exc as sa_exc

from techconsole.services.context import Context
from techconsole.services.incidents import ownership
from techconsole.services.policies import load
from techconsole.store.database import Database
from techconsole.store.errors import DatabaseBusy, StoreError, describe
from techconsole.store.retry import retried_read

from .support import open_, snapshot

BUSY = "the database is busy: another user kept it locked past the timeout; nothing was changed"


@pytest.fixture
def pg_url(backend: str, migrated_url: str) -> str:
    if backend != "postgresql":
        pytest.skip("lock and statement timeouts are PostgreSQL settings: none on SQLite")
    return migrated_url


def test_every_connection_gets_the_timeouts(pg_url):
    db = Database(pg_url, lock_timeout_ms=1234, statement_timeout_ms=5678)
    try:
        for _ in range(2):  # a connection used by a write keeps them
            with db.write() as session:
                lock = session.execute(text("SHOW lock_timeout")).scalar_one()
                statement = session.execute(text("SHOW statement_timeout")).scalar_one()
            assert (lock, statement) == ("1234ms", "5678ms")
        # and those of a change's plan and combined write, and of a read of snapshots
        for reading in (db.plan(), db.read(snapshots=True)):
            with reading as session:  # a plan's connection runs nothing but a SELECT
                lock = session.execute(text("SELECT current_setting('lock_timeout')")).scalar_one()
                statement = session.execute(
                    text("SELECT current_setting('statement_timeout')")
                ).scalar_one()
            assert (lock, statement) == ("1234ms", "5678ms")
    finally:
        db.dispose()
    db = Database(pg_url)  # the defaults
    try:
        with db.read() as session:
            assert session.execute(text("SHOW lock_timeout")).scalar_one() == "10s"
            assert session.execute(text("SHOW statement_timeout")).scalar_one() == "1min"
    finally:
        db.dispose()


def test_a_write_waiting_for_a_row_lock_ends_busy_and_writes_nothing(pg_url, ctx, clock):
    number = open_(ctx).number
    db = Database(pg_url, lock_timeout_ms=200)
    bruno = Context(db, load("default"), "bruno", clock)
    before = snapshot(ctx)
    holder = create_engine(pg_url).connect()
    try:
        holder.execute(text("SELECT id FROM incident FOR UPDATE")).all()
        with pytest.raises(DatabaseBusy, match=BUSY):
            ownership.claim(bruno, number)
    finally:
        holder.rollback()
        holder.close()
        holder.engine.dispose()
    try:
        assert snapshot(ctx) == before
        assert ownership.claim(bruno, number).assignee == "bruno"  # free now: it goes
    finally:
        db.dispose()


def test_a_statement_past_its_timeout_is_busy_too(pg_url):
    db = Database(pg_url, statement_timeout_ms=50)
    try:
        with (
            pytest.raises(DatabaseBusy, match="took too long to answer") as info,
            db.read() as session,
        ):
            session.execute(text("SELECT pg_sleep(30)"))
        assert "nothing was changed" in str(info.value)
    finally:
        db.dispose()


def test_a_deadlock_and_a_lock_not_obtained_say_busy():
    errors = pytest.importorskip("psycopg.errors")
    for cause in (errors.DeadlockDetected, errors.LockNotAvailable):
        wrapped = sa_exc.OperationalError("UPDATE incident …", {}, cause("…"))
        assert isinstance(describe(wrapped), DatabaseBusy)
        assert BUSY in str(describe(wrapped))
    other = sa_exc.OperationalError("SELECT …", {}, errors.DiskFull("no space left"))
    assert type(describe(other)) is StoreError


def test_a_read_tries_once_more_when_the_database_was_busy():
    calls: list[int] = []

    @retried_read
    def busy_once(n: int) -> int:
        calls.append(n)
        if len(calls) == 1:
            raise DatabaseBusy("busy")
        return n * 2

    assert busy_once(21) == 42
    assert calls == [21, 21]

    @retried_read
    def always_busy() -> None:
        calls.append(0)
        raise DatabaseBusy("busy")

    calls.clear()
    with pytest.raises(DatabaseBusy):
        always_busy()
    assert calls == [0, 0]  # once more, not for ever

    @retried_read
    def broken() -> None:
        calls.append(1)
        raise StoreError("database error: something else")

    calls.clear()
    with pytest.raises(StoreError):
        broken()
    assert calls == [1]  # only a busy database is tried again
