"""Demo data: a fictional Italian IT-support customer base, the same for the same seed.

``generate`` fills an *empty* database with a team, customers (contracts on every plan of
the policy, contacts who may or may not authorise), and incidents over the recent weeks
before ``ctx.now()``: most resolved or closed, the rest open in every state.  Names,
texts and patterns come from ``data/demo/*.toml``; everything is invented or generic.

It is built for volume (a million incidents): rows are made in Python and inserted with
Core ``insert()`` executemany in batches, inside one write transaction, so a failure or
an interruption leaves the database as it was.  Every incident gets the timeline the
services would have written (opened, authorised, claimed, acknowledged, paused and
resumed, resolved, closed…), the columns those events set, and the queue columns that
``clocks.apply`` computes from them, with the clocks of the domain.
"""

from __future__ import annotations

import json
import random
import re
import tomllib
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from operator import itemgetter
from pathlib import Path
from typing import Any, Generic, TypeVar

from sqlalchemy import JSON, Table, func, insert, select, text
from sqlmodel import Session

from techconsole.domain.incident_clocks import ClockInputs
from techconsole.domain.policy import Policy
from techconsole.domain.sla import Changed, ClockEvent, Paused, Resumed
from techconsole.services.clocks import FAR_FUTURE
from techconsole.services.context import Context
from techconsole.services.errors import Conflict, InvalidInput, ServiceError
from techconsole.services.resources import data_dir
from techconsole.store.models import (
    OPEN_STATUSES,
    AuditEntry,
    Contact,
    Contract,
    Customer,
    Incident,
    IncidentEvent,
    NumberCounter,
    Technician,
)
from techconsole.store.types import UTCDateTime

MAX_INCIDENTS = 5_000_000
MAX_CUSTOMERS = 100_000
#: incidents per executemany (their events are about five times as many rows)
BATCH = 5_000
#: SQLite page cache while loading (KiB)
LOAD_CACHE_KIB = 64 * 1024
#: share of the incidents still open at ``now``, and the least of them in a small demo
OPEN_SHARE = 0.05
MIN_OPEN = 24
#: share of the visits that did not solve the problem (a follow-up was opened)
UNSOLVED_SHARE = 0.012

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_FAR = int((FAR_FUTURE - _EPOCH).total_seconds())
_HOUR, _DAY = 3600, 86400
#: sort key of an incident before numbering: arrival second << _SHIFT | its index
_SHIFT = 23
_MASK = (1 << _SHIFT) - 1

# What an incident is, decided before its details (it fixes its arrival and its fate).
_DONE, _DONE_ORIGINAL, _DONE_FOLLOW, _OPEN_ORIGINAL = 0, 1, 2, 3
_OPEN_NEW, _OPEN_WORKING, _OPEN_WAITING, _OPEN_AUTH, _OPEN_FOLLOW = 4, 5, 6, 7, 8
#: open, nobody took it, under contract and days old: past its target
_OPEN_LATE = 9
_ORIGINALS = (_DONE_ORIGINAL, _OPEN_ORIGINAL)
_FOLLOWS = (_DONE_FOLLOW, _OPEN_FOLLOW)
#: timeline kinds whose data take a handful of values (a login, a flag, a reason)
_FEW_VALUES = frozenset(("claimed", "assigned", "resolved", "pause"))


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """What ``generate`` made: counts of the rows it inserted, and of the incidents by state."""

    seed: int
    #: the login of the person who ran it, a lead of the demo team
    lead: str
    #: technicians added (people already in the database are kept, not counted)
    technicians: int
    customers: int
    contacts: int
    contracts: int
    incidents: int
    #: open at ``ctx.now()`` (open, in progress, waiting, awaiting authorisation)
    open_incidents: int
    #: open incidents nobody has taken
    unassigned: int
    in_progress: int
    #: waiting on the customer (the clocks are paused)
    waiting: int
    awaiting_authorisation: int
    #: open incidents whose primary clock was due before ``ctx.now()``
    breached: int
    urgent_open: int
    #: follow-ups of visits that did not solve the problem (open or not)
    follow_ups: int
    resolved: int
    closed: int
    #: timeline entries of the incidents
    events: int
    #: the first and last incident numbers (``""`` without incidents)
    first_number: str
    last_number: str


# --------------------------------------------------------------------------- the texts


@dataclass(frozen=True, slots=True)
class Category:
    code: str
    label: str
    weight: float
    level: int
    server: bool
    subjects: tuple[str, ...]
    urgent: tuple[str, ...]
    descriptions: tuple[str, ...]
    notes: tuple[str, ...]
    resolutions: tuple[str, ...]
    unresolved: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DemoTexts:
    """The definitions of ``data/demo``, checked when loaded."""

    activities: tuple[tuple[str, float], ...]
    business_surnames: tuple[str, ...]
    business_places: tuple[str, ...]
    legal_forms: tuple[tuple[str, float], ...]
    name_patterns: tuple[tuple[str, float], ...]
    customer_notes: tuple[str, ...]
    first_names: tuple[str, ...]
    surnames: tuple[str, ...]
    technicians: tuple[tuple[str, str, bool], ...]
    streets: tuple[str, ...]
    towns: tuple[tuple[str, str, str], ...]
    phone_prefix: str
    email_domain: str
    workstations: tuple[str, ...]
    categories: tuple[Category, ...]
    acknowledgements: tuple[str, ...]
    waiting: tuple[str, ...]
    resumed: tuple[str, ...]
    notes: tuple[str, ...]
    closing: tuple[str, ...]


class _Reader:
    """Typed access to one TOML table, naming the file and key when something is wrong."""

    def __init__(self, path: Path, data: dict[str, Any], where: str = "") -> None:
        self.path, self.data, self.where = path, data, where

    def _fail(self, key: str, why: str) -> ServiceError:
        return ServiceError(f"{self.path}: {self.where}{key}: {why} (reinstall techconsole?)")

    def get(self, key: str) -> Any:
        if key not in self.data:
            raise self._fail(key, "missing")
        return self.data[key]

    def text(self, key: str, default: str | None = None) -> str:
        value = self.data.get(key, default)
        if not isinstance(value, str):
            raise self._fail(key, "a text is expected")
        return value

    def texts(self, key: str, *, empty: bool = False) -> tuple[str, ...]:
        value = self.get(key)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self._fail(key, "a list of texts is expected")
        if not value and not empty:
            raise self._fail(key, "the list is empty")
        return tuple(value)

    def tables(self, key: str) -> list[_Reader]:
        value = self.get(key)
        if not isinstance(value, list) or not value or not all(isinstance(v, dict) for v in value):
            raise self._fail(key, "a non-empty list of tables is expected")
        return [_Reader(self.path, v, f"{self.where}{key}[{i}].") for i, v in enumerate(value)]

    def table(self, key: str) -> _Reader:
        value = self.get(key)
        if not isinstance(value, dict):
            raise self._fail(key, "a table is expected")
        return _Reader(self.path, value, f"{self.where}{key}.")

    def number(self, key: str, default: float | None = None) -> float:
        value = self.data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise self._fail(key, "a number ≥ 0 is expected")
        return float(value)

    def weighted(self, key: str, name: str) -> tuple[tuple[str, float], ...]:
        return tuple((t.text(name), t.number("weight", 1)) for t in self.tables(key))


