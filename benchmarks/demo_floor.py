"""The floor of filling a SQLite demo: writing the finished demo's rows again, with nothing
to make.

``bench_demo.py`` calls :func:`floor` after each SQLite run, on the database the run has
just filled.  Every row of every table the demo writes is read back from it in batches
(not timed) and written into a freshly migrated file of the same schema straight through
``sqlite3``: the connection set up as the demo's load sets it up (``store.bulk.loading``),
one ``BEGIN IMMEDIATE``, the big tables' secondary indexes dropped and made again at the
end, the text index of the open incidents filled in one ``INSERT … SELECT`` with its insert
trigger dropped meanwhile (as ``store.search.indexed_after`` does), ``executemany`` of
plain tuples for everything else, then ``COMMIT``.  Only the writing is timed: what the
demo's database work costs at best on this machine, at this load, with the rows already
made.  The demo's own time cannot go below it.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from techconsole.demo.writer import BATCH, BIG_TABLES
from techconsole.store.bulk import loading
from techconsole.store.database import Database
from techconsole.store.search import FTS_TABLE, INSERT_TRIGGER

#: tables not copied: the migration's own, SQLite's, and the text index (filled at the end)
SKIPPED = ("alembic_version", "sqlite_", FTS_TABLE)
#: rows read and written at a time (the demo's batches hold about this many events)
ROWS = BATCH * 5


def _tables(source: sqlite3.Connection) -> list[str]:
    names = source.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid"
    ).fetchall()
    return [name for (name,) in names if not name.startswith(SKIPPED)]


def _timed(seconds: list[float], target: sqlite3.Connection, sql: str, *args: object) -> None:
    started = time.perf_counter()
    if args and isinstance(args[0], list):
        target.executemany(sql, args[0])  # type: ignore[arg-type]
    else:
        target.execute(sql, args)
    seconds[0] += time.perf_counter() - started


def floor(source_path: Path, target_path: Path) -> float:
    """Seconds spent writing every row of ``source_path`` (a filled demo) into a new
    database at ``target_path``, as a bulk load at best writes them."""
    database = Database(f"sqlite:///{target_path}")
    database.migrate()
    database.dispose()
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)
    target = sqlite3.connect(target_path, isolation_level=None)
    try:
        restore = loading(target)
        indexes = target.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            f"AND tbl_name IN ({', '.join('?' for _ in BIG_TABLES)}) ORDER BY rowid",
            BIG_TABLES,
        ).fetchall()
        (trigger,) = target.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
            (INSERT_TRIGGER,),
        ).fetchone()
        spent = [0.0]
        _timed(spent, target, "BEGIN IMMEDIATE")
        for name, _ in indexes:
            _timed(spent, target, f'DROP INDEX "{name}"')
        _timed(spent, target, f"DROP TRIGGER {INSERT_TRIGGER}")
        for table in _tables(source):
            cursor = source.execute(f'SELECT * FROM "{table}"')
            marks = ", ".join("?" for _ in cursor.description)
            insert = f'INSERT INTO "{table}" VALUES ({marks})'
            while rows := cursor.fetchmany(ROWS):
                _timed(spent, target, insert, rows)
        for _, definition in indexes:
            _timed(spent, target, definition)
        _timed(
            spent,
            target,
            f"INSERT INTO {FTS_TABLE} (rowid, number, subject, customer) "
            "SELECT incident.id, incident.number, incident.subject_folded, "
            "(SELECT name_folded FROM customer WHERE customer.id = incident.customer_id) "
            "FROM incident WHERE incident.is_open ORDER BY incident.id",
        )
        _timed(spent, target, trigger)
        _timed(spent, target, "COMMIT")
        restore()
        return spent[0]
    finally:
        source.close()
        target.close()
