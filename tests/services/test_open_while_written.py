"""Opening the database while another process writes into it (real processes).

A checkpoint copies the write-ahead log's pages into the file, the first page (whose
header says how many pages the file has) before the pages that make the file that long:
for a moment the file is shorter than its header says.  A program opening it then must
not take it for a truncated file ("is not a techconsole database"): a reader saw that a
fifth of the time while another process wrote.  A file shorter than its header with
nobody using it is still refused.
"""

from __future__ import annotations

import multiprocessing
import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from techconsole.store import peek
from techconsole.store.checks import check_sqlite_file
from techconsole.store.database import Database
from techconsole.store.errors import DatabaseUnavailable

#: seconds the test may take on a loaded machine, at most
DEADLINE = 120.0
#: how many times the file is looked at while the other process writes
LOOKS = 3000


def _write(path: str, started: object, stop: object) -> None:
    """Audit rows of 3 kB, 50 a transaction, until told to stop: the file keeps growing
    and the log is checkpointed into it every thousand pages."""
    connection = sqlite3.connect(path, isolation_level=None, timeout=30)
    connection.execute("PRAGMA synchronous = NORMAL")
    started.set()  # type: ignore[attr-defined]
    while not stop.is_set():  # type: ignore[attr-defined]
        connection.execute("BEGIN IMMEDIATE")
        for _ in range(50):
            connection.execute(
                "INSERT INTO audit (at, actor, action, entity, entity_id, data, os_user) "
                "VALUES ('2026-12-06 10:00:00.000000', 'anna', 'test.filler', 'database', "
                "NULL, json_object('filler', hex(randomblob(1500))), 'anna')"
            )
        connection.execute("COMMIT")
    connection.close()


@pytest.fixture
def path(_sqlite_template: Path, tmp_path: Path) -> Path:
    made = tmp_path / "techconsole.db"
    shutil.copyfile(_sqlite_template, made)
    made.chmod(0o600)
    db = Database(f"sqlite:///{made}")  # as the program leaves it: in WAL mode
    db.migrate()
    db.dispose()
    return made


def test_a_file_being_checkpointed_is_not_taken_for_a_truncated_one(path: Path):
    context = multiprocessing.get_context("spawn")
    started, stop = context.Event(), context.Event()
    writer = context.Process(target=_write, args=(str(path), started, stop))
    writer.start()
    try:
        assert started.wait(DEADLINE)
        deadline = time.monotonic() + DEADLINE
        grown = path.stat().st_size
        refused: list[str] = []
        looks = 0
        # at least LOOKS looks, and on until a checkpoint has made the file longer: on a
        # busy machine the writer may not have had the processor yet
        while (looks < LOOKS or path.stat().st_size <= grown) and time.monotonic() < deadline:
            try:
                check_sqlite_file(path)
            except DatabaseUnavailable as error:
                refused.append(str(error))
            looks += 1
        assert looks >= LOOKS, "the machine is too slow for this test's deadline"
        assert path.stat().st_size > grown  # it was written into while looked at
        assert refused == []
        assert peek.members(path, ["nobody"], 5_000) == {}  # the first look too
    finally:
        stop.set()
        writer.join(DEADLINE)
    assert writer.exitcode == 0


def test_a_file_shorter_than_its_header_with_nobody_using_it_is_refused(path: Path):
    assert not peek.in_use(path)
    size = path.stat().st_size
    with path.open("r+b") as file:
        file.truncate(size - 4096)
    with pytest.raises(DatabaseUnavailable, match="truncated or damaged"):
        check_sqlite_file(path)
    assert peek.members(path, ["anna"], 5_000) is None
