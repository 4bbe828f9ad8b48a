"""The queue's first page, read before SQLAlchemy is imported (issue 15).

The console paints its shell at once and opens its database in a thread; importing
SQLAlchemy, sqlmodel and the tables there takes longer than painting (~0.4 s), and the
rows waited for it.  So each time the console has read its first page the usual way, the
SQL of that read — the count and the page of the view, as SQLAlchemy compiles them for
SQLite — is kept in the user's cache folder (:func:`remember`), with how to read each of
the page's columns; the next start runs it with :mod:`sqlite3` alone (:func:`read`), in
the same read transaction that checks the schema, and the lines come from
:func:`~techconsole.services.incidents.queue_rows.queue_rows`, as the service makes them.
The usual read follows as soon as the database is open and takes over.

Kept: the views whose statements depend on nothing but who reads them ("all", "mine",
"unassigned", "waiting"), without a text filter.  An entry's name is made of the code
that builds the statements (techconsole's version, the size and time of the modules of
``services/incidents``, ``store`` and ``domain``), the policy's queue order, the view and
the page's length: any change reads the usual way once and keeps the new statements.
The folder and its files are the user's own, as the checked policies'
(:mod:`techconsole.services.policy_cache`).
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from techconsole.domain.clock_log import log_rows
from techconsole.domain.policy import Policy
from techconsole.services import policy_cache
from techconsole.services.incidents.queue_rows import queue_rows
from techconsole.services.views import QueuePage
from techconsole.store import migrate, peek

if TYPE_CHECKING:
    from techconsole.services.context import Context

#: bump when the entries' layout changes
FORMAT = "1"
KEPT_VIEWS = frozenset({"all", "mine", "unassigned", "waiting"})
#: the parameters given at each read (the others are kept with the statement)
RUNTIME = ("me", "limit", "offset")


def _stamp(folder: Path) -> list[str]:
    """Each module of ``folder``: its name, size and time."""
    with os.scandir(folder) as entries:
        found = [(e.name, e.stat()) for e in entries if e.name.endswith(".py")]
    return sorted(f"{name}:{info.st_size}:{info.st_mtime_ns}" for name, info in found)


@cache
def _code() -> tuple[str, ...]:
    """What the code that builds the statements is: techconsole's version, the newest
    schema and the size and time of the modules (once a process)."""
    from techconsole import __version__, domain, store
    from techconsole.services import incidents

    parts = [FORMAT, __version__, migrate.head()]
    for package in (incidents, store, domain):
        parts += _stamp(Path(package.__file__ or "").parent)
    return tuple(parts)


def entry_name(policy: Policy, view: str, limit: int) -> str:
    """The name of the entry of ``view``'s first ``limit`` lines under ``policy``."""
    parts = [*_code(), view, str(limit)]
    parts += [repr(policy.queue_order), repr(sorted(policy.priority_categories))]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


# ---------------------------------------------------------------- reading (sqlite3 alone)
def _value(kind: str, raw: Any) -> Any:
    """A column's value as the column's type gives it (see :func:`_kind`)."""
    if raw is None or kind == "plain":
        return raw
    if kind == "bool":
        return bool(raw)
    if kind == "utc":
        return datetime.fromisoformat(raw).replace(tzinfo=UTC)
    if kind == "json":
        return json.loads(raw)
    raise ValueError(kind)


def _params(spec: list[Any], given: dict[str, Any]) -> list[Any]:
    return [given[item["name"]] if "name" in item else item["value"] for item in spec]


