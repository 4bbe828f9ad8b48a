"""A contract's own prices through the services, on SQLite and PostgreSQL (seed 003): "La
sottoscrizione di un contratto di assistenza annuale garantisce, comunque, la massima
priorità di intervento, insieme a costi più contenuti".

The policy is the onsite-tech preset with its commented example set: the contract plan's
scatto at 35,00 € and call-out at 20,00 €, against [billing]'s 40,00 € and 30,00 €.  The
Studio has the contract for 2026; the Bar has none.  Expected figures by hand: scatti ×
the day's price, plus the visit's call-out, IVA 22 %.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from techconsole.reports.month_csv import month_csv
from techconsole.reports.work_layout import layout
from techconsole.services import policies
from techconsole.services.context import Context
from techconsole.services.customers import contracts
from techconsole.services.customers import registry as customers
from techconsole.services.documents import summaries, work_reports
from techconsole.services.incidents import closing, intake, workflow
from techconsole.services.team import members as team
from techconsole.services.work import billing, timer

from .support import rome

D = Decimal


@pytest.fixture
def policy_file(tmp_path: Path) -> Path:
    text = policies.resolve("onsite-tech").read_text(encoding="utf-8")
    for key in ("unit_price", "callout_fee"):
        text = text.replace(f"# {key} = ", f"{key} = ", 1)
    path = tmp_path / "contract-prices.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def office(make_ctx, policy_file: Path) -> Context:
    ctx = make_ctx("anna", policy=str(policy_file))
    assert ctx.policy.plan("contract").unit_price == D("35.00")
    team.add_technician(ctx, "anna", "Anna Rossi")
    studio = customers.add_customer(ctx, customers.NewCustomer("Studio Rossi")).id
    contracts.add_contract(ctx, studio, "contract", date(2026, 1, 1), date(2026, 12, 31))
    customers.add_customer(ctx, customers.NewCustomer("Bar Sport"))
    return ctx


def _visit(ctx: Context, clock, customer: str, day: int = 23, month: int = 11) -> str:
    """A non-urgent job: on site at 11:00, 65 minutes, then 20 more at 14:00 (4 + 1 scatti)."""
    clock.value = rome(2026, month, day, 9, 0)
    number = intake.open_incident(ctx, intake.NewIncident(customer, "PC non si accende")).number
    clock.value = rome(2026, month, day, 11, 0)
    workflow.arrived_on_site(ctx, number)
    for start, minutes in (((11, 0), 65), ((14, 0), 20)):
        clock.value = rome(2026, month, day, *start)
        timer.start(ctx, number, kind="on_site")
        clock.advance(minutes=minutes)
        timer.stop(ctx)
    return number


def test_a_contract_customer_pays_the_plans_prices(office, clock):
    """Studio: 5 scatti × 35,00 = 175,00 + call-out 20,00 = 195,00; IVA 42,90; 237,90 €.
    Bar, the same job without a contract: 5 × 40,00 + 30,00 = 230,00; 50,60; 280,60 €."""
    studio = billing.bill_incident(office, _visit(office, clock, "Studio Rossi"))
    assert [(ln.kind, ln.quantity, ln.unit_price, ln.amount) for ln in studio.bill.lines] == [
        ("labour", D(4), D("35.00"), D("140.00")),
        ("labour", D(1), D("35.00"), D("35.00")),
        ("callout", D(1), D("20.00"), D("20.00")),
    ]
    assert (studio.bill.taxable, studio.bill.vat, studio.bill.total) == (
        D("195.00"),
        D("42.90"),
        D("237.90"),
    )
    assert [p.plan for p in studio.bill.prices] == ["contract"]
    bar = billing.bill_incident(office, _visit(office, clock, "Bar Sport", day=24))
    assert [ln.unit_price for ln in bar.bill.lines] == [D("40.00"), D("40.00"), D("30.00")]
    assert (bar.bill.taxable, bar.bill.vat, bar.bill.total) == (
        D("230.00"),
        D("50.60"),
        D("280.60"),
    )
    assert [p.plan for p in bar.bill.prices] == [""]


@pytest.mark.usefixtures("italian")
def test_the_work_report_and_the_month_show_the_price_used(office, clock):
    number = _visit(office, clock, "Studio Rossi")
    closing.resolve(office, number, resolved=True)
    report = work_reports.find(office, number)
    assert (report.content.unit_price, report.content.price_plan) == (
        D("35.00"),
        "Contratto annuale",
    )
    assert report.content.mixed_prices is False
    assert layout(report).unit_note == (
        "Manodopera in scatti da 20 minuti a 35,00\xa0€ l'uno, il prezzo del piano "
        "Contratto annuale."
    )
    summary = summaries.month_summary(office, "2026-11", "Studio Rossi")
    row = summary.rows[0]
    assert (row.unit_price, row.price_plan, row.total) == (
        D("35.00"),
        "Contratto annuale",
        D("237.90"),
    )
    line = next(csv.DictReader(io.StringIO(month_csv([summary]).decode("utf-8-sig"))))
    assert (line["Prezzo dello scatto"], line["Prezzi del piano"]) == ("35.00", "Contratto annuale")


def test_work_on_both_sides_of_the_contracts_end(office, clock):
    """(000) "le tariffe ... in vigore alla data di esecuzione del servizio": 65 minutes on
    Thursday 31/12/2026, the contract's last day (4 × 35,00, call-out 20,00), and 20 on
    Monday 04/01/2027 without it (1 × 40,00): 200,00 €; the report says each day has its
    contract's prices."""
    clock.value = rome(2026, 12, 31, 9, 0)
    number = intake.open_incident(office, intake.NewIncident("Studio Rossi", "Server")).number
    clock.value = rome(2026, 12, 31, 11, 0)
    workflow.arrived_on_site(office, number)
    timer.start(office, number, kind="on_site")
    clock.advance(minutes=65)
    timer.stop(office)
    clock.value = rome(2027, 1, 4, 9, 0)
    timer.start(office, number, kind="remote")
    clock.advance(minutes=20)
    timer.stop(office)
    bill = billing.bill_incident(office, number).bill
    assert [(ln.kind, ln.amount) for ln in bill.lines] == [
        ("labour", D("140.00")),
        ("labour", D("40.00")),
        ("callout", D("20.00")),
    ]
    assert bill.taxable == D("200.00")
    closing.resolve(office, number, resolved=True)
    content = work_reports.find(office, number).content
    assert (content.unit_price, content.price_plan, content.mixed_prices) == (
        D("35.00"),
        "Contratto annuale",
        True,
    )


def test_the_timer_counts_at_the_contracts_price(office, clock):
    """21 minutes so far are 2 scatti: 70,00 € for the Studio, 80,00 € for the Bar."""
    clock.value = rome(2026, 11, 23, 9, 0)
    number = intake.open_incident(office, intake.NewIncident("Studio Rossi", "Stampante")).number
    timer.start(office, number)
    clock.advance(minutes=21)
    running = timer.status(office)
    assert running is not None
    assert (running.units, running.amount, running.unit_price) == (2, D("70.00"), D("35.00"))
    stopped = timer.stop(office)
    assert stopped.amount == D("70.00")
    other = intake.open_incident(office, intake.NewIncident("Bar Sport", "Rete")).number
    timer.start(office, other)
    clock.advance(minutes=21)
    assert timer.stop(office).amount == D("80.00")
    listed = timer.sessions(office, everyone=True)
    assert [s.amount for s in listed] == [D("70.00"), D("80.00")]
