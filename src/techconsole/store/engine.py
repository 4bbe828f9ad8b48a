"""Engines for SQLite (several processes on one file) and PostgreSQL, and the change poll.

SQLite: WAL, a busy timeout, foreign keys on every connection, and ``BEGIN IMMEDIATE``
for write transactions (a deferred transaction that reads then writes fails at once
under WAL, whatever the timeout), waiting for the write lock in turn with the others
(see ``_begin_immediate``).  The driver's own transaction handling is switched off
so that SQLAlchemy's begin hook decides how each transaction starts.
"""

from __future__ import annotations

import contextlib
import random
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.engine import make_url

from techconsole.i18n import _
from techconsole.store import permissions, readonly
from techconsole.store.defaults import BUSY_TIMEOUT_MS, LOCK_TIMEOUT_MS, STATEMENT_TIMEOUT_MS
from techconsole.store.errors import DatabaseUnavailable
from techconsole.store.planning import refuse_writes_when_planning

WRITE = "techconsole_write"
#: how long a writer waiting for SQLite's write lock sleeps between tries (seconds)
_FIRST_PAUSE = 0.0005
_MAX_PAUSE = 0.001
#: the use at which the statements run on their own (:func:`make_engine`'s
#: ``autocommit``) are prepared on the PostgreSQL server
PREPARE_AT = 2
#: a pooled PostgreSQL connection left unused this long is checked (a round trip) before
#: it is handed out again; one used since is not (seconds)
IDLE_BEFORE_PING = 5.0
_USED = "techconsole_used"


def remove_sqlite_file(path: Path) -> None:
    """Delete a SQLite database with its WAL and shared-memory files."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def describe_url(url: str) -> str:
    """The URL without a password, for messages."""
    return make_url(url).render_as_string(hide_password=True)


def sqlite_file(url: str) -> Path | None:
    parsed = make_url(url)
    database = parsed.database
    if not database or database == ":memory:":
        return None
    if database.startswith("file:") and parsed.query.get("uri") in ("true", "1"):
        # A SQLite URI filename (sqlite:///file:/path/x.db?mode=ro&uri=true): the file
        # is the URI's path, not a folder called "file:".
        if parsed.query.get("mode") == "memory":
            return None
        path = unquote(urlsplit(database).path)
        return Path(path) if path and path != ":memory:" else None
    return Path(database)


def make_engine(
    url: str,
    busy_timeout_ms: int = BUSY_TIMEOUT_MS,
    *,
    lock_timeout_ms: int = LOCK_TIMEOUT_MS,
    statement_timeout_ms: int = STATEMENT_TIMEOUT_MS,
    read_only: bool = False,
    say: Callable[[str], None] | None = None,
    autocommit: bool = False,
) -> Engine:
    """An engine for ``url``; on SQLite a writer waits up to ``busy_timeout_ms`` for locks,
    on PostgreSQL a statement up to ``lock_timeout_ms`` (and runs ``statement_timeout_ms``
    at most; 0: no limit).

    A SQLite file is created, or closed to the other users of the machine, first
    (:mod:`.permissions`; ``say`` hears of it); ``read_only`` (a file this user may only
    read, see :mod:`.readonly`) gives an engine that never writes it.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = sqlite_file(url)
        if path is not None and not path.parent.is_dir():
            raise DatabaseUnavailable(
                _("the folder {folder} does not exist; create it first").format(folder=path.parent)
            )
        if path is not None:
            note = permissions.secure_database(path, create=not read_only)
            if note and say is not None:
                say(note)
            if read_only:
                return readonly.sqlite_engine(path, busy_timeout_ms)
        engine = create_engine(url, connect_args={"timeout": busy_timeout_ms / 1000})
        _sqlite_hooks(engine, busy_timeout_ms)
        refuse_writes_when_planning(engine)
        return engine
    from techconsole.store.partial import use_postgresql

    use_postgresql()
    try:
        from techconsole.store.pg_cursor import LeanCursor

        options: dict[str, Any] = {}
        connect: dict[str, Any] = {"cursor_factory": LeanCursor}
        if autocommit:
            options = {"isolation_level": "AUTOCOMMIT", "pool_reset_on_return": None}
            # its few statements (a change's reads and write, a page of the queue) run
            # over and over: prepared on the server at their second use, not their
            # sixth (psycopg's default), so that the server parses none of them again
            # (issue 15: ~20 % of the server's CPU a change over 200 changes); one
            # used once (a command's single change) is not prepared
            connect["prepare_threshold"] = PREPARE_AT - 1
        engine = create_engine(url, connect_args=connect, **options)
    except ModuleNotFoundError as error:  # the postgres extra was not installed
        if not (error.name or "").startswith("psycopg"):
            raise
        raise DatabaseUnavailable(
            _(
                "{url} is a PostgreSQL database, and its driver (psycopg) is not installed: "
                'install it with: pip install "techconsole[postgres]"'
            ).format(url=describe_url(url))
        ) from None
    _postgresql_hooks(engine, lock_timeout_ms, statement_timeout_ms)
    _ping_after_idle(engine)
    refuse_writes_when_planning(engine)
    return engine


