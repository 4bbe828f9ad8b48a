"""The demo data: counts, determinism, consistent timelines and queue columns, no seed names."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from datetime import datetime, timedelta
from decimal import Decimal
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, text
from sqlmodel import SQLModel, col, select

import pg_schemas
from techconsole import demo
from techconsole.demo import stories
from techconsole.demo import writer as demo_writer
from techconsole.demo.texts import load_texts
from techconsole.demo.times import Times
from techconsole.demo.work import Work
from techconsole.demo.writer import Writer
from techconsole.domain import events as vocabulary
from techconsole.domain.billing_types import SESSION_KINDS
from techconsole.domain.scatti import units_for
from techconsole.i18n import speaking
from techconsole.services.assets import reading
from techconsole.services.context import Context
from techconsole.services.customers import registry as customers
from techconsole.services.documents import work_reports
from techconsole.services.errors import Conflict, InvalidInput
from techconsole.services.incidents import clocks, intake, ownership, queue
from techconsole.services.policies import load
from techconsole.services.team import members as team
from techconsole.services.work import billing, materials, timer
from techconsole.store.assets import IncidentAsset
from techconsole.store.database import Database
from techconsole.store.documents import WorkReport
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
from techconsole.store.work import Material, WorkSession

from .conftest import BACKENDS, CLOCK_START, FrozenClock

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
#: every table the demo fills but the timeline and the audit
DEMO_TABLES = (Customer, Contact, Contract, Technician, Incident, WorkSession, Material)
DEMO_TABLES += (WorkReport,)
DEMO_DATA = Path(__file__).resolve().parents[2] / "data" / "demo"


@pytest.fixture
def other_ctx(fresh_url: str, clock: FrozenClock) -> Iterator[Callable[..., Context]]:
    databases: list[Database] = []

    def make(actor: str = "anna", policy: str = "default") -> Context:
        db = Database(fresh_url)
        db.migrate()
        databases.append(db)
        return Context(db, load(policy), actor, clock)

    yield make
    for db in databases:
        db.dispose()


@pytest.fixture
def small(make_ctx: Callable[..., Context]) -> tuple[Context, demo.DemoSummary]:
    """A demo of 300 incidents (the default) on the test database, for a test that writes
    to it; the tests that only read it share one (:func:`shared_small`)."""
    ctx = make_ctx("anna")
    return ctx, demo.generate(ctx, seed=7)


def _fingerprint(ctx: Context) -> dict[str, Any]:
    """What a write would change: every table's row count, the incidents' versions, the
    reports' revisions."""
    with ctx.db.read() as session:
        found: dict[str, Any] = {
            table.name: session.execute(select(func.count()).select_from(table)).scalar_one()
            for table in SQLModel.metadata.sorted_tables
        }
        found["versions"] = session.exec(select(func.sum(Incident.version))).one()
        found["revisions"] = session.exec(select(func.sum(WorkReport.revision))).one()
    return found


@pytest.fixture(scope="module", params=BACKENDS)
def _shared_demo(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Context, demo.DemoSummary, dict[str, Any]]]:
    """:func:`small`'s demo, made once per backend for this module: in a database of its
    own, at the instant of the services' ``clock``; with its :func:`_fingerprint`."""
    with ExitStack() as stack:
        if request.param == "sqlite":
            path = tmp_path_factory.mktemp("shared-demo") / "techconsole.db"
            url = f"sqlite:///{path}"
        else:
            url = stack.enter_context(pg_schemas.schema()).url
        db = Database(url)
        stack.callback(db.dispose)
        db.migrate()
        ctx = Context(db, load("default"), "anna", FrozenClock(CLOCK_START))
        with speaking("en"):  # made as in a test of this folder (``_services_in_english``)
            summary = demo.generate(ctx, seed=7)
        yield ctx, summary, _fingerprint(ctx)


@pytest.fixture
def shared_small(
    _shared_demo: tuple[Context, demo.DemoSummary, dict[str, Any]],
) -> Iterator[tuple[Context, demo.DemoSummary]]:
    """:func:`small` for the tests that only read it: one demo per backend, which each
    test checks afterwards it left as it found it (the next test reads the same)."""
    ctx, summary, before = _shared_demo
    yield ctx, summary
    assert ctx.now() == CLOCK_START, "a test moved the shared demo's clock"
    assert _fingerprint(ctx) == before, "a test wrote to the shared demo"


def _count(ctx: Context, model: Any) -> int:
    with ctx.db.read() as session:
        return int(session.exec(select(func.count()).select_from(model)).one())


def _snapshot(ctx: Context) -> list[tuple[Any, ...]]:
    with ctx.db.read() as session:
        rows = session.exec(
            select(Incident, Customer.name)
            .join(Customer, col(Customer.id) == col(Incident.customer_id))
            .order_by(col(Incident.id))
        ).all()
        return [
            (i.number, i.subject, i.status, name, i.severity, i.urgent, i.arrived_at, i.due_at)
            for i, name in rows
        ]


# --------------------------------------------------------------------------- counts


def test_counts_match_the_summary_and_the_database(shared_small: tuple[Context, demo.DemoSummary]):
    ctx, summary = shared_small
    assert summary.incidents == 300 == _count(ctx, Incident)
    assert summary.customers == 30 == _count(ctx, Customer)
    assert summary.contacts == _count(ctx, Contact) > 30
    assert summary.contracts == _count(ctx, Contract) > 0
    assert summary.events == _count(ctx, IncidentEvent)
    assert 5 <= summary.technicians == _count(ctx, Technician) <= 8
    with ctx.db.read() as session:
        incidents = session.exec(select(Incident)).all()
        statuses = Counter(i.status for i in incidents)
        techs = session.exec(select(Technician)).all()
        people = session.exec(select(Customer)).all()
        contacts = session.exec(select(Contact)).all()
        audit = Counter(a.action for a in session.exec(select(AuditEntry)))
    assert summary.open_incidents == sum(statuses[s] for s in OPEN_STATUSES) >= 24
    assert summary.closed == statuses["closed"] and summary.resolved == statuses["resolved"]
    assert summary.waiting == statuses["waiting"] and summary.in_progress == statuses["in_progress"]
    assert summary.awaiting_authorisation == statuses["awaiting_authorisation"]
    assert statuses["closed"] + statuses["resolved"] == summary.reports == 276
    # The reports are issued through the service, which audits each issue.
    assert audit == {"demo.generate": 1, "incident.opened": 300, "incident.report": 276}
    # The person trying the demo is a lead, and so is one other.
    roles = {t.login: t.role for t in techs}
    assert roles["anna"] == "lead"
    assert Counter(roles.values())["lead"] == 2
    assert summary.lead == "anna"
    # Customers of every kind.
    assert {c.deployment for c in people} == {"cloud", "on_premise"}
    assert any(c.we_are_ads for c in people) and any(c.notify_before_parts for c in people)
    assert any(c.reseller for c in people)
    assert all((c.reseller_since is not None) == c.reseller for c in people)
    assert len({c.name for c in people}) == len(people)
    assert {c.role for c in contacts} == {"titolare", "ads", "employee"}
    assert summary.first_number == "2026-000001"
    assert summary.last_number.startswith("2026-")


