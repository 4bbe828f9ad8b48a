"""The bulk writer: the big tables' rows, made as tuples, sent to the driver in batches.

It is built for volume (a million incidents): the rows of the incidents, their timeline,
their audit entries and the timer sessions are tuples in the order of ``LAYOUTS``, with
their times and JSON already the text the column types would send, inserted inside the
caller's write transaction (a failure or an interruption leaves the database as it was):

- SQLite: the driver's ``executemany`` of a plain ``INSERT``; the text of times and JSON
  is checked once against the column types (``conversions_match``);
- PostgreSQL (psycopg 3): ``COPY … FROM STDIN``, the times as UTC text (``+00``) that the
  ``timestamptz`` columns read back as the same instants, the JSON as the text
  SQLAlchemy would send.

Failing those checks, ``insert()`` runs with the models' types converting every value.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Table, insert
from sqlmodel import Session

from techconsole.demo.times import FAR, SQLITE_TIME, Times, dt, seconds
from techconsole.services.errors import ServiceError
from techconsole.services.incidents.clocks import FAR_FUTURE
from techconsole.store.models import AuditEntry, Incident, IncidentEvent
from techconsole.store.outcomes import ClockOutcome
from techconsole.store.types import UTCDateTime
from techconsole.store.work import WorkSession

#: incidents per batch (their events are about five times as many rows)
BATCH = 5_000

#: the columns of the rows the demo makes for each big table, in their order
LAYOUTS: dict[str, tuple[str, ...]] = {
    "incident": (
        "id",
        "number",
        "year",
        "seq",
        "customer_id",
        "requester_id",
        "channel",
        "subject",
        "subject_folded",
        "description",
        "severity",
        "urgent",
        "urgent_on_request",
        "warranty",
        "level",
        "category",
        "status",
        "status_before_pause",
        "assignee_id",
        "plan",
        "contract",
        "arrived_at",
        "acknowledged_at",
        "estimated_resolution_at",
        "promised_on_site_at",
        "on_site_at",
        "resolved_at",
        "closed_at",
        "resolved",
        "follow_up_of_id",
        "needs_authorisation",
        "authorised_by_id",
        "authorised_at",
        "authorised_via",
        "authorised_until",
        "account_provided_at",
        "account_provided_by_id",
        "is_open",
        "q_contract",
        "q_urgent",
        "q_severity",
        "due_at",
        "due_sort",
        "version",
        "updated_at",
        "clock_log",
    ),
    "incident_event": ("incident_id", "at", "actor_id", "kind", "text", "data"),
    "clock_outcome": (
        "incident_id",
        "clock",
        "plan",
        "customer_id",
        "stopped_at",
        "met",
        "target_us",
        "used_us",
    ),
    "audit": ("at", "actor", "os_user", "action", "entity", "entity_id", "data"),
    "work_session": (
        "id",
        "incident_id",
        "technician_id",
        "kind",
        "started_at",
        "ended_at",
        "note",
        "created_at",
        "updated_at",
    ),
}
MODELS: dict[str, Any] = {
    "incident": Incident,
    "incident_event": IncidentEvent,
    "clock_outcome": ClockOutcome,
    "audit": AuditEntry,
    "work_session": WorkSession,
}
#: the big tables: their secondary indexes are made once the demo's rows are in
BIG_TABLES = ("incident", "incident_event", "audit", "work_session", "material", "clock_outcome")


def table_of(model: Any) -> Table:
    table_: Table = model.__table__
    return table_


class Writer:
    """Batched inserts of the big tables (``LAYOUTS``), in one of three ways: ``sqlite``
    (``executemany``), ``copy`` (PostgreSQL's ``COPY``) or ``orm`` (``insert()`` with the
    column types converting, when the checks of the other two fail)."""

    def __init__(self, session: Session, sqlite: bool, times: Times) -> None:
        self.session = session
        self.times = times
        self.rows = dict.fromkeys(MODELS, 0)
        #: columns the demo does not set (added since?): their values, as ``insert()``
        #: would give them
        self.fills: dict[str, tuple[Any, ...]] = {}
        self.statements: dict[str, str] = {}
        self.columns: dict[str, tuple[str, ...]] = {}
        if sqlite:
            times.suffix = SQLITE_TIME
            self.mode = "sqlite" if conversions_match(session, times) else "orm"
        else:
            times.suffix = "+00"
            self.mode = "copy" if copy_matches(session) else "orm"
        if self.mode == "orm":
            times.suffix = None
        self.json: Callable[[Any], Any] = json.dumps if self.direct else _same
        self.empty: Any = "{}" if self.direct else {}
        quote = session.get_bind().dialect.identifier_preparer.quote
        for name, layout in LAYOUTS.items():
            fill = self._defaults(name, layout)
            self.fills[name] = tuple(fill.values())
            self.columns[name] = (*layout, *fill)
            columns = ", ".join(quote(c) for c in (*layout, *fill))
            if self.mode == "sqlite":
                marks = ", ".join("?" * (len(layout) + len(fill)))
                self.statements[name] = f"INSERT INTO {quote(name)} ({columns}) VALUES ({marks})"
            else:
                self.statements[name] = f"COPY {quote(name)} ({columns}) FROM STDIN"

    @property
    def direct(self) -> bool:
        """Whether the rows go to the driver as they are (times and JSON as text)."""
        return self.mode != "orm"

    def add(self, table: str, rows: list[tuple[Any, ...]]) -> None:
        """Insert ``rows`` (tuples in the order of ``LAYOUTS[table]``)."""
        if not rows:
            return
        self.rows[table] += len(rows)
        fill = self.fills[table]
        if self.mode == "sqlite":
            params = [row + fill for row in rows] if fill else rows
            self.session.connection().exec_driver_sql(self.statements[table], params)
        elif self.mode == "copy":
            raw: Any = self.session.connection().connection.dbapi_connection
            with raw.cursor() as cursor, cursor.copy(self.statements[table]) as copy:
                write = copy.write_row
                for row in rows:
                    write(row + fill if fill else row)
        else:
            names = self.columns[table]
            values = [dict(zip(names, row + fill, strict=True)) for row in rows]
            self.session.execute(insert(table_of(MODELS[table])), values)

    def _defaults(self, name: str, layout: tuple[str, ...]) -> dict[str, Any]:
        """Columns the demo does not set (added since?): their default, as ``insert()`` would."""
        table_, fill = table_of(MODELS[name]), {}
        for column in table_.columns:
            if column.name in layout or column.name == "id":
                continue
            default = column.default
            if default is not None and default.is_scalar:
                value = getattr(default, "arg", None)
            elif column.nullable and default is None:
                value = None
            else:
                raise ServiceError(
                    f"the demo cannot fill {name}.{column.name}: see techconsole/demo/writer.py"
                )
            if isinstance(value, datetime):
                value = self.times.db(seconds(value))
            elif isinstance(value, dict | list):
                value = self.json(value)
            fill[column.name] = value
        return fill

    def models(self, model: Any, rows: list[dict[str, Any]]) -> None:
        """Small tables: the real column types convert the values."""
        for start in range(0, len(rows), BATCH):
            self.session.execute(insert(table_of(model)), rows[start : start + BATCH])


def _same(value: dict[str, Any]) -> Any:
    return value


def conversions_match(session: Session, times: Times) -> bool:
    """SQLite: whether our text for times and JSON is exactly what the column types store."""
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
    sample = 1_795_000_000
    value = {"a": "è", "b": [1, None], "c": True}
    return bool(
        to_time(dt(sample)) == times.db(sample)
        and to_time(FAR_FUTURE) == times.db(FAR)
        and to_json(value) == json.dumps(value)
    )


def copy_matches(session: Session) -> bool:
    """PostgreSQL: whether ``COPY`` of our text gives what ``insert()`` would store: psycopg 3
    (its ``copy``), times in ``timestamptz`` columns, JSON in ``json`` ones (kept as sent)."""
    if session.get_bind().dialect.driver != "psycopg":
        return False
    incident = table_of(Incident)
    time_type = incident.c.arrived_at.type
    json_type = table_of(IncidentEvent).c.data.type
    return (
        isinstance(time_type, UTCDateTime)
        and isinstance(time_type.impl, DateTime)
        and bool(time_type.impl.timezone)
        and type(json_type) is JSON
    )
