"""A PostgreSQL schema (and roles) of a test's own on the test server, dropped afterwards.

Every PostgreSQL test works in a schema of its own, so tests run side by side on one
database; a URL whose ``search_path`` is that schema is all the program needs.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

PG_ENV = "TECHCONSOLE_TEST_PG_URL"
PG_URL = os.environ.get(PG_ENV)
NO_SERVER = f"{PG_ENV} is not set: no PostgreSQL server to test against"


def schema_url(base: str, schema: str, *, role: str | None = None) -> str:
    """``base`` with ``schema`` as its search path (and logging in as ``role``)."""
    if role is not None:
        base = make_url(base).set(username=role).render_as_string(hide_password=False)
    joiner = "&" if "?" in base else "?"
    return f"{base}{joiner}options=-csearch_path%3D{schema}"


@dataclass(frozen=True)
class Schema:
    name: str
    url: str  # as the server's admin role
    roles: tuple[str, ...]  # LOGIN roles made for the test, with no rights yet

    def url_as(self, role: str) -> str:
        return schema_url(PG_URL or "", self.name, role=role)

    def grant(self, *statements: str) -> None:
        """Run GRANT statements as the admin (``{schema}`` is the schema's quoted name)."""
        admin = create_engine(PG_URL or "")
        try:
            with admin.begin() as conn:
                for statement in statements:
                    conn.execute(text(statement.format(schema=f'"{self.name}"')))
        finally:
            admin.dispose()


@contextmanager
def schema(prefix: str = "tc", *, roles: int = 0) -> Iterator[Schema]:
    """A new schema on the test server, and ``roles`` new LOGIN roles; all dropped after."""
    assert PG_URL, NO_SERVER
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    made = tuple(f"tcro_{uuid.uuid4().hex[:12]}" for _ in range(roles))
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{name}"'))
        for role in made:
            conn.execute(text(f'CREATE ROLE "{role}" LOGIN'))
    try:
        yield Schema(name, schema_url(PG_URL, name), made)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{name}" CASCADE'))
            for role in made:
                conn.execute(text(f'DROP OWNED BY "{role}"'))
                conn.execute(text(f'DROP ROLE "{role}"'))
        admin.dispose()