def test_every_open_state_plan_and_severity_is_there(
    shared_small: tuple[Context, demo.DemoSummary],
):
    ctx, summary = shared_small
    now = ctx.now()
    with ctx.db.read() as session:
        incidents = session.exec(select(Incident)).all()
    open_ = [i for i in incidents if i.is_open]
    assert {i.status for i in open_} == set(OPEN_STATUSES)
    assert any(i.assignee_id is None and i.status == "open" for i in open_)  # unassigned
    assert any(i.due_at is not None and i.due_at < now for i in open_)  # breached
    assert summary.breached == sum(1 for i in open_ if i.due_at is not None and i.due_at < now)
    assert summary.unassigned == sum(1 for i in open_ if i.assignee_id is None) > 0
    assert summary.urgent_open == sum(1 for i in open_ if i.urgent) > 0
    assert any(i.follow_up_of_id for i in open_)
    assert summary.follow_ups == sum(1 for i in incidents if i.follow_up_of_id) > 0
    awaiting = [i for i in open_ if i.status == "awaiting_authorisation"]
    assert all(i.needs_authorisation and i.authorised_at is None for i in awaiting)
    assert {i.severity for i in open_} == {"A", "B", "C"}
    assert {i.plan for i in incidents} == {"basic", "professional", "enterprise", "none"}
    assert any(i.resolved is False for i in incidents)  # unresolved visits
    assert any(i.authorised_at is not None for i in incidents)
    assert any(i.on_site_at is not None for i in incidents)
    assert all(i.arrived_at <= now for i in incidents)
    assert min(i.arrived_at for i in incidents) >= now - timedelta(days=60)


def test_contracts_running_expired_and_none(shared_small: tuple[Context, demo.DemoSummary]):
    ctx, _ = shared_small
    listed = customers.list_customers(ctx)
    assert {c.plan for c in listed} >= {"none"}
    assert sum(1 for c in listed if c.contract) >= 5
    today = ctx.now().date()
    with ctx.db.read() as session:
        contracts = session.exec(select(Contract)).all()
    ended = {k.customer_id for k in contracts if k.ends_on < today}
    running = {k.customer_id for k in contracts if k.starts_on <= today <= k.ends_on}
    assert ended - running  # some customers' contracts have all expired
    assert len({c.id for c in listed} - {k.customer_id for k in contracts}) > 0  # never had one
    assert all(k.ends_on > k.starts_on + timedelta(days=360) for k in contracts)


# --------------------------------------------------------------------------- determinism


def test_same_seed_same_data_other_seed_other_data(
    make_ctx: Callable[..., Context], other_ctx: Callable[..., Context]
):
    first, second = make_ctx(), other_ctx()
    a = demo.generate(first, incidents=200, seed=3)
    b = demo.generate(second, incidents=200, seed=3)
    assert a == b
    assert _snapshot(first) == _snapshot(second)
    with first.db.read() as s1, second.db.read() as s2:
        for model in DEMO_TABLES:
            rows1 = [r.model_dump() for r in s1.exec(select(model).order_by(col(model.id)))]
            rows2 = [r.model_dump() for r in s2.exec(select(model).order_by(col(model.id)))]
            assert rows1 == rows2, model.__name__
        events1 = [
            (e.incident_id, e.at, e.kind, e.text, e.data)
            for e in s1.exec(select(IncidentEvent).order_by(col(IncidentEvent.id)))
        ]
        events2 = [
            (e.incident_id, e.at, e.kind, e.text, e.data)
            for e in s2.exec(select(IncidentEvent).order_by(col(IncidentEvent.id)))
        ]
        assert events1 == events2


def test_another_seed_gives_other_data(
    make_ctx: Callable[..., Context], other_ctx: Callable[..., Context]
):
    first, second = make_ctx(), other_ctx()
    demo.generate(first, incidents=100, seed=1)
    demo.generate(second, incidents=100, seed=2)
    one, two = _snapshot(first), _snapshot(second)
    assert [r[1] for r in one] != [r[1] for r in two]
    assert [r[3] for r in one] != [r[3] for r in two]


# --------------------------------------------------------------------------- consistency


def test_queue_columns_are_what_the_services_compute(
    shared_small: tuple[Context, demo.DemoSummary],
):
    ctx, _ = shared_small
    now = ctx.now()
    with ctx.db.read() as session:
        rows = session.exec(select(Incident).order_by(col(Incident.id))).all()
        events = clocks.events_by_incident(session, [r.id for r in rows if r.id])
    for row in rows:
        copy = Incident(**row.model_dump())
        assert row.id is not None
        clocks.apply(ctx.policy, copy, clocks.inputs(copy, events[row.id]), now)
        got = (row.is_open, row.q_contract, row.q_urgent, row.q_severity, row.due_at, row.due_sort)
        want = (
            copy.is_open,
            copy.q_contract,
            copy.q_urgent,
            copy.q_severity,
            copy.due_at,
            copy.due_sort,
        )
        assert got == want, row.number
        if row.is_open:
            clock = clocks.inputs(row, events[row.id]).primary(ctx.policy, now)
            assert (clock.due if clock else None) == row.due_at, row.number


#: timeline entries of the timer, the materials and the work reports
WORK_KINDS = (
    "timer_started",
    "timer_stopped",
    "material_added",
    "material_approved",  # a part the customer agreed to (seed 003)
    "report",
)
#: which statuses each use case accepts (services/workflow, ownership, closing, authorisation)
WORKING = ("open", "in_progress")
ALLOWED = {
    "authorised": ("awaiting_authorisation",),
    "claimed": ("open", "in_progress", "waiting"),
    "assigned": OPEN_STATUSES,
    "triage": OPEN_STATUSES,
    "acknowledged": (*WORKING, "waiting"),
    "on_site": (*WORKING, "waiting"),
    "pause": WORKING,
    "resume": ("waiting",),
    "resolved": (*WORKING, "waiting"),
    "closed": ("resolved",),
}


