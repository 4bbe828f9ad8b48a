"""The partial indexes are partial on both databases, as the migrations make them.

Their PostgreSQL ``WHERE`` is handed to them when a PostgreSQL engine is made
(:mod:`techconsole.store.partial`), so that SQLite users do not import SQLAlchemy's
PostgreSQL dialect; Alembic's comparison does not look at an index's ``WHERE``, so this
checks the DDL itself.
"""

from __future__ import annotations

import pytest
from sqlalchemy.schema import CreateIndex
from sqlmodel import SQLModel

from techconsole.store import documents, loaners, models, work  # noqa: F401 - the tables
from techconsole.store.engine import make_engine

PARTIAL = {
    "ix_incident_open_queue": ("is_open = 1", "is_open"),
    "ix_incident_open_assignee": ("is_open = 1", "is_open"),
    "ix_incident_open_waiting": (
        "is_open = 1 AND status IN ('waiting', 'awaiting_authorisation')",
        "is_open AND status IN ('waiting', 'awaiting_authorisation')",
    ),
    "ix_incident_open_customer": ("is_open = 1", "is_open"),
    "ux_work_session_running": ("ended_at IS NULL", "ended_at IS NULL"),
    "ux_work_report_current": ("superseded_at IS NULL", "superseded_at IS NULL"),
    "ux_loan_out": ("returned_at IS NULL", "returned_at IS NULL"),
}


def _where(url: str) -> dict[str, str]:
    engine = make_engine(url)  # connects to nothing yet
    try:
        found = {}
        for table in SQLModel.metadata.sorted_tables:
            for index in table.indexes:
                ddl = str(CreateIndex(index).compile(dialect=engine.dialect))
                if " WHERE " in ddl:
                    found[str(index.name)] = ddl.split(" WHERE ", 1)[1].strip()
        return found
    finally:
        engine.dispose()


def test_the_partial_indexes_on_sqlite_and_postgresql(tmp_path):
    pytest.importorskip("psycopg")
    assert _where(f"sqlite:///{tmp_path / 't.db'}") == {k: v[0] for k, v in PARTIAL.items()}
    pg = _where("postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert pg == {k: v[1] for k, v in PARTIAL.items()}
