"""Migration 0018: a part's state and the customer's answer (seed 003) — down to 0014
and up again, the parts intact; the parts recorded before it count as fitted."""

from __future__ import annotations

from sqlalchemy import inspect, text

from techconsole.services.context import Context
from techconsole.services.customers import registry as customers
from techconsole.services.incidents import intake
from techconsole.services.policies import load
from techconsole.services.team import members as team
from techconsole.services.work import billing, materials, part_answers
from techconsole.store import migrate
from techconsole.store.database import Database

NEW = {"state", "proposed_because", "answered_by_id", "answered_at", "answered_via"}


def _columns(db: Database) -> set[str]:
    return {c["name"] for c in inspect(db.engine).get_columns("material")}


def test_0018_part_states_come_and_go_with_the_parts_intact(database_url, clock):
    from alembic import command

    db = Database(database_url)
    try:
        db.migrate()
        assert _columns(db) >= NEW
        ctx = Context(db, load("onsite-tech"), "anna", clock)
        team.add_technician(ctx, "anna", "Anna Rossi")
        careful = customers.add_customer(
            ctx, customers.NewCustomer("Studio Attento", notify_before_parts=True)
        ).id
        customers.add_contact(ctx, careful, "Sig. Rossi", "titolare")
        number = intake.open_incident(ctx, intake.NewIncident(careful, "PC")).number
        part = materials.add_material(ctx, number, "RAM", quantity="1", unit_price="35")
        part_answers.approve_part(ctx, part.id, contact="Sig. Rossi", via="phone")
        config = migrate._config()
        with db.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0014")
        assert not NEW & _columns(db)
        with db.engine.connect() as conn:
            rows = conn.execute(text("SELECT description, unit_price FROM material")).all()
        assert [(r[0], int(r[1])) for r in rows] == [("RAM", 3500)]  # in cents
        assert db.migrate() is True
        (back,) = materials.materials(ctx, number)
        assert (back.state, back.answered_by, back.answered_at) == ("fitted", None, None)
        assert billing.bill_incident(ctx, number).bill.materials == back.amount
    finally:
        db.dispose()
