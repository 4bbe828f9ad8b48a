"""The floor of ``bench_writes.py``: the least a write of the mix can cost on this machine.

Each floor worker is a process like the program's workers, started the same way and
released at the same instant, on the same database, but it goes straight to the driver
(``sqlite3`` or psycopg, no SQLAlchemy, no services, no rules) and every operation is
the smallest transaction a note writes: one ``UPDATE`` of the incident (its version and
time), its timeline entry and its audit row, then ``COMMIT`` — on SQLite inside
``BEGIN IMMEDIATE`` with the store's busy timeout.  Nothing is checked or worked out, so
what it reaches (writes/s at the same load) is a ceiling the program cannot pass; the
program's figure divided by it says how much of the machine the program leaves on the
table.
"""

from __future__ import annotations

import json
import random
import sqlite3
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

UPDATE = "UPDATE incident SET version = version + 1, updated_at = {p} WHERE id = {p}"
EVENT = (
    "INSERT INTO incident_event (incident_id, at, actor_id, kind, text, data) "
    "VALUES ({p}, {p}, {p}, 'note', {p}, '{{}}')"
)
AUDIT = (
    "INSERT INTO audit (at, actor, os_user, action, entity, entity_id, data) "
    "VALUES ({p}, {p}, {p}, 'incident.note', 'incident', {p}, {p})"
)


def _sqlite(url: str) -> tuple[Any, Callable[[], None], str]:
    connection = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
    connection.execute("PRAGMA busy_timeout = 10000")
    connection.execute("PRAGMA synchronous = NORMAL")  # as the store sets it (WAL)

    def begin() -> None:
        connection.execute("BEGIN IMMEDIATE")

    return connection, begin, "?"


def _postgresql(url: str) -> tuple[Any, Callable[[], None], str]:
    import psycopg

    plain = url.replace("postgresql+psycopg://", "postgresql://")
    connection = psycopg.connect(plain)  # not autocommit: the first statement begins

    def begin() -> None:
        return None

    return connection, begin, "%s"


def prepare(url: str, login: str, numbers: list[str], seed: int) -> Callable[[int], int]:
    """Connected, the incidents found: a function making ``ops`` floor writes as
    ``login`` on incidents picked at random, which returns the writes done."""
    connection, begin, mark = (_sqlite if url.startswith("sqlite") else _postgresql)(url)
    update, event, audit = (sql.format(p=mark) for sql in (UPDATE, EVENT, AUDIT))
    actor = connection.execute(f"SELECT id FROM technician WHERE login = {mark}", (login,))
    actor_id = actor.fetchone()[0]
    marks = ", ".join([mark] * len(numbers))
    found = connection.execute(
        f"SELECT id, number FROM incident WHERE number IN ({marks})", numbers
    )
    incidents = found.fetchall()
    connection.commit()
    rng = random.Random(seed)

    def play(ops: int) -> int:
        for _ in range(ops):
            incident_id, number = rng.choice(incidents)
            now = datetime.now(UTC)
            at: Any = now.strftime("%Y-%m-%d %H:%M:%S.%f") if mark == "?" else now
            data = json.dumps({"number": number, "text": "floor"})
            begin()
            connection.execute(update, (at, incident_id))
            connection.execute(event, (incident_id, at, actor_id, "floor"))
            connection.execute(audit, (at, login, login, incident_id, data))
            connection.commit()
        connection.close()
        return ops

    return play


def worker(config: dict[str, Any], folder: Path, wait_for: Callable[[Path], None]) -> None:
    """One floor worker: ready, released with the others, its figures written down as
    ``bench_writes.worker`` writes them."""
    wait_for(folder / "numbers.json")
    numbers = json.loads((folder / "numbers.json").read_text(encoding="utf-8"))
    login = config["login"]
    play = prepare(config["url"], login, numbers, config["seed"])
    (folder / f"ready-{login}").touch()
    wait_for(folder / "go")
    started, cpu = time.time(), time.process_time()
    done = play(config["ops"])
    result = {
        "start": started,
        "end": time.time(),
        "writes": done,
        "holds": [],
        "cpu": time.process_time() - cpu,
        "ops": done,
        "ok": done,
        "refused": 0,
        "error": 0,
        "errors": [],
    }
    (folder / f"out-{login}.json").write_text(json.dumps(result), encoding="utf-8")
