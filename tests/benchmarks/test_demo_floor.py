"""The floor of ``benchmarks/bench_demo.py`` writes exactly the rows the demo wrote, so that
the time it measures is the time of that same database work (the script itself is run by
hand; its timings are not tested)."""

from __future__ import annotations

import importlib.util
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from techconsole import demo
from techconsole.services.context import Context
from techconsole.services.policies import load
from techconsole.store.database import Database
from techconsole.store.search import FTS_TABLE

BENCHMARKS = Path(__file__).parents[2] / "benchmarks"


def _floor_module(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    spec = importlib.util.spec_from_file_location("demo_floor", BENCHMARKS / "demo_floor.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _contents(path: Path) -> dict[str, Any]:
    connection = sqlite3.connect(path)
    try:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
            if not name.startswith(("sqlite_", FTS_TABLE))
        ]
        found: dict[str, Any] = {
            table: connection.execute(f'SELECT * FROM "{table}" ORDER BY rowid').fetchall()
            for table in tables
        }
        found["schema"] = sorted(connection.execute("SELECT type, name, sql FROM sqlite_master"))
        found["text index"] = connection.execute(
            f"SELECT rowid, number, subject, customer FROM {FTS_TABLE} ORDER BY rowid"
        ).fetchall()
        found["found"] = connection.execute(
            f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH 'stampante' ORDER BY rowid"
        ).fetchall()
        return found
    finally:
        connection.close()


def test_the_floor_writes_the_demo_s_rows_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    floor = _floor_module(monkeypatch)
    made = tmp_path / "demo.db"
    database = Database(f"sqlite:///{made}")
    database.migrate()
    ctx = Context(database, load("default"), "bench", lambda: datetime(2026, 12, 7, 9, tzinfo=UTC))
    demo.generate(ctx, incidents=400, seed=3, reports=False)
    database.dispose()

    seconds = floor.floor(made, tmp_path / "floor.db")

    assert seconds > 0
    expected, written = _contents(made), _contents(tmp_path / "floor.db")
    assert expected["incident"] and expected["incident_event"] and expected["text index"]
    assert expected["found"], "the demo's subjects should mention a printer"
    assert written == expected
