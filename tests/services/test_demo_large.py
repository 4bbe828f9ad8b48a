"""What a large demo does differently, and what it must not change: its rows made in a
second process (``demo.producer``) are those made in one, a failure there is said here
and leaves the database empty; SQLite's text index filled after the load
(``demo.derived.deferred``) finds what its trigger would have put there."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlmodel import SQLModel

from techconsole import demo
from techconsole.demo import derived, producer
from techconsole.demo.timelines import Timelines
from techconsole.services.context import Context
from techconsole.services.incidents import queue
from techconsole.services.policies import load
from techconsole.store.database import Database
from techconsole.store.models import Customer, Incident
from techconsole.store.search import FTS_TABLE, INSERT_TRIGGER

from .conftest import FrozenClock

#: two batches and a bit: the second process sends several, and the work's entries
INCIDENTS = demo.BATCH + 300


@pytest.fixture
def other_ctx(fresh_url: str, clock: FrozenClock) -> Iterator[Context]:
    db = Database(fresh_url)
    db.migrate()
    yield Context(db, load("default"), "anna", clock)
    db.dispose()


def _tables(ctx: Context) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, in the order of their keys."""
    with ctx.db.read() as session:
        return {
            table.name: [
                tuple(row)
                for row in session.execute(select(table).order_by(*table.primary_key.columns))
            ]
            for table in SQLModel.metadata.sorted_tables
        }


def _generate(
    ctx: Context, monkeypatch: pytest.MonkeyPatch, *, fork: bool
) -> tuple[demo.DemoSummary, list[tuple[int, int]], int]:
    """The demo of ``INCIDENTS`` incidents, seed 3, made in a second process or not: its
    summary, its progress calls and how many times the rows were received from a second
    process."""
    received: list[int] = []
    receive = producer._receive

    def counted(*args: Any) -> None:
        received.append(1)
        receive(*args)

    with monkeypatch.context() as patch:
        patch.setattr(producer, "_receive", counted)
        patch.setattr(producer, "FORK_FROM", 0)
        patch.setenv(producer.FORK_VARIABLE, "1" if fork else "0")
        calls: list[tuple[int, int]] = []
        summary = demo.generate(
            ctx, incidents=INCIDENTS, seed=3, reports=False, progress=lambda *c: calls.append(c)
        )
    return summary, calls, len(received)


@pytest.mark.skipif(not producer.can_fork(), reason="this system does not fork")
def test_a_second_process_makes_the_same_rows(
    make_ctx: Callable[..., Context], other_ctx: Context, monkeypatch: pytest.MonkeyPatch
):
    """Whether the rows are made by a second process or by this one, the same seed gives
    the same database, table by table (the same code draws from the same random streams
    in the same order), the same summary and the same progress."""
    here, there = make_ctx("anna"), other_ctx
    alone = _generate(here, monkeypatch, fork=False)
    forked = _generate(there, monkeypatch, fork=True)
    assert (alone[2], forked[2]) == (0, 1)  # made here, then in a second process
    assert forked[:2] == alone[:2]
    assert alone[1] == [(demo.BATCH, INCIDENTS), (INCIDENTS, INCIDENTS)]
    made_here, made_there = _tables(here), _tables(there)
    assert len(made_here["incident"]) == INCIDENTS
    assert len(made_here["work_session"]) > INCIDENTS / 2
    for table, rows in made_here.items():
        assert made_there[table] == rows, table