def _read(folder: Path, name: str) -> _Reader:
    path = folder / f"{name}.toml"
    try:
        with path.open("rb") as handle:
            return _Reader(path, tomllib.load(handle))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ServiceError(f"cannot read the demo definitions {path}: {exc}") from None


def load_texts(folder: Path | None = None) -> DemoTexts:
    """Read and check ``data/demo/*.toml``."""
    folder = folder or data_dir() / "demo"
    companies, people = _read(folder, "companies"), _read(folder, "people")
    places, incidents = _read(folder, "places"), _read(folder, "incidents")
    categories = tuple(
        Category(
            code=c.text("code"),
            label=c.text("label"),
            weight=c.number("weight", 1),
            level=int(c.number("level", 1)),
            server=bool(c.data.get("server", False)),
            subjects=c.texts("subjects"),
            urgent=c.texts("urgent", empty=True),
            descriptions=c.texts("descriptions"),
            notes=c.texts("notes"),
            resolutions=c.texts("resolutions"),
            unresolved=c.texts("unresolved", empty=True),
        )
        for c in incidents.tables("categories")
    )
    if not any(c.level == 2 and c.unresolved for c in categories):
        raise ServiceError(f"{folder}: no level-2 category with `unresolved` texts")
    common = incidents.table("common")
    return DemoTexts(
        activities=companies.weighted("activities", "name"),
        business_surnames=companies.texts("surnames"),
        business_places=companies.texts("places"),
        legal_forms=companies.weighted("legal_forms", "name"),
        name_patterns=companies.weighted("patterns", "text"),
        customer_notes=companies.texts("notes"),
        first_names=people.texts("first_names"),
        surnames=people.texts("surnames"),
        technicians=tuple(
            (t.text("login"), t.text("name"), bool(t.data.get("lead", False)))
            for t in people.tables("technicians")
        ),
        streets=places.texts("streets"),
        towns=tuple(
            (t.text("name"), t.text("cap"), t.text("province")) for t in places.tables("towns")
        ),
        phone_prefix=places.text("phone_prefix"),
        email_domain=places.text("email_domain"),
        workstations=places.texts("workstations"),
        categories=categories,
        acknowledgements=common.texts("acknowledgements"),
        waiting=common.texts("waiting"),
        resumed=common.texts("resumed"),
        notes=common.texts("notes"),
        closing=common.texts("closing"),
    )


# --------------------------------------------------------------------------- helpers

T = TypeVar("T")


class _Weighted(Generic[T]):
    """Weighted choice with one random number and a binary search."""

    def __init__(self, items: Sequence[T], weights: Sequence[float]) -> None:
        if not items or len(items) != len(weights):
            raise ValueError("weighted choice over nothing")
        self.items = list(items)
        self.cum: list[float] = []
        total = 0.0
        for weight in weights:
            total += weight
            self.cum.append(total)
        self.total = total

    def pick(self, rng: random.Random) -> T:
        return self.items[bisect_right(self.cum, rng.random() * self.total)]


def _one(rng: random.Random, items: Sequence[T]) -> T:
    """``rng.choice`` with one random number (the uniform pick of the hot paths)."""
    return items[int(rng.random() * len(items))]


def _dt(seconds: int) -> datetime:
    return _EPOCH + timedelta(seconds=seconds)


def _seconds(instant: datetime) -> int:
    return int((instant - _EPOCH) // timedelta(seconds=1))


def _slug(value: str) -> str:
    plain = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


def _email_name(value: str) -> str:
    return _slug(value).replace("-", "")


class _Times:
    """Whole UTC seconds as the database stores them, as ISO text, as datetimes.

    On SQLite the text ``UTCDateTime`` would store is made directly (checked once
    against the column type, see ``_Writer``), which spares a conversion per value.
    """

    def __init__(self, as_text: bool) -> None:
        self.as_text = as_text
        self._days: dict[int, str] = {}
        self._tod = [
            f"{h:02d}:{m:02d}:{s:02d}" for h in range(24) for m in range(60) for s in range(60)
        ]

    def _day(self, day: int) -> str:
        text_ = self._days.get(day)
        if text_ is None:
            text_ = self._days[day] = (_EPOCH + timedelta(days=day)).date().isoformat()
        return text_

    def db(self, seconds: int | None) -> Any:
        if seconds is None:
            return None
        if not self.as_text:
            return _dt(seconds)
        day, rest = divmod(seconds, _DAY)
        prefix = self._days.get(day) or self._day(day)
        return f"{prefix} {self._tod[rest]}.000000"

    def iso(self, seconds: int | None) -> str | None:
        """``datetime.isoformat()`` of the aware UTC instant, as the services record it."""
        if seconds is None:
            return None
        day, rest = divmod(seconds, _DAY)
        return f"{self._day(day)}T{self._tod[rest]}+00:00"


class _LocalDays:
    """Local dates (policy zone) of UTC seconds, by a binary search on local midnights."""

    def __init__(self, policy: Policy, first: date, last: date) -> None:
        self.first = first.toordinal()
        self.midnights: list[int] = []
        self.years: list[int] = []
        self.weekdays: list[int] = []
        day = first
        while day <= last:
            local = datetime(day.year, day.month, day.day, tzinfo=policy.zone)
            self.midnights.append(_seconds(local))
            self.years.append(day.year)
            self.weekdays.append(day.weekday())
            day += timedelta(days=1)

    def index(self, seconds: int) -> int:
        return max(0, bisect_right(self.midnights, seconds) - 1)

    def ordinal(self, seconds: int) -> int:
        return self.first + self.index(seconds)


# --------------------------------------------------------------------------- writing


def _table(model: Any) -> Table:
    table: Table = model.__table__
    return table


class _Writer:
    """Batched inserts of the big tables (incidents, their events, the audit).

    Each batch runs the compiled ``insert()`` through the driver's ``executemany``
    directly: SQLAlchemy's per-row, per-value parameter handling would cost more than
    the database's own work.  So the values are made as the column types would send
    them: on SQLite text times and JSON text (checked once, ``_conversions_match``) in
    positional rows; on PostgreSQL aware datetimes and JSON text, which the statement
    casts (``%(data)s::JSON``).  Failing those checks, ``insert()`` runs with the
    models' types converting every value.
    """

    def __init__(self, session: Session, sqlite: bool, times: _Times) -> None:
        self.session = session
        self.times = times
        self.rows = {"incident": 0, "incident_event": 0, "audit": 0}
        self.fills: dict[str, dict[str, Any]] = {}
        self.statements: dict[str, tuple[str, Callable[[dict[str, Any]], Any] | None]] = {}
        dialect = session.get_bind().dialect
        casts = True  # every JSON parameter is cast (PostgreSQL)
        for name, model in _MODELS.items():
            table = _table(model)
            # The incidents' ids are given (events refer to them), the others' are not.
            keys = [c.name for c in table.columns if c.name != "id" or model is Incident]
            compiled = insert(table).compile(
                dialect=dialect, column_keys=keys, for_executemany=True
            )
            order, sql = compiled.positiontup, str(compiled)
            self.statements[name] = (sql, itemgetter(*order) if order else None)
            json_columns = [c.name for c in table.columns if isinstance(c.type, JSON)]
            casts = casts and all(f"%({c})s::JSON" in sql for c in json_columns)
        if sqlite:
            positional = all(values for _, values in self.statements.values())
            self.direct = positional and _conversions_match(session, times)
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
            self.session.execute(insert(_table(_MODELS[table])), rows)

    def _defaults(self, name: str, sample: dict[str, Any]) -> dict[str, Any]:
        """Columns the demo does not set (added since?): their default, as ``insert()`` would."""
        table, fill = _table(_MODELS[name]), {}
        for column in table.columns:
            if column.name in sample or (column.name == "id" and name != "incident"):
                continue
            default = column.default
            if default is not None and default.is_scalar:
                value = getattr(default, "arg", None)
            elif column.nullable and default is None:
                value = None
            else:
                raise ServiceError(
                    f"the demo cannot fill {name}.{column.name}: see services/demo.py"
                )
            if isinstance(value, datetime):
                value = self.times.db(_seconds(value))
            elif isinstance(value, dict | list):
                value = self.json(value)  # type: ignore[arg-type]
            fill[column.name] = value
        return fill

    def models(self, model: Any, rows: list[dict[str, Any]]) -> None:
        """Small tables: the real column types convert the values."""
        for start in range(0, len(rows), BATCH):
            self.session.execute(insert(_table(model)), rows[start : start + BATCH])


_MODELS: dict[str, Any] = {
    "incident": Incident,
    "incident_event": IncidentEvent,
    "audit": AuditEntry,
}


def _same(value: dict[str, Any]) -> Any:
    return value


def _conversions_match(session: Session, times: _Times) -> bool:
    """Whether our text for times and JSON is exactly what the column types store."""
    dialect = session.get_bind().dialect
    time_type = _table(Incident).c.arrived_at.type
    json_type = _table(IncidentEvent).c.data.type
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
            to_time(_dt(sample)) == times.db(sample)
            and to_time(FAR_FUTURE) == times.db(_FAR)
            and to_json(value) == json.dumps(value)
        )
    finally:
        times.as_text = saved


