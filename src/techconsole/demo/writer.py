"""The bulk writer: batched inserts of the big tables straight to the driver.

It is built for volume (a million incidents): rows are made in Python and inserted with
Core ``insert()`` executemany in batches, inside the caller's write transaction, so a
failure or an interruption leaves the database as it was.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from operator import itemgetter
from typing import Any

from sqlalchemy import JSON, Table, insert
from sqlmodel import Session

from techconsole.demo.times import FAR, Times, dt, seconds
from techconsole.services.errors import ServiceError
from techconsole.services.incidents.clocks import FAR_FUTURE
from techconsole.store.models import AuditEntry, Incident, IncidentEvent
from techconsole.store.types import UTCDateTime
from techconsole.store.work import WorkSession

#: incidents per executemany (their events are about five times as many rows)
BATCH = 5_000
#: SQLite page cache while loading (KiB)
LOAD_CACHE_KIB = 64 * 1024


def table_of(model: Any) -> Table:
    table_: Table = model.__table__
    return table_


class Writer:
    """Batched inserts of the big tables (incidents, their events, the audit, sessions).

    Each batch runs the compiled ``insert()`` through the driver's ``executemany``
    directly: SQLAlchemy's per-row, per-value parameter handling would cost more than
    the database's own work.  So the values are made as the column types would send
    them: on SQLite text times and JSON text (checked once, ``conversions_match``) in
    positional rows; on PostgreSQL aware datetimes and JSON text, which the statement
    casts (``%(data)s::JSON``).  Failing those checks, ``insert()`` runs with the
    models' types converting every value.
    """

    def __init__(self, session: Session, sqlite: bool, times: Times) -> None:
        self.session = session
        self.times = times
        self.rows = dict.fromkeys(MODELS, 0)
        self.fills: dict[str, dict[str, Any]] = {}
        self.statements: dict[str, tuple[str, Callable[[dict[str, Any]], Any] | None]] = {}
        dialect = session.get_bind().dialect
        casts = True  # every JSON parameter is cast (PostgreSQL)
        for name, model in MODELS.items():
            table = table_of(model)
            # The incidents' and sessions' ids are given (events refer to them), others' not.
            keys = [c.name for c in table.columns if c.name != "id" or name in GIVEN_IDS]
            compiled = insert(table).compile(
                dialect=dialect, column_keys=keys, for_executemany=True
            )
            order, sql = compiled.positiontup, str(compiled)
            self.statements[name] = (sql, itemgetter(*order) if order else None)
            json_columns = [c.name for c in table.columns if isinstance(c.type, JSON)]
            casts = casts and all(f"%({c})s::JSON" in sql for c in json_columns)
        if sqlite:
            positional = all(values for _, values in self.statements.values())
            self.direct = positional and conversions_match(session, times)
            times.as_text = self.direct
        else:
            times.as_text = False
            named = all(values is None for _, values in self.statements.values())
            self.direct = named and casts
        self.json: Callable[[dict[str, Any]], Any] = json.dumps if self.direct else _same
        self.empty: Any = "{}" if self.direct else {}

    def add(self, table: str, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        self.rows[table] += len(rows)
        if self.direct:
            fill = self.fills.get(table)
            if fill is None:
                fill = self.fills[table] = self._defaults(table, rows[0])
            if fill:
                for row in rows:
                    row.update(fill)
            sql, values = self.statements[table]
            params = [values(row) for row in rows] if values else rows
            self.session.connection().exec_driver_sql(sql, params)
        else:
            self.session.execute(insert(table_of(MODELS[table])), rows)

    def _defaults(self, name: str, sample: dict[str, Any]) -> dict[str, Any]:
        """Columns the demo does not set (added since?): their default, as ``insert()`` would."""
        table_, fill = table_of(MODELS[name]), {}
        for column in table_.columns:
            if column.name in sample or (column.name == "id" and name not in GIVEN_IDS):
                continue
            default = column.default
            if default is not None and default.is_scalar:
                value = getattr(default, "arg", None)
            elif column.nullable and default is None:
                value = None
            else:
                raise ServiceError(
                    f"the demo cannot fill {name}.{column.name}: see services/demo/writer.py"
                )
            if isinstance(value, datetime):
                value = self.times.db(seconds(value))
            elif isinstance(value, dict | list):
                value = self.json(value)  # type: ignore[arg-type]
            fill[column.name] = value
        return fill

    def models(self, model: Any, rows: list[dict[str, Any]]) -> None:
        """Small tables: the real column types convert the values."""
        for start in range(0, len(rows), BATCH):
            self.session.execute(insert(table_of(model)), rows[start : start + BATCH])


MODELS: dict[str, Any] = {
    "incident": Incident,
    "incident_event": IncidentEvent,
    "audit": AuditEntry,
    "work_session": WorkSession,
}
#: the tables whose rows come with their ids
GIVEN_IDS = frozenset(("incident", "work_session"))


def _same(value: dict[str, Any]) -> Any:
    return value


def conversions_match(session: Session, times: Times) -> bool:
    """Whether our text for times and JSON is exactly what the column types store."""
    dialect = session.get_bind().dialect
    time_type = table_of(Incident).c.arrived_at.type
    json_type = table_of(IncidentEvent).c.data.type
    if not isinstance(time_type, UTCDateTime) or not isinstance(json_type, JSON):
        return False
    # The processors the statement would run: the type's own, then the dialect's.
    to_time = time_type.dialect_impl(dialect).bind_processor(dialect)
    to_json = json_type.dialect_impl(dialect).bind_processor(dialect)
    if to_time is None or to_json is None:
        return False
    saved, times.as_text = times.as_text, True
    try:
        sample = 1_795_000_000
        value = {"a": "è", "b": [1, None], "c": True}
        return bool(
            to_time(dt(sample)) == times.db(sample)
            and to_time(FAR_FUTURE) == times.db(FAR)
            and to_json(value) == json.dumps(value)
        )
    finally:
        times.as_text = saved


@contextmanager
def load_cache(session: Session, sqlite: bool) -> Iterator[None]:
    """A larger SQLite page cache while loading, then the connection's own again.

    The index on (customer, arrival) takes its rows in no order: with the default 2 MB
    cache, a million incidents spill and re-read its pages all along.
    """
    if not sqlite:
        yield
        return
    raw: Any = session.connection().connection.dbapi_connection
    before = int(raw.execute("PRAGMA cache_size").fetchone()[0])
    raw.execute(f"PRAGMA cache_size = {-LOAD_CACHE_KIB}")
    try:
        yield
    finally:
        raw.execute(f"PRAGMA cache_size = {before}")