def _replay(incident: Incident, timeline: list[IncidentEvent]) -> dict[str, Any]:
    """Run the recorded events through the use cases' rules; return the columns they set."""
    opened, *rest = timeline
    assert opened.kind == "opened" and opened.at == incident.arrived_at
    assert opened.data["plan"] == incident.plan or incident.follow_up_of_id
    status = "in_progress" if incident.follow_up_of_id else "open"
    assignee = incident.assignee_id if incident.follow_up_of_id else None
    before = None
    seen: dict[str, Any] = {}
    calls = 1
    for event in rest:
        kind = event.kind
        if kind in WORK_KINDS:
            continue  # the timer, the materials and the report change no column
        if kind == "pause" and event.data.get("reason") == "authorisation":
            assert event.at == incident.arrived_at and status == "open"
            status = "awaiting_authorisation"
            continue
        if kind == "follow_up" or (
            kind == "resume" and event.data.get("reason") == "authorisation"
        ):
            continue  # part of the use case before it
        calls += 1
        if kind in ALLOWED:
            assert status in ALLOWED[kind], (incident.number, kind, status)
        if kind == "authorised":
            status = "in_progress" if assignee else "open"
        elif kind in ("claimed", "assigned"):
            assert kind == "assigned" or assignee is None, incident.number
            assignee = event.data["assignee"]
            status = "in_progress" if status == "open" else status
        elif kind in ("acknowledged", "on_site"):
            assert kind not in seen, incident.number
            assignee = assignee or event.actor_id
            if kind == "acknowledged" and status == "open":
                status = "in_progress"
        elif kind == "pause":
            before, status = status, "waiting"
        elif kind == "resume":
            status, before = before or "open", None
        elif kind == "resolved":
            status, before = "resolved", None
            assert event.data["resolved"] is incident.resolved
        elif kind == "closed":
            status = "closed"
        seen.setdefault(kind, event.at)
    return {
        "status": status,
        "status_before_pause": before if status == "waiting" else None,
        "assigned": assignee is not None,
        "acknowledged_at": seen.get("acknowledged"),
        "on_site_at": seen.get("on_site"),
        "resolved_at": seen.get("resolved"),
        "closed_at": seen.get("closed"),
        "authorised_at": seen.get("authorised"),
        "account_provided_at": seen.get("account_provided"),
        "warranty": any(e.kind == "triage" and e.data.get("warranty") for e in rest),
        "version": 1 + calls,
    }


def test_every_timeline_follows_the_use_cases(shared_small: tuple[Context, demo.DemoSummary]):
    ctx, _ = shared_small
    with ctx.db.read() as session:
        incidents = session.exec(select(Incident).order_by(col(Incident.id))).all()
        events = session.exec(
            select(IncidentEvent).order_by(
                col(IncidentEvent.incident_id), col(IncidentEvent.at), col(IncidentEvent.id)
            )
        ).all()
        numbers = {i.id: i.number for i in incidents}
    by_incident: dict[int, list[IncidentEvent]] = {}
    for event in events:
        by_incident.setdefault(event.incident_id, []).append(event)
    for incident in incidents:
        assert incident.id is not None
        timeline = by_incident[incident.id]
        assert [e.at for e in timeline] == sorted(e.at for e in timeline)
        want = _replay(incident, timeline)
        got = {
            "status": incident.status,
            "status_before_pause": incident.status_before_pause,
            "assigned": incident.assignee_id is not None,
            "acknowledged_at": incident.acknowledged_at,
            "on_site_at": incident.on_site_at,
            "resolved_at": incident.resolved_at,
            "closed_at": incident.closed_at,
            "authorised_at": incident.authorised_at,
            "account_provided_at": incident.account_provided_at,
            "warranty": incident.warranty,
            "version": incident.version,
        }
        assert got == want, incident.number
        assert incident.updated_at == max(
            e.at
            for e in timeline
            if (e.kind != "follow_up" or e.incident_id != incident.id) and e.kind not in WORK_KINDS
        )
        if incident.follow_up_of_id:
            original = incident.follow_up_of_id
            assert numbers[original] in incident.subject
            notes = [e for e in by_incident[original] if e.kind == "follow_up"]
            assert [e.data["follow_up"] for e in notes] == [incident.number]
            assert notes[0].at == incident.arrived_at
        if incident.needs_authorisation and incident.status != "awaiting_authorisation":
            assert incident.authorised_by_id is not None


def test_audit_entries_are_those_of_records_event(shared_small: tuple[Context, demo.DemoSummary]):
    ctx, _ = shared_small
    with ctx.db.read() as session:
        opened = {
            e.incident_id: e
            for e in session.exec(select(IncidentEvent).where(IncidentEvent.kind == "opened"))
        }
        incidents = {i.id: i for i in session.exec(select(Incident))}
        entries = session.exec(
            select(AuditEntry).where(AuditEntry.action == "incident.opened")
        ).all()
        logins = {t.id: t.login for t in session.exec(select(Technician))}
    assert len(entries) == len(incidents)
    for entry in entries:
        event = opened[entry.entity_id]
        incident = incidents[entry.entity_id]
        assert entry.entity == "incident" and entry.at == event.at
        assert entry.actor == logins[event.actor_id]
        assert entry.data == {"number": incident.number, "text": incident.subject, **event.data}


#: how each connection of the test database is set up (restored after the demo's load)
SETUP = ("foreign_keys", "synchronous", "cache_size", "journal_mode", "busy_timeout")


def test_rows_go_straight_to_the_driver(make_ctx: Callable[..., Context]):
    ctx = make_ctx()
    with ctx.db.write() as session:
        # SQLite: the text made for times and JSON is what the column types store;
        # PostgreSQL: COPY of that text stores what insert() would.
        writer = Writer(session, ctx.db.sqlite, Times())
        assert writer.direct and writer.mode == ("sqlite" if ctx.db.sqlite else "copy")
        if ctx.db.sqlite:
            raw = session.connection().connection.dbapi_connection
            before = {p: raw.execute(f"PRAGMA {p}").fetchone()[0] for p in SETUP}
    ctx.db.dispose()  # the load has the file to itself: its journal is kept in memory
    demo.generate(ctx, incidents=20)
    if ctx.db.sqlite:
        # every pooled connection is set up again as the engine sets it up (WAL, foreign
        # keys…), the load's own included
        for _ in range(3):
            with ctx.db.engine.connect() as connection:
                raw = connection.connection.dbapi_connection
                assert {p: raw.execute(f"PRAGMA {p}").fetchone()[0] for p in SETUP} == before
        assert before["journal_mode"] == "wal" and before["foreign_keys"] == 1


