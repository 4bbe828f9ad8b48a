"""Migration 0013: who agreed to a later arrival (seed 003), when the server account ends
(seed 000) — down to 0011 and up again, the incidents intact."""

from __future__ import annotations

from sqlalchemy import inspect, text

from techconsole.services.context import Context
from techconsole.services.incidents import authorisation, intake, workflow
from techconsole.services.incidents import reading as incidents
from techconsole.services.policies import load
from techconsole.store import migrate
from techconsole.store.database import Database

from .support import rome


def _columns(db: Database) -> set[str]:
    return {c["name"] for c in inspect(db.engine).get_columns("incident")}


def test_0013_columns_come_and_go_with_the_incidents_intact(database_url, clock):
    from alembic import command

    from techconsole.services.customers import registry as customers
    from techconsole.services.team import members as team

    db = Database(database_url)
    try:
        db.migrate()
        assert {"on_site_agreed", "account_valid_until"} <= _columns(db)
        ctx = Context(db, load("onsite-tech"), "anna", clock)
        team.add_technician(ctx, "anna", "Anna Rossi")
        customer = customers.add_customer(ctx, customers.NewCustomer("Studio Rossi")).id
        boss = customers.add_contact(ctx, customer, "Sig. Rossi", "titolare")
        opened = intake.open_incident(ctx, intake.NewIncident(customer, "Server", urgent=True))
        workflow.acknowledge(
            ctx, opened.number, on_site_by=rome(2026, 11, 24, 17, 0), customer_agreed="a voce"
        )
        authorisation.account_provided(
            ctx, opened.number, contact_id=boss.id, valid_until=rome(2026, 11, 30, 18, 0)
        )
        config = migrate._config()
        with db.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0011")
        assert not {"on_site_agreed", "account_valid_until"} & _columns(db)
        with db.engine.connect() as conn:
            rows = conn.execute(text("SELECT number, promised_on_site_at FROM incident")).all()
        assert [r[0] for r in rows] == [opened.number]
        assert rows[0][1] is not None  # the promise itself was there before 0013
        assert db.migrate() is True
        shown = incidents.show(ctx, opened.number).incident
        assert (shown.on_site_agreed, shown.account_valid_until) == ("", None)
        assert shown.promised_on_site_at == rome(2026, 11, 24, 17, 0)
    finally:
        db.dispose()
