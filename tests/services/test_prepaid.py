"""Prepaid hours ("monte ore") and the included training through the services, on SQLite
and PostgreSQL (seed 000, preset istes).

(seed 000) "A pagamento, rientra la formazione successiva alla semigiornata data per
contratto" — the preset's ``training_included = "4h"``: 12 scatti a contract; "un'unità
di tempo minima per la fatturazione, che è di 20 minuti, chiamata scatto, ad un costo di
Euro 40,00".  The Studio has a Basic contract for 2026 with a block of 2 hours (6
scatti).  Every figure below is counted by hand:

| incident | day | work | scatti | training allowance | block | priced |
|---|---|---|---|---|---|---|
| A | Mon 02/11 | training 3 h | 9 | 9 (3 left) | – | 0 |
| A | Mon 02/11 | remote 65 min | 4 | – | 4 (2 left) | 0 |
| B | Tue 03/11 | training 2 h | 6 | 3 (0 left) | 2 (0 left) | 1 |
| B | Tue 03/11 | remote 20 min | 1 | – | – | 1 |

Bill B: labour 7 × 40,00 = 280,00; included training −120,00; prepaid −80,00; taxable
80,00; IVA 22 % 17,60; total 97,60 €.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import select

from techconsole.reports.month_json import month_json, summaries_from_json
from techconsole.reports.month_pdf import month_pdf, prepaid_lines
from techconsole.reports.summary_words import SummaryWords
from techconsole.reports.work_layout import layout
from techconsole.reports.work_markdown import escape, work_markdown
from techconsole.services.context import Context
from techconsole.services.customers import contracts
from techconsole.services.customers import prepaid as balances
from techconsole.services.customers import registry as customers
from techconsole.services.documents import summaries, work_reports
from techconsole.services.errors import InvalidInput, NotAllowed
from techconsole.services.incidents import closing, intake
from techconsole.services.team import members as team
from techconsole.services.work import billing, months, timer
from techconsole.store.work import PrepaidDraw

from .support import refused, rome

D = Decimal


@pytest.fixture
def studio(make_ctx, clock) -> Context:
    clock.value = rome(2026, 10, 30, 9, 0)
    ctx = make_ctx("anna", policy="istes")
    team.add_technician(ctx, "anna", "Anna Rossi")
    team.add_technician(ctx, "bruno", "Bruno Neri")
    studio = customers.add_customer(ctx, customers.NewCustomer("Studio Bianchi")).id
    contracts.add_contract(
        ctx, studio, "basic", date(2026, 1, 1), date(2026, 12, 31), prepaid_minutes=120
    )
    customers.add_customer(ctx, customers.NewCustomer("Bar Sport"))
    return ctx


def _job(ctx: Context, clock, day: int, work: list[tuple[str, int]], customer="Studio") -> str:
    """An incident of 0``day``/11/2026 worked from 09:00, one session after the other."""
    clock.value = rome(2026, 11, day, 8, 30)
    number = intake.open_incident(ctx, intake.NewIncident(customer, "Corso gestionale")).number
    clock.value = rome(2026, 11, day, 9, 0)
    for kind, minutes in work:
        timer.start(ctx, number, kind=kind)
        clock.advance(minutes=minutes)
        timer.stop(ctx)
        clock.advance(minutes=10)
    return number


def _a_and_b(ctx: Context, clock) -> tuple[str, str]:
    a = _job(ctx, clock, 2, [("training", 180), ("remote", 65)])
    b = _job(ctx, clock, 3, [("training", 120), ("remote", 20)])
    return a, b


def _lines(number_bill) -> list[tuple[str, Decimal, Decimal]]:
    return [(ln.kind, ln.quantity, ln.amount) for ln in number_bill.bill.lines]


def test_training_then_the_block_then_the_price(studio, clock):
    a, b = _a_and_b(studio, clock)
    first = billing.bill_incident(studio, a)
    assert _lines(first) == [
        ("labour", D(9), D("360.00")),
        ("labour", D(4), D("160.00")),
        ("included", D(9), D("-360.00")),
        ("prepaid", D(4), D("-160.00")),
    ]
    assert first.bill.total == D("0.00")
    [use] = first.prepaid
    assert (use.block, use.used, use.left) == (6, 4, 2)
    assert (use.allowance, use.training_used, use.training_left) == (12, 9, 3)
    second = billing.bill_incident(studio, b)
    assert _lines(second) == [
        ("labour", D(6), D("240.00")),
        ("labour", D(1), D("40.00")),
        ("included", D(3), D("-120.00")),
        ("prepaid", D(2), D("-80.00")),
    ]
    assert (second.bill.taxable, second.bill.vat, second.bill.total) == (
        D("80.00"),
        D("17.60"),
        D("97.60"),
    )
    [use] = second.prepaid
    assert (use.used, use.left, use.training_used, use.training_left) == (2, 0, 3, 0)
    # the first bill is as it was: the later work draws after it
    assert _lines(billing.bill_incident(studio, a)) == _lines(first)


def test_a_customer_without_a_contract_pays_all_the_training(studio, clock):
    """Bar Sport, no contract: training 3 h is 9 × 40,00 = 360,00 €, nothing taken off."""
    bar = billing.bill_incident(studio, _job(studio, clock, 2, [("training", 180)], "Bar"))
    assert _lines(bar) == [("labour", D(9), D("360.00"))]
    assert bar.prepaid == ()


def test_the_balance_and_its_lines(studio, clock):
    a, b = _a_and_b(studio, clock)
    clock.value = rome(2026, 11, 4, 9, 0)
    shown = balances.balance(studio, "Studio")
    assert (shown.block, shown.used, shown.left, shown.low) == (6, 6, 0, True)
    assert (shown.allowance, shown.training_used, shown.training_left) == (12, 12, 0)
    assert [(ln.incident, ln.training, ln.scatti, ln.from_allowance, ln.from_block)
            for ln in shown.lines] == [
        (a, True, 9, 9, 0),
        (a, False, 4, 0, 4),
        (b, True, 6, 3, 2),
        (b, False, 1, 0, 0),
    ]  # fmt: skip
    assert [c.customer for c in balances.low_balances(studio)] == ["Studio Bianchi"]


def test_the_lead_sees_who_is_close_to_running_out(studio, clock):
    """20 % of 6 scatti is 1,2: with 2 left the Studio is not low, with 1 left it is."""
    _job(studio, clock, 2, [("remote", 80)])  # 4 scatti: 2 left
    clock.value = rome(2026, 11, 4, 9, 0)
    assert balances.low_balances(studio) == []
    _job(studio, clock, 5, [("remote", 20)])  # 1 more: 1 left
    clock.value = rome(2026, 11, 6, 9, 0)
    [low] = balances.low_balances(studio)
    assert (low.customer, low.block, low.left) == ("Studio Bianchi", 6, 1)


def test_a_closed_month_keeps_its_draws(studio, clock):
    """November closed: the block raised to 10 h (30 scatti) afterwards does not change
    what November's work took; December's work draws on what is left (30 − 6 = 24).
    Reopened, November draws again on the larger block."""
    _, b = _a_and_b(studio, clock)
    clock.value = rome(2026, 12, 1, 9, 0)
    months.close_month(studio, "2026-11")
    with studio.db.read() as session:
        frozen = session.exec(select(PrepaidDraw)).all()
    assert sorted((d.scatti, d.from_allowance, d.from_block) for d in frozen) == [
        (1, 0, 0),
        (4, 0, 4),
        (6, 3, 2),
        (9, 9, 0),
    ]
    balances.set_block(studio, "Studio", 600)
    assert _lines(billing.bill_incident(studio, b))[2:] == [
        ("included", D(3), D("-120.00")),
        ("prepaid", D(2), D("-80.00")),
    ]
    assert balances.balance(studio, "Studio").left == 24
    months.reopen_month(studio, "2026-11")
    assert _lines(billing.bill_incident(studio, b))[2:] == [
        ("included", D(3), D("-120.00")),
        ("prepaid", D(4), D("-160.00")),
    ]
    assert balances.balance(studio, "Studio").left == 30 - 4 - 4


def test_a_block_given_after_the_close_leaves_the_closed_month_alone(make_ctx, clock):
    """Under ``default`` (no training included) a contract without a block has nothing to
    draw on when November is closed, so nothing is recorded for its lines.  A block given
    afterwards must still not reach back into the closed, invoiced month: its bill stays
    4 × 40,00 € and the whole block is left for the work to come."""
    clock.value = rome(2026, 10, 30, 9, 0)
    ctx = make_ctx("anna", policy="default")
    team.add_technician(ctx, "anna", "Anna Rossi")
    shop = customers.add_customer(ctx, customers.NewCustomer("Ottica Verdi")).id
    contracts.add_contract(ctx, shop, "basic", date(2026, 1, 1), date(2026, 12, 31))
    number = _job(ctx, clock, 2, [("remote", 65)], "Ottica")
    before = _lines(billing.bill_incident(ctx, number))
    assert before == [("labour", D(4), D("160.00"))]
    clock.value = rome(2026, 12, 1, 9, 0)
    months.close_month(ctx, "2026-11")
    balances.set_block(ctx, "Ottica", 600)
    assert _lines(billing.bill_incident(ctx, number)) == before
    shown = balances.balance(ctx, "Ottica")
    assert (shown.block, shown.used, shown.left) == (30, 0, 30)
    assert [(ln.from_block, ln.frozen) for ln in shown.lines] == [(0, True)]
    months.reopen_month(ctx, "2026-11")  # open again: it draws on the block
    assert _lines(billing.bill_incident(ctx, number))[1:] == [("prepaid", D(4), D("-160.00"))]


def test_setting_a_block_is_a_leads_and_in_whole_scatti(studio):
    bruno = Context(studio.db, studio.policy, "bruno", studio.now)
    refused(bruno, NotAllowed, balances.set_block, bruno, "Studio", 600, match="only a team lead")
    refused(
        studio,
        InvalidInput,
        balances.set_block,
        studio,
        "Studio",
        610,
        match="whole scatti of 20 minutes: 10h 10m is not; 10h or 10h 20m is",
    )
    refused(studio, InvalidInput, balances.set_block, studio, "Bar", 600, match="no contract")
    view = balances.set_block(studio, "Studio", 600)
    assert view.prepaid_minutes == 600
    refused(
        studio,
        InvalidInput,
        contracts.renew_contract,
        studio,
        "Studio",
        prepaid_minutes=25,
        match="whole scatti",
    )


@pytest.mark.usefixtures("italian")
def test_the_work_report_and_the_month_show_the_block(studio, clock):
    _, b = _a_and_b(studio, clock)
    closing.resolve(studio, b, resolved=True)
    report = work_reports.find(studio, b)
    content = report.content
    assert [(ln.kind, ln.label, ln.amount) for ln in content.lines][2:] == [
        ("included", "training_included", D("-120.00")),
        ("prepaid", "prepaid_hours", D("-80.00")),
    ]
    assert (content.taxable, content.total) == (D("80.00"), D("97.60"))
    assert content.labour == D("80.00")  # the labour left to pay
    [use] = content.prepaid
    assert (use.block, use.used, use.left, use.training_used, use.training_left) == (
        6,
        2,
        0,
        3,
        0,
    )
    said = layout(report)
    assert said.prepaid_note == (
        "Monte ore prepagato – in questo intervento: 2 scatti; rimasti: 0 su 6. "
        "Formazione inclusa nel contratto – in questo intervento: 3 scatti; rimasti: 0 su 12."
    )
    assert [row[0] for row in said.charges.rows][2:] == [
        "Formazione inclusa nel contratto",
        "Monte ore prepagato",
    ]
    assert list(said.charges.notes[2:]) == [
        "formazione inclusa nel contratto",
        "scalato dal monte ore prepagato",
    ]
    assert f"_{escape(said.prepaid_note)}_" in work_markdown(report).splitlines()
    summary = summaries.month_summary(studio, "2026-11", "Studio")
    [month] = summary.prepaid
    assert (month.block, month.used, month.left) == (6, 6, 0)
    assert (month.allowance, month.training_used, month.training_left) == (12, 12, 0)
    data = month_json("2026-11", [summary])
    assert data["customers"][0]["prepaid"] == [
        {
            "contract_id": month.contract_id,
            "plan": "basic",
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
            "block": 6,
            "used": 6,
            "left": 0,
            "training_allowance": 12,
            "training_used": 12,
            "training_left": 0,
        }
    ]
    assert summaries_from_json(data)[0].prepaid == summary.prepaid
    assert prepaid_lines(SummaryWords("it"), summary) == [
        "Monte ore prepagato del contratto dal 01/01/2026 – in questo mese: 6 scatti; "
        "rimasti a fine mese: 0 su 6.",
        "Formazione inclusa nel contratto dal 01/01/2026 – in questo mese: 12 scatti; "
        "rimasti a fine mese: 0 su 12.",
    ]
    assert month_pdf(summary).startswith(b"%PDF")
    # October had no work: nothing taken, everything left at its end
    [october] = summaries.month_summary(studio, "2026-10", "Studio").prepaid
    assert (october.used, october.left, october.training_left) == (0, 6, 12)


@pytest.mark.usefixtures("italian")
def test_the_refusal_in_italian(studio):
    with pytest.raises(InvalidInput) as refusal:
        balances.set_block(studio, "Studio", 610)
    assert str(refusal.value) == (
        "un monte ore prepagato è fatto di scatti interi da 20 minuti: 10h 10m non lo è; "
        "10h o 10h 20m sì"
    )
