"""The store: column types, the audit trail, database errors, the change watcher."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import bindparam, text
from sqlalchemy import exc as sa_exc
from sqlalchemy.dialects import sqlite as sqlite_dialect

from techconsole.services.context import Context
from techconsole.services.customers import registry as customers
from techconsole.services.incidents import authorisation, closing, ownership, queue, workflow
from techconsole.services.incidents import reading as incidents
from techconsole.services.policies import load
from techconsole.services.team import members as team
from techconsole.store.database import Database
from techconsole.store.errors import DatabaseBusy, DatabaseReadOnly, DatabaseUnavailable
from techconsole.store.models import Contract, Customer, Incident, Meta
from techconsole.store.types import ScaledDecimal, UTCDateTime

from .support import ROME, contact, eventually, open_, rome, snapshot

# --- audit ----------------------------------------------------------------------------


def test_every_write_use_case_is_audited(ctx, clock):
    luca, maria = contact(ctx, "Luca Verdi"), contact(ctx, "Maria Bianchi")
    bruno = ctx.as_("bruno")
    number = "2026-000001"
    steps: list[tuple[str, Callable[[], object], str, list[str]]] = [
        ("add technician", lambda: team.add_technician(ctx, "carla", "Carla"), "anna",
         ["technician.add"]),
        ("deactivate", lambda: team.set_active(ctx, "carla", False), "anna",
         ["technician.active"]),
        ("add customer", lambda: customers.add_customer(ctx, customers.NewCustomer("Bar")),
         "anna", ["customer.add"]),
        ("add contact", lambda: customers.add_contact(ctx, "Bar", "Gino", "titolare"), "anna",
         ["contact.add"]),
        ("add contract", lambda: customers.add_contract(
            ctx, "Bar", "basic", date(2026, 1, 1), date(2026, 12, 31)), "anna",
         ["contract.add"]),
        ("open", lambda: open_(bruno, requester=luca.id), "bruno",
         ["incident.opened", "incident.pause", "mail.not_queued"]),  # no titolare's address
        ("authorise", lambda: authorisation.authorise(
            ctx, number, contact_id=maria.id, via="phone"), "anna",
         ["incident.authorised", "incident.resume"]),
        ("account", lambda: authorisation.account_provided(bruno, number, contact_id=maria.id),
         "bruno", ["incident.account_provided"]),
        ("triage", lambda: workflow.triage(bruno, number, severity="A"), "bruno",
         ["incident.triage"]),
        ("claim", lambda: ownership.claim(bruno, number), "bruno", ["incident.claimed"]),
        ("assign", lambda: ownership.assign(ctx, number, "anna"), "anna",
         ["incident.assigned"]),
        ("acknowledge", lambda: workflow.acknowledge(ctx, number), "anna",
         ["incident.acknowledged", "mail.not_queued"]),  # the requester has no address
        ("on site", lambda: workflow.arrived_on_site(ctx, number), "anna",
         ["incident.on_site"]),
        ("pause", lambda: workflow.pause(ctx, number), "anna", ["incident.pause"]),
        ("resume", lambda: workflow.resume(ctx, number), "anna", ["incident.resume"]),
        ("note", lambda: workflow.note(bruno, number, "nota"), "bruno", ["incident.note"]),
        ("resolve, unsolved", lambda: closing.resolve(ctx, number, resolved=False), "anna",
         ["incident.resolved", "incident.opened", "incident.follow_up", "incident.report",
          "mail.not_queued"]),
        ("reopen", lambda: closing.reopen(ctx, number, "di nuovo"), "anna",
         ["incident.reopened"]),
        ("resolve", lambda: closing.resolve(ctx, number, resolved=True), "anna",
         ["incident.resolved", "incident.report", "mail.not_queued"]),  # the report's revision
        ("close", lambda: closing.close(ctx, number), "anna", ["incident.closed"]),
        ("open another", lambda: open_(ctx), "anna", ["incident.opened"]),
        ("claim next", lambda: ownership.claim_next(bruno), "bruno", ["incident.claimed"]),
    ]  # fmt: skip
    seen = len(incidents.audit_trail(ctx))
    for name, step, actor, actions in steps:
        clock.advance(minutes=1)
        step()
        new = incidents.audit_trail(ctx)[seen:]
        seen += len(new)
        assert [a.action for a in new] == actions, name
        assert {a.actor for a in new} == {actor}, name
        assert all(a.at == clock.value for a in new if a.action != "incident.pause"), name
        for entry in new:
            if entry.entity == "incident":
                assert entry.entity_id is not None
                assert entry.data["number"].startswith("2026-")


def test_reads_are_not_audited(ctx):
    opened = open_(ctx)
    before = len(incidents.audit_trail(ctx))
    queue.queue(ctx)
    incidents.show(ctx, opened.number)
    incidents.list_incidents(ctx)
    customers.list_customers(ctx)
    team.whoami(ctx)
    assert len(incidents.audit_trail(ctx)) == before


@pytest.mark.parametrize(
    "sql",
    ["UPDATE audit SET actor = 'mallory'", "DELETE FROM audit", "DELETE FROM audit WHERE id = 1"],
)
def test_the_audit_table_refuses_update_and_delete(ctx, sql):
    before = snapshot(ctx)
    trail = incidents.audit_trail(ctx)
    with pytest.raises(sa_exc.DBAPIError, match="append-only"), ctx.db.engine.begin() as conn:
        conn.execute(text(sql))
    assert snapshot(ctx) == before
    assert incidents.audit_trail(ctx) == trail


def test_the_audit_table_accepts_inserts(ctx):
    at = bindparam("at", type_=UTCDateTime())
    with ctx.db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO audit (at, actor, action, entity, data) "
                "VALUES (:at, 'anna', 'manual', 'none', '{}')"
            ).bindparams(at),
            {"at": ctx.now()},
        )
    assert incidents.audit_trail(ctx)[-1].action == "manual"


# --- column types ---------------------------------------------------------------------


def test_aware_datetimes_come_back_as_utc(ctx, clock):
    # a Rome-zoned "now" with microseconds: stored as UTC, returned as the same instant
    clock.value = datetime(2026, 7, 1, 10, 15, 30, 123456, tzinfo=ROME)  # CEST, +02:00
    added = customers.add_customer(ctx, customers.NewCustomer("Orologeria"))
    with ctx.db.read() as session:
        row = session.get(Customer, added.id)
        assert row is not None
        assert row.created_at == clock.value
        assert row.created_at.tzinfo is UTC
    with ctx.db.engine.connect() as conn:
        raw = conn.execute(
            text("SELECT created_at FROM customer WHERE id = :i"), {"i": added.id}
        ).scalar_one()
    if ctx.db.sqlite:
        assert raw == "2026-07-01 08:15:30.123456"  # UTC wall time, no offset
    else:
        assert raw == datetime(2026, 7, 1, 8, 15, 30, 123456, tzinfo=UTC)


def test_aware_datetimes_in_views(ctx):
    opened = open_(ctx)
    shown = incidents.show(ctx, opened.number)
    for value in (shown.incident.arrived_at, shown.incident.due_at, shown.timeline[0].at):
        assert value is not None
        assert value.tzinfo is UTC


def test_far_future_sort_key_round_trips(ctx):
    opened = open_(ctx, customer=customers.add_customer(ctx, customers.NewCustomer("Bar")).id)
    assert opened.due_at is None  # no-contract: no due, sorted last
    with ctx.db.read() as session:
        row = session.get(Incident, opened.id)
        assert row is not None
        assert row.due_sort == datetime(9999, 12, 31, tzinfo=UTC)


def test_utc_whatever_the_postgresql_session_time_zone(ctx, backend):
    if backend != "postgresql":
        pytest.skip("the session time zone is a PostgreSQL setting")
    opened = open_(ctx, severity="A")
    tokyo = Database(ctx.db.url + "%20-ctimezone%3DAsia/Tokyo")
    try:
        with tokyo.read() as session:
            assert session.execute(text("SHOW timezone")).scalar_one() == "Asia/Tokyo"
            row = session.get(Incident, opened.id)
            assert row is not None
            assert row.arrived_at == ctx.now()
            assert row.arrived_at.tzinfo is UTC
            assert row.due_at == rome(2026, 11, 23, 15, 0)
    finally:
        tokyo.dispose()


AMOUNTS = ["0.00", "0.01", "0.10", "7", "19.99", "1234.56", "12345678901234.56", "-0.01", "1E+3"]


def test_money_round_trips_exactly(ctx):
    values = [Decimal(amount) for amount in AMOUNTS]
    with ctx.db.write() as session:
        rows = [
            Contract(
                customer_id=1,
                plan="basic",
                starts_on=date(2027, 1, 1),
                ends_on=date(2027, 12, 31),
                prepaid=value,
            )
            for value in values
        ]
        session.add_all(rows)
        session.flush()
        ids = [row.id for row in rows]
    with ctx.db.read() as session:
        for ident, value in zip(ids, values, strict=True):
            back = session.get(Contract, ident)
            assert back is not None
            assert isinstance(back.prepaid, Decimal)
            assert back.prepaid == value
            assert str(back.prepaid) == str(value.quantize(Decimal("0.01")))
    with ctx.db.engine.connect() as conn:  # stored as whole cents
        for ident, value in zip(ids, values, strict=True):
            cents = conn.execute(text("SELECT prepaid FROM contract WHERE id = :i"), {"i": ident})
            assert cents.scalar_one() == int(value * 100)


@pytest.mark.parametrize(
    ("amount", "error", "message"),
    [
        (0.1, TypeError, "not a float"),
        (19.99, TypeError, "not a float"),
        (Decimal("1.234"), ValueError, "more than 2 decimals"),
        (Decimal("0.001"), ValueError, "more than 2 decimals"),
    ],
)
def test_money_refuses_floats_and_extra_decimals(ctx, amount, error, message):
    before = snapshot(ctx)
    row = Contract(
        customer_id=1,
        plan="basic",
        starts_on=date(2027, 1, 1),
        ends_on=date(2027, 12, 31),
        prepaid=amount,
    )
    with pytest.raises(sa_exc.StatementError, match=message) as info:
        _write(ctx.db, row)
    assert isinstance(info.value.orig, error)
    assert snapshot(ctx) == before


def _write(db: Database, row: object, then: Exception | None = None) -> None:
    """Add ``row`` in a write transaction, then fail with ``then`` if given."""
    with db.write() as session:
        session.add(row)
        session.flush()
        if then is not None:
            raise then


def test_scaled_decimal_at_other_scales():
    dialect = sqlite_dialect.dialect()
    milli = ScaledDecimal(3)
    assert milli.process_bind_param(Decimal("1.234"), dialect) == 1234
    assert milli.process_result_value(1234, dialect) == Decimal("1.234")
    assert str(milli.process_result_value(5, dialect)) == "0.005"
    assert milli.process_bind_param(None, dialect) is None
    with pytest.raises(ValueError, match="more than 3 decimals"):
        milli.process_bind_param(Decimal("0.0001"), dialect)


def test_a_naive_datetime_is_refused_on_write(ctx):
    before = snapshot(ctx)
    naive = datetime(2026, 11, 23, 10, 0)
    with pytest.raises(sa_exc.StatementError, match="naive datetime") as info:
        _write(ctx.db, Customer(name="Senza fuso", created_at=naive))
    assert isinstance(info.value.orig, ValueError)
    assert snapshot(ctx) == before


def test_a_naive_time_given_to_a_use_case_is_refused(ctx):
    from techconsole.domain.errors import NaiveDatetimeError

    before = snapshot(ctx)
    with pytest.raises(NaiveDatetimeError, match="no time zone"):
        open_(ctx, arrived_at=datetime(2026, 11, 23, 9, 0))
    assert snapshot(ctx) == before


# --- database errors (SQLite: files, permissions, locks) -------------------------------


@pytest.fixture
def sqlite_file(tmp_path: Path, _sqlite_template: Path, clock) -> Path:
    """A SQLite file with a lead (anna) and a customer; no connection left open."""
    path = tmp_path / "data" / "techconsole.db"
    path.parent.mkdir()
    shutil.copyfile(_sqlite_template, path)
    db = Database(f"sqlite:///{path}")
    ctx = Context(db, load("default"), "anna", clock)
    team.add_technician(ctx, "anna", "Anna Rossi")
    customers.add_customer(ctx, customers.NewCustomer("Ottica Esempio S.n.c."))
    db.dispose()
    return path


def _counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        return {
            t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
            for t in ("incident", "incident_event", "audit", "number_counter", "customer")
        }


@pytest.mark.parametrize("form", ["url", "path", "uri"])
def test_a_missing_folder(tmp_path, form):
    missing = tmp_path / "no" / "such" / "folder"
    target = {
        "url": f"sqlite:///{missing / 'techconsole.db'}",
        "path": str(missing / "techconsole.db"),
        "uri": f"sqlite:///file:{missing / 'techconsole.db'}?mode=rwc&uri=true",
    }[form]
    with pytest.raises(DatabaseUnavailable) as info:
        Database(target)
    assert str(info.value) == f"the folder {missing} does not exist; create it first"
    assert not (tmp_path / "no").exists()


def test_a_uri_filename_in_an_existing_folder(sqlite_file, clock):
    db = Database(f"sqlite:///file:{sqlite_file}?uri=true")
    try:
        ctx = Context(db, load("default"), "anna", clock)
        assert db.migrate() is False
        assert open_(ctx).number == "2026-000001"
    finally:
        db.dispose()


@pytest.fixture(params=["chmod", "uri"])
def read_only_url(request, sqlite_file) -> Iterator[tuple[str, str, dict[str, int]]]:
    before = _counts(sqlite_file)
    if request.param == "uri":
        yield "uri", f"sqlite:///file:{sqlite_file}?mode=ro&uri=true", before
        return
    if os.geteuid() == 0:
        pytest.skip("running as root: file permissions do not stop root writing (see 'uri')")
    folder = sqlite_file.parent
    sqlite_file.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP)
    try:
        yield "chmod", f"sqlite:///{sqlite_file}", before
    finally:
        folder.chmod(0o755)
        sqlite_file.chmod(0o644)


def test_a_read_only_database(read_only_url, sqlite_file, clock):
    kind, url, before = read_only_url
    db = Database(url)
    try:
        ctx = Context(db, load("default"), "anna", clock)
        assert db.read_only
        with pytest.raises(DatabaseReadOnly) as info:
            open_(ctx)
        assert str(info.value) == "the database is read-only for you: nothing was changed"
        with pytest.raises(DatabaseReadOnly, match="read-only"):
            customers.add_customer(ctx, customers.NewCustomer("Nuovo"))
        # reading still works, and an up-to-date schema needs no write
        assert db.migrate() is False
        assert queue.queue(ctx).total == 0
        assert [c.name for c in customers.list_customers(ctx)] == ["Ottica Esempio S.n.c."]
    finally:
        db.dispose()
    if kind == "chmod":  # writable again, to count
        sqlite_file.parent.chmod(0o755)
        sqlite_file.chmod(0o644)
    assert _counts(sqlite_file) == before


def test_locked_past_the_busy_timeout(sqlite_file, clock):
    db = Database(f"sqlite:///{sqlite_file}", busy_timeout_ms=150)
    ctx = Context(db, load("default"), "anna", clock)
    assert open_(ctx, "Primo").number == "2026-000001"
    before = _counts(sqlite_file)
    holder = sqlite3.connect(sqlite_file, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        started = time.monotonic()
        with pytest.raises(DatabaseBusy) as info:
            open_(ctx, "Bloccato")
        waited = time.monotonic() - started
        assert "nothing was changed" in str(info.value)
        assert 0.1 <= waited < 5, waited  # it waited for the timeout, not for ever
        # a change worked out before the lock (``planned``) still waits for it to write
        with pytest.raises(DatabaseBusy):
            ownership.claim_next(ctx)
        # readers are not blocked by a writer (WAL)
        assert queue.queue(ctx).total == 1
    finally:
        holder.rollback()
        holder.close()
    assert _counts(sqlite_file) == before
    # once the lock is gone the same context works, and nothing was half-numbered
    try:
        assert open_(ctx, "Sbloccato").number == "2026-000002"
        assert ownership.claim_next(ctx).assignee == "anna"
    finally:
        db.dispose()


def test_the_busy_timeout_is_set_on_every_connection(sqlite_file):
    db = Database(f"sqlite:///{sqlite_file}", busy_timeout_ms=1234)
    try:
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar_one() == 1234
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "wal"
    finally:
        db.dispose()


def test_foreign_keys_are_enforced(ctx):
    before = snapshot(ctx)
    stray = Contract(
        customer_id=999, plan="basic", starts_on=date(2027, 1, 1), ends_on=date(2027, 12, 31)
    )
    with pytest.raises(sa_exc.IntegrityError):
        _write(ctx.db, stray)
    assert snapshot(ctx) == before


def test_a_postgresql_server_that_cannot_be_reached():
    db = Database("postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2")
    try:
        with pytest.raises(DatabaseUnavailable, match="cannot reach the database server"):
            db.revision()
    finally:
        db.dispose()


# --- change watcher -------------------------------------------------------------------


@pytest.fixture
def own_database(backend, tmp_path, _sqlite_template) -> Iterator[str]:
    """A migrated database nobody else uses: on PostgreSQL a database, not just a schema,
    because NOTIFY reaches every listener of the database (other test runs included)."""
    if backend == "sqlite":
        path = tmp_path / "watched.db"
        shutil.copyfile(_sqlite_template, path)
        yield f"sqlite:///{path}"
        return
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    pg_url = os.environ["TECHCONSOLE_TEST_PG_URL"]  # set, or the backend was skipped
    name = f"tc_watch_{uuid.uuid4().hex[:12]}"
    admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(pg_url).set(database=name).render_as_string(hide_password=False)
    try:
        db = Database(url)
        db.migrate()
        db.dispose()
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def test_the_change_watcher(own_database, clock):
    here, there = Database(own_database), Database(own_database)
    other = Context(there, load("default"), "anna", clock)
    watcher = here.watcher()
    try:
        assert watcher.changed() is False
        assert watcher.changed() is False
        team.add_technician(other, "anna", "Anna Rossi")  # another connection commits
        assert eventually(watcher.changed)
        assert watcher.changed() is False
        customers.add_customer(other, customers.NewCustomer("Ottica"))
        assert eventually(watcher.changed)
        assert watcher.changed() is False
        with there.read() as session:  # a read commits nothing
            session.execute(text("SELECT COUNT(*) FROM customer"))
        # nothing to wait for: this checks that no change is seen, so it leaves a notice the
        # read would wrongly send the time to arrive before looking
        time.sleep(0.05)
        assert watcher.changed() is False
    finally:
        watcher.close()
        here.dispose()
        there.dispose()


def test_a_closed_watcher_leaves_transactions_atomic(ctx):
    # The watcher's connection listens in autocommit mode on PostgreSQL: closing it must
    # not hand that connection back to the pool for the next write transaction to use.
    db = Database(ctx.db.url)
    try:
        watcher = db.watcher()
        watcher.changed()
        watcher.close()
        with pytest.raises(RuntimeError, match="half-way"):
            _write(db, Meta(key="k", value="v"), then=RuntimeError("failed half-way"))
        with db.read() as session:
            assert session.execute(text("SELECT COUNT(*) FROM meta")).scalar_one() == 0
    finally:
        db.dispose()


def test_a_failed_use_case_rolls_back_what_it_had_written(ctx, monkeypatch):
    # open_incident has numbered and inserted the incident when the clocks fail: nothing
    # of it may stay, not even the number.
    from techconsole.services.incidents import clocks

    def broken(*_args, **_kwargs):
        raise RuntimeError("clock failure")

    before = snapshot(ctx)
    monkeypatch.setattr(clocks, "refresh", broken)
    with pytest.raises(RuntimeError, match="clock failure"):
        open_(ctx)
    assert snapshot(ctx) == before
    monkeypatch.undo()
    assert open_(ctx).number == "2026-000001"


def test_the_clock_of_a_context_is_the_one_given(ctx, clock):
    clock.value = datetime(2026, 11, 23, 9, 0, tzinfo=UTC) + timedelta(days=1)
    assert ctx.now() == clock.value
    assert ctx.as_("bruno").now() == clock.value


# --- a team's shared folder ------------------------------------------------------------


@pytest.mark.parametrize(
    ("folder_mode", "file_mode"), [(0o2775, 0o660), (0o2770, 0o660), (0o775, 0o600), (0o755, 0o600)]
)
def test_a_new_database_is_private_or_the_teams(tmp_path: Path, folder_mode: int, file_mode: int):
    """Technicians logging in as different users share one file: in a team folder (the
    group may write it, setgid so files keep its group) the database and its -wal/-shm
    files are the group's too; anywhere else they are the owner's alone."""
    folder = tmp_path / "team"
    folder.mkdir()
    folder.chmod(folder_mode)
    db = Database(f"sqlite:///{folder / 'techconsole.db'}")
    try:
        db.migrate()
        with db.write() as session:
            session.execute(text("INSERT INTO meta (key, value) VALUES ('x', 'y')"))
        for name in ("techconsole.db", "techconsole.db-wal", "techconsole.db-shm"):
            assert stat.S_IMODE((folder / name).stat().st_mode) == file_mode, name
    finally:
        db.dispose()
