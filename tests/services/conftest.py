"""Service tests run on SQLite and, when TECHCONSOLE_TEST_PG_URL is set, on PostgreSQL.

They run in English: many read the words of a refusal (``"only a team lead"``), which
are written in English and translated by the catalogue. The Italian of the main
refusals is checked in ``test_messages_italian.py``, which asks for Italian itself.
"""

from __future__ import annotations

import functools
import os
import shutil
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine
from sqlalchemy.pool import StaticPool
from sqlmodel import SQLModel

import pg_schemas
from techconsole.i18n import set_language
from techconsole.services import policies
from techconsole.services.context import Context
from techconsole.services.customers import registry as customers
from techconsole.services.policies import load
from techconsole.services.team import members as team
from techconsole.store import (  # noqa: F401 - registers the tables, all of them
    ads,
    assets,
    documents,
    health,
    loaners,
    mail,
    models,
    outcomes,
    programs,
    work,
)
from techconsole.store import database as store_database
from techconsole.store.database import Database
from techconsole.store.defaults import BUSY_TIMEOUT_MS

PG_ENV = "TECHCONSOLE_TEST_PG_URL"
PG_URL = os.environ.get(PG_ENV)
BACKENDS = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(
            not PG_URL, reason=f"{PG_ENV} is not set: no PostgreSQL server to test against"
        ),
    ),
]


@pytest.fixture(autouse=True)
def _services_in_english(_console_language: None) -> None:
    """After the suite's Italian default (``_console_language``), English for this test:
    the services' messages are compared with their English words."""
    set_language("en")


@pytest.fixture
def italian() -> None:
    """The program speaks Italian in this test (the default outside this folder)."""
    set_language("it")


pg_schema_url = pg_schemas.schema_url


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def database_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database: a SQLite file, or a PostgreSQL schema of its own."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'techconsole.db'}"
        return
    with pg_schemas.schema() as made:
        yield made.url


@pytest.fixture
def fresh_url(database_url: str, tmp_path: Path) -> Iterator[str]:
    """Another empty database on the same backend as ``database_url``."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'second.db'}"
        return
    with pg_schemas.schema() as made:
        yield made.url


# Migrating a database takes a few hundred milliseconds; the use-case tests start from a
# copy of one migrated once per session instead (test_migrations.py runs the migrations).
@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "techconsole.db"
    db = Database(f"sqlite:///{path}")
    db.migrate()
    db.dispose()  # the last connection checkpoints the WAL: the file alone is complete
    return path


@pytest.fixture(scope="session")
def _pg_migrated_schema() -> Iterator[str]:
    with pg_schemas.schema() as made:
        db = Database(made.url)
        db.migrate()
        db.dispose()
        _KEPT_URLS.add(made.url)
        try:
            yield made.url
        finally:
            _let_go(made.url)


@pytest.fixture(scope="session")
def _sqlite_kept_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Where the SQLite tests' database is, the same file for every test of this worker
    (a fresh copy of the template each time: :func:`migrated_url`)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('kept') / 'techconsole.db'}"
    _KEPT_URLS.add(url)
    try:
        yield url
    finally:
        _let_go(url)


#: the databases that every test of this worker starts from, emptied (PostgreSQL) or
#: copied again (SQLite) each time: their engines are kept from one test to the next
#: (:func:`_kept_engines`), with their compiled statements (and, on PostgreSQL, their
#: connections: server processes with warm caches), as a console keeps them all day
_KEPT_URLS: set[str] = set()
_KEPT: dict[tuple[object, ...], Engine] = {}


def _let_go(url: str, *, forget: bool = True) -> None:
    """Close the kept engines' connections to ``url`` (and, with ``forget``, drop them)."""
    for key, engine in list(_KEPT.items()):
        if key[0] == url:
            engine.dispose()
            if forget:
                del _KEPT[key]
    if forget:
        _KEPT_URLS.discard(url)


