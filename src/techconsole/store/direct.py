"""Two hot statements sent to the driver as they are, compiled once (issue 15).

Every change of an incident worked out before its write (``services.incidents.planned``)
reads the incident and, on PostgreSQL, writes with one statement (:mod:`.conditional`).
Through SQLAlchemy each cost the client more CPU than the driver and the server together
(its cache key, its execution context, the ORM's loading of 51 columns; the write's ~30
parameters processed, the result's metadata): with eight technicians on two cores the
client's CPU is what a write costs.  Here each statement is compiled once for the
dialect, its parameters processed by the column types' own bind processors and its
columns by their result processors, as SQLAlchemy would, and it runs on the driver's
cursor:

* :func:`row` — one row of a statement (the combined write), its columns by name;
* :func:`entity` — one mapped object of a ``select(Entity)``, made as the ORM makes a
  row it loads (a new instance, its attributes set as loaded) and attached to the
  session, or the session's own object with that identity if it holds one already.

A statement with values worked out at execution (``literal_execute``, an ``IN`` list
given at the call, Python-side defaults) is not made ready: ``None``, nothing sent, and
the caller runs it the usual way; an ``IN`` list the statement holds is rendered once.
The driver's errors are raised as SQLAlchemy raises them, a lost connection invalidated
in the pool as SQLAlchemy does, so that ``store.errors.translated`` says what happened.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import make_transient_to_detached

#: how many compiled forms are kept (a long-running console makes a few dozen)
KEEP = 256


@dataclass(slots=True)
class _Form:
    sql: str
    compiled: Any
    binds: dict[str, Callable[[Any], Any]]
    #: the result's columns: attribute names and types, the processors once known
    names: tuple[str, ...]
    types: tuple[Any, ...]
    #: the lists of ``IN`` rendered with the statement's own values: given at a call,
    #: the statement is not made ready
    expanded: frozenset[str] = field(default=frozenset())
    results: Sequence[Callable[[Any], Any] | None] | None = field(default=None)
    #: :func:`row`'s named tuple; :func:`entity`'s attribute names
    row: Any = field(default=None)
    keys: tuple[str, ...] | None = field(default=None)
    mapper: Any = field(default=None)


_FORMS: dict[tuple[Any, str], _Form | None] = {}


#: not compiled yet (``None`` in :data:`_FORMS`: cannot be made ready)
_UNSEEN = object()


def _form(dialect: Any, statement: Any) -> _Form | None:
    """``statement`` compiled for ``dialect``, once (the console's threads may ask at
    the same time: at worst both compile it)."""
    key = (statement, dialect.name)
    found = _FORMS.get(key, _UNSEEN)
    if found is not _UNSEEN:
        return found  # type: ignore[return-value]
    if len(_FORMS) >= KEEP:
        _FORMS.clear()
    compiled = statement.compile(dialect=dialect)
    lists = compiled.post_compile_params
    expanded = frozenset(param.key for param in lists)
    given = any(p.required or p.callable is not None for p in lists)  # at each call
    converted = any(p.type.dialect_impl(dialect).bind_processor(dialect) for p in lists)
    if expanded and not (given or converted):  # ``IN`` the statement's own list
        compiled = statement.compile(dialect=dialect, compile_kwargs={"render_postcompile": True})
    made = None
    if not (
        given
        or converted  # its values would need converting one by one: SQLAlchemy's to run
        or compiled.literal_execute_params
        or compiled.insert_prefetch
        or compiled.update_prefetch
    ):
        binds = {
            name: process
            for name, bind in compiled.binds.items()
            if (process := bind.type.dialect_impl(dialect).bind_processor(dialect)) is not None
        }
        columns = compiled._result_columns
        made = _Form(
            compiled.string,
            compiled,
            binds,
            tuple(entry[0] for entry in columns),
            tuple(entry[3] for entry in columns),
            expanded,
        )
    _FORMS[key] = made
    return made


def _ready(dialect: Any, statement: Any, values: dict[str, Any]) -> _Form | None:
    made = _form(dialect, statement)
    if made is None or (made.expanded and not made.expanded.isdisjoint(values)):
        return None
    return made


def _parameters(made: _Form, values: dict[str, Any]) -> Any:
    bound = made.compiled.construct_params(values)
    binds = made.binds
    processed = {
        name: binds[name](value) if name in binds else value for name, value in bound.items()
    }
    positional = made.compiled.positiontup
    return processed if positional is None else tuple(processed[name] for name in positional)


def _fetch(connection: Any, made: _Form, values: dict[str, Any]) -> tuple[Any, ...] | None:
    """The first row of ``made`` run with ``values``, its columns converted."""
    parameters = _parameters(made, values)
    dbapi = connection.connection.dbapi_connection
    cursor = dbapi.cursor()
    try:
        cursor.execute(made.sql, parameters)
        got = cursor.fetchone()
        if made.results is None:
            dialect = connection.dialect
            made.results = tuple(
                kind.dialect_impl(dialect).result_processor(dialect, described[1])
                for kind, described in zip(made.types, cursor.description, strict=True)
            )
    except connection.dialect.loaded_dbapi.Error as error:
        _raise(connection, cursor, made.sql, parameters, error)
    finally:
        cursor.close()
    if got is None:
        return None
    results = made.results or ()
    return tuple(
        value if process is None else process(value)
        for process, value in zip(results, got, strict=True)
    )


def row(connection: Any, statement: Any, values: dict[str, Any]) -> Any | None:
    """``statement``'s one row (its columns by name), run with ``values`` on the driver
    cursor of ``connection`` (a SQLAlchemy connection); ``None`` when it cannot be run
    so: nothing was sent."""
    made = _ready(connection.dialect, statement, values)
    if made is None:
        return None
    got = _fetch(connection, made, values)
    if got is None:
        raise LookupError("the statement returned no row")
    if made.row is None:
        made.row = namedtuple("Row", made.names, rename=True)  # type: ignore[misc]
    return made.row(*got)


#: a missing object, told apart from "cannot be read so" (``None``)
MISSING = object()


def entity(session: Any, statement: Any, values: dict[str, Any]) -> Any | None:
    """The object of ``statement`` (a ``select(Entity)`` of one row, ``values`` its
    parameters) in ``session``, read on the session's connection; :data:`MISSING` when
    there is no such row, ``None`` when it cannot be read so (nothing was sent)."""
    connection = session.connection()
    made = _ready(connection.dialect, statement, values)
    if made is None:
        return None
    got = _fetch(connection, made, values)
    if got is None:
        return MISSING
    if made.mapper is None:
        made.mapper = inspect(statement.column_descriptions[0]["entity"])
        made.keys = tuple(
            made.mapper.get_property_by_column(entry[2][0]).key
            for entry in made.compiled._result_columns
        )
    mapper = made.mapper
    loaded = dict(zip(made.keys or (), got, strict=True))
    key = mapper.identity_key_from_primary_key([loaded[c.key] for c in mapper.primary_key])
    held = session.identity_map.get(key)
    if held is not None:
        return held  # as the ORM: the session's object, as it holds it
    obj = mapper.class_manager.new_instance()
    obj.__dict__.update(loaded)  # the instance's loaded state, as a read sets it
    make_transient_to_detached(obj)
    session.add(obj)
    return obj


def _raise(connection: Any, cursor: Any, sql: str, parameters: Any, error: Exception) -> None:
    """``error`` raised as SQLAlchemy raises a driver's error; a lost connection is
    invalidated, so that the pool starts afresh."""
    from sqlalchemy import exc

    dialect = connection.dialect
    lost = dialect.is_disconnect(error, connection.connection.dbapi_connection, cursor)
    if lost:  # as SQLAlchemy does: the pool's other connections went with it
        connection.engine.pool._invalidate(connection.connection, error)
        connection.invalidate(error)
    raise exc.DBAPIError.instance(
        sql, parameters, error, dialect.loaded_dbapi.Error, connection_invalidated=lost
    ) from error
