"""Bills through the services: sessions, arrival on site and materials recorded as a
technician records them, then ``billing.bill_incident`` (examples.md and policy.md §6)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from techconsole.services.context import Context
from techconsole.services.customers import registry as customers
from techconsole.services.errors import NotFound
from techconsole.services.incidents import closing, workflow
from techconsole.services.incidents import reading as incidents
from techconsole.services.policies import resolve
from techconsole.services.team import members as team
from techconsole.services.work import billing, materials, timer

from .support import open_, rome

D = Decimal


def _work(ctx: Context, clock, number: str, start: datetime, minutes: int, kind: str) -> None:
    """A session of ``minutes`` from ``start``, with the clock moved along as it happens."""
    clock.value = start
    timer.start(ctx, number, kind=kind)
    clock.advance(minutes=minutes)
    timer.stop(ctx)


def _lines(number_bill) -> list[tuple[str, Decimal, str]]:
    return [(ln.kind, ln.amount, ln.reason) for ln in number_bill.bill.lines]


def _office(make_ctx, policy: str, plan: str | None = None, **customer: Any) -> Context:
    """A lead and one customer (id 1) under ``policy``, with a contract on ``plan``."""
    ctx = make_ctx("anna", policy=policy)
    team.add_technician(ctx, "anna", "Anna Rossi")
    added = customers.add_customer(ctx, customers.NewCustomer("Cliente Prova", **customer))
    if plan is not None:
        customers.add_contract(ctx, added.id, plan, date(2026, 1, 1), date(2026, 12, 31))
    return ctx


# --- examples.md -------------------------------------------------------------------------


@pytest.mark.usefixtures("italian")  # amounts typed the Italian way: 35,00
def test_a_whole_work_report(ctx, clock):
    """Basic contract, non-urgent on-site job, promised 10:00, arrived 11:30; sessions of
    65 and 20 minutes; RAM 8 GB at 35,00 € → 219,00 + 48,18 IVA = 267,18 €."""
    opened = open_(ctx, "PC non si accende")
    assert not opened.urgent
    number = opened.number
    workflow.acknowledge(ctx, number, on_site_by=rome(2026, 11, 23, 10, 0))
    clock.value = rome(2026, 11, 23, 11, 30)
    workflow.arrived_on_site(ctx, number)
    _work(ctx, clock, number, rome(2026, 11, 23, 11, 30), 65, "on_site")
    _work(ctx, clock, number, rome(2026, 11, 23, 14, 0), 20, "on_site")
    materials.add_material(ctx, number, "RAM 8 GB", quantity="1", unit_price="35,00")

    result = billing.bill_incident(ctx, number)
    assert result.number == number
    assert result.customer == "Ottica Esempio S.n.c."
    assert result.plan == "basic"
    assert result.contract
    bill = result.bill
    assert bill.units == 5
    assert bill.labour == D("200.00")
    assert [(ln.kind, ln.quantity, ln.amount) for ln in bill.lines] == [
        ("labour", D(4), D("160.00")),
        ("labour", D(1), D("40.00")),
        ("callout", D(1), D("30.00")),
        ("discount", D(20), D("-46.00")),
        ("material", D(1), D("35.00")),
    ]
    discount = bill.lines[3]
    assert discount.unit_price == D("230.00")  # 20 % of labour and call-out, not of the RAM
    assert "1 h of delay" in discount.reason
    assert bill.late_by == timedelta(minutes=90)
    assert bill.discount_percent == D(20)
    assert bill.free_reason is None
    assert bill.taxable == D("219.00")
    assert bill.vat_percent == D(22)
    assert bill.vat == D("48.18")
    assert bill.total == D("267.18")
    assert bill.running_sessions == 0


@pytest.mark.parametrize(
    ("urgent", "arrived", "labour_and_callout", "percent"),
    [
        (True, (10, 5), "0.00", 100),  # any delay on an urgent job
        (False, (10, 50), "70.00", 0),  # less than one whole hour late
        (False, (11, 30), "56.00", 20),  # one whole hour
        (False, (15, 10), "14.00", 80),  # 10-13 and 14-15:10: 4 h 10 min of business time
    ],
)
def test_late_arrival_examples(ctx, clock, urgent, arrived, labour_and_callout, percent):
    clock.value = rome(2026, 11, 23, 9, 0)
    number = open_(ctx, "Rete ferma", urgent=urgent).number
    workflow.acknowledge(ctx, number, on_site_by=rome(2026, 11, 23, 10, 0))
    on_site = rome(2026, 11, 23, *arrived)
    clock.value = on_site
    workflow.arrived_on_site(ctx, number)
    _work(ctx, clock, number, on_site, 20, "on_site")  # 1 scatto = 40,00 + call-out 30,00
    materials.add_material(ctx, number, "Switch 8 porte", quantity="1", unit_price="25")

    bill = billing.bill_incident(ctx, number).bill
    assert bill.discount_percent == D(percent)
    assert bill.materials == D("25.00")  # a discount never touches materials
    assert bill.taxable - bill.materials == D(labour_and_callout)
    assert bill.total == bill.taxable + bill.vat


def test_a_running_session_is_not_billed_yet(ctx, clock):
    number = open_(ctx).number
    _work(ctx, clock, number, rome(2026, 11, 23, 10, 0), 21, "remote")
    timer.start(ctx.as_("bruno"), number)
    clock.advance(hours=1)
    bill = billing.bill_incident(ctx, number).bill
    assert bill.units == 2
    assert bill.taxable == D("80.00")
    assert bill.running_sessions == 1


def test_a_remote_job_has_no_call_out(ctx, clock):
    number = open_(ctx).number
    _work(ctx, clock, number, rome(2026, 11, 23, 10, 0), 40, "remote")
    assert _lines(billing.bill_incident(ctx, number)) == [("labour", D("80.00"), "")]


def test_an_unknown_incident_has_no_bill(ctx):
    with pytest.raises(NotFound):
        billing.bill_incident(ctx, "2026-000999")


# --- free of charge, with the reason shown ----------------------------------------------


def test_warranty_work_is_free(ctx, clock):
    number = open_(ctx).number
    workflow.triage(ctx, number, warranty=True)
    clock.value = rome(2026, 11, 23, 11, 0)
    workflow.arrived_on_site(ctx, number)
    _work(ctx, clock, number, rome(2026, 11, 23, 11, 0), 65, "on_site")
    materials.add_material(ctx, number, "Ventola", quantity="1", unit_price="12", warranty=True)
    materials.add_material(ctx, number, "Pasta termica", quantity="1", unit_price="4.50")

    bill = billing.bill_incident(ctx, number).bill
    reason = "warranty – not billed"  # the bill keeps the English
    assert bill.free_reason == reason
    assert bill.units == 4  # the work is still counted
    assert _lines(billing.bill_incident(ctx, number)) == [
        ("labour", D("0.00"), reason),
        ("callout", D("0.00"), reason),
        ("material", D("0.00"), reason),
        ("material", D("4.50"), ""),
    ]
    assert bill.taxable == D("4.50")


def test_the_follow_up_of_a_visit_that_did_not_solve_the_problem_is_free(ctx, clock):
    number = open_(ctx).number
    _work(ctx, clock, number, rome(2026, 11, 23, 10, 0), 30, "on_site")
    closing.resolve(ctx, number, resolved=False, note="il guasto si ripresenta")
    (follow_up,) = incidents.show(ctx, number).follow_ups

    _work(ctx, clock, follow_up, rome(2026, 11, 24, 9, 0), 45, "on_site")
    bill = billing.bill_incident(ctx, follow_up).bill
    assert bill.free_reason is not None
    assert "follow-up of a visit that did not solve the problem" in bill.free_reason
    assert bill.labour == D("0.00")
    assert bill.taxable == D("0.00")
    # the first visit is billed as usual: 2 scatti and the call-out
    assert billing.bill_incident(ctx, number).bill.taxable == D("110.00")


def test_level_two_labour_under_a_client_contract_only_parts_paid(make_ctx, clock):
    ctx = _office(make_ctx, "client-contract", plan="client")
    number = open_(ctx, "Disco guasto", level=2).number
    clock.value = rome(2026, 11, 23, 11, 0)
    workflow.arrived_on_site(ctx, number)
    _work(ctx, clock, number, rome(2026, 11, 23, 11, 0), 50, "on_site")
    materials.add_material(ctx, number, "SSD 500 GB", quantity="1", unit_price="59.90")

    result = billing.bill_incident(ctx, number)
    assert result.plan == "client"
    reason = "level-2 repair under the client contract: only parts are paid"
    assert result.bill.free_reason == reason
    assert _lines(result) == [
        ("labour", D("0.00"), reason),
        ("callout", D("0.00"), reason),
        ("material", D("59.90"), ""),
    ]
    assert result.bill.vat == D("13.18")
    assert result.bill.total == D("73.08")


def test_level_two_without_a_contract_is_paid(make_ctx, clock):
    ctx = _office(make_ctx, "client-contract")
    number = open_(ctx, "Disco guasto", level=2).number
    _work(ctx, clock, number, rome(2026, 11, 23, 11, 0), 50, "on_site")
    bill = billing.bill_incident(ctx, number).bill
    assert bill.free_reason is None
    assert bill.taxable == D("150.00")  # 3 scatti + call-out


def test_cloud_software_support_is_free_remote(make_ctx, clock):
    ctx = _office(make_ctx, "default", plan="basic", deployment="cloud")
    number = open_(ctx, "Errore nel gestionale", category="software").number
    _work(ctx, clock, number, rome(2026, 11, 23, 10, 0), 30, "remote")
    bill = billing.bill_incident(ctx, number).bill
    assert bill.free_reason == "support on cloud software (since 01/01/2021)"
    assert bill.taxable == D("0.00")

    # other work for the same cloud customer is paid
    other = open_(ctx, "Stampante", category="hardware").number
    _work(ctx, clock, other, rome(2026, 11, 23, 11, 0), 30, "remote")
    assert billing.bill_incident(ctx, other).bill.taxable == D("80.00")


def test_on_premise_software_support_is_paid(make_ctx, clock):
    ctx = _office(make_ctx, "default", plan="basic", deployment="on_premise")
    number = open_(ctx, "Errore nel gestionale", category="software").number
    _work(ctx, clock, number, rome(2026, 11, 23, 10, 0), 30, "remote")
    bill = billing.bill_incident(ctx, number).bill
    assert bill.free_reason is None
    assert bill.taxable == D("80.00")


@pytest.mark.parametrize(
    ("since", "free"),
    [(date(2026, 3, 1), True), (date(2025, 11, 24), True), (date(2025, 11, 23), False)],
)
def test_a_resellers_first_year_is_free(make_ctx, clock, since, free):
    ctx = _office(make_ctx, "default", plan="basic", reseller=True, reseller_since=since)
    number = open_(ctx, "Installazione presso un cliente del rivenditore").number
    _work(ctx, clock, number, rome(2026, 11, 23, 10, 0), 60, "remote")
    bill = billing.bill_incident(ctx, number).bill
    if free:
        assert bill.free_reason == f"reseller's first year (since {since:%d/%m/%Y})"
        assert bill.taxable == D("0.00")
    else:
        assert bill.free_reason is None
        assert bill.taxable == D("120.00")


def test_what_the_plan_covers_is_free(make_ctx, clock):
    ctx = _office(make_ctx, "istes", plan="basic")
    number = open_(ctx, "Domanda sul programma", category="software").number
    _work(ctx, clock, number, rome(2026, 11, 23, 10, 0), 30, "remote")
    bill = billing.bill_incident(ctx, number).bill
    assert bill.free_reason == "covered by the plan (software)"
    assert bill.taxable == D("0.00")


# --- late arrival and priority on request, per preset ------------------------------------


def test_urgent_job_late_on_site_costs_no_labour_and_no_call_out(make_ctx, clock):
    ctx = _office(make_ctx, "onsite-tech")
    clock.value = rome(2026, 11, 23, 9, 0)
    number = open_(ctx, "Server fermo", urgent=True).number
    workflow.acknowledge(ctx, number, on_site_by=rome(2026, 11, 23, 13, 0))
    clock.value = rome(2026, 11, 23, 14, 30)
    workflow.arrived_on_site(ctx, number)
    _work(ctx, clock, number, rome(2026, 11, 23, 14, 30), 90, "on_site")
    materials.add_material(ctx, number, "Alimentatore", quantity="1", unit_price="49")

    bill = billing.bill_incident(ctx, number).bill
    assert bill.late_by == timedelta(minutes=30)  # 13:00-14:00 is the lunch break
    assert bill.discount_percent == D(100)
    assert [(ln.kind, ln.amount) for ln in bill.lines] == [
        ("labour", D("200.00")),
        ("callout", D("30.00")),
        ("discount", D("-230.00")),
        ("material", D("49.00")),
    ]
    assert "urgent" in bill.lines[2].reason
    assert bill.taxable == D("49.00")
    assert bill.total == D("59.78")


def test_on_time_no_discount(make_ctx, clock):
    ctx = _office(make_ctx, "onsite-tech")
    clock.value = rome(2026, 11, 23, 9, 0)
    number = open_(ctx, "Server fermo", urgent=True).number
    workflow.acknowledge(ctx, number, on_site_by=rome(2026, 11, 23, 13, 0))
    clock.value = rome(2026, 11, 23, 12, 55)
    workflow.arrived_on_site(ctx, number)
    _work(ctx, clock, number, rome(2026, 11, 23, 12, 55), 20, "on_site")
    bill = billing.bill_incident(ctx, number).bill
    assert bill.late_by is None
    assert bill.taxable == D("70.00")


def test_priority_on_request_for_a_non_urgent_matter_costs_extra(make_ctx, clock):
    ctx = _office(make_ctx, "mb-services", plan="contract")
    number = open_(ctx, "Aggiornamento del sito", urgent_on_request=True).number
    _work(ctx, clock, number, rome(2026, 11, 23, 15, 0), 40, "remote")
    result = billing.bill_incident(ctx, number)
    assert [(ln.kind, ln.quantity, ln.unit_price, ln.amount) for ln in result.bill.lines] == [
        ("labour", D(2), D("40.00"), D("80.00")),
        ("surcharge", D(50), D("80.00"), D("40.00")),  # 50 % of the labour
    ]
    assert result.bill.lines[1].reason == "handled first at the customer's request, not urgent"
    assert result.bill.taxable == D("120.00")
    assert result.bill.vat == D("26.40")
    assert result.bill.total == D("146.40")

    # really urgent: no surcharge
    urgent = open_(ctx, "URGENTE sito irraggiungibile", urgent_on_request=True).number
    _work(ctx, clock, urgent, rome(2026, 11, 23, 16, 0), 40, "remote")
    assert billing.bill_incident(ctx, urgent).bill.taxable == D("80.00")


def test_the_surcharge_is_on_the_labour_not_on_the_call_out(make_ctx, clock, tmp_path):
    policy = _policy_with(tmp_path, urgent_on_request_percent='"50"')
    ctx = _office(make_ctx, policy, plan="basic")
    number = open_(ctx, "Stampante", urgent_on_request=True).number
    _work(ctx, clock, number, rome(2026, 11, 23, 10, 0), 40, "on_site")
    bill = billing.bill_incident(ctx, number).bill
    assert [(ln.kind, ln.amount) for ln in bill.lines] == [
        ("labour", D("80.00")),
        ("callout", D("30.00")),
        ("surcharge", D("40.00")),
    ]


# --- rounding settings -------------------------------------------------------------------


def _policy_with(tmp_path: Path, **settings: str) -> str:
    """The default policy with some [billing] settings (TOML values) changed."""
    text = resolve("default").read_text(encoding="utf-8")
    for key, value in settings.items():
        old = next(line for line in text.splitlines() if line.startswith(f"{key} = "))
        text = text.replace(old, f"{key} = {value}")
    path = tmp_path / "custom.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("settings", "units"),
    [
        ({}, 3),  # up, per session: 7 + 7 + 7 min → 1 + 1 + 1
        ({"rounding_scope": '"incident_day"'}, 2),  # 21 min in the day → 2
        ({"rounding": '"nearest"'}, 0),  # 7 min is nearer to 0 scatti than to 1
        ({"rounding": '"nearest"', "minimum_units": "1"}, 3),
        ({"rounding": '"nearest"', "rounding_scope": '"incident_day"'}, 1),
    ],
)
def test_rounding_settings(make_ctx, clock, tmp_path, settings, units):
    ctx = _office(make_ctx, _policy_with(tmp_path, **settings), plan="basic")
    number = open_(ctx).number
    for hour in (10, 11, 12):
        _work(ctx, clock, number, rome(2026, 11, 23, hour, 0), 7, "remote")
    bill = billing.bill_incident(ctx, number).bill
    assert bill.units == units
    assert bill.taxable == D(40) * units
