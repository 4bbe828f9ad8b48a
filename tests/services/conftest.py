"""Service tests run on SQLite and, when TECHCONSOLE_TEST_PG_URL is set, on PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from techconsole.services import customers, team
from techconsole.services.context import Context
from techconsole.services.policies import load
from techconsole.store.database import Database

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


def pg_schema_url(base: str, schema: str) -> str:
    joiner = "&" if "?" in base else "?"
    return f"{base}{joiner}options=-csearch_path%3D{schema}"


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database: a SQLite file, or a PostgreSQL schema of its own."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'techconsole.db'}"
        return
    assert PG_URL
    schema = f"tc_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield pg_schema_url(PG_URL, schema)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


class FrozenClock:
    """A clock the test moves by hand."""

    def __init__(self, start: datetime) -> None:
        self.value = start

    def __call__(self) -> datetime:
        return self.value

    def advance(self, **kwargs: float) -> datetime:
        self.value += timedelta(**kwargs)
        return self.value


@pytest.fixture
def clock() -> FrozenClock:
    # Monday 2026-11-23 10:00 in Rome (09:00 UTC): offices open.
    return FrozenClock(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))


@pytest.fixture
def make_ctx(database_url: str, clock: FrozenClock) -> Iterator[Callable[..., Context]]:
    """``make_ctx(actor="anna", policy="default")``: a context on the test database."""
    databases: list[Database] = []

    def make(actor: str = "anna", policy: str = "default") -> Context:
        db = Database(database_url)
        db.migrate()
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
