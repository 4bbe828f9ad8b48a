"""Migration 0018: a part's state and the customer's answer (seed 003), the cadence of the
reports to a data controller and the reports delivered (seed 001) — down to 0014 and up
again, the parts intact; the parts recorded before it count as fitted."""

from __future__ import annotations

from datetime import date

from sqlalchemy import inspect, text

from techconsole.services.context import Context
from techconsole.services.customers import programs
from techconsole.services.customers import registry as customers
from techconsole.services.documents import ads_reports
from techconsole.services.incidents import intake
from techconsole.services.incidents import reading as incidents
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
        hotel = customers.add_customer(ctx, customers.NewCustomer("Hotel", we_are_ads=True)).id
        ads_reports.set_cadence(ctx, hotel, "monthly", date(2026, 10, 1))
        ads_reports.record_delivery(ctx, hotel, to="Sig. Bianchi", via="pec")
        programs.add_program(ctx, careful, "Gestionale", reseller_since=date(2026, 6, 1))
        untriaged = intake.open_incident(
            ctx, intake.NewIncident(careful, "Posta", program="Gestionale")
        ).number
        assert {"ads_cadence", "ads_report", "customer_program"} <= set(
            inspect(db.engine).get_table_names()
        )
        config = migrate._config()
        with db.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0014")
        assert not NEW & _columns(db)
        assert not {"ads_cadence", "ads_report", "customer_program"} & set(
            inspect(db.engine).get_table_names()
        )
        incident_columns = {c["name"] for c in inspect(db.engine).get_columns("incident")}
        assert not {"severity_triaged", "program"} & incident_columns
        with db.engine.connect() as conn:
            subjects = conn.execute(text("SELECT subject FROM incident ORDER BY id")).scalars()
            assert list(subjects) == ["PC", "Posta"]
        with db.engine.connect() as conn:
            rows = conn.execute(text("SELECT description, unit_price FROM material")).all()
        assert [(r[0], int(r[1])) for r in rows] == [("RAM", 3500)]  # in cents
        assert db.migrate() is True
        (back,) = materials.materials(ctx, number)
        assert (back.state, back.answered_by, back.answered_at) == ("fitted", None, None)
        assert billing.bill_incident(ctx, number).bill.materials == back.amount
        assert not ads_reports.standing(ctx, hotel).agreed  # the agreement is recorded anew
        back_then = incidents.show(ctx, untriaged).incident
        # recorded before 0018: its severity counts as set, no program named
        assert (back_then.severity_triaged, back_then.program) == (True, "")
    finally:
        db.dispose()
