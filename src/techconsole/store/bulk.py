"""Loading many rows at once (the demo): a SQLite connection set up for the load, and the
big tables' indexes (SQLite) or foreign keys (PostgreSQL) made once after it instead of
at every row.

``loading`` sets the connection up *before* its write transaction starts and gives it
back as it was after: foreign keys unchecked (the loader makes consistent rows, and its
tests check them), no ``fsync``, a larger page cache and, when no other connection has
the file open, the rollback journal kept in memory instead of the WAL (a WAL would receive
every page once and copy it to the file again).  A failure or a Ctrl-C still rolls the
load back; a process killed mid-load may leave the file unusable, which is why only a
fresh database is loaded this way.

``checks_deferred`` loads the big tables without what would be checked or kept up to date
at every row, and makes it again at the end from its own definitions, in the same
transaction: on SQLite their secondary indexes (sorting the finished table once costs a
fraction of keeping each index up to date, which for a million incidents means reading
and writing index pages all over a file of gigabytes), on PostgreSQL their foreign keys
(looking up each row's keys costs more than the rest of the ``COPY``; made again, they
check every row at once).
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection

#: SQLite page cache while loading (KiB)
LOAD_CACHE_KIB = 64 * 1024


def loading(raw: Any) -> Callable[[], None]:
    """Set the raw SQLite connection ``raw`` up for a load (outside any transaction);
    return what puts it back."""
    before = {
        name: raw.execute(f"PRAGMA {name}").fetchone()[0]
        for name in ("foreign_keys", "synchronous", "cache_size", "journal_mode", "busy_timeout")
    }
    raw.execute("PRAGMA foreign_keys = OFF")
    raw.execute("PRAGMA synchronous = OFF")
    raw.execute(f"PRAGMA cache_size = {-LOAD_CACHE_KIB}")
    journal = str(before["journal_mode"]).lower()
    if journal == "wal":
        # Leaving WAL needs the file to itself: with another connection open it is
        # refused at once (no waiting), and the load goes through the WAL as usual.
        raw.execute("PRAGMA busy_timeout = 0")
        try:
            with contextlib.suppress(sqlite3.OperationalError):
                raw.execute("PRAGMA journal_mode = MEMORY")
        finally:
            raw.execute(f"PRAGMA busy_timeout = {int(before['busy_timeout'])}")

    def restore() -> None:
        if journal == "wal":
            with contextlib.suppress(sqlite3.OperationalError):
                raw.execute("PRAGMA journal_mode = WAL")
        raw.execute(f"PRAGMA cache_size = {int(before['cache_size'])}")
        raw.execute(f"PRAGMA synchronous = {int(before['synchronous'])}")
        raw.execute(f"PRAGMA foreign_keys = {int(before['foreign_keys'])}")

    return restore


def secondary_indexes(connection: Connection, tables: Sequence[str]) -> list[tuple[str, str]]:
    """(name, definition) of the indexes of ``tables`` that no constraint owns, in the
    order they were made."""
    if connection.dialect.name == "sqlite":
        marks = ", ".join("?" for _ in tables)
        rows = connection.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            f"AND tbl_name IN ({marks}) ORDER BY rowid",
            tuple(tables),
        ).all()
    else:
        rows = connection.exec_driver_sql(
            "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
            "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
            "WHERE t.relnamespace = current_schema()::regnamespace "
            "AND t.relname = ANY(%(tables)s) "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid) "
            "ORDER BY i.oid",
            {"tables": list(tables)},
        ).all()
    return [(str(name), str(sql)) for name, sql in rows]


def foreign_keys(connection: Connection, tables: Sequence[str]) -> list[tuple[str, str, str]]:
    """PostgreSQL: (table, name, definition) of the foreign keys of ``tables``."""
    rows = connection.exec_driver_sql(
        "SELECT t.relname, c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c "
        "JOIN pg_class t ON t.oid = c.conrelid "
        "WHERE c.contype = 'f' AND t.relnamespace = current_schema()::regnamespace "
        "AND t.relname = ANY(%(tables)s) ORDER BY c.oid",
        {"tables": list(tables)},
    ).all()
    return [(str(table), str(name), str(definition)) for table, name, definition in rows]


def owns(connection: Connection, tables: Sequence[str]) -> bool:
    """Whether this connection may drop and make the indexes and constraints of ``tables``
    (SQLite: always; PostgreSQL: the role owns them, as the owner role that runs the
    upgrades does, and a technician's role does not)."""
    if connection.dialect.name == "sqlite":
        return True
    owned = connection.exec_driver_sql(
        "SELECT count(*) FILTER (WHERE pg_has_role(relowner, 'USAGE')), count(*) FROM pg_class "
        "WHERE relnamespace = current_schema()::regnamespace AND relkind = 'r' "
        "AND relname = ANY(%(tables)s)",
        {"tables": list(tables)},
    ).one()
    return bool(owned[0] == owned[1] == len(tables))


@contextmanager
def checks_deferred(connection: Connection, tables: Sequence[str]) -> Iterator[None]:
    """Inside the block, ``tables`` are loaded without their secondary indexes (SQLite) or
    foreign keys (PostgreSQL, where checking each row's keys costs more than the rest of
    the load): dropped first, made again after it from their own definitions, which on
    PostgreSQL checks every row's keys at once.  An error inside rolls the drops back with
    everything else.  A PostgreSQL role that does not own the tables loads them as they are.
    """
    if not owns(connection, tables):
        yield
        return
    quote = connection.dialect.identifier_preparer.quote
    if connection.dialect.name == "sqlite":
        indexes = secondary_indexes(connection, tables)
        for name, _ in indexes:
            connection.exec_driver_sql(f"DROP INDEX {quote(name)}")
        yield
        for _, definition in indexes:
            connection.exec_driver_sql(definition)
        return
    keys = foreign_keys(connection, tables)
    for table, name, _ in keys:
        connection.exec_driver_sql(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
    yield
    for table, name, definition in keys:
        connection.exec_driver_sql(
            f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}"
        )