@pytest.fixture(autouse=True)
def _kept_engines(monkeypatch: pytest.MonkeyPatch) -> None:
    """On the worker's kept databases (:data:`_KEPT_URLS`), one engine per set of
    settings for the whole session; ``dispose()`` of a ``Database`` on it closes
    nothing.  Every test still starts from an empty database at the newest schema."""
    real = store_database.make_engine

    def make_engine(url: str, busy_timeout_ms: int = BUSY_TIMEOUT_MS, **kw: Any) -> Engine:
        if url not in _KEPT_URLS or kw.get("say") is not None:
            return real(url, busy_timeout_ms, **kw)
        key = (url, busy_timeout_ms, *sorted(kw.items()))
        if key not in _KEPT:
            _KEPT[key] = real(url, busy_timeout_ms, **kw)
        return _KEPT[key]

    real_dispose = Database.dispose

    def dispose(self: Database) -> None:
        if self.engine not in _KEPT.values():
            real_dispose(self)

    monkeypatch.setattr(store_database, "make_engine", make_engine)
    monkeypatch.setattr(Database, "dispose", dispose)


@functools.cache
def _emptying() -> str:
    """One round trip that empties every table and starts its ids at 1 again, as in a fresh
    database.  DELETE is much faster than TRUNCATE on tiny tables (TRUNCATE makes new
    files); the audit table refuses DELETE (its trigger), so the triggers are off for the
    transaction (the test server's role is a superuser)."""
    statements = ["SET LOCAL lock_timeout = '10s'", "SET LOCAL session_replication_role = replica"]
    for table in reversed(SQLModel.metadata.sorted_tables):
        statements.append(f'DELETE FROM "{table.name}"')
        if "id" in table.c:
            sequence = f"pg_get_serial_sequence('{table.name}', 'id')"
            statements.append(f"SELECT setval({sequence}, 1, false)")
    return "; ".join(statements)


@functools.cache
def _emptier(url: str) -> Engine:
    """The engine that empties the worker's PostgreSQL schema before each test."""
    return create_engine(url, poolclass=StaticPool)


@pytest.fixture
def migrated_url(backend: str, request: pytest.FixtureRequest) -> str:
    """A database at the newest schema with no data: a fresh copy of the template
    (SQLite) or emptied (PostgreSQL), always at the same place for this worker."""
    if backend == "sqlite":
        url: str = request.getfixturevalue("_sqlite_kept_url")
        path = Path(url.removeprefix("sqlite:///"))
        _let_go(url, forget=False)  # no connection of ours keeps the last test's file
        for old in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            old.unlink(missing_ok=True)
        fresh = path.with_name("fresh.db")
        shutil.copyfile(request.getfixturevalue("_sqlite_template"), fresh)
        fresh.chmod(0o600)  # as techconsole makes a database: nobody else's to read
        fresh.replace(path)
        return url
    url = request.getfixturevalue("_pg_migrated_schema")
    with _emptier(url).begin() as conn:
        conn.exec_driver_sql(_emptying())
    return url


class FrozenClock:
    """A clock the test moves by hand."""

    def __init__(self, start: datetime) -> None:
        self.value = start

    def __call__(self) -> datetime:
        return self.value

    def advance(self, **kwargs: float) -> datetime:
        self.value += timedelta(**kwargs)
        return self.value


#: when the tests' ``clock`` starts: Monday 2026-11-23 10:00 in Rome (09:00 UTC), offices open
CLOCK_START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(CLOCK_START)


@pytest.fixture
def make_ctx(migrated_url: str, clock: FrozenClock) -> Iterator[Callable[..., Context]]:
    """``make_ctx(actor="anna", policy="default")``: a context on the test database."""
    databases: list[Database] = []

    def make(actor: str = "anna", policy: str = "default") -> Context:
        db = Database(migrated_url)
        db.migrate()  # a no-op: the schema is current
        databases.append(db)
        return Context(db, load(policy), actor, clock)

    yield make
    for db in databases:
        db.dispose()


@pytest.fixture
def ctx(make_ctx: Callable[..., Context]) -> Context:
    """A database with a lead (anna), a technician (bruno) and one Basic customer."""
    context = make_ctx("anna")
    team.add_technician(context, "anna", "Anna Rossi")
    team.add_technician(context, "bruno", "Bruno Neri")
    customer = customers.add_customer(context, customers.NewCustomer("Ottica Esempio S.n.c."))
    customers.add_contract(context, customer.id, "basic", date(2026, 1, 1), date(2026, 12, 31))
    customers.add_contact(context, customer.id, "Maria Bianchi", "titolare")
    customers.add_contact(context, customer.id, "Luca Verdi", "employee")
    return context


@pytest.fixture
def policy_cache(tmp_path: Path) -> Path:
    """A cache folder holding the default policy, checked (as an earlier start left it)."""
    folder = tmp_path / "policies"
    policies._load_path.cache_clear()
    policies.load(None, cache=folder)
    return folder
