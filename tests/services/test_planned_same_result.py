"""A change worked out before the write lock writes exactly what the same change worked
out under the lock writes (``incidents.planned``): the same operations, at the same
instants, on two databases — one the usual way, one with every plan refused — leave
every row of every table the same.

On SQLite files only: what is compared is the services' Python, the same on either
database; the checks of the plan's write on PostgreSQL are in ``test_planned.py``."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from techconsole.demo import write_mix
from techconsole.services.context import Context
from techconsole.services.customers import registry as customers
from techconsole.services.incidents import intake, planned
from techconsole.services.policies import load
from techconsole.services.team import members as team
from techconsole.store.database import Database

from .conftest import CLOCK_START, FrozenClock
from .support import TABLES

TECHNICIANS = ("tech1", "tech2", "tech3")


def _play(path: Path, seed: int) -> tuple[list[dict[str, Any]], dict[str, list[Any]]]:
    """The mix of ``write_mix`` played by three technicians in turn on a new database,
    a minute apart: their records, and every table's rows."""
    db = Database(f"sqlite:///{path}")
    db.migrate()
    clock = FrozenClock(CLOCK_START)
    policy = load("default")
    lead = Context(db, policy, "lead", clock)
    team.add_technician(lead, "lead", "Lea Capo")
    for login in TECHNICIANS:
        team.add_technician(lead, login, login.title())
    ids = []
    for name, plan in write_mix.CUSTOMERS:
        customer = customers.add_customer(lead, customers.NewCustomer(name))
        if plan:
            customers.add_contract(lead, customer.id, plan, date(2026, 1, 1), date(2026, 12, 31))
        ids.append(customer.id)
    rng = random.Random(seed)
    numbers = []
    for n in range(24):
        clock.advance(minutes=7)
        opened = intake.open_incident(
            lead,
            intake.NewIncident(
                rng.choice(ids),
                f"problem {n}",
                severity=rng.choice(write_mix.SEVERITIES),
                urgent=rng.random() < 0.2,
            ),
        )
        numbers.append(opened.number)
    players = [
        write_mix.Player(Context(db, policy, login, clock), numbers, random.Random(seed + n))
        for n, login in enumerate(TECHNICIANS)
    ]
    records = []
    for i in range(90):
        clock.advance(minutes=1)
        record = players[i % len(players)].step(i)
        record.pop("seconds")
        record.pop("traceback", None)
        records.append(record)
    with db.engine.connect() as conn:
        rows = {
            table: sorted(map(repr, conn.execute(text(f"SELECT * FROM {table}"))))
            for table in TABLES
        }
    db.dispose()
    return records, rows


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_planned_change_writes_what_a_locked_one_writes(seed, tmp_path, monkeypatch):
    written: list[int] = []
    write = planned._write

    def counted(*args: Any) -> Any:
        done = write(*args)
        written.append(1)
        return done

    monkeypatch.setattr(planned, "_write", counted)
    records, rows = _play(tmp_path / "planned.db", seed)
    from_plans = len(written)
    monkeypatch.setattr(planned, "_plan", lambda _ctx, _work: None)  # every plan refused
    locked_records, locked_rows = _play(tmp_path / "locked.db", seed)
    assert len(written) == from_plans  # none the second time
    assert locked_records == records
    for table in TABLES:
        assert locked_rows[table] == rows[table], table
    # the mix wrote, mostly from plans, and was refused some (an incident taken, a state)
    writes = sum(write_mix.is_write(r) for r in records)
    assert writes > 40
    assert from_plans == writes
    assert {r["outcome"] for r in records} >= {"ok", "conflict"}
