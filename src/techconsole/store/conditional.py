"""One ``UPDATE`` and the rows that go with it, all or nothing, in one statement.

A change worked out before its write (``services.incidents.planned``) writes one
``UPDATE`` of the incident, which changes its row only if nothing it read has changed,
and, if it did change it, the rows it set aside (its timeline entry, its audit row, the
outcome of a clock it stopped).  On PostgreSQL these go to the server as one statement
run on its own (autocommit): the ``UPDATE`` as a common table expression returning the
row it changed, each insert taking its values ``FROM`` it, so that nothing is inserted
when nothing was updated, and the ``NOTIFY`` the consoles listen for.  One round trip
instead of six (``BEGIN``, the update, two inserts, the notify, ``COMMIT``): with eight
technicians on two cores, the round trips, and the server's and the client's work for
each, were what a write cost (issue 15).

:func:`combined` makes that statement, or says ``None`` when a write set aside is not a
plain insert (an outcome row updated or deleted: the caller then writes in a
transaction, as on SQLite, where statements cost no round trip).  Each shape is built
once; its SQL is compiled once too.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, func, insert, literal_column, select, union_all
from sqlalchemy.sql.dml import Insert

#: the combined statements made so far, by shape (the update, and each table's columns
#: and number of rows)
_MADE: dict[tuple[Any, ...], Any] = {}


def combined(
    update: Any,
    params: dict[str, Any],
    pending: list[tuple[Any, Any]],
    channel: str,
    also: tuple[Any, dict[str, Any]] | None = None,
) -> tuple[Any, dict[str, Any]] | None:
    """``update`` (an ``UPDATE`` of one row, with its ``params``) and the inserts of
    ``pending`` (``(statement, row or rows)``), and a notify on ``channel``, as one
    statement and its parameters; the statement's one row holds ``changed`` (how many
    rows the update changed: the inserts are made only when it is 1) and, with ``also``
    (a textual query of one row with its columns named, and its parameters), that row's
    columns, read as they were before the statement.  ``None`` when something in
    ``pending`` is not a plain insert, or two inserts into one table name different
    columns."""
    tables = _by_table(pending)
    if tables is None:
        return None
    shape = (
        id(update),
        id(also[0]) if also is not None else None,
        *((table, names, len(rows)) for table, (names, rows) in tables.items()),
    )
    statement = _MADE.get(shape)
    if statement is None:
        statement = _MADE[shape] = _build(update, also[0] if also is not None else None, shape)
    values = dict(also[1]) if also is not None else {}
    values.update(params)
    values["_channel"] = channel
    for i, (_names, rows) in enumerate(tables.values()):
        for j, row in enumerate(rows):
            values.update({f"_t{i}_{j}_{name}": value for name, value in row.items()})
    return statement, values


def _by_table(
    pending: list[tuple[Any, Any]],
) -> dict[Any, tuple[tuple[str, ...], list[dict[str, Any]]]] | None:
    """The rows ``pending`` inserts, by table in the order first written to, each table's
    in the order given (its ids are given in that order); ``None`` for anything but
    inserts of rows given as parameters, all of a table's with the same columns."""
    tables: dict[Any, tuple[tuple[str, ...], list[dict[str, Any]]]] = {}
    for statement, rows in pending:
        if not isinstance(statement, Insert) or statement._values or statement.select:
            return None
        listed = rows if isinstance(rows, list) else [rows]
        if not all(isinstance(row, dict) for row in listed):
            return None
        for row in listed:
            names, held = tables.setdefault(statement.table, (tuple(row), []))
            if tuple(row) != names:
                return None
            held.append(row)
    return tables


def _build(update: Any, also: Any, shape: tuple[Any, ...]) -> Any:
    """Each table's rows go in with one ``INSERT … SELECT … ORDER BY`` their place:
    PostgreSQL runs the expressions of a ``WITH`` in no set order, and an insert's
    rows take their ids in the order it gets them."""
    table = update.table
    changed = update.returning(table.c.id).cte("changed")
    ctes = []
    for i, (target, names, count) in enumerate(shape[2:]):
        rows = [
            select(
                *(
                    bindparam(f"_t{i}_{j}_{name}", type_=target.c[name].type).label(name)
                    for name in names
                ),
                literal_column(str(j)).label("_place"),
            ).select_from(changed)
            for j in range(count)
        ]
        given = (rows[0] if count == 1 else union_all(*rows)).subquery(f"given{i}")
        source = select(*(given.c[name] for name in names)).order_by(given.c._place)
        ctes.append(insert(target).from_select(list(names), source).cte(f"row{i}"))
    count_changed = select(func.count()).select_from(changed).scalar_subquery()
    outcome = select(
        count_changed.label("changed"),
        func.pg_notify(bindparam("_channel"), literal_column("''")).label("notified"),
    ).add_cte(*ctes)
    if also is None:
        return outcome
    read = also.subquery("also")
    return outcome.add_columns(*read.c).select_from(read)
