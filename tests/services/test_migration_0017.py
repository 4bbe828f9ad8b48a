"""Migration 0017: the customisations' table and the release an incident's fix comes with
(seeds 000, 001) — down to 0014 and up again, the incidents intact.  The downgraded
database is read with SQL (the services read what later migrations add)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import inspect, text

from techconsole.services.context import Context
from techconsole.services.policies import load
from techconsole.store import migrate
from techconsole.store.database import Database


def test_0017_changes_come_and_go_with_the_incidents_intact(database_url, clock):
    from alembic import command

    from techconsole.services.changes import reading, releases, requests
    from techconsole.services.customers import registry as customers
    from techconsole.services.incidents import intake
    from techconsole.services.incidents import reading as incidents
    from techconsole.services.team import members as team

    db = Database(database_url)
    try:
        db.migrate()
        ctx = Context(db, load("istes"), "anna", clock)
        team.add_technician(ctx, "anna", "Anna Rossi")
        customer = customers.add_customer(ctx, customers.NewCustomer("Hotel Mare")).id
        requests.add_change(ctx, requests.NewChange(customer, "Export presenze", heavy=True))
        opened = intake.open_incident(ctx, intake.NewIncident(customer, "Export errato"))
        releases.link_release(ctx, opened.number)
        config = migrate._config()
        with db.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0014")
        assert "change_request" not in inspect(db.engine).get_table_names()
        columns = {c["name"] for c in inspect(db.engine).get_columns("incident")}
        assert "fixed_in_release" not in columns
        with db.engine.connect() as conn:
            rows = conn.execute(text("SELECT number, subject FROM incident")).all()
        assert [tuple(r) for r in rows] == [(opened.number, "Export errato")]
        assert db.migrate() is True
        assert incidents.show(ctx, opened.number).incident.fixed_in_release is None
        assert reading.list_changes(ctx) == []
        again = releases.link_release(ctx, opened.number, date(2027, 7, 1))
        assert again.fixed_in_release == date(2027, 7, 1)
    finally:
        db.dispose()
