"""Schema migrations: data written under an old schema survives the upgrade to head."""

from __future__ import annotations

import warnings
from datetime import UTC, datetime

import pytest
from sqlalchemy import bindparam, inspect, text
from sqlalchemy import exc as sa_exc

from techconsole.services.context import Context
from techconsole.services.incidents import intake, queue
from techconsole.services.incidents import reading as incidents
from techconsole.services.policies import load
from techconsole.store import migrate, search
from techconsole.store.database import Database
from techconsole.store.types import UTCDateTime

SUBJECT = "Stampante guasta — «ufficio» №2 🖨️ ÀÉÎÕÜ"
ARRIVED = datetime(2026, 11, 20, 8, 30, tzinfo=UTC)  # Fri 09:30 Rome


def _insert_0001_data(db: Database) -> None:
    """Rows as a techconsole of schema 0001 would have written them, in raw SQL."""
    at = bindparam("at", type_=UTCDateTime())
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO customer (id, name, vat_number, address, deployment, reseller, "
                "we_are_ads, notify_before_parts, notes, created_at) VALUES (1, "
                "'Città di Prova S.r.l.', '', '', 'on_premise', false, false, false, '', :at)"
            ).bindparams(at),
            {"at": ARRIVED},
        )
        conn.execute(
            text(
                "INSERT INTO technician (id, login, display_name, role, active, created_at) "
                "VALUES (1, 'anna', 'Anna Rossi', 'lead', true, :at)"
            ).bindparams(at),
            {"at": ARRIVED},
        )
        conn.execute(
            text(
                "INSERT INTO incident (id, number, year, seq, customer_id, channel, subject, "
                "description, severity, urgent, urgent_on_request, level, category, status, "
                "plan, contract, arrived_at, needs_authorisation, authorised_via, is_open, "
                "q_contract, q_urgent, q_severity, due_sort, version, updated_at) VALUES "
                "(1, '2026-000001', 2026, 1, 1, 'email', :subject, :description, 'B', false, "
                "false, 1, '', 'open', 'none', false, :at, false, '', true, 1, 1, 1, :at, 1, :at)"
            ).bindparams(at),
            {"subject": SUBJECT, "description": "riga 1\nriga 2 ☃", "at": ARRIVED},
        )
        conn.execute(text("INSERT INTO number_counter (year, last) VALUES (2026, 1)"))
        conn.execute(
            text(
                "INSERT INTO audit (at, actor, action, entity, entity_id, data) "
                "VALUES (:at, 'anna', 'incident.opened', 'incident', 1, '{}')"
            ).bindparams(at),
            {"at": ARRIVED},
        )
        if not db.sqlite:  # explicit ids do not move PostgreSQL's sequences
            for table in ("customer", "technician", "incident"):
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), 1)"))


def test_upgrade_keeps_the_data_written_under_0001(database_url, clock):
    old = Database(database_url)
    try:
        assert old.revision() is None
        migrate.upgrade(old.engine, "0001")
        assert old.revision() == "0001"
        _insert_0001_data(old)
        # 0001 has no append-only trigger yet: an UPDATE of the audit goes through
        with old.engine.begin() as conn:
            conn.execute(text("UPDATE audit SET data = '{}' WHERE id = 1"))
    finally:
        old.dispose()

    db = Database(database_url)
    try:
        said: list[str] = []
        assert db.migrate(said.append) is True
        assert db.revision() == migrate.head()
        assert said == [f"Upgrading the database from schema 0001 to {migrate.head()}…"]

        ctx = Context(db, load("default"), "anna", clock)
        shown = incidents.show(ctx, "2026-000001").incident
        assert shown.subject == SUBJECT
        assert shown.description == "riga 1\nriga 2 ☃"
        assert shown.customer == "Città di Prova S.r.l."
        assert shown.arrived_at == ARRIVED
        assert shown.arrived_at.tzinfo is UTC
        assert queue.queue(ctx).total == 1
        assert incidents.audit_trail(ctx)[0].action == "incident.opened"

        # the numbering goes on from the old counter
        opened = intake.open_incident(ctx, intake.NewIncident(1, "Dopo l'aggiornamento"))
        assert opened.number == "2026-000002"

        # and 0002's trigger is in force
        for sql in ("UPDATE audit SET actor = 'x'", "DELETE FROM audit"):
            with pytest.raises(sa_exc.DBAPIError, match="append-only"), db.engine.begin() as c:
                c.execute(text(sql))
        trail = incidents.audit_trail(ctx)  # the old row and the new opening's, untouched
        assert [(a.entity_id, a.action) for a in trail] == [
            (1, "incident.opened"),
            (opened.id, "incident.opened"),
        ]
    finally:
        db.dispose()


