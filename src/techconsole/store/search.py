"""The queue's text search in the database: the folded copies and the trigram indexes.

The store keeps each incident's subject and each customer's name folded
(``domain.search.fold``: no case, no accents) in ``incident.subject_folded`` and
``customer.name_folded``: the models' mapper events write them whenever the ORM writes a
subject or a name, and a bulk insert (the demo) writes them itself.  Migration 0022 adds
the columns, fills them, and makes the indexes:

- SQLite: ``incident_search``, an FTS5 table with the ``trigram`` tokenizer holding the
  open incidents only (rowid = the incident's id; its number, folded subject and folded
  customer name), kept in step by triggers on ``incident`` and ``customer``, whoever
  writes them;
- PostgreSQL: ``pg_trgm`` GIN indexes on the open incidents' ``number`` and
  ``subject_folded`` and on every customer's ``name_folded``, kept by the server itself,
  and ``ix_incident_open_customer`` (a model's index) for the open incidents of the
  customers found.

A text of three letters or more is looked up in those (:func:`indexed`); a shorter one,
or a search among incidents no longer open (the "recent" view), compares the folded
columns row by row (:func:`scanned`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Connection, any_, column, false, func, literal_column, or_, table
from sqlalchemy import text as sql_text
from sqlmodel import Session, col, select

from techconsole.store.models import Customer, Incident

#: SQLite's FTS5 table of the open incidents (and the tables FTS5 makes for it: ``_data``,
#: ``_idx``, ``_content``, ``_config``)
FTS_TABLE = "incident_search"
#: PostgreSQL's trigram indexes (``gin_trgm_ops``), which the models cannot declare
#: without declaring them on SQLite too
PG_INDEXES = ("ix_incident_search", "ix_customer_search")
#: incidents found past which SQLite reads the open ones in queue order and keeps those
#: found, instead of looking each one up (at 50,000 open: 1,000 lookups ≈ reading the
#: queue index until 200 of 1,000 found)
DENSE = 1_000


def in_models(name: str | None, kind: str, _parent: Any = None) -> bool:
    """Whether a table or index is one of the models' (Alembic's ``include_name``): the
    search's own are made by migration 0022 alone."""
    if name is None:
        return True
    if kind == "table":
        return not (name == FTS_TABLE or name.startswith(f"{FTS_TABLE}_"))
    if kind == "index":
        return name not in PG_INDEXES
    return True


def like(folded: str) -> str:
    """``%folded%`` for LIKE with ``\\`` as escape: ``%`` and ``_`` typed are literal."""
    escaped = folded.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


@dataclass(frozen=True)
class Found:
    """A search as conditions on ``incident``: ``page`` for the query of the page,
    ``count`` for the count's (the same, unless another is cheaper there); ``total``: how
    many open incidents it finds, when the index said it already (SQLite)."""

    page: Any
    count: Any
    total: int | None = None

    @classmethod
    def both(cls, condition: Any) -> Found:
        return cls(condition, condition)

    def with_total(self, total: int) -> Found:
        return replace(self, total=total)


def indexed(session: Session, folded: str) -> Found:
    """The open incidents whose number, subject or customer's name holds ``folded`` (three
    letters or more), answered from the trigram indexes: the cost grows with the
    incidents found, not with the open ones.

    On SQLite the FTS table says first how many it finds: up to :data:`DENSE`, the page
    looks each one up; past that, it reads the open incidents in queue order and keeps
    those found (the first 200 come after a few thousand, where looking up each one and
    sorting them would cost more)."""
    if _dialect(session) == "sqlite":
        phrase = '"' + folded.replace('"', '""') + '"'  # one FTS5 string: every letter literal
        match = sql_text(f"{FTS_TABLE} MATCH :phrase").bindparams(phrase=phrase)
        found: Any = select(literal_column("rowid")).select_from(table(FTS_TABLE)).where(match)
        total = session.execute(
            select(func.count()).select_from(table(FTS_TABLE)).where(match)
        ).scalar_one()
        if not total:
            return Found.both(false()).with_total(0)
        return Found.both(_ids(total).in_(found)).with_total(total)
    pattern = like(folded)
    customers = select(Customer.id).where(col(Customer.name_folded).like(pattern, escape="\\"))
    return Found.both(
        or_(
            col(Incident.number).like(pattern, escape="\\"),
            col(Incident.subject_folded).like(pattern, escape="\\"),
            # = ANY(ARRAY(…)): an array the index takes, where IN (SELECT …) is a join
            col(Incident.customer_id) == any_(func.array(customers.scalar_subquery())),
        )
    )