def read(
    folder: Path | None,
    path: Path,
    policy: Policy,
    login: str,
    view: str,
    limit: int,
    timeout_ms: int,
    now: datetime | None = None,
) -> QueuePage | None:
    """The first ``limit`` lines of ``view`` for ``login`` from the statements kept in
    ``folder``; ``None`` when none are kept, or anything is unsure (the page is then
    read the usual way)."""
    if folder is None or view not in KEPT_VIEWS:
        return None
    data = policy_cache.read_bytes(folder, entry_name(policy, view, limit) + ".json")
    if data is None:
        return None
    try:
        entry = json.loads(data)
        columns = [str(name) for name, _kind in entry["columns"]]
        kinds = [str(kind) for _name, kind in entry["columns"]]
        Line = NamedTuple("Line", [(name, Any) for name in columns])  # type: ignore[misc]
        with peek.reading(path, timeout_ms) as run:
            me = peek.technician_id(run, login)
            if me is None:
                return None
            given = {"me": me, "limit": limit, "offset": 0}
            total = run(entry["count"][0], _params(entry["count"][1], given))[0][0]
            raw = run(entry["page"][0], _params(entry["page"][1], given))
        now = now or datetime.now(UTC)
        rows: list[Any] = [
            Line(*(_value(k, v) for k, v in zip(kinds, line, strict=True))) for line in raw
        ]
        if any(row.clock_log is None for row in rows):
            return None  # a row written without a clock log: its timeline is read the usual way
        events = {row.id: log_rows(row.clock_log) for row in rows}
        return QueuePage(tuple(queue_rows(policy, now, rows, events)), int(total), now)
    except (peek.Unreadable, LookupError, TypeError, ValueError):
        return None


# ---------------------------------------------------------------- keeping (after opening)
def remember(ctx: Context, folder: Path | None, view: str, limit: int) -> bool:
    """Keep the statements of ``view``'s first ``limit`` lines, for the next start; only
    on SQLite, once for each name.  Whether they are kept now."""
    if folder is None or view not in KEPT_VIEWS or not ctx.db.sqlite:
        return False
    name = entry_name(ctx.policy, view, limit) + ".json"
    if policy_cache.holds_file(folder, name):
        return True
    try:
        entry = _entry(ctx, view)
    except Exception:  # kept for speed alone: never a reason to fail
        return False
    if entry is None:
        return False
    policy_cache.write_bytes(folder, name, json.dumps(entry).encode())
    return True


def _entry(ctx: Context, view: str) -> dict[str, Any] | None:
    from sqlalchemy import bindparam, func, select

    from techconsole.services.incidents.queue import page_select, view_where
    from techconsole.store.models import Incident

    where = view_where(ctx.policy, view, ctx.now(), bindparam("me", 0))  # type: ignore[arg-type]
    count = select(func.count()).select_from(Incident).where(*where)
    page = page_select(ctx.policy, view, where)  # type: ignore[arg-type]
    page = page.limit(bindparam("limit", 0)).offset(bindparam("offset", 0))
    dialect = ctx.db.engine.dialect
    counted, paged = _compiled(count, dialect), _compiled(page, dialect)
    kinds = [(column.name, _kind(column.type, dialect)) for column in page.selected_columns]
    if counted is None or paged is None or any(kind is None for _name, kind in kinds):
        return None
    return {"count": counted, "page": paged, "columns": kinds}


def _compiled(statement: Any, dialect: Any) -> list[Any] | None:
    """The SQL of ``statement`` and its parameters: the runtime ones by name, the others
    with their values as the driver gets them; ``None`` when one needs converting."""
    compiled = statement.compile(dialect=dialect, compile_kwargs={"render_postcompile": True})
    values = compiled.construct_params()
    spec: list[dict[str, Any]] = []
    for name in compiled.positiontup or ():
        if name in RUNTIME:
            spec.append({"name": name})
            continue
        bind = compiled.binds.get(name)
        value = values.get(name)
        converted = bind is not None and bind.type.bind_processor(dialect) is not None
        if converted or not isinstance(value, int | str) or isinstance(value, bool):
            return None
        spec.append({"value": value})
    return [compiled.string, spec]


def _kind(column_type: Any, dialect: Any) -> str | None:
    """How :func:`read` gives a column's raw SQLite value as its type does: ``plain``
    (as it is), ``bool``, ``utc`` (our aware instants), ``json``; ``None``: not kept."""
    from sqlalchemy import JSON, Boolean

    from techconsole.store.types import UTCDateTime

    if isinstance(column_type, UTCDateTime):
        return "utc"
    if isinstance(column_type, Boolean):
        return "bool"
    if isinstance(column_type, JSON):
        return "json"
    if column_type.result_processor(dialect, None) is None:
        return "plain"
    return None
