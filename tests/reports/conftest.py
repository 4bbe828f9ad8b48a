"""Report tests use the service fixtures: a database per test (SQLite, and PostgreSQL when
TECHCONSOLE_TEST_PG_URL is set), a frozen clock, a context with a team and a customer."""

from __future__ import annotations

from services.conftest import (  # noqa: F401 - fixtures
    _kept_engines,
    _pg_migrated_schema,
    _sqlite_kept_url,
    _sqlite_template,
    backend,
    clock,
    ctx,
    database_url,
    make_ctx,
    migrated_url,
)