def test_a_column_the_demo_does_not_know_gets_its_default(make_ctx: Callable[..., Context]):
    ctx = make_ctx()
    with ctx.db.write() as session:
        writer = Writer(session, ctx.db.sqlite, Times())
        layout = tuple(c for c in Incident.model_fields if c not in ("level", "due_at"))
        assert writer._defaults("incident", layout) == {"level": 1, "due_at": None}


def test_the_drivers_text_stores_what_insert_would(
    make_ctx: Callable[..., Context],
    other_ctx: Callable[..., Context],
    monkeypatch: pytest.MonkeyPatch,
):
    """The rows sent as text (SQLite's executemany, PostgreSQL's COPY) and the same rows
    converted by the column types through ``insert()``: the same database."""
    direct = make_ctx()
    demo.generate(direct, incidents=120, seed=11, reports=False)
    monkeypatch.setattr(demo_writer, "conversions_match", lambda *_: False)
    monkeypatch.setattr(demo_writer, "copy_matches", lambda *_: False)
    converted = other_ctx()
    with converted.db.write() as session:
        assert demo_writer.Writer(session, converted.db.sqlite, Times()).mode == "orm"
    demo.generate(converted, incidents=120, seed=11, reports=False)
    with direct.db.read() as s1, converted.db.read() as s2:
        for model in (*DEMO_TABLES, IncidentEvent, AuditEntry):
            rows1 = [r.model_dump() for r in s1.exec(select(model).order_by(col(model.id)))]
            rows2 = [r.model_dump() for r in s2.exec(select(model).order_by(col(model.id)))]
            assert rows1 == rows2, model.__name__
        raw = "SELECT at, data FROM incident_event ORDER BY id"  # the stored text too
        assert s1.execute(text(raw)).all() == s2.execute(text(raw)).all()


def test_the_demo_s_rows_keep_their_foreign_keys(make_ctx: Callable[..., Context]):
    """SQLite loads without checking them (PostgreSQL checks them all when they are made
    again): every row's keys point at a row."""
    ctx = make_ctx()
    demo.generate(ctx, incidents=150, seed=2, reports=False)
    if ctx.db.sqlite:
        with ctx.db.read() as session:
            assert session.connection().exec_driver_sql("PRAGMA foreign_key_check").all() == []


def test_numbering_and_ids_continue_after_the_demo(small: tuple[Context, demo.DemoSummary]):
    ctx, summary = small
    year, last = summary.last_number.split("-")
    with ctx.db.read() as session:
        counter = session.get(NumberCounter, int(year))
    assert counter is not None and counter.last == int(last)
    added = customers.add_customer(ctx, customers.NewCustomer("Cliente Nuovo S.r.l."))
    assert added.id == summary.customers + 1
    opened = intake.open_incident(ctx, intake.NewIncident(added.id, "Prova", severity="C"))
    assert opened.number == f"{year}-{int(last) + 1:06d}"
    assert opened.id == summary.incidents + 1
    claimed = ownership.claim_next(ctx)  # the demo lead can work the demo queue
    assert claimed.assignee == "anna"
    assert queue.queue(ctx).total == summary.open_incidents + 1


@pytest.mark.parametrize("preset", ["mb-services", "onsite-tech", "client-contract", "istes"])
def test_other_policies(make_ctx: Callable[..., Context], preset: str):
    ctx = make_ctx("anna", preset)
    summary = demo.generate(ctx, incidents=150, seed=5, reports=False)
    now = ctx.now()
    with ctx.db.read() as session:
        rows = session.exec(select(Incident).where(col(Incident.is_open))).all()
        events = clocks.events_by_incident(session, [r.id for r in rows if r.id])
    assert len(rows) == summary.open_incidents > 0
    plans = {p.name for p in ctx.policy.plans.values()}
    for row in rows:
        assert row.id is not None and row.plan in plans
        copy = Incident(**row.model_dump())
        clocks.apply(ctx.policy, copy, clocks.inputs(copy, events[row.id]), now)
        assert (row.due_at, row.q_severity) == (copy.due_at, copy.q_severity), row.number
    gated = bool(ctx.policy.intake.needs_authorisation)
    assert (summary.awaiting_authorisation > 0) == gated


# --------------------------------------------------------------------------- the work

DONE = ("resolved", "closed")


def _pauses(timeline: list[IncidentEvent], end: datetime) -> list[tuple[datetime, datetime]]:
    """When the incident waited on the customer (a pause not yet resumed lasts to ``end``)."""
    spans, since = [], None
    for event in timeline:
        if event.kind == "pause" and event.data.get("reason") == "customer":
            since = event.at
        elif event.kind == "resume" and since is not None:
            spans.append((since, event.at))
            since = None
    return [*spans, (since, end)] if since is not None else spans


def test_work_sessions_keep_the_timer_rules(shared_small: tuple[Context, demo.DemoSummary]):
    ctx, summary = shared_small
    now = ctx.now()
    with ctx.db.read() as session:
        rows = session.exec(
            select(WorkSession, Incident)
            .join(Incident, col(Incident.id) == col(WorkSession.incident_id))
            .order_by(col(WorkSession.technician_id), col(WorkSession.started_at))
        ).all()
        logins = {t.id: t.login for t in session.exec(select(Technician))}
        done = session.exec(select(Incident.id).where(col(Incident.status).in_(DONE))).all()
        timelines: dict[int, list[IncidentEvent]] = defaultdict(list)
        for event in session.exec(
            select(IncidentEvent).order_by(col(IncidentEvent.at), col(IncidentEvent.id))
        ):
            timelines[event.incident_id].append(event)
    assert len(rows) == summary.work_sessions > 250
    # every kind but training (seed 000), which the demo's requests never call for
    assert {s.kind for s, _ in rows} == set(SESSION_KINDS) - {"training"}
    # One technician, one session at a time: what session_rules.check_overlap refuses.
    by_tech: dict[int, list[WorkSession]] = defaultdict(list)
    for row, _ in rows:
        by_tech[row.technician_id].append(row)
    for tech, sessions in by_tech.items():
        for before, after in pairwise(sessions):
            assert before.ended_at is not None, (tech, before.id)
            assert before.ended_at <= after.started_at, (tech, before.id, after.id)
    # The assignee's work, after the request arrived and before it was solved, never while
    # the customer kept it waiting; a trip and a visit at the recorded arrival on site.
    for row, incident in rows:
        end = row.ended_at or now
        assert row.technician_id == incident.assignee_id, incident.number
        assert incident.acknowledged_at is not None, incident.number
        assert incident.arrived_at <= row.started_at < end <= now, incident.number
        assert incident.status in (*DONE, "in_progress"), incident.number
        if incident.status in DONE:
            assert incident.resolved_at is not None and end < incident.resolved_at
        assert timedelta(minutes=1) <= end - row.started_at <= timedelta(hours=3)
        for paused, resumed in _pauses(timelines[row.incident_id], now):
            assert end <= paused or row.started_at >= resumed, incident.number
        if row.kind == "on_site":
            assert row.started_at == incident.on_site_at, incident.number
        if row.kind == "travel":
            assert row.ended_at == incident.on_site_at, incident.number
    worked = {incident.id for _, incident in rows}
    assert len(worked & set(done)) >= 0.95 * len(done)
    assert any(i.status == "in_progress" for _, i in rows)
    # The remote, phone and lab sessions are in the plan's business hours, but for the jobs
    # the timeline has taken and solved out of hours.
    free = [(s, i) for s, i in rows if s.kind not in ("on_site", "travel") and s.ended_at]
    inside = [
        s
        for s, i in free
        if ctx.policy.plan(i.plan).calendar.intervals(s.started_at, s.ended_at)
        == [(s.started_at, s.ended_at)]
    ]
    assert len(inside) >= 0.75 * len(free)
    # A few technicians have a timer running since this morning; the lead trying the demo
    # has none, so the console opens on a clean timer bar.
    running = [(s, i) for s, i in rows if s.ended_at is None]
    assert len(running) == summary.running_timers >= 1
    for row, incident in running:
        assert logins[row.technician_id] != ctx.actor
        assert not timer.is_stale(ctx.policy, row.started_at, now)
        hours = ctx.policy.plan(incident.plan).calendar.intervals(row.started_at, now)
        assert hours == [(row.started_at, now)]
    assert timer.status(ctx) is None