def test_an_empty_database_is_created_at_head(database_url):
    db = Database(database_url)
    try:
        said: list[str] = []
        assert db.migrate(said.append) is True
        assert said == ["Creating the database schema…"]
        assert db.revision() == migrate.head()
        tables = set(inspect(db.engine).get_table_names())
        assert {"incident", "incident_event", "audit", "customer", "alembic_version"} <= tables
    finally:
        db.dispose()


def test_migrate_on_an_up_to_date_database_does_nothing(database_url):
    db = Database(database_url)
    try:
        db.migrate()
        said: list[str] = []
        assert db.migrate(said.append) is False
        assert said == []
        assert db.revision() == migrate.head()
    finally:
        db.dispose()


def test_a_second_process_finds_the_schema_current(database_url):
    first, second = Database(database_url), Database(database_url)
    try:
        assert first.migrate() is True
        assert second.migrate() is False
    finally:
        first.dispose()
        second.dispose()


def test_the_models_match_the_migrations(database_url):
    """Autogenerate finds nothing to do: the tables are exactly what the migrations make."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from sqlmodel import SQLModel

    db = Database(database_url)
    try:
        db.migrate()
        with db.engine.connect() as conn, warnings.catch_warnings():
            if db.sqlite:  # SQLite's reflection cannot see an index on an expression …
                warnings.filterwarnings("ignore", message=".*expression-based index")
                # … so that one is looked for by name
                names = {row[1] for row in conn.exec_driver_sql("PRAGMA index_list('contact')")}
                assert "ix_contact_email_lower" in names
            # the search's FTS5 table and trigram indexes are the migration's alone (0022)
            opts = {"compare_type": True, "include_name": search.in_models}
            context = MigrationContext.configure(conn, opts=opts)
            diff = compare_metadata(context, SQLModel.metadata)
        assert diff == []
    finally:
        db.dispose()


def test_the_quick_head_agrees_with_alembic():
    """Start-up reads the newest revision off the file names; Alembic must agree."""
    assert migrate.head() == migrate.alembic_head()


def test_0009_machines_come_and_go_with_the_incidents_intact(database_url, clock):
    """Down to 0008 the machines' tables go and the incidents stay as they were (SQLite
    cannot copy the incident table under the rows that refer to it: the machine an incident
    is about is a table of its own); up again, machines can be recorded anew."""
    from alembic import command

    from techconsole.services.assets import care, reading
    from techconsole.services.assets import registry as assets
    from techconsole.services.customers import registry as customers
    from techconsole.services.team import members as team

    db = Database(database_url)
    try:
        db.migrate()
        ctx = Context(db, load("default"), "anna", clock)
        team.add_technician(ctx, "anna", "Anna Rossi")
        customer = customers.add_customer(ctx, customers.NewCustomer("Studio Rossi")).id
        machine = assets.add_asset(ctx, assets.NewAsset(customer, "PC-Reception")).id
        care.verify_software(ctx, machine, ["antivirus"], True)
        care.record_inspection(ctx, machine, "Nessuna avaria")
        opened = intake.open_incident(ctx, intake.NewIncident(customer, "PC lento", asset=machine))
        config = migrate._config()
        with db.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0008")
        tables = set(inspect(db.engine).get_table_names())
        assert not {"asset", "asset_software", "asset_inspection", "incident_asset"} & tables
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT number FROM incident")).scalars().all() == [
                opened.number
            ]
        assert db.migrate() is True
        assert reading.list_assets(ctx) == []
        assert incidents.show(ctx, opened.number).incident.asset is None
    finally:
        db.dispose()


def test_0010_loaners_come_and_go_with_the_incidents_and_machines_intact(database_url, clock):
    """Down to 0009 the loaners' tables go (the incident's timeline keeps what was said of
    them) and the incidents and machines stay; up again, loaners can be recorded anew."""
    from alembic import command

    from techconsole.services.assets import registry as assets
    from techconsole.services.customers import registry as customers
    from techconsole.services.loaners import lending, pool, reading
    from techconsole.services.team import members as team

    db = Database(database_url)
    try:
        db.migrate()
        ctx = Context(db, load("client-contract"), "anna", clock)
        team.add_technician(ctx, "anna", "Anna Rossi")
        customer = customers.add_customer(ctx, customers.NewCustomer("Studio Rossi")).id
        machine = assets.add_asset(ctx, assets.NewAsset(customer, "PC-Reception")).id
        opened = intake.open_incident(
            ctx, intake.NewIncident(customer, "PC guasto", level=2, asset=machine)
        )
        pool.add_loaner(ctx, pool.LoanerFacts("Muletto-01", "SN-1"))
        lending.lend(ctx, lending.Lending("Muletto-01", incident=opened.number))
        config = migrate._config()
        with db.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0009")
        tables = set(inspect(db.engine).get_table_names())
        assert not {"loaner", "loan"} & tables
        assert {"asset", "incident_asset"} <= tables
        # read with SQL: the services read what the later migrations add
        with db.engine.connect() as connection:
            kinds = connection.execute(text("SELECT kind FROM incident_event ORDER BY id"))
            assert [kind for (kind,) in kinds][-1] == "loaner_lent"
            named = connection.execute(text("SELECT asset_id FROM incident_asset")).all()
            assert named == [(machine,)]
        assert db.migrate() is True
        detail = incidents.show(ctx, opened.number)
        assert detail.incident.asset == "PC-Reception"
        assert [e.kind for e in detail.timeline][-1] == "loaner_lent"
        assert reading.list_loaners(ctx) == []
        pool.add_loaner(ctx, pool.LoanerFacts("Muletto-01"))
        lent = lending.lend(ctx, lending.Lending("Muletto-01", incident=opened.number))
        assert (lent.id, lent.asset) == (1, "PC-Reception")
    finally:
        db.dispose()


def test_0011_health_checks_come_and_go_with_the_machines_intact(database_url, clock):
    """Down to 0010 the checks' tables go and the machines stay; up again, checks can be
    recorded anew (their numbers start again: the counter went with them)."""
    from alembic import command

    from techconsole.services.assets import care, reading
    from techconsole.services.assets import registry as assets
    from techconsole.services.checks import reading as checks
    from techconsole.services.checks import record, schedule
    from techconsole.services.customers import registry as customers
    from techconsole.services.team import members as team

    db = Database(database_url)
    try:
        db.migrate()
        ctx = Context(db, load("client-contract"), "anna", clock)
        team.add_technician(ctx, "anna", "Anna Rossi")
        customer = customers.add_customer(ctx, customers.NewCustomer("Studio Rossi")).id
        machine = assets.add_asset(ctx, assets.NewAsset(customer, "PC-Reception")).id
        care.verify_software(ctx, machine, ["antivirus", "backup"], True)
        schedule.set_schedule(ctx, customer, "primo martedì")
        done = record.record_check(ctx, record.NewCheck(machine, all_ok=True))
        assert done.number.startswith("CP-")
        config = migrate._config()
        with db.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0010")
        tables = set(inspect(db.engine).get_table_names())
        assert not {"check_schedule", "check_counter", "health_check", "health_check_item"} & tables
        with db.engine.connect() as connection:  # SQL: the services read later columns
            assert connection.execute(text("SELECT name FROM asset")).all() == [("PC-Reception",)]
        assert db.migrate() is True
        assert [a.name for a in reading.list_assets(ctx)] == ["PC-Reception"]
        assert checks.list_checks(ctx) == []
        again = record.record_check(ctx, record.NewCheck(machine, all_ok=True))
        assert again.number == done.number
    finally:
        db.dispose()


def test_0014_a_contracts_payment_comes_and_goes_with_the_contract_intact(database_url, clock):
    """Down to 0013 the day a contract was paid goes and the contract stays; up again, a
    payment can be recorded anew (seed 001: "con pagamento anticipato")."""
    from datetime import date

    from alembic import command

    from techconsole.services.customers import contracts
    from techconsole.services.customers import registry as customers
    from techconsole.services.team import members as team

    db = Database(database_url)
    try:
        db.migrate()
        ctx = Context(db, load("default"), "anna", clock)
        team.add_technician(ctx, "anna", "Anna Rossi")
        customer = customers.add_customer(ctx, customers.NewCustomer("Studio Rossi")).id
        contracts.add_contract(
            ctx, customer, "basic", date(2026, 1, 1), date(2026, 12, 31), paid_on=date(2025, 12, 1)
        )
        config = migrate._config()
        with db.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0013")
        columns = {c["name"] for c in inspect(db.engine).get_columns("contract")}
        assert "paid_on" not in columns and {"plan", "starts_on", "ends_on"} <= columns
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT plan FROM contract")).scalars().all() == ["basic"]
        assert db.migrate() is True
        shown = customers.show_customer(ctx, customer).contracts
        assert [(k.plan, k.ends_on, k.paid_on) for k in shown] == [
            ("basic", date(2026, 12, 31), None)
        ]
        paid = contracts.record_payment(ctx, customer, date(2025, 12, 2))
        assert paid.paid_on == date(2025, 12, 2)
    finally:
        db.dispose()


def test_0020_the_recent_view_has_its_index_and_reads_the_same_without_it(database_url, clock):
    """Down to the revision before 0020 the index on the resolution time goes and the
    incidents stay; up again, the "recent" view lists the incident resolved today."""
    from alembic import command
    from alembic.script import ScriptDirectory

    from techconsole.services.customers import registry as customers
    from techconsole.services.incidents import closing
    from techconsole.services.team import members as team

    db = Database(database_url)
    try:
        db.migrate()
        ctx = Context(db, load("default"), "anna", clock)
        team.add_technician(ctx, "anna", "Anna Rossi")
        customer = customers.add_customer(ctx, customers.NewCustomer("Studio Rossi")).id
        opened = intake.open_incident(
            ctx, intake.NewIncident(customer=customer, subject=SUBJECT, severity="B")
        )
        closing.resolve(ctx, opened.number, resolved=True, note="fatto")
        config = migrate._config()
        before = ScriptDirectory.from_config(config).get_revision("0020").down_revision
        assert isinstance(before, str)
        with db.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, before)
        indexes = {i["name"] for i in inspect(db.engine).get_indexes("incident")}
        assert "ix_incident_resolved" not in indexes
        with db.engine.connect() as conn:  # SQL: the services read later columns
            assert conn.execute(text("SELECT status FROM incident")).scalars().all() == ["resolved"]
        assert db.migrate() is True
        indexes = {i["name"] for i in inspect(db.engine).get_indexes("incident")}
        assert "ix_incident_resolved" in indexes
        page = queue.queue(ctx, view="recent")
        assert [(r.number, r.status) for r in page.rows] == [(opened.number, "resolved")]
    finally:
        db.dispose()


def test_0015_a_machines_package_comes_and_goes_with_the_machine_intact(database_url, clock):
    """Down to 0014 whether a machine receives the data and is in the support package goes
    and the machine stays; up again, the machines recorded are in the package and not
    synced (as they were judged before), and a phone out of the package is flagged anew."""
    from alembic import command

    from techconsole.services.assets import reading
    from techconsole.services.assets import registry as assets
    from techconsole.services.customers import registry as customers
    from techconsole.services.team import members as team

    db = Database(database_url)
    try:
        db.migrate()
        ctx = Context(db, load("client-contract"), "anna", clock)
        team.add_technician(ctx, "anna", "Anna Rossi")
        customer = customers.add_customer(ctx, customers.NewCustomer("Studio Rossi")).id
        phone = assets.NewAsset(customer, "iPhone", kind="mobile", synced=True, in_package=False)
        added = assets.add_asset(ctx, phone)
        assert added.flagged
        config = migrate._config()
        with db.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0014")
        columns = {c["name"] for c in inspect(db.engine).get_columns("asset")}
        assert not {"synced", "in_package"} & columns
        assert {"name", "kind", "covered_since"} <= columns
        with db.engine.connect() as conn:  # SQL: the services read the columns 0015 adds
            assert conn.execute(text("SELECT name, kind FROM asset")).all() == [
                ("iPhone", "mobile")
            ]
        assert db.migrate() is True
        (view,) = reading.list_assets(ctx)
        assert (view.name, view.synced, view.in_package, view.flagged) == (
            "iPhone",
            False,
            True,
            False,
        )
        edited = assets.edit_asset(ctx, view.id, assets.AssetChanges(synced=True, in_package=False))
        assert edited.flagged
        assert "synced_not_in_package" in [g.code for g in edited.coverage.gaps]
    finally:
        db.dispose()


def test_0016_prepaid_hours_come_and_go_with_the_contracts_intact(database_url, clock):
    """Down to 0014 a contract's block of hours and the frozen draws go, the contract and
    its work stay (read with SQL); up again, the contract has no block (seed 000)."""
    from datetime import date

    from alembic import command

    from techconsole.services.customers import contracts, prepaid
    from techconsole.services.customers import registry as customers
    from techconsole.services.incidents import intake
    from techconsole.services.team import members as team
    from techconsole.services.work import months, timer

    from .support import rome

    db = Database(database_url)
    try:
        db.migrate()
        clock.value = rome(2026, 10, 5, 9, 0)
        ctx = Context(db, load("istes"), "anna", clock)
        team.add_technician(ctx, "anna", "Anna Rossi")
        customer = customers.add_customer(ctx, customers.NewCustomer("Studio Rossi")).id
        contracts.add_contract(
            ctx, customer, "basic", date(2026, 1, 1), date(2026, 12, 31), prepaid_minutes=600
        )
        number = intake.open_incident(ctx, intake.NewIncident(customer, "Corso")).number
        timer.start(ctx, number, kind="training")
        clock.advance(minutes=60)
        timer.stop(ctx)
        clock.value = rome(2026, 11, 2, 9, 0)
        months.close_month(ctx, "2026-10")
        with db.engine.connect() as conn:
            drawn = conn.execute(text("SELECT scatti, from_allowance FROM prepaid_draw")).all()
        assert [tuple(r) for r in drawn] == [(3, 3)]
        config = migrate._config()
        with db.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0014")
        assert "prepaid_draw" not in inspect(db.engine).get_table_names()
        columns = {c["name"] for c in inspect(db.engine).get_columns("contract")}
        assert "prepaid_minutes" not in columns and "paid_on" in columns
        with db.engine.connect() as conn:
            rows = conn.execute(text("SELECT plan, ends_on FROM contract")).all()
            kinds = conn.execute(text("SELECT kind FROM work_session")).scalars().all()
        assert [r[0] for r in rows] == ["basic"]
        assert kinds == ["training"]
        assert db.migrate() is True
        shown = prepaid.balance(ctx, customer)
        assert (shown.block, shown.allowance, shown.training_used) == (0, 12, 3)
    finally:
        db.dispose()
