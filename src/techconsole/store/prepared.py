"""A checked ``UPDATE`` and its rows, made ready before SQLite's write lock is taken.

SQLite lets one transaction write at a time.  A change worked out before its write
(``services.incidents.planned``) writes one ``UPDATE`` of the incident, which changes
its row only if nothing it read has changed, and, if it did change it, the rows it set
aside (its timeline entry, its audit row, the outcome of a clock it stopped).  Run
through SQLAlchemy, each statement costs some 40 µs of Python inside the lock (its
cache key, its execution context, its parameters processed): most of a write's
~0.2 ms there.  On a loaded machine a writer is sometimes descheduled while it holds
the lock, and everyone waits: the longer it holds the lock, the more often (issue 15:
with eight technicians and eight busy processes on two cores, one write in eight held
it over 5 ms, and the lock was held all the time).

:func:`ready` compiles each statement once (by statement and parameter names) and
processes its parameters as SQLAlchemy would (the column types' own bind processors),
before the lock; :func:`write_checked` then takes the lock and sends them to the driver
as they are (:func:`run_checked`).  A statement that needs a value worked out at execution
(a column default or ``onupdate`` computed in Python), or that carries its values itself
(made afresh for each change: an outcome row updated or deleted), is not made ready:
``None``, and the caller writes it the usual way.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from techconsole.store.errors import translated

#: how many compiled forms are kept (a long-running console makes a few dozen)
KEEP = 512


@dataclass(frozen=True, slots=True)
class _Form:
    sql: str
    names: tuple[str, ...]
    processors: tuple[Callable[[Any], Any] | None, ...]
    compiled: Any


@dataclass(frozen=True, slots=True)
class Ready:
    """A statement's SQL and its parameters, as the driver takes them."""

    sql: str
    parameters: tuple[Any, ...]


_FORMS: dict[tuple[Any, tuple[str, ...]], _Form | None] = {}


def ready(
    dialect: Any, statements: Sequence[tuple[Any, dict[str, Any] | None]]
) -> list[Ready] | None:
    """``statements`` (each with its parameters: one row) ready to run on ``dialect``'s
    driver (its ``qmark`` parameter style: SQLite); ``None`` if one cannot be."""
    made = []
    for statement, values in statements:
        if not isinstance(values, dict):
            # several rows (the driver's executemany), or none: the values are in the
            # statement, made afresh each time, that only SQLAlchemy's own cache knows
            return None
        form = _form(dialect, statement, tuple(values))
        if form is None:
            return None
        bound = form.compiled.construct_params(values)
        made.append(
            Ready(
                form.sql,
                tuple(
                    bound[name] if process is None else process(bound[name])
                    for name, process in zip(form.names, form.processors, strict=True)
                ),
            )
        )
    return made


def write_checked(
    writer: Any, update: Any, params: dict[str, Any], pending: Sequence[tuple[Any, Any]]
) -> bool | None:
    """``update`` (one row's ``UPDATE``, with ``params``) and, if it changed its row, the
    writes of ``pending``, in one write transaction on ``writer`` (the store's writing
    engine: ``BEGIN IMMEDIATE``), every statement made ready before the lock is taken;
    whether the row changed.  ``None`` when one cannot be made ready: nothing written."""
    made = ready(writer.dialect, [(update, params), *pending])
    if made is None:
        return None
    with (
        translated(writing=True),
        writer.connect() as connection,
        connection.begin() as transaction,  # BEGIN IMMEDIATE: the write lock
    ):
        if run_checked(connection.connection.dbapi_connection, made):
            return True
        transaction.rollback()
    return False


def run_checked(dbapi_connection: Any, statements: Sequence[Ready]) -> bool:
    """Run the first of ``statements`` on the driver's connection, in its open
    transaction, and, if it changed one row, the others; whether it did.  The driver's
    errors are raised as SQLAlchemy raises them (``store.errors`` translates those)."""
    from sqlalchemy import exc

    first = True
    for statement in statements:
        try:
            cursor = dbapi_connection.execute(statement.sql, statement.parameters)
        except sqlite3.Error as error:
            raise exc.DBAPIError.instance(
                statement.sql, statement.parameters, error, sqlite3.Error
            ) from error
        changed = cursor.rowcount
        cursor.close()
        if first and changed != 1:
            return False
        first = False
    return True


def _form(dialect: Any, statement: Any, names: tuple[str, ...]) -> _Form | None:
    key = (statement, names)
    if key in _FORMS:
        return _FORMS[key]
    if len(_FORMS) >= KEEP:
        _FORMS.clear()
    compiled = statement.compile(dialect=dialect, column_keys=list(names))
    positional = compiled.positiontup
    if (
        compiled.insert_prefetch
        or compiled.update_prefetch
        or positional is None
        or compiled.literal_execute_params
        or compiled.post_compile_params
    ):
        form = None  # a value worked out at execution: SQLAlchemy's to run
    else:
        form = _Form(
            compiled.string,
            tuple(positional),
            tuple(
                compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect)
                for name in positional
            ),
            compiled,
        )
    _FORMS[key] = form
    return form
