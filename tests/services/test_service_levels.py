"""Service levels through the services (seed 004, policy.md §8), on SQLite and PostgreSQL:
the level an incident's work is billed at, the client contract's free labour, the warnings
on the bill, the incident and the work report.

The figures are worked out by hand from the client-contract preset: a scatto of 20
minutes at 40,00 €, a 30,00 € call-out, IVA 22 %.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from techconsole.reports.work_markdown import work_markdown
from techconsole.services.context import Context
from techconsole.services.customers import registry as customers
from techconsole.services.documents import work_reports
from techconsole.services.incidents import closing, workflow
from techconsole.services.incidents import reading as incidents
from techconsole.services.team import members as team
from techconsole.services.work import billing, materials, timer

from .support import open_, rome

D = Decimal
MONDAY_10 = rome(2026, 11, 23, 10, 0)


def _office(make_ctx, policy: str = "client-contract", plan: str | None = "client") -> Context:
    """A lead and one customer (id 1) with a contract on ``plan`` for 2026 (none: none)."""
    ctx = make_ctx("anna", policy=policy)
    team.add_technician(ctx, "anna", "Anna Rossi")
    added = customers.add_customer(ctx, customers.NewCustomer("Studio Rossi"))
    if plan is not None:
        customers.add_contract(ctx, added.id, plan, date(2026, 1, 1), date(2026, 12, 31))
    return ctx


def _work(ctx: Context, clock, number: str, start: datetime, minutes: int, kind: str) -> None:
    clock.value = start
    timer.start(ctx, number, kind=kind)
    clock.advance(minutes=minutes)
    timer.stop(ctx)


def _lines(number: str, ctx: Context) -> list[tuple[str, Decimal]]:
    return [(ln.kind, ln.amount) for ln in billing.bill_incident(ctx, number).bill.lines]


def test_level_one_remote_work_is_part_of_the_client_contract(make_ctx, clock):
    """Before: the preset compared the level with a category word and billed 97,60 €."""
    ctx = _office(make_ctx)
    number = open_(ctx, "Outlook non si apre", level=1).number
    _work(ctx, clock, number, MONDAY_10, 60, "remote")
    found = billing.bill_incident(ctx, number)
    assert found.plan == "client" and found.contract
    assert found.bill.units == 3
    assert found.bill.free_code == "level1_contract"
    assert found.bill.free_reason == "part of the client contract (level 1)"
    assert _lines(number, ctx) == [("labour", D("0.00"))]
    assert found.bill.total == D("0.00")
    check = incidents.show(ctx, number).level_check
    assert check is not None
    assert (check.declared, check.effective, check.warnings) == (1, 1, ())


def test_level_one_remote_without_a_contract_is_three_scatti(make_ctx, clock):
    ctx = _office(make_ctx, plan=None)
    number = open_(ctx, "Outlook non si apre", level=1).number
    _work(ctx, clock, number, MONDAY_10, 60, "remote")
    found = billing.bill_incident(ctx, number)
    assert (found.plan, found.contract) == ("none", False)
    assert found.bill.free_code is None
    assert found.bill.taxable == D("120.00")
    assert found.bill.vat == D("26.40")
    assert found.bill.total == D("146.40")


def test_level_two_on_site_pays_only_the_spare_part(make_ctx, clock):
    """ "NON SI PAGA L'INTERVENTO DI RIPRISTINO MA SOLTANTO IL PEZZO DI RICAMBIO"."""
    ctx = _office(make_ctx)
    number = open_(ctx, "Disco guasto", level=2, category="hardware").number
    clock.value = MONDAY_10
    workflow.arrived_on_site(ctx, number)
    _work(ctx, clock, number, MONDAY_10, 60, "on_site")
    materials.add_material(ctx, number, "SSD 500 GB", quantity="1", unit_price="55.00")
    found = billing.bill_incident(ctx, number)
    assert found.bill.free_code == "level2_contract"
    assert _lines(number, ctx) == [
        ("labour", D("0.00")),
        ("callout", D("0.00")),
        ("material", D("55.00")),
    ]
    assert (found.bill.taxable, found.bill.vat, found.bill.total) == (
        D("55.00"),
        D("12.10"),
        D("67.10"),
    )
    assert found.bill.level_check.warnings == ()


def test_level_two_worked_only_remotely_is_billed_as_level_one(make_ctx, clock):
    """ "Le problematiche riguardano solo avarie di tipo Hardware", on site: a level-2
    incident solved by remote sessions is level 1 (part of the contract), and said so."""
    ctx = _office(make_ctx)
    number = open_(ctx, "PC lento", level=2).number
    _work(ctx, clock, number, MONDAY_10, 40, "remote")
    _work(ctx, clock, number, rome(2026, 11, 23, 11, 0), 10, "phone")
    found = billing.bill_incident(ctx, number)
    check = found.bill.level_check
    assert (check.declared, check.effective, check.warnings) == (2, 1, ("level2_remote_only",))
    assert found.bill.free_code == "level1_contract"  # not "level2_contract": no parts-only
    assert found.bill.total == D("0.00")
    shown = incidents.show(ctx, number).level_check
    assert shown == check
    # the visit comes: level 2 after all, its labour free, no warning
    clock.value = rome(2026, 11, 24, 9, 30)
    workflow.arrived_on_site(ctx, number)
    again = billing.bill_incident(ctx, number).bill
    assert (again.level_check.effective, again.level_check.warnings) == (2, ())
    assert again.free_code == "level2_contract"


def test_level_two_worked_remotely_under_a_plan_of_level_two_only_is_paid(make_ctx, clock):
    """The default preset's contracts include level 2 alone: remote work is billed."""
    ctx = _office(make_ctx, policy="default", plan="basic")
    number = open_(ctx, "PC lento", level=2).number
    _work(ctx, clock, number, MONDAY_10, 60, "remote")
    found = billing.bill_incident(ctx, number).bill
    assert found.level_check.warnings == ("level2_remote_only",)
    assert found.free_code is None
    assert found.taxable == D("120.00")


