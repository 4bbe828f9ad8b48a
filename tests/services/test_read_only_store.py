"""The store on a database its user may only read: reads work, writes are refused before
they start, nothing is made beside a SQLite file, a writer's commits are still seen; a
PostgreSQL role that may only SELECT is recognised."""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

import pg_schemas
from techconsole.services.context import Context
from techconsole.services.customers import registry as customers
from techconsole.services.incidents import queue
from techconsole.services.policies import load
from techconsole.services.team import members as team
from techconsole.store import migrate
from techconsole.store.database import Database
from techconsole.store.errors import DatabaseReadOnly

from .conftest import PG_ENV, PG_URL

REFUSED = "the database is read-only for you: nothing was changed"


@pytest.fixture
def quiet(tmp_path: Path, _sqlite_template: Path, clock) -> Path:
    """A WAL database with a lead (anna) and a customer, nobody connected to it."""
    path = tmp_path / "data" / "techconsole.db"
    path.parent.mkdir()
    shutil.copyfile(_sqlite_template, path)
    db = Database(f"sqlite:///{path}")
    ctx = Context(db, load("default"), "anna", clock)
    team.add_technician(ctx, "anna", "Anna Rossi")
    customers.add_customer(ctx, customers.NewCustomer("Ottica Esempio S.n.c."))
    db.dispose()
    assert sorted(os.listdir(path.parent)) == ["techconsole.db"]
    return path


def read_only(path: Path) -> Database:
    db = Database(f"sqlite:///file:{path}?mode=ro&uri=true")
    assert db.read_only
    return db


def test_reading_a_quiet_database_makes_no_file_beside_it(quiet, clock):
    db = read_only(quiet)
    try:
        ctx = Context(db, load("default"), "anna", clock)
        assert db.migrate() is False
        assert [c.name for c in customers.list_customers(ctx)] == ["Ottica Esempio S.n.c."]
        assert queue.queue(ctx).total == 0
        assert db.counts()["customers"] == 1
        with pytest.raises(DatabaseReadOnly, match=REFUSED):
            customers.add_customer(ctx, customers.NewCustomer("Nuovo"))
        assert sorted(os.listdir(quiet.parent)) == ["techconsole.db"]  # no -wal, no -shm
    finally:
        db.dispose()


def test_a_writers_commits_are_seen_and_watched(quiet, clock):
    db = read_only(quiet)
    watcher = db.watcher()
    try:
        ctx = Context(db, load("default"), "anna", clock)
        assert watcher.changed() is False
        writer = sqlite3.connect(quiet, isolation_level=None)
        try:
            writer.execute("UPDATE customer SET name = 'Ottica Nuova S.r.l.'")
            assert watcher.changed() is True  # the -wal appeared
            assert watcher.changed() is False
            # the writer is still connected: its change is in the -wal, and is read
            assert [c.name for c in customers.list_customers(ctx)] == ["Ottica Nuova S.r.l."]
            writer.execute("UPDATE customer SET name = 'Ottica Ultima S.r.l.'")
            assert watcher.changed() is True
        finally:
            writer.close()
        assert [c.name for c in customers.list_customers(ctx)] == ["Ottica Ultima S.r.l."]
    finally:
        watcher.close()
        db.dispose()


def test_an_empty_or_older_database_cannot_be_brought_up_to_date(tmp_path):
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    db = read_only(empty)
    with pytest.raises(DatabaseReadOnly, match="empty and read-only for you"):
        db.migrate()
    db.dispose()
    older = tmp_path / "older.db"
    writable = Database(f"sqlite:///{older}")
    migrate.upgrade(writable.engine, "0005")
    writable.dispose()
    db = read_only(older)
    with pytest.raises(DatabaseReadOnly) as info:
        db.migrate()
    db.dispose()
    assert str(info.value) == (
        f"the database has schema 0005, older than this techconsole's {migrate.head()}, and is "
        "read-only for you: ask someone who can write it to run techconsole db upgrade"
    )


# --- PostgreSQL ----------------------------------------------------------------------


@pytest.fixture
def pg_roles(clock) -> Iterator[tuple[str, str, str]]:
    """A filled schema; the URLs of its owner, of a role that may only SELECT, and of a
    role that may also change incidents (but nothing else)."""
    if not PG_URL:
        pytest.skip(f"{PG_ENV} is not set: no PostgreSQL server to test against")
    with pg_schemas.schema(roles=2) as made:
        reader, clerk = made.roles
        db = Database(made.url)
        db.migrate()
        ctx = Context(db, load("default"), "anna", clock)
        team.add_technician(ctx, "anna", "Anna Rossi")
        customers.add_customer(ctx, customers.NewCustomer("Ottica Esempio S.n.c."))
        db.dispose()
        made.grant(
            *(f'GRANT USAGE ON SCHEMA {{schema}} TO "{role}"' for role in made.roles),
            *(
                f'GRANT SELECT ON ALL TABLES IN SCHEMA {{schema}} TO "{role}"'
                for role in made.roles
            ),
            f'GRANT INSERT, UPDATE ON {{schema}}.incident TO "{clerk}"',
        )
        yield made.url, made.url_as(reader), made.url_as(clerk)


def test_a_postgresql_role_that_may_only_select(pg_roles, clock):
    owner, reader, clerk = pg_roles
    for url, only_reads in ((owner, False), (reader, True), (clerk, False)):
        db = Database(url)
        try:
            assert db.read_only is only_reads, url
        finally:
            db.dispose()
    db = Database(reader)
    try:
        ctx = Context(db, load("default"), "anna", clock)
        assert db.migrate() is False
        assert [c.name for c in customers.list_customers(ctx)] == ["Ottica Esempio S.n.c."]
        with pytest.raises(DatabaseReadOnly, match=REFUSED):
            customers.add_customer(ctx, customers.NewCustomer("Nuovo"))
    finally:
        db.dispose()
    # a role the check lets write, whom the server refuses: the same refusal, not a trace
    db = Database(clerk)
    try:
        ctx = Context(db, load("default"), "anna", clock)
        with pytest.raises(DatabaseReadOnly, match=REFUSED):
            customers.add_customer(ctx, customers.NewCustomer("Nuovo"))
    finally:
        db.dispose()