def test_only_large_demos_fork_and_only_beside_an_idle_core(monkeypatch: pytest.MonkeyPatch):
    """The default demo and those of the tests are made here, as they always were; a
    large one in a second process when a core is idle for it, or when asked to; never
    when the variable says no."""
    monkeypatch.setattr(producer, "can_fork", lambda: True)
    monkeypatch.setattr(producer.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(producer.os, "getloadavg", lambda: (0.6, 0.5, 0.5))
    monkeypatch.delenv(producer.FORK_VARIABLE, raising=False)
    assert not producer.forks(300)
    assert not producer.forks(producer.FORK_FROM - 1)
    assert producer.forks(producer.FORK_FROM)
    monkeypatch.setattr(producer.os, "getloadavg", lambda: (1.4, 0.5, 0.5))  # both busy
    assert not producer.forks(producer.FORK_FROM)
    monkeypatch.setenv(producer.FORK_VARIABLE, "1")
    assert producer.forks(producer.FORK_FROM)
    assert not producer.forks(300)
    monkeypatch.setenv(producer.FORK_VARIABLE, "0")
    monkeypatch.setattr(producer.os, "getloadavg", lambda: (0.0, 0.0, 0.0))
    assert not producer.forks(10 * producer.FORK_FROM)


@pytest.mark.skipif(not producer.can_fork(), reason="this system does not fork")
def test_a_failure_in_the_second_process_is_raised_and_nothing_is_left(
    make_ctx: Callable[..., Context], monkeypatch: pytest.MonkeyPatch
):
    """A bug while the second process makes the rows ends the demo with its traceback,
    and the transaction leaves the database as empty as it was."""
    ctx = make_ctx("anna")
    play = Timelines.play
    played: list[int] = []

    def failing(self: Timelines, *args: Any) -> Any:
        played.append(1)
        if len(played) == demo.BATCH + 7:  # in the second batch: the first was written
            raise ZeroDivisionError("made up for the test")
        return play(self, *args)

    monkeypatch.setattr(Timelines, "play", failing)  # the child is forked with it
    monkeypatch.setattr(producer, "FORK_FROM", 0)
    monkeypatch.setenv(producer.FORK_VARIABLE, "1")
    with pytest.raises(RuntimeError, match="second process failed") as failed:
        demo.generate(ctx, incidents=INCIDENTS, seed=3, reports=False)
    assert "ZeroDivisionError: made up for the test" in str(failed.value)
    assert played == []  # all of it in the second process
    with ctx.db.read() as session:
        for model in (Customer, Incident):
            assert session.execute(select(func.count()).select_from(model)).scalar() == 0


def _text_index(ctx: Context) -> tuple[list[tuple[Any, ...]], str | None]:
    """SQLite's text index: its rows and its insert trigger's definition, after FTS5's
    own check of the index against its rows."""
    with ctx.db.engine.begin() as conn:  # raises when the index does not match its rows
        conn.execute(text(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('integrity-check')"))
    with ctx.db.read() as session:
        rows = session.execute(
            text(f"SELECT rowid, number, subject, customer FROM {FTS_TABLE} ORDER BY rowid")
        ).all()
        trigger = session.execute(
            text("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = :name"),
            {"name": INSERT_TRIGGER},
        ).scalar()
    return [tuple(r) for r in rows], trigger


def test_the_text_index_filled_after_the_load_is_the_trigger_s(
    make_ctx: Callable[..., Context], other_ctx: Context, monkeypatch: pytest.MonkeyPatch
):
    """A large demo puts its open incidents in SQLite's text index in one statement after
    the load: the same rows the insert trigger gives them one by one, the trigger there
    again after it (for the incidents opened later), and the searches find the same."""
    here, there = make_ctx("anna"), other_ctx
    if not here.db.sqlite:
        pytest.skip("PostgreSQL's trigram indexes keep themselves")
    used: list[int] = []
    indexed_after = derived.indexed_after

    def spied(connection: Any, first: int) -> Any:
        used.append(first)
        return indexed_after(connection, first)

    monkeypatch.setattr(derived, "indexed_after", spied)
    demo.generate(here, incidents=400, seed=5, reports=False)
    assert used == []  # a small demo: by the trigger
    monkeypatch.setattr(derived, "INDEX_AFTER_FROM", 0)
    demo.generate(there, incidents=400, seed=5, reports=False)
    assert used == [1]
    by_trigger, by_statement = _text_index(here), _text_index(there)
    assert len(by_trigger[0]) >= 20  # the open ones
    assert by_statement == by_trigger
    assert by_statement[1] is not None
    word = max(str(by_trigger[0][0][2]).split(), key=len)  # of the first open one's subject
    found = [queue.queue(ctx, view="all", text=word) for ctx in (here, there)]
    assert found[0].total > 0
    assert [r.number for r in found[1].rows] == [r.number for r in found[0].rows]
