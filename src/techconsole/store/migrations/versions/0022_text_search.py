"""the queue's text search: folded texts and trigram indexes of the open incidents

The queue's search read every open incident's row, twice (the count, then the page): a
``LIKE '%word%'`` cannot use a B-tree, and SQLite's LIKE folds only ASCII letters, so
"citta" missed "Città". At 1,000,000 incidents (50,000 open) that was 190–300 ms on
SQLite and 240–460 ms on PostgreSQL for any text.

Each subject and customer name gets a folded copy (no case, no accents:
``domain.search.fold``, copied below as it is today), filled here for the rows there
are, and the open incidents' number, subject and customer get a trigram index:

- SQLite (3.34 or newer, with FTS5): ``incident_search``, an FTS5 table with the
  ``trigram`` tokenizer, holding the open incidents only, kept in step by triggers on
  ``incident`` and ``customer``;
- PostgreSQL: the ``pg_trgm`` extension (created in ``public`` if the database has not
  got it yet) and GIN indexes on the open incidents' ``number`` and ``subject_folded``
  and on ``customer.name_folded``;
- both: ``ix_incident_open_customer``, the open incidents by customer.

The downgrade drops all of it but the ``pg_trgm`` extension, which other things in the
database may use.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlite3
import unicodedata

import sqlalchemy as sa
from alembic import op

from techconsole.i18n import _
from techconsole.store.errors import DatabaseUnavailable

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

_FTS = "incident_search"
_SQLITE_OPEN = "is_open = 1"
_PG_OPEN = "is_open"
#: rows read and folded at a time
_BATCH = 20_000
#: the FTS row of an incident: its number, folded subject and its customer's folded name
_ROW = (
    f"INSERT INTO {_FTS} (rowid, number, subject, customer) "
    "SELECT new.id, new.number, new.subject_folded, "
    "(SELECT name_folded FROM customer WHERE customer.id = new.customer_id)"
)
_SQLITE_TRIGGERS = {
    "incident_search_insert": (f"AFTER INSERT ON incident WHEN new.is_open BEGIN {_ROW}; END"),
    "incident_search_update": (
        "AFTER UPDATE OF number, subject_folded, customer_id, is_open ON incident BEGIN "
        f"DELETE FROM {_FTS} WHERE rowid = old.id; {_ROW} WHERE new.is_open; END"
    ),
    "incident_search_delete": (
        f"AFTER DELETE ON incident BEGIN DELETE FROM {_FTS} WHERE rowid = old.id; END"
    ),
    "customer_search_update": (
        "AFTER UPDATE OF name_folded ON customer BEGIN "
        f"UPDATE {_FTS} SET customer = new.name_folded WHERE rowid IN "
        f"(SELECT id FROM incident WHERE customer_id = new.id AND {_SQLITE_OPEN}); END"
    ),
}


def _fold(text: str) -> str:
    """``domain.search.fold`` as it is at this revision."""
    for _twice in range(2):
        decomposed = unicodedata.normalize("NFKD", text.casefold())
        text = "".join(char for char in decomposed if not unicodedata.combining(char))
    return text


def upgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    if sqlite and sqlite3.sqlite_version_info < (3, 34):
        raise DatabaseUnavailable(
            _(
                "techconsole needs SQLite 3.34 or newer (this Python has {version}): "
                "a newer Python, or PostgreSQL; nothing was changed"
            ).format(version=sqlite3.sqlite_version)
        )
    for table, column in (("customer", "name_folded"), ("incident", "subject_folded")):
        op.add_column(
            table, sa.Column(column, sa.String(), nullable=False, server_default=sa.text("''"))
        )
    _fill(bind, "customer", "name", "name_folded", sqlite)
    _fill(bind, "incident", "subject", "subject_folded", sqlite)
    op.create_index(
        "ix_incident_open_customer",
        "incident",
        ["customer_id"],
        sqlite_where=sa.text(_SQLITE_OPEN),
        postgresql_where=sa.text(_PG_OPEN),
    )
    if sqlite:
        # columnsize=0: no table of each row's token counts, which only ranking reads
        op.execute(
            f"CREATE VIRTUAL TABLE {_FTS} USING fts5(number, subject, customer, "
            "tokenize = 'trigram', columnsize = 0)"
        )
        op.execute(
            f"INSERT INTO {_FTS} (rowid, number, subject, customer) "
            "SELECT incident.id, incident.number, incident.subject_folded, customer.name_folded "
            "FROM incident JOIN customer ON customer.id = incident.customer_id "
            f"WHERE incident.{_SQLITE_OPEN}"
        )
        for name, body in _SQLITE_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {body}")
    else:
        ops = f"{_trigram_schema(bind)}.gin_trgm_ops"
        op.execute(
            "CREATE INDEX ix_incident_search ON incident USING gin "
            f"(number {ops}, subject_folded {ops}) WHERE {_PG_OPEN}"
        )
        op.execute(f"CREATE INDEX ix_customer_search ON customer USING gin (name_folded {ops})")
        op.execute("ANALYZE incident")
        op.execute("ANALYZE customer")


def _fill(bind: sa.Connection, table: str, source: str, target: str, sqlite: bool) -> None:
    """``target`` = the folded ``source`` of every row: ``lower()`` in one statement (ASCII
    letters only: SQLite's, and PostgreSQL's under the "C" collation), then the rows with
    other characters folded here, a batch at a time."""
    lowered = f"lower({source})" if sqlite else f'lower({source} COLLATE "C")'
    bind.exec_driver_sql(f"UPDATE {table} SET {target} = {lowered}")
    read = sa.text(f"SELECT id, {source} FROM {table} WHERE id > :last ORDER BY id LIMIT {_BATCH}")
    write = sa.text(f"UPDATE {table} SET {target} = :folded WHERE id = :id")
    last = 0
    while rows := bind.execute(read, {"last": last}).all():
        last = rows[-1][0]
        changed = [{"id": id_, "folded": _fold(text)} for id_, text in rows if not text.isascii()]
        if changed:
            bind.execute(write, changed)


def _trigram_schema(bind: sa.Connection) -> str:
    """The schema of ``pg_trgm``, created in ``public`` if the database has not got it.

    Concurrent upgrades of different schemas of one database wait for each other here
    (an extension is the database's, and two creating it at once would collide)."""
    bind.exec_driver_sql("SELECT pg_advisory_xact_lock(hashtext('techconsole: pg_trgm'))")
    query = (
        "SELECT quote_ident(nspname) FROM pg_extension "
        "JOIN pg_namespace ON pg_namespace.oid = extnamespace WHERE extname = 'pg_trgm'"
    )
    schema = bind.exec_driver_sql(query).scalar()
    if schema is None:
        try:
            with bind.begin_nested():
                bind.exec_driver_sql("CREATE EXTENSION pg_trgm WITH SCHEMA public")
        except sa.exc.DBAPIError as error:
            raise DatabaseUnavailable(
                _(
                    "the upgrade needs PostgreSQL's pg_trgm extension, which could not be "
                    "created ({error}): install PostgreSQL's contrib package, or ask the "
                    "server's administrator to run CREATE EXTENSION pg_trgm; nothing was changed"
                ).format(error=str(getattr(error, "orig", error)).strip())
            ) from error
        schema = bind.exec_driver_sql(query).scalar()
    return str(schema)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in _SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute(f"DROP TABLE IF EXISTS {_FTS}")
    else:
        op.execute("DROP INDEX IF EXISTS ix_customer_search")
        op.execute("DROP INDEX IF EXISTS ix_incident_search")
    op.drop_index("ix_incident_open_customer", table_name="incident")
    # plain ALTER TABLE … DROP COLUMN (SQLite 3.35 and later), as in 0013
    op.drop_column("incident", "subject_folded")
    op.drop_column("customer", "name_folded")