# --------------------------------------------------------------------------- the people


@dataclass(slots=True)
class _Tech:
    id: int
    login: str
    name: str
    role: str


@dataclass(slots=True)
class _Customer:
    id: int
    name: str
    domain: str
    #: (first day, last day, plan) of each contract, the latest first
    contracts: list[tuple[int, int, str]] = field(default_factory=list)
    #: contact id, name, role
    titolari: list[tuple[int, str, str]] = field(default_factory=list)
    ads: list[tuple[int, str, str]] = field(default_factory=list)
    employees: list[tuple[int, str, str]] = field(default_factory=list)


def _year_before(end: date) -> date:
    """The first day of the one-year contract that ends on ``end``."""
    after = end + timedelta(days=1)
    try:
        return after.replace(year=after.year - 1)
    except ValueError:  # 29 February
        return after.replace(year=after.year - 1, day=28)


# --------------------------------------------------------------------------- generation


#: a timeline entry: when, the technician's id, kind, text, data
Event = tuple[int, int | None, str, str, dict[str, Any]]
#: a customer's contact: id, name, role
Person = tuple[int, str, str]


@dataclass(slots=True)
class _Original:
    """What a follow-up takes over from the incident whose visit did not solve it."""

    id: int
    number: str
    customer: _Customer
    requester: Person | None
    channel: str
    subject: str
    description: str
    severity: str
    category: Category
    plan: str
    contract: bool
    assignee: _Tech
    resolved_at: int


@dataclass(slots=True)
class _Request:
    """What was asked, by whom, under which plan: decided when it arrives."""

    customer: _Customer
    requester: Person | None
    category: Category
    channel: str
    severity: str
    urgent: bool
    subject: str
    description: str
    plan: str
    contract: bool
    gated: bool
    #: who records it, and who works on it (``None``: nobody yet)
    opener: _Tech
    tech: _Tech | None
    original: _Original | None


@dataclass(slots=True)
class _State:
    """The incident's columns as the use cases leave them, and its timeline."""

    status: str
    severity: str
    urgent: bool
    updated: int
    events: list[Event] = field(default_factory=list)
    warranty: bool = False
    before: str | None = None
    assignee: _Tech | None = None
    calls: int = 1
    acknowledged_at: int | None = None
    estimated_at: int | None = None
    promised_at: int | None = None
    on_site_at: int | None = None
    resolved_at: int | None = None
    closed_at: int | None = None
    resolved: bool | None = None
    authorised_by: int | None = None
    authorised_at: int | None = None
    authorised_via: str = ""
    authorised_until: int | None = None
    account_at: int | None = None
    account_by: int | None = None


@dataclass(slots=True)
class _Counts:
    statuses: dict[str, int] = field(default_factory=dict)
    breached: int = 0
    urgent_open: int = 0
    follow_ups: int = 0
    unassigned: int = 0
    first_number: str = ""
    last_number: str = ""


