"""Monthly summaries and the activity report through the services."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from techconsole.services.customers import registry as customers
from techconsole.services.documents import activity, summaries, work_reports
from techconsole.services.errors import InvalidInput, NotAllowed, NotFound
from techconsole.services.incidents import closing, workflow
from techconsole.services.work import materials, timer

from .support import ROME, open_, rome

D = Decimal


def _job(
    ctx, clock, day: int, minutes: int, part: str | None = None, customer: int = 1, month=11, hour=9
) -> str:
    clock.value = rome(2026, month, day, hour, 0)
    number = open_(ctx, f"Lavoro del {day}", customer=customer).number
    timer.start(ctx, number)
    clock.advance(minutes=minutes)
    timer.stop(ctx)
    if part:
        materials.add_material(ctx, number, part, quantity="1", unit_price="12,34")
    closing.resolve(ctx, number, resolved=True)
    return number


@pytest.mark.usefixtures("italian")  # amounts typed the Italian way: 35,00
def test_a_month_summary_lists_its_reports_and_sums_them_to_the_cent(ctx, clock):
    _job(ctx, clock, 2, 65, "Toner")  # 4 scatti 160 + 12,34
    _job(ctx, clock, 10, 20)  # 1 scatto 40
    _job(ctx, clock, 24, 41, "Cavo")  # 3 scatti 120 + 12,34
    _job(ctx, clock, 1, 20, month=12)  # December: not in November's summary
    summary = summaries.month_summary(ctx, "2026-11", 1)
    assert summary.customer.name == "Ottica Esempio S.n.c."
    assert [(r.title, r.report_date, r.units) for r in summary.rows] == [
        ("RL-2026-0001", date(2026, 11, 2), 4),
        ("RL-2026-0002", date(2026, 11, 10), 1),
        ("RL-2026-0003", date(2026, 11, 24), 3),
    ]
    assert [r.taxable for r in summary.rows] == [D("172.34"), D("40.00"), D("132.34")]
    assert [r.vat for r in summary.rows] == [D("37.91"), D("8.80"), D("29.11")]
    assert (summary.units, summary.labour, summary.materials) == (8, D("320.00"), D("24.68"))
    assert (summary.taxable, summary.vat, summary.total) == (
        D("344.68"),
        D("75.82"),  # the sum of the reports' IVA, not 22 % of 344,68 (75,83)
        D("420.50"),
    )
    for row in summary.rows:
        report = work_reports.find(ctx, row.number).content
        assert (row.taxable, row.vat, row.total) == (report.taxable, report.vat, report.total)


def test_the_summary_uses_the_current_revision(ctx, clock):
    number = _job(ctx, clock, 2, 20)
    clock.advance(hours=1)
    materials.add_material(ctx, number, "Mouse", quantity="1", unit_price="10")
    (row,) = summaries.month_summary(ctx, "2026-11", 1).rows
    assert (row.title, row.taxable) == ("RL-2026-0001 rev. 1", D("50.00"))


def test_every_customer_with_reports_gets_one_summary(ctx, clock):
    other = customers.add_customer(ctx, customers.NewCustomer("Bar Centrale")).id
    customers.add_customer(ctx, customers.NewCustomer("Nessun Lavoro"))
    _job(ctx, clock, 3, 20)
    _job(ctx, clock, 4, 40, customer=other)
    _job(ctx, clock, 5, 60, customer=other)
    listed = summaries.month_summaries(ctx, "2026-11")
    assert [(s.customer.name, len(s.rows), s.total) for s in listed] == [
        ("Bar Centrale", 2, D("244.00")),
        ("Ottica Esempio S.n.c.", 1, D("48.80")),
    ]
    assert summaries.month_summaries(ctx, "2026-10") == []
    empty = summaries.month_summary(ctx, "2026-11", "Nessun Lavoro")
    assert (empty.rows, empty.total) == ((), D("0.00"))


@pytest.mark.parametrize("month", ["2026-13", "11-2026", "2026/11", ""])
def test_a_bad_month_is_refused(ctx, month):
    with pytest.raises(InvalidInput, match="YYYY-MM"):
        summaries.month_summaries(ctx, month)


def test_an_unknown_customer_is_refused(ctx):
    with pytest.raises(NotFound):
        summaries.month_summary(ctx, "2026-11", 99)


def test_the_activity_report_says_who_did_what_when(ctx, clock):
    clock.value = rome(2026, 11, 23, 8, 0)
    customers.add_contact(ctx, 1, "Gino Ads", "ads")
    number = _job(ctx, clock, 23, 30)
    workflow.note(ctx.as_("bruno"), number, "Backup verificato")
    other = customers.add_customer(ctx, customers.NewCustomer("Altro Cliente")).id
    _job(ctx, clock, 23, 20, customer=other, hour=15)
    report = activity.activity(ctx, 1, date(2026, 11, 23), date(2026, 11, 23))
    assert report.customer.name == "Ottica Esempio S.n.c."
    assert report.incidents == (number,)
    on_incidents = [(r.actor, r.incident, r.action) for r in report.rows if r.incident]
    assert on_incidents == [
        ("anna", number, "opened"),
        ("anna", number, "timer_started"),
        ("anna", number, "timer_stopped"),
        ("anna", number, "resolved"),
        ("anna", number, "report"),
        ("bruno", number, "note"),
        ("bruno", number, "report"),  # the note after resolution revised the report
    ]
    # the customer's own records, added by the fixture at 10:00 (in that order) and here
    # at 08:00
    own = [(r.at.astimezone(ROME).hour, r.action, r.text) for r in report.rows if not r.incident]
    assert own == [
        (8, "contact.add", "Gino Ads"),
        (10, "customer.add", "Ottica Esempio S.n.c."),
        (10, "contract.add", "basic"),
        (10, "contact.add", "Maria Bianchi"),
        (10, "contact.add", "Luca Verdi"),
    ]
    stopped = next(r for r in report.rows if r.action == "timer_stopped")
    assert stopped.data["minutes"] == 30
    noted = next(r for r in report.rows if r.action == "note")
    assert (noted.actor_name, noted.text) == ("Bruno Neri", "Backup verificato")
    assert [r.at for r in report.rows] == sorted(r.at for r in report.rows)
    # another day: nothing
    assert activity.activity(ctx, 1, date(2026, 11, 24), date(2026, 11, 30)).rows == ()


def test_the_activity_period_must_run_forwards(ctx):
    with pytest.raises(InvalidInput, match="ends"):
        activity.activity(ctx, 1, date(2026, 11, 30), date(2026, 11, 1))


def test_only_a_lead_gets_every_customers_summaries(ctx, make_ctx):
    bruno = make_ctx("bruno")
    with pytest.raises(NotAllowed) as info:
        summaries.month_summaries(bruno, "2026-11")
    assert str(info.value) == (
        "only a team lead can write every customer's monthly summaries; ask your lead"
    )
    assert summaries.month_summary(bruno, "2026-11", 1).customer_id == 1
