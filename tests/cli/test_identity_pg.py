"""PostgreSQL: every audit row carries the server's ``session_user``, whatever the client.

Two real roles, ``tc_anna`` and ``tc_bruno`` (made here when missing: ``LOGIN``, no
password; the test server trusts local TCP connections), get only what a technician's
role needs on the test's own schema (``USAGE`` and data rights, no ownership: the schema
and its triggers belong to the role that ran the migrations).  Each connects with its own
URL (``postgresql+psycopg://tc_anna@host/test``) through the real command line; the audit
rows say which role wrote them, even when the client sends another name.  The roles are
left in place for the next run (other tests may be using them at the same time).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

PG_URL = os.environ.get("TECHCONSOLE_TEST_PG_URL")
pytestmark = pytest.mark.skipif(
    not PG_URL, reason="TECHCONSOLE_TEST_PG_URL is not set: no PostgreSQL server to test against"
)
ROLES = ("tc_anna", "tc_bruno")


def _in_schema(url: str, schema: str) -> str:
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}options=-csearch_path%3D{schema}"


def _as_role(role: str, schema: str) -> str:
    assert PG_URL
    url = make_url(PG_URL).set(username=role, password=None)
    return _in_schema(url.render_as_string(hide_password=False), schema)


@pytest.fixture
def schema(run) -> Iterator[str]:
    """A schema of this test, migrated by the admin role, usable by the two roles."""
    assert PG_URL
    name = f"tc_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        for role in ROLES:  # CREATE ROLE IF NOT EXISTS, safe against a concurrent run
            conn.execute(
                text(
                    "DO $$ BEGIN "
                    f"IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') THEN "
                    f"CREATE ROLE {role} LOGIN; END IF; "
                    "EXCEPTION WHEN duplicate_object THEN NULL; END $$"
                )
            )
        conn.execute(text(f'CREATE SCHEMA "{name}"'))
    made = run("db", "init", "--db", _in_schema(PG_URL, name))  # as the admin role
    assert made.code == 0, made.err
    with admin.begin() as conn:
        for role in ROLES:
            conn.execute(text(f'GRANT USAGE ON SCHEMA "{name}" TO {role}'))
            conn.execute(
                text(
                    "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "
                    f'"{name}" TO {role}'
                )
            )
            conn.execute(text(f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA "{name}" TO {role}'))
    try:
        yield name
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{name}" CASCADE'))  # the grants go with it
        admin.dispose()


def _audit(schema: str) -> list[tuple[str, str, str | None, str | None]]:
    assert PG_URL
    engine = create_engine(_in_schema(PG_URL, schema))
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text("SELECT action, actor, os_user, db_user FROM audit ORDER BY id")
            )
            return [tuple(row) for row in rows]  # type: ignore[misc]
    finally:
        engine.dispose()


def test_each_role_is_in_the_audit_and_cannot_claim_another(run, os_user, schema):
    admin_role = make_url(PG_URL or "").username
    os_user("anna")  # made the schema: anna is its first lead
    anna, bruno = _as_role("tc_anna", schema), _as_role("tc_bruno", schema)
    assert run("tech", "add", "bruno", "--name", "Bruno Neri", "--db", anna).code == 0
    os_user("bruno")
    done = run("customer", "add", "Ottica Esempio", "--db", bruno)
    assert done.code == 0, done.err
    os_user("anna")
    done = run("customer", "add", "Bar Sport", "--as", "bruno", "--db", anna)
    assert done.code == 0, done.err

    # a client of tc_bruno writing a row of its own, naming someone else
    engine = create_engine(bruno)
    try:
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO audit (at, actor, action, entity, data, os_user, db_user) "
                    "VALUES (now(), 'anna', 'forged', 'customer', '{}', 'anna', 'tc_anna')"
                )
            )
        for statement in (
            "UPDATE audit SET db_user = 'tc_anna'",  # append-only
            "ALTER TABLE audit DISABLE TRIGGER audit_db_user",  # not the owner
            "DROP TRIGGER audit_db_user ON audit",
        ):
            with pytest.raises(DBAPIError), engine.begin() as conn:
                conn.execute(text(statement))
    finally:
        engine.dispose()

    assert _audit(schema) == [
        ("technician.add", "anna", "anna", admin_role),  # the first lead, at db init
        ("technician.add", "anna", "anna", "tc_anna"),
        ("customer.add", "bruno", "bruno", "tc_bruno"),
        ("customer.add", "bruno", "anna", "tc_anna"),  # for bruno, run by anna
        ("forged", "anna", "anna", "tc_bruno"),  # the server's word, not the client's
    ]