def _ping_after_idle(engine: Engine) -> None:
    """A pooled connection unused for :data:`IDLE_BEFORE_PING` is checked before use; one
    found closed (the server restarted, or ended idle sessions) is replaced by a fresh one
    without a word.  SQLAlchemy's ``pool_pre_ping`` checks at every use: a round trip
    before every read and every write, a third of them on a busy PostgreSQL (issue 15).
    A connection closed by the server within the last seconds is met by the statement
    itself: it fails, nothing written, saying the connection was lost
    (``errors.ConnectionLost``: a read runs again), and the pool starts afresh."""
    dialect = engine.dialect

    @event.listens_for(engine, "checkin")
    def on_checkin(_dbapi_connection: Any, record: Any) -> None:
        if record is not None:
            record.info[_USED] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def on_checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        used = record.info.get(_USED)
        if used is None or time.monotonic() - used < IDLE_BEFORE_PING:
            return  # just made, or used a moment ago
        try:
            dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as error:
            if dialect.is_disconnect(error, dbapi_connection, None):
                raise exc.DisconnectionError(str(error)) from error  # the pool reconnects
            raise


def _postgresql_hooks(engine: Engine, lock_timeout_ms: int, statement_timeout_ms: int) -> None:
    """Every connection gives up waiting for a row lock (or a statement) after a while,
    instead of hanging: the command then says the database is busy, changing nothing."""

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        with dbapi_connection.cursor() as cursor:
            cursor.execute(f"SET lock_timeout = {int(lock_timeout_ms)}")
            cursor.execute(f"SET statement_timeout = {int(statement_timeout_ms)}")
        dbapi_connection.commit()


def _sqlite_hooks(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys = ON")
        mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
        if str(mode).lower() != "wal":
            with contextlib.suppress(Exception):
                cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Any) -> None:
        if connection.get_execution_options().get(WRITE, False):
            _begin_immediate(connection, busy_timeout_ms)
        else:  # the driver's own: a deferred BEGIN takes no lock, and cannot be busy
            connection.connection.dbapi_connection.execute("BEGIN")


def _begin_immediate(connection: Any, busy_timeout_ms: int) -> None:
    """``BEGIN IMMEDIATE``, waiting for the write lock by polling at a short interval.

    SQLite's own busy handler sleeps 1, 2, 5, … 50 ms and then 100 ms between tries: a
    writer that has waited a third of a second looks ten times a second, while newer
    writers look every few milliseconds and take the lock as soon as it is free.  With
    several busy writers the oldest one starves: in the 8-process test a writer waited
    6.7 s (of the 10 s timeout) for locks each held ~10 ms, and with a 3 s timeout 26
    operations failed with "database is locked".  Here every waiter retries every
    0.5-1 ms (with jitter), so the lock goes to the writers about in turn, and is taken
    again within a millisecond of its release (two writers: 121 writes/s with tries
    up to 4 ms apart, 141 with 1 ms); a try costs microseconds.  The timeout stays
    ``busy_timeout_ms``.
    """
    raw = connection.connection.dbapi_connection
    deadline = time.monotonic() + busy_timeout_ms / 1000
    pause = _FIRST_PAUSE
    raw.execute("PRAGMA busy_timeout = 0")
    try:
        while True:
            try:
                raw.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as error:
                text = str(error).lower()
                if ("locked" not in text and "busy" not in text) or time.monotonic() > deadline:
                    break
            time.sleep(pause * random.uniform(0.5, 1.5))
            pause = min(2 * pause, _MAX_PAUSE)
        # The last try goes through SQLAlchemy, so that the error is raised (and then
        # translated by ``store.errors``) like any other.
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    finally:
        raw.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"
