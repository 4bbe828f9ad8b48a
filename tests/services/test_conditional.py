"""One row's ``UPDATE`` and the rows that go with it, in one statement on PostgreSQL
(``store.conditional``, ``Database.write_combined``)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import bindparam, column, delete, text, update

from techconsole.store import conditional
from techconsole.store.database import CHANNEL
from techconsole.store.models import AuditEntry, Incident
from techconsole.store.outcomes import ClockOutcome

from .support import eventually, open_

_INCIDENT = Incident.__table__  # type: ignore[attr-defined]
_AUDIT = AuditEntry.__table__  # type: ignore[attr-defined]
#: the incident's category, if its version is as given
_SET = (
    update(_INCIDENT)
    .where(_INCIDENT.c.id == bindparam("_id"), _INCIDENT.c.version == bindparam("_version"))
    .values(category=bindparam("_category"), version=_INCIDENT.c.version + 1)
)


def _audit_row(action: str) -> dict[str, Any]:
    return {
        "at": datetime(2026, 12, 6, 10, tzinfo=UTC),
        "actor": "anna",
        "os_user": "anna",
        "action": action,
        "entity": "incident",
        "entity_id": None,
        "data": {"action": action},
    }


def _actions(ctx: Any) -> list[str]:
    with ctx.db.engine.connect() as conn:
        rows = conn.execute(text("SELECT action FROM audit WHERE action LIKE 'test.%' ORDER BY id"))
        return [row.action for row in rows]


def test_only_inserts_of_rows_are_combined():
    row = _audit_row("test.a")
    assert conditional.combined(_SET, {}, [(_AUDIT.insert(), row)], CHANNEL) is not None
    other = dict(row, extra=1)
    # two rows of one table with other columns; an update; a delete: written the usual way
    assert conditional.combined(_SET, {}, [(_AUDIT.insert(), [row, other])], CHANNEL) is None
    for statement in (update(ClockOutcome).values(met=True), delete(ClockOutcome)):
        assert conditional.combined(_SET, {}, [(statement, {})], CHANNEL) is None


def test_sqlite_writes_in_a_transaction(ctx, backend):
    if backend != "sqlite":
        pytest.skip("the SQLite case")
    assert ctx.db.write_combined(_SET, {"_id": 1, "_version": 1, "_category": "x"}, []) is None


def test_the_rows_go_in_only_with_the_update_and_in_their_order(ctx, backend):
    if backend != "postgresql":
        pytest.skip("one statement for the whole write is PostgreSQL's (SQLite has no round trips)")
    opened = open_(ctx)
    pending = [
        (_AUDIT.insert(), _audit_row("test.first")),
        (_AUDIT.insert(), [_audit_row("test.second"), _audit_row("test.third")]),
        (_AUDIT.insert(), _audit_row("test.fourth")),
    ]
    stale = {"_id": opened.id, "_version": opened.version + 7, "_category": "rete"}
    assert ctx.db.write_combined(_SET, stale, pending).changed == 0
    assert _actions(ctx) == []  # nothing inserted when nothing was updated
    fresh = dict(stale, _version=opened.version)
    for _ in range(3):  # the ids in the order given, whatever the server's plan
        assert ctx.db.write_combined(_SET, fresh, pending).changed == 1
        fresh["_version"] += 1
    assert _actions(ctx) == ["test.first", "test.second", "test.third", "test.fourth"] * 3
    with ctx.db.engine.connect() as conn:
        row = conn.execute(
            text("SELECT category, version FROM incident WHERE id = :id"), {"id": opened.id}
        ).one()
    assert (row.category, row.version) == ("rete", opened.version + 3)


def test_a_combined_write_reads_a_row_as_it_was_before_it(ctx, backend):
    if backend != "postgresql":
        pytest.skip("one statement for the whole write is PostgreSQL's (SQLite has no round trips)")
    opened = open_(ctx)
    read = text(
        "SELECT category AS was, :asked AS asked FROM incident WHERE id = :incident"
    ).columns(column("was"), column("asked"))
    params = {"_id": opened.id, "_version": opened.version, "_category": "rete"}
    row = ctx.db.write_combined(_SET, params, [], (read, {"incident": opened.id, "asked": "x"}))
    assert (row.changed, row.was, row.asked) == (1, opened.category, "x")
    stale = ctx.db.write_combined(_SET, params, [], (read, {"incident": opened.id, "asked": "y"}))
    assert (stale.changed, stale.was, stale.asked) == (0, "rete", "y")


def test_a_combined_write_is_heard_by_the_watchers(ctx, backend):
    if backend != "postgresql":
        pytest.skip("the NOTIFY of a combined write is PostgreSQL's")
    opened = open_(ctx)
    watcher = ctx.db.watcher()
    try:
        watcher.changed()
        params = {"_id": opened.id, "_version": opened.version, "_category": "rete"}
        assert ctx.db.write_combined(_SET, params, []).changed == 1
        assert eventually(watcher.changed)
    finally:
        watcher.close()