def test_work_timeline_entries_are_those_the_services_write(
    small: tuple[Context, demo.DemoSummary],
):
    ctx, _ = small
    kinds = ("timer_started", "timer_stopped", "material_added")
    with ctx.db.read() as session:
        sessions = {s.id: s for s in session.exec(select(WorkSession))}
        parts = {m.id: m for m in session.exec(select(Material))}
        events = session.exec(select(IncidentEvent).where(col(IncidentEvent.kind).in_(kinds)))
        by_kind: dict[str, dict[int, IncidentEvent]] = defaultdict(dict)
        for event in events:
            key = "material_id" if event.kind == "material_added" else "session_id"
            assert event.data[key] not in by_kind[event.kind]
            by_kind[event.kind][event.data[key]] = event
        notify = {
            i.id: c.name
            for i, c in session.exec(
                select(Incident, Customer).join(
                    Customer, col(Customer.id) == col(Incident.customer_id)
                )
            )
            if c.notify_before_parts
        }
    started, stopped, added = (by_kind[k] for k in kinds)
    assert set(started) == set(sessions)
    assert set(stopped) == {i for i, s in sessions.items() if s.ended_at is not None}
    for number, row in sessions.items():
        event = started[number]
        assert (event.incident_id, event.actor_id, event.at, event.text, event.data) == (
            row.incident_id,
            row.technician_id,
            row.started_at,
            "",
            {"session_id": number, "session_kind": row.kind},
        )
        if row.ended_at is None:
            continue
        span = row.ended_at - row.started_at
        event = stopped[number]
        assert (event.incident_id, event.actor_id, event.at, event.text, event.data) == (
            row.incident_id,
            row.technician_id,
            row.ended_at,
            row.note,
            {
                "session_id": number,
                "minutes": span // timedelta(minutes=1),
                "units": units_for(ctx.policy.billing, span),
            },
        )
    assert parts and set(added) == set(parts)
    for number, part in parts.items():
        event = added[number]
        assert (event.incident_id, event.actor_id, event.at, event.text) == (
            part.incident_id,
            part.added_by_id,
            part.created_at,
            part.description,
        )
        assert Decimal(event.data["quantity"]) == part.quantity
        assert Decimal(event.data["unit_price"]) == part.unit_price
        assert event.data["warranty"] is part.warranty
        # seed 003: a customer who asked to be told agreed to the part before it was fitted
        told = part.incident_id in notify
        assert event.data.get("state") == ("proposed" if told else None)
        assert (part.state, part.proposed_because) == ("fitted", "asked" if told else "")
        assert (part.answered_via, part.answered_at is not None) == (
            ("phone", True) if told else ("", False)
        )
    # The services write the same entries, with the same data.
    with ctx.db.read() as session:
        target = session.exec(select(Incident).where(Incident.status == "in_progress")).first()
    assert target is not None
    now = ctx.now()
    timer.start(ctx, target.number, kind="phone", at=now - timedelta(minutes=4))
    timer.stop(ctx, note="Richiamato il cliente")
    materials.add_material(ctx, target.number, "Cavo", quantity="2", unit_price="1.20")
    with ctx.db.read() as session:
        theirs = session.exec(
            select(IncidentEvent)
            .where(col(IncidentEvent.kind).in_(kinds))
            .where(col(IncidentEvent.at) >= now - timedelta(minutes=4))
        ).all()
    ours = {k: next(iter(by_kind[k].values())) for k in kinds}
    proposal = {"state", "reason"}  # a part's for a customer told first, either way
    assert {e.kind: set(e.data) - proposal for e in theirs} == {
        k: set(e.data) - proposal for k, e in ours.items()
    }


def test_every_finished_incident_has_its_work_report(
    shared_small: tuple[Context, demo.DemoSummary],
):
    ctx, summary = shared_small
    with ctx.db.read() as session:
        incidents_ = session.exec(select(Incident).order_by(col(Incident.id))).all()
        reports = session.exec(select(WorkReport).order_by(col(WorkReport.id))).all()
        ended = Counter(
            s.incident_id
            for s in session.exec(select(WorkSession).where(col(WorkSession.ended_at).is_not(None)))
        )
    done = [i for i in incidents_ if i.status in DONE]
    assert len(reports) == summary.reports == len(done)
    assert {r.incident_id for r in reports} == {i.id for i in done}  # one each, none for open
    assert all(r.revision == 0 and r.superseded_at is None for r in reports)
    assert [r.number for r in reports] == [f"RL-2026-{n:04d}" for n in range(1, len(done) + 1)]
    paid = 0
    for incident in done:
        content = work_reports.find(ctx, incident.number).content
        billed = billing.bill_incident(ctx, incident.number).bill
        assert (
            content.units,
            content.discounts,
            content.materials_total,
            content.taxable,
            content.vat,
            content.total,
        ) == (
            billed.units,
            billed.discounts,
            billed.materials,
            billed.taxable,
            billed.vat,
            billed.total,
        ), incident.number
        assert len(content.sessions) == ended[incident.id]
        paid += content.total > 0
    assert paid > len(done) // 3
    # They are what the service would issue now: issuing again changes nothing.
    assert work_reports.issue_all(ctx) == work_reports.IssueSummary(0, 0, len(done))


