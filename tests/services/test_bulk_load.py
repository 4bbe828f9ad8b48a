"""Loading a fresh database in bulk (the demo): the connection set up for the load and put
back, the indexes and foreign keys made again as they were, the rows the same as
``insert()`` stores, and a technician's PostgreSQL role that loads without touching the
tables' definitions."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection

import pg_schemas
from techconsole import demo
from techconsole.demo import writer as demo_writer
from techconsole.services.context import Context
from techconsole.services.policies import load
from techconsole.store import bulk
from techconsole.store.database import Database

SETUP = ("foreign_keys", "synchronous", "cache_size", "journal_mode")
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def _pragmas(raw: Any) -> dict[str, Any]:
    return {p: raw.execute(f"PRAGMA {p}").fetchone()[0] for p in SETUP}


def _definitions(connection: Connection) -> list[tuple[str, ...]]:
    """Every index and foreign key of the demo's big tables, as the database shows them."""
    tables = demo_writer.BIG_TABLES
    found = [("index", *i) for i in bulk.secondary_indexes(connection, tables)]
    if connection.dialect.name == "postgresql":
        found += [("key", *k) for k in bulk.foreign_keys(connection, tables)]
    else:
        for table in tables:
            rows = connection.exec_driver_sql(f"PRAGMA foreign_key_list({table})").all()
            found += [("key", table, *map(str, r)) for r in rows]
    return sorted(found)


def test_a_sqlite_load_has_the_file_to_itself_then_gives_the_connection_back(tmp_path: Path):
    db = Database(f"sqlite:///{tmp_path / 'load.db'}")
    db.migrate()
    db.dispose()
    with db.engine.connect() as connection:
        before = _pragmas(connection.connection.dbapi_connection)
    db.dispose()
    assert before["journal_mode"] == "wal" and before["foreign_keys"] == 1
    with db.bulk_write() as session:
        raw = session.connection().connection.dbapi_connection
        inside = _pragmas(raw)
        assert raw.in_transaction  # BEGIN IMMEDIATE, as every write
    assert inside == {
        "foreign_keys": 0,
        "synchronous": 0,
        "cache_size": -bulk.LOAD_CACHE_KIB,
        "journal_mode": "memory",
    }
    with db.engine.connect() as connection:  # the same pooled connection, as it was
        assert _pragmas(connection.connection.dbapi_connection) == before
    db.dispose()


def test_with_another_connection_open_the_load_keeps_the_wal(tmp_path: Path):
    db = Database(f"sqlite:///{tmp_path / 'load.db'}")
    db.migrate()
    other = Database(db.url)
    with other.read() as reading:
        reading.connection().exec_driver_sql("SELECT 1")
        with db.bulk_write() as session:
            raw = session.connection().connection.dbapi_connection
            assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            assert raw.execute("PRAGMA foreign_keys").fetchone()[0] == 0
    other.dispose()
    db.dispose()


def test_indexes_and_keys_are_made_again_as_they_were(ctx: Context):
    tables = demo_writer.BIG_TABLES
    with ctx.db.read() as session:
        before = _definitions(session.connection())
    assert [d for d in before if d[0] == "index"]  # there is something to drop
    with ctx.db.write() as session:
        connection = session.connection()
        with bulk.checks_deferred(connection, tables):
            during = _definitions(connection)
        after = _definitions(connection)
    if ctx.db.sqlite:
        assert not [d for d in during if d[0] == "index"]
    else:
        assert not [d for d in during if d[0] == "key"]
    assert after == before
    with (
        pytest.raises(RuntimeError),
        ctx.db.write() as session,
        bulk.checks_deferred(session.connection(), tables),
    ):
        raise RuntimeError("interrupted")
    with ctx.db.read() as session:  # rolled back with the rest
        assert _definitions(session.connection()) == before


@pytest.mark.skipif(not pg_schemas.PG_URL, reason=pg_schemas.NO_SERVER)
def test_a_role_that_does_not_own_the_tables_loads_them_as_they_are():
    with pg_schemas.schema(roles=1) as made:
        owner = Database(made.url)
        owner.migrate()
        with owner.read() as session:
            before = _definitions(session.connection())
        made.grant(
            "GRANT USAGE ON SCHEMA {schema} TO " + made.roles[0],
            "GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA {schema} TO " + made.roles[0],
            "GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {schema} TO " + made.roles[0],
        )
        tech = Database(made.url_as(made.roles[0]))
        ctx = Context(tech, load("default"), "anna", lambda: NOW)
        with tech.read() as session:
            assert not bulk.owns(session.connection(), demo_writer.BIG_TABLES)
        summary = demo.generate(ctx, incidents=40, seed=4, reports=False)
        assert summary.incidents == 40
        with owner.read() as session:
            assert _definitions(session.connection()) == before
        tech.dispose()
        owner.dispose()