class _Generator:
    """Makes the rows of one demo; ``run`` inserts them in the caller's transaction."""

    writer: _Writer
    team: list[_Tech]
    tech_pick: _Weighted[_Tech]
    lead_pick: _Weighted[_Tech]
    customer_pick: _Weighted[_Customer]
    day_pick: _Weighted[int] | None

    def __init__(
        self, ctx: Context, texts: DemoTexts, seed: int, incidents: int, customers: int
    ) -> None:
        policy = self.policy = ctx.policy
        self.ctx = ctx
        self.texts = texts
        self.seed = seed
        self.rng = random.Random(seed)
        self.n_incidents = incidents
        self.n_customers = customers
        self.now = ctx.now()
        self.now_s = _seconds(self.now)
        self.span_days = min(730, max(42, incidents // 25))
        self.start_s = self.now_s - self.span_days * _DAY
        self.today = self.now.astimezone(policy.zone).date()
        first_day = (self.now - timedelta(days=self.span_days + 10)).astimezone(policy.zone).date()
        self.days = _LocalDays(policy, first_day, self.today + timedelta(days=2))
        self.day_pick = None
        self.times = _Times(as_text=False)
        self.counts = _Counts()
        self.created = {"technician": 0, "customer": 0, "contact": 0, "contract": 0}
        self.contract_plans = [p.name for p in policy.plans.values() if p.contract]
        self.gated_roles = frozenset(policy.intake.needs_authorisation)
        severities = [s.code for s in policy.severities]
        self.severity = _Weighted(severities, [1.0 + i for i in range(len(severities))])
        self.rank = {s.code: s.rank for s in policy.severities}
        channels = [c for c in policy.intake.channels if policy.intake.refusal(c) is None]
        usual = {"email": 70.0, "whatsapp": 10.0, "web": 10.0, "phone": 10.0}
        channels = channels or ["email"]
        self.channel = _Weighted(channels, [usual.get(c, 5.0) for c in channels])
        self.category = _Weighted(texts.categories, [c.weight for c in texts.categories])
        visits = [c for c in texts.categories if c.level == 2 and c.unresolved]
        self.visit_category = _Weighted(visits, [c.weight for c in visits])
        self.originals: dict[int, _Original] = {}
        self.follow_of: dict[int, int] = {}
        self.resolve_at: dict[int, int] = {}
        #: the severity of a few open incidents, so that the queue shows each one
        self.severity_of: dict[int, str] = {}
        self.seqs: dict[int, int] = {}
        self.next_id = 0
        self.encoded: dict[tuple[Any, ...], Any] = {}

    def run(self, session: Session, progress: Callable[[int, int], None] | None) -> None:
        self.writer = _Writer(session, self.ctx.db.sqlite, self.times)
        self.team = self.make_team(session)
        self.tech_pick = _Weighted(self.team, [0.5 if t.role == "lead" else 1.0 for t in self.team])
        leads = [t for t in self.team if t.role == "lead"] or self.team
        self.lead_pick = _Weighted(leads, [1.0] * len(leads))
        self.make_customers(session)
        self.make_incidents(session, progress)
        self.finish(session)

    # ------------------------------------------------------------------ team

    def make_team(self, session: Session) -> list[_Tech]:
        """5 to 8 people: the one running the demo and one other are leads."""
        rng, texts, actor = self.rng, self.texts, self.ctx.actor
        size = rng.randint(5, 8)
        lead = next((t for t in texts.technicians if t[2]), texts.technicians[0])
        others = [t for t in texts.technicians if t is not lead]
        rng.shuffle(others)
        actor_name = next((t[1] for t in texts.technicians if t[0] == actor), actor)
        wanted = [(actor, actor_name, "lead")]
        for login, name, is_lead in [lead, *others]:
            if len(wanted) < size and login != actor:
                wanted.append((login, name, "lead" if is_lead else "technician"))
        # People already in the database stay as they are (and work only if active).
        existing = {t.login: t for t in session.scalars(select(Technician))}
        next_id = max((t.id or 0 for t in existing.values()), default=0)
        team, rows = [], []
        created = _dt(self.start_s - 60 * _DAY)
        for login, name, role in wanted:
            found = existing.get(login)
            if found is not None:
                if found.active and found.id is not None:
                    team.append(_Tech(found.id, login, found.display_name, found.role))
                continue
            next_id += 1
            team.append(_Tech(next_id, login, name, role))
            rows.append(
                {
                    "id": next_id,
                    "login": login,
                    "display_name": name,
                    "role": role,
                    "active": True,
                    "created_at": created,
                }
            )
        self.writer.models(Technician, rows)
        self.created["technician"] = len(rows)
        return team

    # ------------------------------------------------------------------ customers

    def make_customers(self, session: Session) -> None:
        rng, texts = self.rng, self.texts
        models = (("customer", Customer), ("contact", Contact), ("contract", Contract))
        ids = {
            name: int(session.execute(select(func.max(_table(model).c.id))).scalar() or 0)
            for name, model in models
        }
        activity = _Weighted(*zip(*texts.activities, strict=True))
        form = _Weighted(*zip(*texts.legal_forms, strict=True))
        pattern = _Weighted(*zip(*texts.name_patterns, strict=True))
        plans = self.contract_plans
        plan_pick = _Weighted(plans, [1.0 / (i + 1) for i in range(len(plans))]) if plans else None
        busy = {p: 1.5 + i * 0.75 for i, p in enumerate(plans)}
        taken: set[str] = set()
        chosen: list[_Customer] = []
        weights: list[float] = []
        rows: dict[str, list[dict[str, Any]]] = {"customer": [], "contact": [], "contract": []}
        for number in range(self.n_customers):
            ids["customer"] += 1
            town, cap, province = rng.choice(texts.towns)
            name = self._company_name(activity, form, pattern, taken, town)
            core = re.sub(r"\s+(S\.\S+|di .*)$", "", name)
            customer = _Customer(ids["customer"], name, f"{_slug(core)}.{texts.email_domain}")
            # Contracts: running (some renewed from earlier years), expired, or none; the
            # first customers show each: every plan running, then one expired, one without.
            current = None
            kind, plan = rng.random(), plan_pick.pick(rng) if plan_pick else ""
            if number < len(plans):
                kind, plan = 0.0, plans[number]
            elif number <= len(plans) + 1:
                kind = 0.6 if number == len(plans) else 0.9
            if plan_pick is not None and kind < 0.75:
                running = kind < 0.6
                if running:
                    end = self.today + timedelta(days=rng.randint(5, 360))
                else:
                    end = self.today - timedelta(days=rng.randint(1, 420))
                current = plan if running else None
                for _year in range(_one(rng, (1, 2, 2, 3, 3))):
                    start = _year_before(end)
                    ids["contract"] += 1
                    amount = 600 * (1 + plans.index(plan)) * rng.uniform(0.8, 1.4)
                    rows["contract"].append(
                        {
                            "id": ids["contract"],
                            "customer_id": customer.id,
                            "plan": plan,
                            "starts_on": start,
                            "ends_on": end,
                            "prepaid": Decimal(int(amount / 10) * 10).quantize(Decimal("0.01")),
                            "notes": "",
                        }
                    )
                    customer.contracts.append((start.toordinal(), end.toordinal(), plan))
                    end = start - timedelta(days=1)
                    if rng.random() < 0.3:
                        plan = plan_pick.pick(rng)
            # A few resellers, some customers whose ADS we are, some who want to hear
            # before any spare part is fitted: the first customers show each.
            reseller = rng.random() < 0.05 or number % 40 == 1
            we_are_ads = rng.random() < 0.25 or number == 0
            notify = rng.random() < 0.15 or number == 2
            rows["customer"].append(
                {
                    "id": customer.id,
                    "name": name,
                    "vat_number": f"IT{rng.randrange(10**7):07d}000{rng.randrange(10)}",
                    "address": (
                        f"{rng.choice(texts.streets)} {rng.randint(1, 180)}, "
                        f"{cap} {town} ({province})"
                    ),
                    "deployment": "cloud" if rng.random() < 0.4 else "on_premise",
                    "reseller": reseller,
                    "reseller_since": (
                        self.today - timedelta(days=rng.randint(30, 1500)) if reseller else None
                    ),
                    "we_are_ads": we_are_ads,
                    "notify_before_parts": notify,
                    "notes": rng.choice(texts.customer_notes) if rng.random() < 0.2 else "",
                    "created_at": _dt(self.start_s - rng.randint(30, 2000) * _DAY),
                }
            )
            # The titolare, an ADS of their own (unless we are their ADS), employees.
            roles = ["titolare"]
            if not we_are_ads and rng.random() < 0.5:
                roles.append("ads")
            roles += ["employee"] * rng.randint(1, 4)
            names: set[str] = set()
            for role in roles:
                first, last = rng.choice(texts.first_names), rng.choice(texts.surnames)
                while f"{first} {last}" in names:
                    first, last = rng.choice(texts.first_names), rng.choice(texts.surnames)
                person = f"{first} {last}"
                names.add(person)
                ids["contact"] += 1
                email = f"{_email_name(first)}.{_email_name(last)}@{customer.domain}"
                phone = ""
                if rng.random() < 0.7:
                    digits = f"{rng.randrange(1000):03d} {rng.randrange(10000):04d}"
                    phone = f"{texts.phone_prefix} {digits}"
                rows["contact"].append(
                    {
                        "id": ids["contact"],
                        "customer_id": customer.id,
                        "name": person,
                        "role": role,
                        "email": email if rng.random() < 0.95 else "",
                        "phone": phone,
                        "active": True,
                    }
                )
                entry = (ids["contact"], person, role)
                if role == "titolare":
                    customer.titolari.append(entry)
                elif role == "ads":
                    customer.ads.append(entry)
                else:
                    customer.employees.append(entry)
            chosen.append(customer)
            weights.append(busy.get(current or "", 0.8) * rng.lognormvariate(0, 0.6))
        for name, model in models:
            self.writer.models(model, rows[name])
            self.created[name] = len(rows[name])
        self.customer_pick = _Weighted(chosen, weights)

    def _company_name(
        self,
        activity: _Weighted[str],
        form: _Weighted[str],
        pattern: _Weighted[str],
        taken: set[str],
        town: str,
    ) -> str:
        rng, texts = self.rng, self.texts
        name = ""
        for attempt in range(30):
            surname, surname2 = rng.sample(texts.business_surnames, 2)
            name = pattern.pick(rng).format(
                activity=activity.pick(rng),
                surname=surname,
                surname2=surname2,
                place=rng.choice(texts.business_places),
                first=rng.choice(texts.first_names),
                form=form.pick(rng),
            )
            name = " ".join(name.split())
            if attempt >= 20:
                name = f"{name} – {town}"
            if name not in taken:
                break
        base, serial = name, 2
        while name in taken:
            name, serial = f"{base} ({serial})", serial + 1
        taken.add(name)
        return name

    # ------------------------------------------------------------------ when and what

    def skeleton(self) -> list[int]:
        """The kind and arrival of every incident, as sort keys in arrival order.

        A key is ``arrival second << _SHIFT | index``; ``self.kinds[index]`` is the kind.
        Also fills ``follow_of`` (follow-up index → original index) and ``resolve_at``
        (original index → when its visit ended unsolved: the follow-up's arrival).
        """
        rng, n = self.rng, self.n_incidents
        n_open = min(n, max(round(n * OPEN_SHARE), min(MIN_OPEN, n // 2)))
        done = n - n_open
        shares = {_OPEN_NEW: 24, _OPEN_WORKING: 40, _OPEN_WAITING: 14, _OPEN_AUTH: 12}
        shares[_OPEN_FOLLOW], shares[_OPEN_LATE] = 6, 4
        if not self.gated_roles:
            del shares[_OPEN_AUTH]
        cycle = list(shares)  # each state at least once, then at random
        pick = _Weighted(cycle, list(shares.values()))
        open_kinds = cycle[:n_open] + [pick.pick(rng) for _ in range(n_open - len(cycle))]
        self.kinds = kinds = bytearray()
        arrivals: list[int] = []

        def add(kind: int, arrived: int) -> int:
            kinds.append(kind)
            arrivals.append(arrived)
            return len(kinds) - 1

        severities = [s.code for s in self.policy.severities]  # each one in the queue
        for kind in open_kinds:
            if kind == _OPEN_FOLLOW and done < 1:
                kind = _OPEN_NEW
            arrived = self.now_s - self._open_age(kind)
            if kind == _OPEN_FOLLOW:
                done -= 1
                first = max(self.start_s, arrived - rng.randint(3 * _HOUR, 4 * _DAY))
                original = add(_OPEN_ORIGINAL, first)
                self.resolve_at[original] = arrived
                self.follow_of[add(kind, arrived)] = original
            elif severities:
                self.severity_of[add(kind, arrived)] = severities.pop(0)
            else:
                add(kind, arrived)
        pairs = min(done // 2, int(done * UNSOLVED_SHARE))
        for _ in range(pairs):
            first = self._business_time(self.now_s - 6 * _DAY)
            ended = first + rng.randint(2 * _HOUR, 3 * _DAY)
            original = add(_DONE_ORIGINAL, first)
            self.resolve_at[original] = ended
            self.follow_of[add(_DONE_FOLLOW, ended)] = original
        latest = self.now_s - 15 * 60
        for _ in range(done - 2 * pairs):
            add(_DONE, self._business_time(latest))
        return sorted((arrived << _SHIFT) | i for i, arrived in enumerate(arrivals))

    def _open_age(self, kind: int) -> int:
        rng, r = self.rng, self.rng.random()
        if kind == _OPEN_NEW:  # most are fresh; the older ones breach their target
            age = rng.expovariate(1 / (6 * _HOUR)) if r < 0.7 else rng.uniform(_DAY, 12 * _DAY)
        elif kind == _OPEN_WORKING:
            age = rng.expovariate(1 / _DAY) if r < 0.6 else rng.uniform(_DAY, 20 * _DAY)
        elif kind == _OPEN_WAITING:
            age = rng.uniform(2 * _HOUR, 15 * _DAY)
        elif kind == _OPEN_AUTH:
            age = rng.uniform(600, 4 * _DAY)
        elif kind == _OPEN_LATE:
            age = rng.uniform(2 * _DAY, 10 * _DAY)
        else:
            age = rng.uniform(1800, 3 * _DAY)
        return int(min(max(age, 300), (self.span_days - 1) * _DAY))

    def _business_time(self, latest: int) -> int:
        """An arrival between the start of the demo and ``latest``, mostly in office hours."""
        rng, days = self.rng, self.days
        if self.day_pick is None:
            indices = list(range(days.index(self.start_s), days.index(self.now_s) + 1))
            weekday = (1.0, 1.0, 1.0, 1.0, 1.0, 0.3, 0.12)
            self.day_pick = _Weighted(indices, [weekday[days.weekdays[i]] for i in indices])
        while True:
            day = self.day_pick.pick(rng)
            if rng.random() < 0.85:
                moment = rng.randrange(8 * _HOUR, 18 * _HOUR + 1800)
            else:
                moment = rng.randrange(_DAY)
            arrived = days.midnights[day] + moment
            if self.start_s <= arrived <= latest:
                return arrived

    # ------------------------------------------------------------------ incidents

    def make_incidents(self, session: Session, progress: Callable[[int, int], None] | None) -> None:
        keys = self.skeleton()
        self.next_id = int(session.execute(select(func.max(_table(Incident).c.id))).scalar() or 0)
        counter = _table(NumberCounter)
        self.seqs = {row.year: row.last for row in session.execute(select(counter)).all()}
        total = len(keys)
        writer, kinds = self.writer, self.kinds
        for start in range(0, total, BATCH):
            incidents: list[dict[str, Any]] = []
            events: list[dict[str, Any]] = []
            audit: list[dict[str, Any]] = []
            for key in keys[start : start + BATCH]:
                index = key & _MASK
                self._incident(index, kinds[index], key >> _SHIFT, incidents, events, audit)
            writer.add("incident", incidents)
            writer.add("incident_event", events)
            writer.add("audit", audit)
            if progress is not None:
                progress(min(total, start + BATCH), total)
        if progress is not None and not total:
            progress(0, 0)

    def _incident(
        self,
        index: int,
        kind: int,
        arrived: int,
        incidents: list[dict[str, Any]],
        events: list[dict[str, Any]],
        audit: list[dict[str, Any]],
    ) -> None:
        self.next_id += 1
        year = self.days.years[self.days.index(arrived)]
        seq = self.seqs[year] = self.seqs.get(year, 0) + 1
        number = f"{year}-{seq:06d}"
        request = self._request(index, kind, arrived)
        state = self._play(index, kind, arrived, request)
        original = request.original
        if kind in _ORIGINALS:
            assert state.assignee is not None
            assert state.resolved_at is not None
            self.originals[index] = _Original(
                self.next_id,
                number,
                request.customer,
                request.requester,
                request.channel,
                request.subject,
                request.description,
                state.severity,
                request.category,
                request.plan,
                request.contract,
                state.assignee,
                state.resolved_at,
            )
        due = None
        counts = self.counts
        counts.first_number = counts.first_number or number
        counts.last_number = number
        counts.statuses[state.status] = counts.statuses.get(state.status, 0) + 1
        counts.follow_ups += original is not None
        is_open = state.status in OPEN_STATUSES
        if is_open:
            due = self._due(arrived, request, state)
            counts.breached += due is not None and due < self.now_s
            counts.urgent_open += state.urgent
            counts.unassigned += state.assignee is None
        db, to_json = self.times.db, self.writer.json
        incidents.append(
            {
                "id": self.next_id,
                "number": number,
                "year": year,
                "seq": seq,
                "customer_id": request.customer.id,
                "requester_id": request.requester[0] if request.requester else None,
                "channel": request.channel,
                "subject": request.subject,
                "description": request.description,
                "severity": state.severity,
                "urgent": state.urgent,
                "urgent_on_request": not state.urgent and self.rng.random() < 0.01,
                "warranty": state.warranty,
                "level": request.category.level,
                "category": request.category.code,
                "status": state.status,
                "status_before_pause": state.before if state.status == "waiting" else None,
                "assignee_id": state.assignee.id if state.assignee else None,
                "plan": request.plan,
                "contract": request.contract,
                "arrived_at": db(arrived),
                "acknowledged_at": state.acknowledged_at and db(state.acknowledged_at),
                "estimated_resolution_at": state.estimated_at and db(state.estimated_at),
                "promised_on_site_at": state.promised_at and db(state.promised_at),
                "on_site_at": state.on_site_at and db(state.on_site_at),
                "resolved_at": state.resolved_at and db(state.resolved_at),
                "closed_at": state.closed_at and db(state.closed_at),
                "resolved": state.resolved,
                "follow_up_of_id": original.id if original else None,
                "needs_authorisation": request.gated,
                "authorised_by_id": state.authorised_by,
                "authorised_at": state.authorised_at and db(state.authorised_at),
                "authorised_via": state.authorised_via,
                "authorised_until": state.authorised_until and db(state.authorised_until),
                "account_provided_at": state.account_at and db(state.account_at),
                "account_provided_by_id": state.account_by,
                "is_open": is_open,
                "q_contract": 0 if request.contract else 1,
                "q_urgent": 0 if state.urgent else 1,
                "q_severity": self.rank[state.severity],
                "due_at": due and db(due),
                "due_sort": db(_FAR if due is None else due),
                # clocks.apply counts every use case run on the incident
                "version": 1 + state.calls,
                "updated_at": db(state.updated),
            }
        )
        incident_id, empty = self.next_id, self.writer.empty
        opened = state.events[0][4]
        opened_json = to_json(opened)
        encoded = self.encoded
        for when, actor_id, event_kind, note, data in state.events:
            if data is opened:
                value = opened_json
            elif not data:
                value = empty
            elif event_kind in _FEW_VALUES:  # the same few data over and over: encode once
                key = (event_kind, *data.values())
                value = encoded.get(key)
                if value is None:
                    value = encoded[key] = to_json(data)
            else:
                value = to_json(data)
            events.append(
                {
                    "incident_id": incident_id,
                    "at": db(when),
                    "actor_id": actor_id,
                    "kind": event_kind,
                    "text": note,
                    "data": value,
                }
            )
        if original is not None:  # closing.resolve notes the follow-up on the original
            events.append(
                {
                    "incident_id": original.id,
                    "at": db(original.resolved_at),
                    "actor_id": original.assignee.id,
                    "kind": "follow_up",
                    "text": f"follow-up {number} opened",
                    "data": to_json({"follow_up": number}),
                }
            )
        # records.event: the audit entry carries the number, the text and the event's data.
        if isinstance(opened_json, str):  # json.dumps of that dict, without making it
            entry: Any = f'{{"number": "{number}", "text": {json.dumps(request.subject)}, '
            entry += opened_json[1:]
        else:
            entry = {"number": number, "text": request.subject, **opened}
        audit.append(
            {
                "at": db(arrived),
                "actor": request.opener.login,
                "action": "incident.opened",
                "entity": "incident",
                "entity_id": incident_id,
                "data": entry,
            }
        )

    def _request(self, index: int, kind: int, arrived: int) -> _Request:
        rng = self.rng
        if kind in _FOLLOWS:  # closing._follow_up: same customer, requester, plan; urgent
            original = self.originals.pop(self.follow_of[index])
            return _Request(
                customer=original.customer,
                requester=original.requester,
                category=original.category,
                channel=original.channel,
                severity=original.severity,
                urgent=True,
                subject=f"Follow-up of {original.number}: {original.subject}"[:300],
                description=original.description,
                plan=original.plan,
                contract=original.contract,
                gated=False,
                opener=original.assignee,
                tech=original.assignee,
                original=original,
            )
        customer = self.customer_pick.pick(rng)
        for _ in range(50 if kind == _OPEN_LATE else 0):  # one under contract, if any
            if self._plan_for(customer, arrived)[1]:
                break
            customer = self.customer_pick.pick(rng)
        category = self.visit_category if kind in _ORIGINALS else self.category
        chosen = category.pick(rng)
        if chosen.urgent and rng.random() < 0.08:
            subject, urgent = self._fill(_one(rng, chosen.urgent)), True
        else:
            subject, urgent = self._fill(_one(rng, chosen.subjects)), False
        plan, contract = self._plan_for(customer, arrived)
        requester = self._requester(customer, kind)
        return _Request(
            customer=customer,
            requester=requester,
            category=chosen,
            channel=self.channel.pick(rng),
            severity=self.severity_of.get(index) or self.severity.pick(rng),
            urgent=urgent,
            subject=subject,
            description=self._fill(_one(rng, chosen.descriptions)),
            plan=plan,
            contract=contract,
            gated=requester is not None and requester[2] in self.gated_roles,
            opener=_one(rng, self.team),
            tech=self._worker(kind),
            original=None,
        )

    def _worker(self, kind: int) -> _Tech | None:
        """Who works on it: nobody yet on new requests, rarely before an authorisation."""
        if kind in (_OPEN_NEW, _OPEN_LATE) or (kind == _OPEN_AUTH and self.rng.random() >= 0.3):
            return None
        return self.tech_pick.pick(self.rng)

    def _plan_for(self, customer: _Customer, arrived: int) -> tuple[str, bool]:
        """As ``loaders.plan_for``: the contract in force on the local day of arrival."""
        day = self.days.ordinal(arrived)
        for first, last, plan in customer.contracts:
            if first <= day <= last:
                return plan, self.policy.plans[plan].contract
        return self.policy.no_contract_plan, False

    def _requester(self, customer: _Customer, kind: int) -> Person | None:
        rng = self.rng
        if kind == _OPEN_AUTH:
            gated = [c for c in customer.employees + customer.ads if c[2] in self.gated_roles]
            return _one(rng, gated or customer.employees)
        r = rng.random()
        if kind == _OPEN_LATE:  # not waiting for an authorisation: late
            return _one(rng, customer.titolari)
        if r < 0.05:
            return None
        if r < 0.82:
            return _one(rng, customer.ads if r >= 0.55 and customer.ads else customer.titolari)
        return _one(rng, customer.employees)

    def _fill(self, template: str) -> str:
        if "{" not in template:
            return template
        rng = self.rng
        return template.format(postazione=_one(rng, self.texts.workstations), n=rng.randint(2, 9))

    # ------------------------------------------------------------------ the timeline

    def _steps(
        self, index: int, kind: int, arrived: int, request: _Request
    ) -> tuple[list[tuple[str, int]], int | None, int | None]:
        """The use cases run on the incident after it was opened, with raw times.

        Also the estimated resolution and the promised arrival on site, if any.
        """
        rng = self.rng
        done = kind <= _OPEN_ORIGINAL
        follow = request.original is not None
        steps: list[tuple[str, int]] = []
        t = arrived

        def after(mean: float, name: str) -> None:
            nonlocal t
            t += int(rng.expovariate(1 / mean)) + 60
            steps.append((name, t))

        if kind == _OPEN_AUTH:  # nothing but a lead's assignment, triage and notes yet
            if request.tech is not None:
                after(2400, "assigned")
            if rng.random() < 0.06:
                after(1800, "triage")
            if rng.random() < 0.3:
                after(_HOUR, "note")
            return steps, None, None
        if request.gated:
            after(2 * _HOUR, "authorised")
        if not follow and index not in self.severity_of and rng.random() < 0.06:
            after(1800, "triage")
        if request.category.level == 2 and not follow and rng.random() < 0.12:
            after(1800, "warranty")  # a repair under the manufacturer's warranty: free
        chance = {_OPEN_WORKING: 0.55, _OPEN_WAITING: 0.35, _OPEN_FOLLOW: 0.4}.get(kind, 0.0)
        acked = done or rng.random() < chance
        if request.tech is not None and not follow:
            r = rng.random()
            claim, assign = (0.3, 0.36) if done else (0.6, 0.85)
            if r < claim or (not acked and r >= assign):
                after(2400, "claimed")
            elif r < assign:
                after(2400, "assigned")
        estimate = promise = None
        if acked:
            after(90 * 60, "acknowledged")
            if rng.random() < 0.5:
                estimate = t + rng.randint(2 * _HOUR, 2 * _DAY)
            if request.category.level == 2:
                promise = t + rng.randint(_HOUR, _DAY)
        working = request.tech is not None
        if request.category.server and working and rng.random() < (0.4 if done else 0.3):
            after(_HOUR, "account")
        if promise is not None and (done or rng.random() < 0.4):
            if rng.random() < 0.15:
                visit = promise + rng.randint(600, 4 * _HOUR)  # late: a discount is due
            else:
                visit = promise - rng.randint(0, 2 * _HOUR)
            t = max(t + 60, visit)
            steps.append(("on_site", t))
        if working and kind != _OPEN_WAITING and rng.random() < (0.08 if done else 0.1):
            after(2 * _HOUR, "pause")
            after(_DAY, "resume")
        if rng.random() < 0.33:
            after(2 * _HOUR, "note")
        if kind == _OPEN_WAITING:
            after(3 * _HOUR, "pause")
        if done:
            after(2 * _HOUR if request.category.level == 2 else 4 * _HOUR, "resolved")
        return steps, estimate, promise

    def _play(self, index: int, kind: int, arrived: int, request: _Request) -> _State:
        """Run the steps as the use cases would: events, status and columns."""
        rng, texts, iso = self.rng, self.texts, self.times.iso
        steps, estimate, promise = self._steps(index, kind, arrived, request)
        unsolved = kind in _ORIGINALS
        limit = self.resolve_at[index] if unsolved else self.now_s - 60
        last = steps[-1][1] if steps else arrived
        squeeze = 1.0 if last <= limit else (limit - arrived) / (last - arrived)

        def at(raw: int) -> int:
            return raw if squeeze == 1.0 else arrived + int((raw - arrived) * squeeze)

        follow = request.original is not None
        opener, tech = request.opener, request.tech
        worker = tech or opener
        state = _State(
            status="awaiting_authorisation" if request.gated else "open",
            severity=request.severity,
            urgent=request.urgent,
            updated=arrived,
        )
        if follow:
            assert request.original is not None
            state.assignee, state.status = tech, "in_progress"
            opened: dict[str, Any] = {
                "plan": request.plan,
                "severity": request.severity,
                "urgent": True,
                "follow_up_of": request.original.number,
                "channel": request.channel,
            }
        else:
            opened = {
                "plan": request.plan,
                "severity": request.severity,
                "urgent": request.urgent,
                "channel": request.channel,
                "customer": request.customer.name,
                "arrived_at": iso(arrived),
            }
        events = state.events
        events.append((arrived, opener.id, "opened", request.subject, opened))
        if request.gated:
            assert request.requester is not None
            _, name, role = request.requester
            why = f"waiting for the authorisation of a titolare or ADS ({name} is {role})"
            events.append((arrived, opener.id, "pause", why, {"reason": "authorisation"}))
        customer = request.customer
        for step, raw in steps:
            when = limit if step == "resolved" and unsolved else at(raw)
            state.calls += 1
            state.updated = when
            data: dict[str, Any] = {}
            note = ""
            if step == "authorised":
                who = _one(rng, customer.titolari + customer.ads)
                via = _one(rng, ("email", "email", "phone", "whatsapp", "signed_form"))
                until = when + 7 * _DAY if rng.random() < 0.5 else None
                state.authorised_by, state.authorised_at = who[0], when
                state.authorised_via, state.authorised_until = via, until
                state.status = "in_progress" if state.assignee else "open"
                data = {"contact": who[1], "role": who[2], "via": via, "until": iso(until)}
                events.append((when, worker.id, "authorised", "", data))
                step, note, data = "resume", "authorisation received", {}
            elif step == "triage":
                others = [s for s in self.rank if s != state.severity]
                if others and (state.urgent or rng.random() < 0.8):
                    data = {"severity": _one(rng, others), "old_severity": state.severity}
                    state.severity = data["severity"]
                else:
                    data = {"urgent": True, "old_urgent": False}
                    state.urgent = True
            elif step == "warranty":  # workflow.triage(warranty=True)
                step, data, state.warranty = (
                    "triage",
                    {"warranty": True, "old_warranty": False},
                    True,
                )
            elif step == "claimed":
                state.assignee = tech
                data = {"assignee": worker.login}
            elif step == "assigned":
                state.assignee = tech
                if state.status == "open":
                    state.status = "in_progress"
                data = {"assignee": worker.login, "old_assignee_id": None}
                events.append((when, self.lead_pick.pick(rng).id, step, "", data))
                step = ""  # recorded by the lead
            elif step == "acknowledged":
                state.acknowledged_at = when
                if estimate is not None:
                    state.estimated_at = max(at(estimate), when + 60)
                if promise is not None:
                    state.promised_at = max(at(promise), when + 60)
                state.assignee = state.assignee or worker
                note = _one(rng, texts.acknowledgements)
                data = {"estimate": iso(state.estimated_at), "on_site_by": iso(state.promised_at)}
            elif step == "account":
                who = _one(rng, customer.titolari + customer.ads)
                state.account_at, state.account_by = when, who[0]
                step = "account_provided"
                note = f"server account provided by {who[1]} (password not recorded)"
                data = {"contact": who[1]}
            elif step == "on_site":
                state.on_site_at = when
                state.assignee = state.assignee or worker
            elif step == "pause":
                state.before, state.status = state.status, "waiting"
                note, data = _one(rng, texts.waiting), {"reason": "customer"}
            elif step == "resume":
                state.status, state.before = state.before or "open", None
                note = _one(rng, texts.resumed)
            elif step == "note":
                pool = request.category.notes if rng.random() < 0.6 else texts.notes
                note = self._fill(_one(rng, pool))
            elif step == "resolved":
                state.status, state.before = "resolved", None
                state.resolved, state.resolved_at = not unsolved, when
                state.assignee = state.assignee or worker
                pool = request.category.unresolved if unsolved else request.category.resolutions
                note = _one(rng, pool or request.category.resolutions)
                data = {"resolved": not unsolved}
            if step in ("claimed", "acknowledged") and state.status == "open":
                state.status = "in_progress"
            if step:
                events.append((when, worker.id, step, note, data))
        if state.resolved_at is not None:
            self._close(state, worker)
        return state

    def _close(self, state: _State, worker: _Tech) -> None:
        """Most resolved incidents are closed a day or two later; recent ones may wait."""
        rng = self.rng
        assert state.resolved_at is not None
        closing = state.resolved_at + int(rng.expovariate(1 / (36 * _HOUR))) + 600
        recent = state.resolved_at > self.now_s - 3 * _DAY
        if closing > self.now_s - 60 or (recent and rng.random() < 0.5):
            return
        state.status, state.closed_at = "closed", closing
        state.calls += 1
        state.updated = closing
        state.events.append((closing, worker.id, "closed", _one(rng, self.texts.closing), {}))

    def _due(self, arrived: int, request: _Request, state: _State) -> int | None:
        """The due of the primary clock now, as ``clocks.inputs`` and ``apply`` find it."""
        clock_events: list[ClockEvent] = []
        for when, _, kind, _, data in sorted(state.events, key=lambda e: e[0]):
            if kind == "pause":
                clock_events.append(Paused(_dt(when)))
            elif kind == "resume":
                clock_events.append(Resumed(_dt(when)))
            elif kind in ("triage", "plan"):
                plan, severity, urgent = data.get("plan"), data.get("severity"), data.get("urgent")
                if (plan, severity, urgent) != (None, None, None):
                    clock_events.append(Changed(_dt(when), plan, severity, urgent))
        milestones = tuple(
            (name, _dt(at))
            for name, at in (("acknowledged", state.acknowledged_at), ("on_site", state.on_site_at))
            if at is not None
        )
        opened = state.events[0][4]
        inputs = ClockInputs(
            arrived=_dt(arrived),
            plan=opened["plan"],
            severity=opened["severity"],
            urgent=opened["urgent"],
            events=tuple(clock_events),
            milestones=milestones,
        )
        primary = inputs.primary(self.policy, self.now)
        return None if primary is None or primary.due is None else _seconds(primary.due)

    # ------------------------------------------------------------------ the end

    def finish(self, session: Session) -> None:
        """Number counters (later incidents continue), the audit entry, id sequences."""
        counter = _table(NumberCounter)
        known = {row.year for row in session.execute(select(counter.c.year)).all()}
        for year, last in sorted(self.seqs.items()):
            if year in known:
                session.execute(counter.update().where(counter.c.year == year).values(last=last))
            else:
                session.execute(counter.insert().values(year=year, last=last))
        data = {
            "seed": self.seed,
            "incidents": self.n_incidents,
            "customers": self.n_customers,
            "policy": self.policy.name,
        }
        row = {
            "at": self.now,
            "actor": self.ctx.actor,
            "action": "demo.generate",
            "entity": "database",
            "entity_id": None,
            "data": data,
        }
        self.writer.models(AuditEntry, [row])
        if not self.ctx.db.sqlite:  # explicit ids do not move PostgreSQL's sequences
            for table in ("technician", "customer", "contact", "contract", "incident"):
                session.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"
                    )
                )

    def summary(self) -> DemoSummary:
        counts, statuses = self.counts, self.counts.statuses
        return DemoSummary(
            seed=self.seed,
            lead=self.ctx.actor,
            technicians=self.created["technician"],
            customers=self.created["customer"],
            contacts=self.created["contact"],
            contracts=self.created["contract"],
            incidents=self.n_incidents,
            open_incidents=sum(statuses.get(s, 0) for s in OPEN_STATUSES),
            unassigned=counts.unassigned,
            in_progress=statuses.get("in_progress", 0),
            waiting=statuses.get("waiting", 0),
            awaiting_authorisation=statuses.get("awaiting_authorisation", 0),
            breached=counts.breached,
            urgent_open=counts.urgent_open,
            follow_ups=counts.follow_ups,
            resolved=statuses.get("resolved", 0),
            closed=statuses.get("closed", 0),
            events=self.writer.rows["incident_event"],
            first_number=counts.first_number,
            last_number=counts.last_number,
        )


# --------------------------------------------------------------------------- the use case


def generate(
    ctx: Context,
    *,
    incidents: int = 300,
    seed: int = 1,
    customers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> DemoSummary:
    """Fill an empty database with demo data; the same seed gives the same data.

    ``customers`` defaults to a tenth of ``incidents`` (at least 8, at most 5,000).
    ``progress(done, total)`` is called after each batch of incidents.  Refused when the
    database already holds customers: the demo only fills a fresh database.  The person
    running it (``ctx.actor``) joins the team as a lead.
    """
    if not 0 <= incidents <= MAX_INCIDENTS:
        raise InvalidInput(f"the demo makes 0 to {MAX_INCIDENTS:,} incidents, not {incidents}")
    if customers is not None and not 1 <= customers <= MAX_CUSTOMERS:
        raise InvalidInput(f"the demo makes 1 to {MAX_CUSTOMERS:,} customers, not {customers}")
    count = customers if customers is not None else min(5000, max(8, incidents // 10))
    maker = _Generator(ctx, load_texts(), seed, incidents, count)
    with ctx.db.write() as session:
        held = session.execute(select(func.count()).select_from(_table(Customer))).scalar()
        if held:
            raise Conflict(
                f"the database {ctx.db.label} already holds {held} customers: the demo only "
                "fills an empty database. Use a fresh one, e.g. "
                "TECHCONSOLE_DB=/tmp/techconsole-demo.db techconsole demo"
            )
        with _load_cache(session, ctx.db.sqlite):
            maker.run(session, progress)
    return maker.summary()


@contextmanager
def _load_cache(session: Session, sqlite: bool) -> Iterator[None]:
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
