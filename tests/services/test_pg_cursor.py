"""The PostgreSQL cursors' lean result description (``store.pg_cursor``): what psycopg's
own says of each column's name and type, as the DB-API's 7-item tuples."""

from __future__ import annotations

from typing import Any

import pytest

QUERIES = (
    "SELECT * FROM incident",  # the table every change reads, 51 columns of many types
    "SELECT 1, 'città' AS \"città\", now(), NULL::jsonb AS data, ARRAY[1, 2]",
    "SELECT",  # tuples, no columns
    "SET lock_timeout = '10s'",  # no tuples
    "UPDATE incident SET version = version WHERE false",
)


@pytest.fixture
def pg_url(backend: str, migrated_url: str) -> str:
    if backend != "postgresql":
        pytest.skip("psycopg's cursors are PostgreSQL's")
    return migrated_url.replace("postgresql+psycopg://", "postgresql://")


@pytest.mark.parametrize("query", QUERIES)
def test_the_description_names_each_column_and_its_type_as_psycopg_does(pg_url, query):
    import psycopg

    from techconsole.store.pg_cursor import LeanCursor

    with (
        psycopg.connect(pg_url) as plain,
        psycopg.connect(pg_url, cursor_factory=LeanCursor) as lean,
    ):
        theirs = plain.execute(query).description
        ours = lean.execute(query).description
    if theirs is None:
        assert ours is None
        return
    assert ours == [(c.name, c.type_code, None, None, None, None, None) for c in theirs]
    assert all(len(entry) == 7 for entry in ours)


def test_the_store_uses_it(pg_url):
    from techconsole.store.database import Database
    from techconsole.store.pg_cursor import LeanCursor

    db = Database(pg_url, lock_timeout_ms=4321)  # an engine of its own
    try:
        with db.engine.connect() as connection:
            cursor = connection.connection.dbapi_connection.cursor()
            assert isinstance(cursor, LeanCursor)
    finally:
        db.dispose()


def test_a_change_s_statements_are_prepared_at_their_second_use(pg_url, migrated_url):
    """The statements a change and a page of the queue run on connections of their own
    are prepared on the server at their second use (psycopg's default: the sixth, kept
    for everything else); one used once is not."""
    from sqlalchemy import text

    from techconsole.store.database import Database
    from techconsole.store.engine import PREPARE_AT

    db = Database(migrated_url)

    def prepared_after_each_use(reading: Any, label: str) -> list[int]:
        wanted = text(f"SELECT count(*) AS {label} FROM incident WHERE id > :n")
        prepared = text(  # the pattern spelled so that this statement does not match it
            "SELECT count(*) FROM pg_prepared_statements"
            f" WHERE statement LIKE '%{label} FROM ' || 'incident%'"
        )
        with reading as session:
            counts = []
            for n in range(PREPARE_AT):
                session.execute(wanted, {"n": n}).scalar_one()
                counts.append(session.execute(prepared).scalar_one())
            return counts

    try:
        assert prepared_after_each_use(db.plan(), "planned") == [0, 1]
        assert prepared_after_each_use(db.read(snapshots=True), "glanced") == [0, 1]
        assert prepared_after_each_use(db.read(), "usual") == [0, 0]  # its own pool's
    finally:
        db.dispose()
