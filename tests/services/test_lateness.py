"""Late on site against the guarantee, through the services (seed 003, onsite-tech).

"Per gli interventi urgenti garantiamo la nostra presenza entro 4 ore lavorative dalla
ricezione della segnalazione" — "se la presenza presso il cliente dovesse verificarsi dopo
il termine indicato, non addebitiamo alcun costo di uscita o di manodopera ... (per gli
interventi non urgenti sono previsti sconti del 20% per ogni ora di ritardo)".

The figures are worked out from the seed and the preset: business hours 09–13 and 14–18
Mon–Fri, scatti of 20 minutes at 40,00 €, a call-out fee of 30,00 €, whole hours of delay
(``hours = "whole"``: "per ogni ora di ritardo"), IVA 22 %.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from techconsole.reports import event_words
from techconsole.reports.work_markdown import work_markdown
from techconsole.services.context import Context
from techconsole.services.customers import registry as customers
from techconsole.services.documents import work_reports
from techconsole.services.errors import InvalidInput
from techconsole.services.incidents import closing, workflow
from techconsole.services.incidents import reading as incidents
from techconsole.services.team import members as team
from techconsole.services.work import billing, materials, timer

from .support import open_, refused, rome

D = Decimal
MONDAY_9 = rome(2026, 11, 23, 9, 0)
GUARANTEED = rome(2026, 11, 23, 13, 0)  # 09:00 + 4 business hours (09–13)


@pytest.fixture
def onsite(make_ctx, clock) -> Context:
    """The onsite-tech preset, a lead (anna) and a customer under the annual contract."""
    ctx = make_ctx("anna", "onsite-tech")
    team.add_technician(ctx, "anna", "Anna Rossi")
    added = customers.add_customer(ctx, customers.NewCustomer("Studio Rossi"))
    customers.add_contract(ctx, added.id, "contract", date(2026, 1, 1), date(2026, 12, 31))
    customers.add_contact(ctx, added.id, "Sig. Rossi", "titolare")
    clock.value = MONDAY_9
    return ctx


def _visit(ctx: Context, clock, number: str, arrived: datetime, minutes: int = 60) -> None:
    """On site at ``arrived``, an on-site session of ``minutes``, a network cable."""
    clock.value = arrived
    workflow.arrived_on_site(ctx, number)
    timer.start(ctx, number, kind="on_site")
    clock.advance(minutes=minutes)
    timer.stop(ctx)
    materials.add_material(ctx, number, "Cavo di rete", quantity="1", unit_price="8.50")


def test_urgent_no_promise_late_against_the_guarantee(onsite, clock):
    """Urgent request Mon 09:00, no promise typed, technician on site Mon 15:00: 09–13 and
    14–15 are 5 business hours, more than the 4 guaranteed → no call-out, no labour."""
    number = open_(onsite, "Server fermo", urgent=True).number
    workflow.acknowledge(onsite, number)  # taken in charge, no on-site time promised
    _visit(onsite, clock, number, rome(2026, 11, 23, 15, 0))

    result = billing.bill_incident(onsite, number).bill
    assert result.late is not None
    assert (result.late.term.kind, result.late.term.at) == ("guarantee", GUARANTEED)
    assert result.late_by == timedelta(hours=1)  # 13:00–15:00 less the lunch hour
    assert result.discount_percent == D(100)
    assert [(ln.kind, ln.amount) for ln in result.lines] == [
        ("labour", D("120.00")),  # 60 min = 3 scatti × 40,00
        ("callout", D("30.00")),
        ("discount", D("-150.00")),
        ("material", D("8.50")),  # the cable is still paid
    ]
    assert result.taxable == D("8.50")
    assert result.total == D("10.37")  # 8,50 + 22 % (1,87)

    closing.resolve(onsite, number, resolved=True)
    content = work_reports.find(onsite, number).content
    assert content.guaranteed_on_site_at == GUARANTEED
    assert content.arrival_term == "guarantee"
    assert content.late_minutes == 60
    discount = next(ln for ln in content.lines if ln.kind == "discount")
    assert discount.reason == "late_urgent_guarantee"
    # the customer's copy says which term and how late, in Italian and in English
    report = work_reports.find(onsite, number)
    italian = work_markdown(report, "it")
    assert "- **Arrivo garantito:** 23/11/2026 13:00" in italian
    assert "- **Termine di riferimento:** il termine garantito" in italian
    assert "- **Ritardo:** 1 h (in orario di servizio)" in italian
    assert "arrivo oltre il termine garantito: uscita e manodopera non addebitate" in italian
    english = work_markdown(report, "en")
    assert "- **Guaranteed arrival:** 23 Nov 2026 13:00" in english
    assert "- **Arrival measured against:** the guaranteed time" in english


def test_urgent_in_time_is_billed_in_full(onsite, clock):
    number = open_(onsite, "Server fermo", urgent=True).number
    _visit(onsite, clock, number, rome(2026, 11, 23, 12, 55))
    result = billing.bill_incident(onsite, number).bill
    assert result.late is None
    assert result.taxable == D("158.50")  # 120,00 + 30,00 + 8,50


def test_an_urgent_promise_beyond_the_guarantee_is_refused(onsite, clock):
    number = open_(onsite, "Server fermo", urgent=True).number
    info = refused(
        onsite,
        InvalidInput,
        workflow.acknowledge,
        onsite,
        number,
        on_site_by=rome(2026, 11, 23, 17, 0),
    )
    message = str(info.value)
    assert "guaranteed on site by 23/11/2026 13:00" in message
    assert "23/11/2026 17:00 is later" in message
    assert "customer's agreement" in message
    assert info.value.code == 2


def test_a_later_promise_the_customer_agreed_to_is_recorded_and_is_the_term(onsite, clock):
    number = open_(onsite, "Server fermo", urgent=True).number
    view = workflow.acknowledge(
        onsite,
        number,
        on_site_by=rome(2026, 11, 23, 17, 0),
        customer_agreed="by phone, Sig. Rossi",
        message="Il tecnico sarà da voi alle 17",
    )
    assert view.promised_on_site_at == rome(2026, 11, 23, 17, 0)
    assert view.on_site_agreed == "by phone, Sig. Rossi"
    shown = incidents.show(onsite, number)
    assert shown.incident.on_site_agreed == "by phone, Sig. Rossi"
    (acked,) = [e for e in shown.timeline if e.kind == "acknowledged"]
    assert acked.text == "Il tecnico sarà da voi alle 17"
    assert acked.data["customer_agreed"] == "by phone, Sig. Rossi"
    assert datetime.fromisoformat(acked.data["guaranteed_by"]) == GUARANTEED
    assert datetime.fromisoformat(acked.data["on_site_by"]) == rome(2026, 11, 23, 17, 0)
    assert event_words.summary(acked) == (
        "Il tecnico sarà da voi alle 17\n"
        "on site later than the guarantee, agreed by the customer: by phone, Sig. Rossi"
    )

    # on site at 16:30: after the guarantee, before the agreed time → billed in full
    _visit(onsite, clock, number, rome(2026, 11, 23, 16, 30))
    result = billing.bill_incident(onsite, number).bill
    assert result.late is None
    assert result.taxable == D("158.50")
    closing.resolve(onsite, number, resolved=True)
    content = work_reports.find(onsite, number).content
    assert (content.arrival_term, content.on_site_agreed) == ("agreed", "by phone, Sig. Rossi")
    assert content.late_minutes is None


def test_late_against_the_time_the_customer_agreed_to(onsite, clock):
    number = open_(onsite, "Server fermo", urgent=True).number
    workflow.acknowledge(
        onsite, number, on_site_by=rome(2026, 11, 23, 17, 0), customer_agreed="by phone, Sig. Rossi"
    )
    # Tue 09:30: Mon 17–18 and Tue 09–09:30, 1 h 30 min after the agreed 17:00
    _visit(onsite, clock, number, rome(2026, 11, 24, 9, 30))
    result = billing.bill_incident(onsite, number).bill
    assert result.late is not None
    assert result.late.term.kind == "agreed"
    assert result.late_by == timedelta(hours=1, minutes=30)
    assert result.taxable == D("8.50")
    closing.resolve(onsite, number, resolved=True)
    discount = next(
        ln for ln in work_reports.find(onsite, number).content.lines if ln.kind == "discount"
    )
    assert discount.reason == "late_urgent_agreed"


def test_an_earlier_promise_is_the_term(onsite, clock):
    """Promised 11:00 (inside the four hours), on site 12:00: after the time "indicato"."""
    number = open_(onsite, "Server fermo", urgent=True).number
    workflow.acknowledge(onsite, number, on_site_by=rome(2026, 11, 23, 11, 0))
    _visit(onsite, clock, number, rome(2026, 11, 23, 12, 0))
    result = billing.bill_incident(onsite, number).bill
    assert result.late is not None
    assert (result.late.term.kind, result.late.term.at) == ("promise", rome(2026, 11, 23, 11, 0))
    assert result.taxable == D("8.50")


def test_made_urgent_after_a_later_promise_the_guarantee_is_the_term(onsite, clock):
    """Non-urgent, promised at 17:00 (no guarantee then); triaged urgent at 10:00: the four
    hours run from the report (13:00), earlier than the promise nobody agreed to extend."""
    number = open_(onsite, "Rete lenta").number
    workflow.acknowledge(onsite, number, on_site_by=rome(2026, 11, 23, 17, 0))
    clock.value = rome(2026, 11, 23, 10, 0)
    workflow.triage(onsite, number, urgent=True)
    _visit(onsite, clock, number, rome(2026, 11, 23, 16, 0))
    result = billing.bill_incident(onsite, number).bill
    assert result.late is not None
    assert (result.late.term.kind, result.late.term.at) == ("guarantee", GUARANTEED)
    assert result.late_by == timedelta(hours=2)  # 13–16 less lunch
    assert result.taxable == D("8.50")


def test_non_urgent_promise_missed_by_2h10_costs_40_percent_less(onsite, clock):
    """ "sconti del 20% per ogni ora di ritardo", whole hours (the preset's ``hours``):
    promised Mon 10:00, on site 12:10 → 2 h 10 min → 2 hours → 40 % off call-out and
    labour (150,00 € → 90,00 €), not off the cable."""
    number = open_(onsite, "Stampante guasta").number
    workflow.acknowledge(onsite, number, on_site_by=rome(2026, 11, 23, 10, 0))
    _visit(onsite, clock, number, rome(2026, 11, 23, 12, 10))
    result = billing.bill_incident(onsite, number).bill
    assert result.late is not None
    assert (result.late.term.kind, result.late.hours) == ("promise", 2)
    assert result.late_by == timedelta(hours=2, minutes=10)
    assert result.discount_percent == D(40)
    discount = next(ln for ln in result.lines if ln.kind == "discount")
    assert (discount.unit_price, discount.amount) == (D("150.00"), D("-60.00"))
    assert result.taxable == D("98.50")  # 90,00 + 8,50
    assert result.total == D("120.17")  # + 21,67 IVA


@pytest.mark.parametrize(
    ("subject", "urgent", "on_site_by", "match"),
    [
        ("Server fermo", True, None, "the on-site time they agreed to"),
        ("Server fermo", True, (2026, 11, 23, 12, 0), "is within the guarantee"),
        ("Stampante guasta", False, (2026, 11, 23, 17, 0), "has no on-site guarantee"),
    ],
)
def test_an_agreement_to_nothing_beyond_the_guarantee_is_refused(
    onsite, subject, urgent, on_site_by, match
):
    number = open_(onsite, subject, urgent=urgent).number
    refused(
        onsite,
        InvalidInput,
        workflow.acknowledge,
        onsite,
        number,
        on_site_by=rome(*on_site_by) if on_site_by else None,
        customer_agreed="by phone, Sig. Rossi",
        match=match,
    )


def test_the_default_policy_keeps_measuring_against_the_promise(ctx, clock):
    """The default policy has no on-site clock: a promise is the only term, never refused."""
    number = open_(ctx, "Rete ferma", urgent=True).number
    workflow.acknowledge(ctx, number, on_site_by=rome(2026, 11, 23, 17, 0))
    clock.value = rome(2026, 11, 23, 17, 30)
    workflow.arrived_on_site(ctx, number)
    result = billing.bill_incident(ctx, number).bill
    assert result.late is not None
    assert result.late.term.kind == "promise"