def test_parts_warranty_and_late_arrivals(make_ctx: Callable[..., Context]):
    ctx = make_ctx("anna", "onsite-tech")  # the policy with late-arrival discounts
    summary = demo.generate(ctx, seed=5)  # a seed whose few parts and late visits have all kinds
    with ctx.db.read() as session:
        parts = session.exec(select(Material)).all()
        incidents_ = session.exec(select(Incident)).all()
    assert len(parts) == summary.materials > 10
    assert all(isinstance(m.quantity, Decimal) and m.quantity > 0 for m in parts)
    assert all(isinstance(m.unit_price, Decimal) and m.unit_price > 0 for m in parts)
    catalogue = {p.code: p for p in demo.load_texts().parts}  # data/demo/work.toml
    for m in parts:
        part = catalogue[m.code]
        assert (m.description, m.unit_price) == (part.description, part.price)
        assert m.quantity in part.quantities
    assert any(m.serial for m in parts) and any(not m.serial for m in parts)
    under = [m for m in parts if m.warranty]
    assert under and all(m.serial for m in under)
    assert any(i.warranty for i in incidents_)
    late = [
        i
        for i in incidents_
        if i.status in DONE and i.promised_on_site_at and i.on_site_at
        if i.on_site_at > i.promised_on_site_at
    ]
    assert late
    contents = [work_reports.find(ctx, i.number).content for i in late]
    lines = [ln for c in contents for ln in c.lines if ln.kind == "discount"]
    assert {ln.reason for ln in lines} >= {"late_hours"}
    assert any(c.late_minutes for c in contents)
    fitted = [
        m
        for i in incidents_
        if i.status in DONE
        for m in work_reports.find(ctx, i.number).content.materials
    ]
    assert fitted and all(m.amount == 0 for m in fitted if m.warranty)
    assert any(m.amount > 0 for m in fitted)


def test_the_work_has_a_random_stream_of_its_own(
    make_ctx: Callable[..., Context],
    other_ctx: Callable[..., Context],
    monkeypatch: pytest.MonkeyPatch,
):
    """Everything the demo made before it had work (people, incidents, their timelines and
    ids) is the same with or without the work, for the same seed."""
    first, second = make_ctx(), other_ctx()
    with_work = demo.generate(first, incidents=200, seed=3, reports=False)
    monkeypatch.setattr(Work, "plan", lambda *args: None)
    without = demo.generate(second, incidents=200, seed=3, reports=False)
    assert with_work.work_sessions > 0 and without.work_sessions == without.reports == 0
    assert with_work.reports == 0 and _count(first, WorkReport) == 0
    with first.db.read() as s1, second.db.read() as s2:
        for model in (Customer, Contact, Contract, Technician, Incident, AuditEntry):
            rows1 = [r.model_dump() for r in s1.exec(select(model).order_by(col(model.id)))]
            rows2 = [r.model_dump() for r in s2.exec(select(model).order_by(col(model.id)))]
            assert rows1 == rows2, model.__name__
        query = select(IncidentEvent).where(col(IncidentEvent.kind).not_in(WORK_KINDS))
        events1 = [e.model_dump() for e in s1.exec(query.order_by(col(IncidentEvent.id)))]
        events2 = [e.model_dump() for e in s2.exec(query.order_by(col(IncidentEvent.id)))]
        assert events1 == events2


# --------------------------------------------------------------------------- refusals


def test_refuses_a_database_that_holds_customers(ctx: Context):
    before = {m.__name__: _count(ctx, m) for m in (Technician, Customer, Contact, AuditEntry)}
    with pytest.raises(Conflict, match="empty database"):
        demo.generate(ctx, incidents=50)
    after = {m.__name__: _count(ctx, m) for m in (Technician, Customer, Contact, AuditEntry)}
    assert after == before
    assert _count(ctx, Incident) == 0


def test_keeps_existing_technicians(make_ctx: Callable[..., Context]):
    ctx = make_ctx("anna")
    team.add_technician(ctx, "anna", "Anna Rossi")
    summary = demo.generate(ctx, incidents=30)
    assert summary.technicians == _count(ctx, Technician) - 1
    assert team.whoami(ctx).display_name == "Anna Rossi"


def test_arguments_are_checked(make_ctx: Callable[..., Context]):
    ctx = make_ctx()
    with pytest.raises(InvalidInput):
        demo.generate(ctx, incidents=-1)
    with pytest.raises(InvalidInput):
        demo.generate(ctx, incidents=10, customers=0)
    assert _count(ctx, Technician) == 0


def test_progress_and_explicit_customer_count(make_ctx: Callable[..., Context]):
    ctx = make_ctx()
    calls: list[tuple[int, int]] = []
    summary = demo.generate(
        ctx,
        incidents=demo.BATCH + 10,
        customers=12,
        progress=lambda d, t: calls.append((d, t)),
        reports=False,  # thousands of reports: their issue is tested on the default demo
    )
    assert calls == [(demo.BATCH, demo.BATCH + 10), (demo.BATCH + 10, demo.BATCH + 10)]
    assert summary.customers == 12
    assert summary.open_incidents == round((demo.BATCH + 10) * demo.OPEN_SHARE)
    with ctx.db.read() as session:  # rarer cases show in a bigger demo
        accounts = session.exec(
            select(func.count()).where(col(Incident.account_provided_at).is_not(None))
        ).one()
    assert accounts > 0
    with ctx.db.read() as session:
        warranty = session.exec(select(Incident).where(col(Incident.warranty))).all()
    assert warranty and all(i.level == 2 for i in warranty)


def test_no_incidents_is_only_a_team_and_customers(make_ctx: Callable[..., Context]):
    ctx = make_ctx()
    summary = demo.generate(ctx, incidents=0)
    assert (summary.incidents, summary.customers, summary.first_number) == (0, 8, "")


# --------------------------------------------------------------------------- no real data


