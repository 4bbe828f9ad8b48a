"""Alembic environment: runs on the connection techconsole hands it."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine
from sqlmodel import SQLModel

from techconsole.store import (  # noqa: F401 - registers the tables
    assets,
    changes,
    documents,
    health,
    loaners,
    mail,
    models,
    outcomes,
    work,
)
from techconsole.store.partial import use_postgresql
from techconsole.store.search import in_models

config = context.config
target_metadata = SQLModel.metadata


def _run(connection: object) -> None:
    dialect = getattr(connection, "dialect", None)
    if dialect is not None and dialect.name == "postgresql":
        use_postgresql()  # the partial indexes' WHERE, for autogenerate
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        include_name=in_models,  # the search's FTS5 table and GIN indexes (0022)
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite://")
    with engine.connect() as conn:
        _run(conn)
