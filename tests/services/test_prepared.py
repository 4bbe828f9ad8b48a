"""One row's ``UPDATE`` and the rows that go with it, made ready before SQLite's write
lock is taken (``store.prepared``, ``Database.write_checked``)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import (
    Column,
    MetaData,
    Table,
    bindparam,
    delete,
    exc,
    insert,
    select,
    text,
    update,
)

from techconsole.store import prepared
from techconsole.store.models import AuditEntry, Incident, IncidentEvent
from techconsole.store.types import Money, UTCDateTime

from .support import open_

_INCIDENT = Incident.__table__  # type: ignore[attr-defined]
_AUDIT = AuditEntry.__table__  # type: ignore[attr-defined]
_EVENT = IncidentEvent.__table__  # type: ignore[attr-defined]
#: the incident's category and due time, if its version is as given
_SET = (
    update(_INCIDENT)
    .where(_INCIDENT.c.id == bindparam("_id"), _INCIDENT.c.version == bindparam("_version"))
    .values(
        category=bindparam("_category"),
        due_at=bindparam("_due", type_=_INCIDENT.c.due_at.type),
        version=_INCIDENT.c.version + 1,
    )
)
AT = datetime(2026, 12, 6, 10, 30, 15, 123456, tzinfo=UTC)


@pytest.fixture
def sqlite(backend: str) -> None:
    if backend != "sqlite":
        pytest.skip("made ready for SQLite's driver: PostgreSQL writes one combined statement")


def _audit_row(action: str) -> dict[str, Any]:
    return {
        "at": AT,
        "actor": "anna",
        "os_user": "anna",
        "action": action,
        "entity": "incident",
        "entity_id": None,
        "data": {"action": action, "città": "Forlì", "n": [1, None]},
    }


def _audit(ctx: Any) -> list[Any]:
    with ctx.db.engine.connect() as conn:
        query = select(_AUDIT).where(_AUDIT.c.action.like("test.%")).order_by(_AUDIT.c.id)
        return [tuple(row)[1:] for row in conn.execute(query)]


def _incident(ctx: Any, incident_id: int) -> Any:
    with ctx.db.engine.connect() as conn:
        return conn.execute(select(_INCIDENT).where(_INCIDENT.c.id == incident_id)).one()


def test_rows_are_stored_as_sqlalchemy_stores_them(ctx, sqlite):
    opened = open_(ctx)
    params = {"_id": opened.id, "_version": opened.version, "_category": "rete", "_due": AT}
    row = _audit_row("test.ready")
    assert ctx.db.write_checked(_SET, params, [(_AUDIT.insert(), row)]) is True
    ready_incident = _incident(ctx, opened.id)
    # the same through SQLAlchemy's own execution, on a second incident
    other = open_(ctx)
    with ctx.db.write() as session:
        connection = session.connection()
        assert connection.execute(_SET, dict(params, _id=other.id)).rowcount == 1
        connection.execute(_AUDIT.insert(), dict(row, action="test.sqlalchemy"))
    usual_incident = _incident(ctx, other.id)
    mine, usual = _audit(ctx)
    assert mine[:2] + mine[3:] == usual[:2] + usual[3:]  # all but the action
    assert (mine[2], usual[2]) == ("test.ready", "test.sqlalchemy")
    with ctx.db.engine.connect() as conn:  # the text in the file, not only read back alike
        stored = conn.execute(text("SELECT at, data FROM audit WHERE action LIKE 'test.%'")).all()
        due = conn.execute(text("SELECT due_at, version FROM incident ORDER BY id")).all()
    assert stored[0] == stored[1]
    assert due[0] == due[1] and due[0][1] == opened.version + 1
    assert ready_incident.due_at == AT == usual_incident.due_at
    assert (ready_incident.category, ready_incident.version) == ("rete", opened.version + 1)


def test_nothing_goes_in_when_the_update_changes_nothing(ctx, sqlite):
    opened = open_(ctx)
    before = _incident(ctx, opened.id)
    stale = {"_id": opened.id, "_version": opened.version + 3, "_category": "rete", "_due": AT}
    assert ctx.db.write_checked(_SET, stale, [(_AUDIT.insert(), _audit_row("test.x"))]) is False
    assert _audit(ctx) == []
    assert _incident(ctx, opened.id) == before


def test_a_failing_row_leaves_nothing_written(ctx, sqlite):
    opened = open_(ctx)
    before = _incident(ctx, opened.id)
    params = {"_id": opened.id, "_version": opened.version, "_category": "rete", "_due": AT}
    orphan = {"incident_id": 9999, "at": AT, "actor_id": None, "kind": "note", "text": "x"}
    pending = [
        (_AUDIT.insert(), _audit_row("test.first")),
        (_EVENT.insert(), dict(orphan, data={})),
    ]
    with pytest.raises(exc.IntegrityError, match="FOREIGN KEY"):  # as SQLAlchemy raises it
        ctx.db.write_checked(_SET, params, pending)
    assert _audit(ctx) == []
    assert _incident(ctx, opened.id) == before
    params["_category"] = "after"  # the lock was let go: the next write goes
    assert ctx.db.write_checked(_SET, params, []) is True


def test_what_needs_a_value_worked_out_as_it_runs_goes_the_usual_way(ctx, sqlite):
    dialect = ctx.db.engine.dialect
    # an incident inserted without its version: a column default worked out in Python
    assert prepared.ready(dialect, [(insert(_INCIDENT), {"number": "2026-000001"})]) is None
    params = {"_id": 1, "_version": 1, "_category": "rete", "_due": AT}
    assert ctx.db.write_checked(_SET, params, [(insert(_INCIDENT), {"number": "x"})]) is None
    # several rows at once: the driver's executemany
    rows = [_audit_row("test.a"), _audit_row("test.b")]
    assert prepared.ready(dialect, [(_AUDIT.insert(), rows)]) is None
    # the values in the statement itself (an outcome row deleted): SQLAlchemy's
    assert prepared.ready(dialect, [(delete(_AUDIT).where(_AUDIT.c.id == 7), None)]) is None
    # a material's price: a Decimal, stored as cents by its column type
    priced = Table("priced", MetaData(), Column("price", Money()), Column("at", UTCDateTime()))
    row = {"price": Decimal("12.50"), "at": AT}
    made = prepared.ready(dialect, [(insert(priced), row)])
    assert made is not None
    assert made[0].parameters == (1250, "2026-12-06 10:30:15.123456")


def test_postgresql_writes_its_own_way(ctx, backend):
    if backend != "postgresql":
        pytest.skip("the PostgreSQL case")
    assert ctx.db.write_checked(_SET, {"_id": 1, "_version": 1}, []) is None
