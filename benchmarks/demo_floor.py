"""The floor of filling a SQLite demo: writing the finished demo's rows again, with nothing
to make.

``bench_demo.py`` calls :func:`floor` after each SQLite run, on the database the run has
just filled.  Every row of every table the demo writes is read back from it in batches
and written into a freshly migrated file of the same schema the way the demo's load
writes: in ``Database.bulk_write`` (the connection set up by ``store.bulk.loading``), the
big tables' secondary indexes made again at the end (``store.bulk.checks_deferred``), the
text index of the open incidents filled in one statement (``store.search.indexed_after``),
each batch the driver's ``executemany`` of plain tuples.  The time spent reading the
source is taken off: what is left is what the demo's database work costs at best on this
machine, at this load, with the rows already made.  The demo's own time cannot go below it.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from techconsole.demo.writer import BATCH, BIG_TABLES
from techconsole.store.bulk import checks_deferred
from techconsole.store.database import Database
from techconsole.store.search import FTS_TABLE, indexed_after

#: tables not copied: the migration's own, SQLite's, and the text index (filled at the end)
SKIPPED = ("alembic_version", "sqlite_", FTS_TABLE)
#: rows read and written at a time (the demo's batches hold about this many events)
ROWS = BATCH * 5


def _tables(source: sqlite3.Connection) -> list[str]:
    names = source.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid"
    ).fetchall()
    return [name for (name,) in names if not name.startswith(SKIPPED)]


def floor(source_path: Path, target_path: Path) -> float:
    """Seconds spent writing every row of ``source_path`` (a filled demo) into a new
    database at ``target_path``, as the demo's bulk load writes them."""
    database = Database(f"sqlite:///{target_path}")
    database.migrate()
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)
    reading = 0.0
    try:
        started = time.perf_counter()
        with database.bulk_write() as session:
            connection = session.connection()
            with checks_deferred(connection, BIG_TABLES), indexed_after(connection, 1):
                for table in _tables(source):
                    cursor = source.execute(f'SELECT * FROM "{table}"')
                    marks = ", ".join("?" for _ in cursor.description)
                    insert = f'INSERT INTO "{table}" VALUES ({marks})'
                    while True:
                        read_from = time.perf_counter()
                        rows = cursor.fetchmany(ROWS)
                        reading += time.perf_counter() - read_from
                        if not rows:
                            break
                        connection.exec_driver_sql(insert, rows)
        return time.perf_counter() - started - reading
    finally:
        source.close()
        database.dispose()
