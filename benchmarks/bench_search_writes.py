"""What the search index costs a write: closing and reopening incidents, on SQLite.

Run by hand, on a copy of a database ``bench_queue.py`` filled::

    python benchmarks/bench_search_writes.py --db /tmp/q1m.db --n 300

An incident closed leaves the FTS table ``incident_search`` (migration 0022), and one
reopened or opened comes into it; the triggers on ``incident`` do it inside the writer's
transaction (and FTS5 merges its segments now and then).  The script copies the database
to a temporary file, then closes and reopens ``--n`` open incidents, one transaction
each (``BEGIN IMMEDIATE`` … ``COMMIT``, WAL, ``synchronous=NORMAL`` as techconsole
runs), the same statements twice: with the triggers, then with them dropped (the floor: the
same write without the index).  It prints min, median, p95, worst and the mean, in µs.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

TRIGGERS = (
    "incident_search_insert",
    "incident_search_update",
    "incident_search_delete",
    "customer_search_update",
)
WRITES = (
    "UPDATE incident SET is_open = 0, status = 'resolved' WHERE id = ?",
    "UPDATE incident SET is_open = 1, status = 'open' WHERE id = ?",
)


def timed(connection: sqlite3.Connection, ids: list[int]) -> list[float]:
    out = []
    for id_ in ids:
        for statement in WRITES:
            started = time.perf_counter()
            connection.execute("BEGIN IMMEDIATE")
            connection.execute(statement, (id_,))
            connection.execute("COMMIT")
            out.append(1e6 * (time.perf_counter() - started))
    return out


def line(label: str, times: list[float]) -> str:
    p95 = statistics.quantiles(times, n=20, method="inclusive")[18]
    return (
        f"{label:28} min {min(times):7.0f}  median {statistics.median(times):7.0f}  "
        f"p95 {p95:7.0f}  max {max(times):8.0f}  mean {statistics.mean(times):7.0f} µs"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="a SQLite database at schema 0022 or later")
    parser.add_argument("--n", type=int, default=300, help="incidents closed and reopened")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="techconsole-bench-") as folder:
        copy = Path(folder) / "copy.db"
        shutil.copyfile(args.db, copy)
        connection = sqlite3.connect(copy, isolation_level=None)
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")
        found = connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%search%'"
        ).fetchall()
        if len(found) != len(TRIGGERS):
            parser.error(f"{args.db} has not got the search's triggers (schema 0022)")
        ids = [
            row[0]
            for row in connection.execute(
                "SELECT id FROM incident WHERE is_open = 1 ORDER BY id LIMIT ?", (args.n,)
            )
        ]
        with_index = timed(connection, ids)
        for name in TRIGGERS:
            connection.execute(f"DROP TRIGGER {name}")
        without = timed(connection, ids)
        connection.close()
    print(f"{len(ids)} incidents closed and reopened, one transaction each ({args.db})")
    print(line("with the search index", with_index))
    print(line("floor: without it", without))
    ratio = statistics.median(with_index) / statistics.median(without)
    print(f"median × floor: {ratio:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