def test_level_one_with_a_visit_is_flagged(make_ctx, clock):
    ctx = _office(make_ctx)
    number = open_(ctx, "Stampante", level=1).number
    _work(ctx, clock, number, MONDAY_10, 30, "on_site")
    found = billing.bill_incident(ctx, number).bill
    assert (found.level_check.effective, found.level_check.warnings) == (1, ("level1_on_site",))
    check = incidents.show(ctx, number).level_check
    assert check is not None and check.warnings == ("level1_on_site",)


def test_a_running_session_is_not_judged_yet(make_ctx, clock):
    ctx = _office(make_ctx)
    number = open_(ctx, "PC lento", level=2).number
    clock.value = MONDAY_10
    timer.start(ctx, number, kind="remote")
    check = incidents.show(ctx, number).level_check
    assert check is not None and (check.effective, check.warnings) == (2, ())


def test_the_work_report_says_the_level_and_why_it_changed(make_ctx, clock, italian):
    ctx = _office(make_ctx)
    remote = open_(ctx, "PC lento", level=2).number
    _work(ctx, clock, remote, MONDAY_10, 40, "remote")
    closing.resolve(ctx, remote, resolved=True, note="Pulizia dei file temporanei")
    report = work_reports.find(ctx, remote)
    assert (report.content.level, report.content.effective_level) == (2, 1)
    assert report.content.free_reason == "level1_contract"
    text = work_markdown(report, "it")
    assert (
        "**Livello di servizio:** 1° livello (dichiarato 2° livello: nessun intervento presso "
        "il cliente)"
    ) in text
    assert "Compreso nel contratto di assistenza (1° livello) – non fatturato" in text
    english = work_markdown(report, "en")
    assert "**Service level:** level 1 (declared level 2: no work at the customer's site)" in (
        english
    )

    visit = open_(ctx, "Alimentatore guasto", level=2).number
    clock.value = rome(2026, 11, 24, 10, 0)
    workflow.arrived_on_site(ctx, visit)
    _work(ctx, clock, visit, rome(2026, 11, 24, 10, 0), 30, "on_site")
    closing.resolve(ctx, visit, resolved=True, note="Sostituito l'alimentatore")
    text = work_markdown(work_reports.find(ctx, visit), "it")
    assert "**Livello di servizio:** 2° livello\n" in text


def test_a_report_under_a_policy_without_levels_does_not_speak_of_them(ctx, clock):
    number = open_(ctx, "Stampante", level=1).number
    _work(ctx, clock, number, MONDAY_10, 30, "remote")
    closing.resolve(ctx, number, resolved=True, note="Driver aggiornato")
    report = work_reports.find(ctx, number)
    assert report.content.effective_level is None
    assert "Livello di servizio" not in work_markdown(report, "it")
