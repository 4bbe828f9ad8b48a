"""Each incident carries its clock events (``incident.clock_log``), so that a change reads
its clocks off its own row and a page of the queue with its rows: the log is what the
timeline says, whoever wrote it — the use cases (back-dated pauses among them), the
demo's bulk writer, migration 0024 for the incidents before it — and a row without one
(written by hand) still has its clocks, read off its timeline, and gets its log at its
next change.  SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from alembic import command
from sqlalchemy import text
from sqlmodel import select

from techconsole import demo
from techconsole.domain.clock_log import build_log
from techconsole.services.context import Context
from techconsole.services.incidents import queue, workflow
from techconsole.services.records import timeline
from techconsole.store import migrate
from techconsole.store.models import Incident

from .conftest import FrozenClock
from .test_clock_outcomes import _shake


def logs(ctx: Context) -> tuple[dict[str, Any], dict[str, Any]]:
    """(each incident's clock log, the log of its timeline), by number."""
    with ctx.db.read() as session:
        incidents = session.exec(select(Incident).order_by(Incident.id)).all()
        kept = {i.number: i.clock_log for i in incidents}
        told = {i.number: build_log(timeline(session, i.id or 0)) for i in incidents}
    return kept, told


def _queue(ctx: Context) -> list[tuple[str, Any, Any]]:
    return [(r.number, r.due_at, r.clocks) for r in queue.queue(ctx, limit=500).rows]


@pytest.mark.parametrize(("preset", "seed"), [("default", 11), ("istes", 12)])
def test_the_clock_log_is_the_timeline_after_the_demo_and_the_use_cases(
    make_ctx: Callable[..., Context], clock: FrozenClock, preset: str, seed: int
):
    ctx = make_ctx("anna", preset)
    demo.generate(ctx, incidents=120, seed=seed, reports=False)
    kept, told = logs(ctx)
    assert len(kept) >= 120
    assert kept == told  # the demo's bulk writer
    assert sum(len(log) for log in kept.values()) > 2 * len(kept)
    assert _shake(ctx, clock, seed, steps=120) > 60
    kept, told = logs(ctx)
    assert kept == told  # the use cases, back-dated pauses among them
    assert any(e[0] == "pause" for log in kept.values() for e in log)


def test_a_row_without_a_log_reads_its_timeline_and_gets_one_at_its_next_change(
    make_ctx: Callable[..., Context],
):
    ctx = make_ctx("anna", "default")
    demo.generate(ctx, incidents=40, seed=3, reports=False)
    before = _queue(ctx)
    with ctx.db.engine.begin() as conn:
        conn.execute(text("UPDATE incident SET clock_log = NULL"))
    assert _queue(ctx) == before  # read off the timelines
    number = next(n for n, _due, _clocks in before)
    workflow.pause(ctx, number, "attesa cliente")
    kept, told = logs(ctx)
    assert kept[number] == told[number]
    assert kept[number][-1][0] == "pause"
    assert all(log is None for n, log in kept.items() if n != number)


def test_migration_0024_gives_the_incidents_before_it_their_logs(
    make_ctx: Callable[..., Context],
):
    ctx = make_ctx("anna", "default")
    demo.generate(ctx, incidents=60, seed=5, reports=False)
    kept, _told = logs(ctx)
    config = migrate._config()
    with ctx.db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0023")
    with ctx.db.engine.connect() as conn:
        columns = conn.execute(text("SELECT * FROM incident LIMIT 1")).keys()
    assert "clock_log" not in columns
    assert ctx.db.migrate(policy=ctx.policy) is True
    assert logs(ctx)[0] == kept