def scanned(session: Session, folded: str, *, open_only: bool) -> Found:
    """The same test, row by row: for a text too short for a trigram (``open_only``: among
    the open incidents), or among incidents that are not open (the "recent" view).

    On SQLite the open incidents' texts are read from the FTS table's own copy (narrower
    than the incidents' rows): up to :data:`DENSE` found, they are looked up by id;
    past that the page reads the open incidents in queue order and keeps those whose
    texts hold it (the first 200 come soon), while the count keeps those found."""
    rows = _row_by_row(like(folded))
    if not open_only or _dialect(session) != "sqlite":
        return Found.both(rows)
    fields: tuple[Any, ...] = (column("number"), column("subject"), column("customer"))
    pattern = like(folded)
    found: Any = (
        select(literal_column("rowid"))
        .select_from(table(FTS_TABLE))
        .where(or_(*(field.like(pattern, escape="\\") for field in fields)))
    )
    ids = list(session.execute(found).scalars())
    if len(ids) <= DENSE:
        return Found.both(col(Incident.id).in_(ids)).with_total(len(ids))
    return Found(rows, _ids(len(ids)).in_(found), len(ids))


def _row_by_row(pattern: str) -> Any:
    customers = select(Customer.id).where(col(Customer.name_folded).like(pattern, escape="\\"))
    return or_(
        col(Incident.number).like(pattern, escape="\\"),
        col(Incident.subject_folded).like(pattern, escape="\\"),
        col(Incident.customer_id).in_(customers),
    )


def _ids(found: int) -> Any:
    """``incident.id``, or (more than :data:`DENSE` found) ``incident.id + 0``: an
    expression, so that SQLite reads the incidents off the view's index in order and
    tests each id against those found, instead of looking each one up."""
    return col(Incident.id) if found <= DENSE else col(Incident.id) + 0


def _dialect(session: Session) -> str:
    return str(session.get_bind().dialect.name)


#: SQLite's trigger that puts each open incident inserted into :data:`FTS_TABLE`
INSERT_TRIGGER = "incident_search_insert"


@contextmanager
def indexed_after(connection: Connection, first: int) -> Iterator[None]:
    """SQLite: the open incidents inserted inside the block (ids ``first`` and on) are put
    in :data:`FTS_TABLE` in one statement at its end, in the order of their ids, with the
    rows the insert trigger would give them, instead of by the trigger one at a time
    (which costs about as much as inserting the incidents themselves: a bulk load, the
    demo).  The trigger is dropped for the block and made again from its own definition
    in the same transaction.  The index finds the same; only how FTS5 laid its segments
    out differs.  PostgreSQL's trigram indexes keep themselves: nothing changes there."""
    found = None
    if connection.dialect.name == "sqlite":
        found = connection.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
            (INSERT_TRIGGER,),
        ).scalar()
    if found is None:
        yield
        return
    connection.exec_driver_sql(f"DROP TRIGGER {INSERT_TRIGGER}")
    yield
    connection.exec_driver_sql(
        f"INSERT INTO {FTS_TABLE} (rowid, number, subject, customer) "
        "SELECT incident.id, incident.number, incident.subject_folded, "
        "(SELECT name_folded FROM customer WHERE customer.id = incident.customer_id) "
        "FROM incident WHERE incident.is_open AND incident.id >= ? ORDER BY incident.id",
        (first,),
    )
    connection.exec_driver_sql(str(found))
