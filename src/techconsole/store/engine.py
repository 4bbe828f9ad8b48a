"""Engines for SQLite (several processes on one file) and PostgreSQL, and the change poll.

SQLite: WAL, a busy timeout, foreign keys on every connection, and ``BEGIN IMMEDIATE``
for write transactions (a deferred transaction that reads then writes fails at once
under WAL, whatever the timeout).  The driver's own transaction handling is switched off
so that SQLAlchemy's begin hook decides how each transaction starts.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

from techconsole.store.errors import DatabaseUnavailable

ENV_VAR = "TECHCONSOLE_DB"
BUSY_TIMEOUT_MS = int(os.environ.get("TECHCONSOLE_BUSY_TIMEOUT_MS", "10000"))
WRITE = "techconsole_write"


def default_path() -> Path:
    return Path(user_data_dir("techconsole", appauthor=False)) / "techconsole.db"


def database_url(value: str | None = None) -> str:
    """``TECHCONSOLE_DB`` (a path or a SQLAlchemy URL), else the user data dir's file."""
    value = value or os.environ.get(ENV_VAR)
    if not value:
        path = default_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{path}"
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def describe_url(url: str) -> str:
    """The URL without a password, for messages."""
    return make_url(url).render_as_string(hide_password=True)


def _sqlite_file(url: str) -> Path | None:
    database = make_url(url).database
    if not database or database == ":memory:":
        return None
    return Path(database)


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = _sqlite_file(url)
        if path is not None and not path.parent.is_dir():
            raise DatabaseUnavailable(f"the folder {path.parent} does not exist; create it first")
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        _sqlite_hooks(engine)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _sqlite_hooks(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
        if str(mode).lower() != "wal":
            with contextlib.suppress(Exception):
                cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Any) -> None:
        write = connection.get_execution_options().get(WRITE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"
