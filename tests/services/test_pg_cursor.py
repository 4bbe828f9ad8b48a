"""The PostgreSQL cursors' lean result description (``store.pg_cursor``): what psycopg's
own says of each column's name and type, as the DB-API's 7-item tuples."""

from __future__ import annotations

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