def _seed_facts() -> tuple[set[str], list[str], list[str]]:
    """From the seed texts: the words they only ever capitalise, e-mail addresses, phones.

    Read at test time so that no name of the seeds is written here.
    """
    if not SEEDS.is_dir():
        pytest.skip(f"{SEEDS} is missing")
    corpus = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    emails = sorted(set(re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", corpus)))
    phones = sorted({re.sub(r"\D", "", p)[2:] for p in re.findall(r"\+39[\d ]{6,}\d", corpus)})
    prose = re.sub(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", " ", corpus)
    words = re.findall(WORD, prose)
    lower = {w.lower() for w in words if w[0].islower()}
    names = {w for w in words if w[0].isupper() and w.lower() not in lower and len(w) >= 2}
    for email in emails:  # the domains' names (the business behind them), in any case
        names |= {part.lower() for part in re.split(r"[@.]", email)[1:-1]}
    return names, emails, phones


#: words the seeds only capitalise that are plain words or products, which the demo uses
ORDINARY = {"URGENTE", "ADS", "PC", "Abbiamo", "Antivirus", "Windows", "Office", "Outlook"}
ORDINARY |= {"Excel", "Word"}
#: a word: letters, maybe with apostrophes ("dell'Orto"), no digits
WORD = r"[^\W\d_]+(?:['’][^\W\d_]+)*"


def _all_text(ctx: Context) -> list[str]:
    out: list[str] = []
    with ctx.db.read() as session:
        for model in (Customer, Contact, Technician, Incident, IncidentEvent, AuditEntry):
            for row in session.exec(select(model)):
                out += [str(v) for v in row.model_dump().values() if isinstance(v, str | dict)]
    return out


def test_no_name_address_phone_or_email_of_the_seeds(
    shared_small: tuple[Context, demo.DemoSummary],
):
    ctx, _ = shared_small
    names, emails, phones = _seed_facts()
    assert emails and phones and len(names) > 20  # the extraction found what it looks for
    # A name as the seeds write it, capitalised or in capitals ("cloud" is no name).
    plain = {word.lower() for word in ORDINARY}
    names = {n for n in names if n.lower() not in plain}
    forbidden = {form for n in names for form in (n, n.capitalize(), n.upper())}
    files = [p.read_text(encoding="utf-8") for p in sorted(DEMO_DATA.glob("*.toml"))]
    for value in _all_text(ctx) + files:
        tokens = set(re.findall(WORD, value))
        assert not tokens & forbidden, (tokens & forbidden, value[:200])
        lowered = value.lower()
        assert not any(e.lower() in lowered for e in emails), value[:200]
        digits = re.sub(r"\D", "", value)
        assert not any(p in digits for p in phones), value[:200]
    with ctx.db.read() as session:
        contacts = session.exec(select(Contact)).all()
    for contact in contacts:
        assert not contact.phone or re.fullmatch(r"\+39 000 \d{3} \d{4}", contact.phone)
        assert not contact.email or contact.email.endswith(".example")


def test_events_are_kind_and_fields_as_the_services_write_them(
    shared_small: tuple[Context, demo.DemoSummary],
):
    """The demo writes what ``records.event`` accepts: the vocabulary's kinds and fields,
    and the program's own sentences never as text (authorisation.py, intake.py,
    closing.py write those events with fields only, as test_authorisation checks)."""
    ctx, _ = shared_small
    with ctx.db.read() as session:
        timeline = session.exec(select(IncidentEvent)).all()
    seen: set[tuple[str, str]] = set()
    for event in timeline:
        vocabulary.check(event.kind, event.data)
        reason = event.data.get("reason", "")
        if event.kind in (vocabulary.FOLLOW_UP, vocabulary.ACCOUNT_PROVIDED) or (
            reason == vocabulary.WAITING_FOR_AUTHORISATION
        ):
            seen.add((event.kind, reason))
            assert event.text == "", (event.kind, event.text)
        if event.kind == vocabulary.PAUSE and reason == vocabulary.WAITING_FOR_AUTHORISATION:
            assert set(event.data) == {"reason", "contact", "role"}
            assert event.data["role"] == "employee" and event.data["contact"]
        if event.kind == vocabulary.ACCOUNT_PROVIDED:
            assert set(event.data) == {"contact"}
        if event.kind == vocabulary.FOLLOW_UP:
            assert set(event.data) == {"follow_up"}
    assert seen == {
        ("pause", "authorisation"),
        ("resume", "authorisation"),
        ("account_provided", ""),
        ("follow_up", ""),
    }


def test_machines_of_the_customers_under_contract(make_ctx: Callable[..., Context]):
    """Seed 004's preset: the customers under a contract have machines, a few of them not
    covered, and some incidents name one of the machines their customer had then."""
    ctx = make_ctx("anna", "client-contract")
    summary = demo.generate(ctx, seed=1, incidents=1500, reports=False)
    machines = reading.list_assets(ctx)
    assert summary.machines == len(machines) > 0
    with_contract = {c.id for c in customers.list_customers(ctx) if c.contract}
    assert {m.customer_id for m in machines} <= with_contract
    uncovered = [m for m in machines if not m.covered]
    assert 0 < len(uncovered) < len(machines) // 4
    assert all(
        g.code in ("not_installed", "never_verified") for m in uncovered for g in m.coverage.gaps
    )
    owner = {m.id: m for m in machines}
    with ctx.db.read() as session:
        links = session.exec(select(IncidentAsset)).all()
        named = {i.id: i for i in session.exec(select(Incident))}
    assert summary.incidents_on_machines == len(links) > 0
    texts = load_texts()
    kinds = {c.code: c.machine for c in texts.categories}
    at_a_place, by_category = 0, Counter[str]()
    for link in links:
        machine = owner[link.asset_id]
        incident = named[link.incident_id]
        assert incident.customer_id == machine.customer_id
        assert incident.arrived_at >= machine.created_at
        subject = incident.subject.lower()
        said = [p for p in texts.workstations if re.search(rf"\b{re.escape(p)}\b", subject)]
        kind, wrong = kinds[incident.category], (incident.subject, machine.name)
        # on a machine of the kind the request's category is about
        assert (machine.kind == "server") == (kind == "server"), wrong
        if said:  # a request that names a workstation is on the machine standing there
            at_a_place += 1
            assert machine.location in said, wrong
        else:
            by_category[kind] += 1
            assert kind != "none", wrong
    assert at_a_place > 0 and by_category["pc"] > 0
    details = reading.show_asset(ctx, machines[0].id)
    assert details.inspection is not None and details.history
    assert (summary.loaners, summary.loaners_out) == (3, 1)


def test_loaner_pcs_out_and_due_under_the_client_contract(make_ctx: Callable[..., Context]):
    """Seed 004's preset: three loaner PCs of ours; one out for an open level-2 repair
    estimated beyond 48 hours (its clock met), one such repair whose loaner is still due
    (its clock running), one loan that came back. The default policy has none."""
    from techconsole.domain.sla import ClockStatus
    from techconsole.services.loaners import reading as loaners

    ctx = make_ctx("anna", "client-contract")
    summary = demo.generate(ctx, incidents=200, seed=3, reports=False)
    pool = loaners.list_loaners(ctx)
    assert [(v.name, v.out) for v in pool] == [
        ("Muletto-01", True),
        ("Muletto-02", False),
        ("Muletto-03", False),
    ]
    loan = pool[0].loan
    assert loan is not None and loan.incident is not None and loan.data_from
    every = loaners.list_loans(ctx)
    assert [(v.loaner, v.out) for v in every] == [("Muletto-01", True), ("Muletto-03", False)]
    now = ctx.now()
    states = {row.number: row.clocks.loaner_state(ctx.policy, now) for row in queue.queue(ctx).rows}
    due = {number: state.status for number, state in states.items() if state is not None}
    assert due[loan.incident] is ClockStatus.MET
    assert sorted(due.values()) == sorted([ClockStatus.MET, ClockStatus.OK])
    with ctx.db.read() as session:
        assert session.exec(select(func.count()).select_from(IncidentEvent)).one() == (
            summary.events
        )


def test_no_loaner_pcs_without_the_policy_s_loaner_after(
    shared_small: tuple[Context, demo.DemoSummary],
):
    from techconsole.services.loaners import reading as loaners

    ctx, summary = shared_small
    assert (summary.loaners, summary.loaners_out) == (0, 0)
    assert loaners.list_loaners(ctx) == []


def test_health_checks_due_and_done_under_the_client_contract(make_ctx: Callable[..., Context]):
    """Seed 004's preset: the machines' monthly checks were done (the software found
    missing is a problem of its item), some are due or overdue now, one found a dangerous
    condition and calls for a repeat; the numbers go on after the demo."""
    from techconsole.services.checks import due, record
    from techconsole.services.checks import reading as checks

    ctx = make_ctx("anna", "client-contract")
    summary = demo.generate(ctx, seed=1, reports=False)
    done = checks.list_checks(ctx, limit=10_000)
    assert summary.health_checks == len(done) > 0
    numbers = [c.number for c in sorted(done, key=lambda c: (c.done_at, c.id))]
    assert numbers == sorted(numbers, key=lambda n: (n[3:7], n))  # in the order they were done
    assert all(c.no_personal_access and len(c.items) == 6 for c in done)
    assert any(
        i.outcome == "problem" and i.item in ("antivirus", "backup") for c in done for i in c.items
    )
    assert [c.outcome for c in done].count("danger") == 1
    found = due.due_checks(ctx)
    assert found.checks and any(c.kind == "monthly" for c in found.checks)
    assert [c.kind for c in found.checks].count("repeat") == 1
    machine = found.checks[0].asset_id
    again = record.record_check(ctx, record.NewCheck(machine, all_ok=True))
    year = ctx.now().astimezone(ctx.policy.zone).year
    assert again.number == f"CP-{year}-{sum(n.startswith(f'CP-{year}') for n in numbers) + 1:04d}"


def test_no_health_checks_when_the_policy_sets_none(shared_small: tuple[Context, demo.DemoSummary]):
    from techconsole.services.checks import reading as checks

    ctx, summary = shared_small
    assert summary.health_checks == 0
    assert checks.list_checks(ctx) == []


def naming_a_workstation(texts: Any) -> list[str]:
    """The demo's sentences that name a workstation (``{postazione}``)."""
    told = [
        text
        for category in texts.categories
        for story in category.stories.values()
        for text in (story.description, story.note, story.resolution, story.unresolved)
    ]
    listed = [
        text
        for category in texts.categories
        for group in (category.subjects, category.urgent, category.descriptions, category.notes)
        for text in group
    ]
    return [text for text in listed + told if "{postazione}" in text]


def test_workstations_read_right_in_every_sentence_that_names_one():
    """The demo's sentences say "PC della {postazione}", "nella {postazione}", "per la
    {postazione}": every workstation must be a feminine singular name ("della
    laboratorio" was shown in the queue).  Italian masculine nouns end in -o: none may."""
    texts = demo.load_texts()
    for name in texts.workstations:
        head = name.split()[0]
        assert not head.endswith(("o", "i")), f"{name!r}: 'della {name}' is not Italian"
    sentences = naming_a_workstation(texts)
    assert sentences  # the check above has something to protect
    for sentence in sentences:
        before = sentence.split("{postazione}")[0].lower().split()[-1:]  # "In {postazione} …"
        assert before in (["della"], ["nella"], ["la"], ["in"]), sentence


@pytest.mark.parametrize(
    ("template", "workstation", "expected"),
    [
        (
            "Stampante della {postazione} offline",
            "accettazione",
            "Stampante dell'accettazione offline",
        ),
        ("Stampante della {postazione} offline", "cassa", "Stampante della cassa offline"),
        (
            "Il Wi-Fi nella {postazione} cade",
            "amministrazione",
            "Il Wi-Fi nell'amministrazione cade",
        ),
        ("Nuovo utente per la {postazione}", "accettazione", "Nuovo utente per l'accettazione"),
        ("La {postazione} è ferma", "amministrazione", "L'amministrazione è ferma"),
        ("Wi-Fi lento in {postazione}", "accettazione", "Wi-Fi lento in accettazione"),
        (
            "Cartella sulla {postazione}, interno {n}",
            "accettazione",
            "Cartella sull'accettazione, interno 4",
        ),
        ("Monitor nero sulla postazione {n}", "accettazione", "Monitor nero sulla postazione 4"),
    ],
)
def test_the_article_before_a_workstation_elides_before_a_vowel(template, workstation, expected):
    """ "Stampante della accettazione" was in the demo queue: Italian writes
    "dell'accettazione"."""
    assert stories.placed(template, workstation, 4) == expected


def test_no_demo_sentence_leaves_an_article_unelided_before_any_workstation():
    texts = demo.load_texts()
    templates = naming_a_workstation(texts)
    vowel_first = [w for w in texts.workstations if w[0] in "aeiou"]
    assert templates and vowel_first  # "accettazione", "amministrazione"
    for template in templates:
        for workstation in texts.workstations:
            text = stories.placed(template, workstation, 3)
            unelided = rf"\b(?:[DdNnSs]ella|[Dd]alla|[Ll]a) {re.escape(workstation)}\b"
            if workstation in vowel_first:
                assert re.search(unelided, text) is None, text
            else:  # "della cassa" stays as written
                assert text == template.format(postazione=workstation, n=3)
