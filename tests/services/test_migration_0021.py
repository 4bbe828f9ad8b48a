"""Migration 0021: the outbox's attachment kinds — a message carries the incident's work
report, or the report of one period to a customer's data controller (seed 001) — down
to 0020 and up again: every message keeps its meaning; a report to a data controller not
sent yet is failed on the way down, with the reason, rather than sent without its PDF."""

from __future__ import annotations

from datetime import date

from sqlalchemy import inspect, text

from techconsole.services.context import Context
from techconsole.services.customers import registry as customers
from techconsole.services.documents import ads_mail, ads_reports
from techconsole.services.incidents import closing, intake, workflow
from techconsole.services.policies import load
from techconsole.services.team import members as team
from techconsole.store import migrate
from techconsole.store.database import Database

NEW = {"attachment", "period_start", "period_end"}


def _columns(db: Database) -> set[str]:
    return {c["name"] for c in inspect(db.engine).get_columns("mail_message")}


def _rows(db: Database, columns: str) -> list[tuple[object, ...]]:
    with db.engine.connect() as conn:
        found = conn.execute(text(f"SELECT {columns} FROM mail_message ORDER BY id"))
        return [tuple(r) for r in found]


def test_0021_attachment_kinds_come_and_go_with_each_message_s_meaning(database_url, clock):
    from alembic import command

    db = Database(database_url)
    try:
        db.migrate()
        assert _columns(db) >= NEW
        assert "attach_report" not in _columns(db)
        ctx = Context(db, load("default"), "anna", clock)
        team.add_technician(ctx, "anna", "Anna Rossi")
        ottica = customers.add_customer(ctx, customers.NewCustomer("Ottica")).id
        niccolo = customers.add_contact(ctx, ottica, "Niccolò", "ads", email="n@ottica.example")
        number = intake.open_incident(
            ctx, intake.NewIncident(ottica, "Stampante", requester=niccolo.id)
        ).number
        workflow.acknowledge(ctx, number)  # the presa in carico: nothing attached
        closing.resolve(ctx, number, resolved=True)  # the resolution: the work report
        hotel = customers.add_customer(ctx, customers.NewCustomer("Hotel", we_are_ads=True)).id
        customers.add_contact(ctx, hotel, "Sig. Bianchi", "titolare", email="b@hotel.example")
        ads_reports.set_cadence(ctx, hotel, "monthly", date(2026, 10, 1))
        ads_mail.send_report(ctx, hotel)  # October's report, not sent yet
        made = _rows(db, "kind, attachment, period_start")
        # SQLite reads a raw date as its text
        assert [(k, a, str(p) if p else None) for k, a, p in made] == [
            ("taken_in_charge", "", None),
            ("resolution", "work_report", None),
            ("ads_report", "ads_report", "2026-10-01"),
        ]

        config = migrate._config()
        with db.engine.connect() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0020")
            connection.commit()
        assert not NEW & _columns(db)
        down = _rows(db, "kind, attach_report, state, last_error")
        assert [(k, bool(a), s) for k, a, s, _e in down] == [
            ("taken_in_charge", False, "pending"),
            ("resolution", True, "pending"),
            ("ads_report", False, "failed"),
        ]
        assert "cannot attach the report to the data controller" in str(down[2][3])

        assert db.migrate() is True
        assert _rows(db, "kind, attachment, period_start, state") == [
            ("taken_in_charge", "", None, "pending"),
            ("resolution", "work_report", None, "pending"),
            ("ads_report", "", None, "failed"),  # failed, and sent by nobody
        ]
        # the failed one holds nothing: the report is queued again
        assert ads_mail.send_report(ctx, hotel).entry.attach_ads_report
    finally:
        db.dispose()
