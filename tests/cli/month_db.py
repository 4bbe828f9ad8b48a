"""A command-line test database holding the reports' test month (tests/reports/month_example):
customer 1 is an ADS customer with the authorisation story on 16 November, customer 2 the
examples.md pharmacy, customer 3 has a name that looks like a path."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from reports.month_example import Month, ads_story, november, quick_job
from services.conftest import FrozenClock
from techconsole.services.context import Context
from techconsole.services.customers import registry as customers
from techconsole.services.documents import summaries
from techconsole.services.documents.summaries import MonthSummary
from techconsole.services.policies import load
from techconsole.services.team import members as team
from techconsole.store.database import Database


def _context(db_file: Path) -> tuple[Database, Context, FrozenClock]:
    db = Database(f"sqlite:///{db_file}")
    db.migrate()  # a copy of the session's migrated template: nothing to do
    clock = FrozenClock(datetime(2026, 11, 2, 8, 0, tzinfo=UTC))
    return db, Context(db, load("default"), "anna", clock), clock


def fill(db_file: Path) -> Month:
    db, ctx, clock = _context(db_file)
    try:
        team.add_technician(ctx, "anna", "Anna Rossi")
        team.add_technician(ctx, "bruno", "Bruno Neri")
        ottica = customers.add_customer(
            ctx, customers.NewCustomer("Ottica Esempio S.n.c.", we_are_ads=True)
        ).id
        customers.add_contract(ctx, ottica, "basic", date(2026, 1, 1), date(2026, 12, 31))
        customers.add_contact(ctx, ottica, "Maria Bianchi", "titolare")
        customers.add_contact(ctx, ottica, "Luca Verdi", "employee")
        month = november(ctx, clock)
        ads_story(ctx, clock)
        odd = customers.add_customer(ctx, customers.NewCustomer("../../etc/passwd; rm -rf ~")).id
        quick_job(ctx, clock, odd, 20, 20, "Lavoro")
        return month
    finally:
        db.dispose()


def summary_of(db_file: Path, customer: int, month: str = "2026-11") -> MonthSummary:
    db, ctx, _ = _context(db_file)
    try:
        return summaries.month_summary(ctx, month, customer)
    finally:
        db.dispose()
