"""Work reports through the services: issued on resolution, numbered per year, revised
when a later change alters them, the content equal to the billing engine's figures."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import text

from techconsole.services.context import Context
from techconsole.services.customers import registry as customers
from techconsole.services.documents import work_reports
from techconsole.services.documents.report_views import ReportContent, from_json, to_json
from techconsole.services.errors import NotFound
from techconsole.services.incidents import closing, workflow
from techconsole.services.work import billing, materials, timer

from .support import open_, rome, snapshot

D = Decimal


def _work(ctx: Context, clock, number: str, start: datetime, minutes: int, kind: str) -> None:
    clock.value = start
    timer.start(ctx, number, kind=kind)
    clock.advance(minutes=minutes)
    timer.stop(ctx, note=f"{minutes} minuti di lavoro")


def _whole_job(ctx: Context, clock) -> str:
    """examples.md, "A whole work report": 219,00 + 48,18 = 267,18 €."""
    maria = [c for c in customers.show_customer(ctx, 1).contacts if c.name == "Maria Bianchi"]
    number = open_(ctx, "PC non si accende", requester=maria[0].id).number
    workflow.acknowledge(ctx, number, on_site_by=rome(2026, 11, 23, 10, 0))
    clock.value = rome(2026, 11, 23, 11, 30)
    workflow.arrived_on_site(ctx, number)
    _work(ctx, clock, number, rome(2026, 11, 23, 11, 30), 65, "on_site")
    _work(ctx, clock, number, rome(2026, 11, 23, 14, 0), 20, "on_site")
    materials.add_material(
        ctx, number, "RAM 8 GB", quantity="1", unit_price="35,00", code="RAM8", serial="SN-1"
    )
    clock.value = rome(2026, 11, 23, 15, 0)
    closing.resolve(ctx, number, resolved=True, note="Sostituita la RAM, PC avviato")
    return number


@pytest.mark.usefixtures("italian")  # amounts typed the Italian way: 35,00
def test_a_report_is_issued_on_resolution_with_the_bill_s_figures(ctx, clock):
    number = _whole_job(ctx, clock)
    report = work_reports.find(ctx, number)
    assert (report.number, report.revision, report.title) == ("RL-2026-0001", 0, "RL-2026-0001")
    assert report.file_stem == "RL-2026-0001"
    assert report.issued_by == "anna"
    c = report.content
    assert (c.incident, c.subject, c.customer.name) == (number, "PC non si accende",
                                                         "Ottica Esempio S.n.c.")  # fmt: skip
    assert (c.contact, c.contact_role, c.contract, c.plan) == ("Maria Bianchi", "titolare",
                                                               True, "basic")  # fmt: skip
    assert c.report_date == date(2026, 11, 23)
    assert c.resolved is True
    assert not c.urgent
    assert c.promised_on_site_at == rome(2026, 11, 23, 10, 0)
    assert c.on_site_at == rome(2026, 11, 23, 11, 30)
    assert c.late_minutes == 90
    assert c.technicians == ("Anna Rossi",)
    assert [(s.kind, s.minutes, s.start) for s in c.sessions] == [
        ("on_site", 65, rome(2026, 11, 23, 11, 30)),
        ("on_site", 20, rome(2026, 11, 23, 14, 0)),
    ]
    assert [n.text for n in c.work_done] == [
        "65 minuti di lavoro",
        "20 minuti di lavoro",
        "Sostituita la RAM, PC avviato",
    ]
    assert [(ln.label, ln.quantity, ln.amount, dict(ln.args)) for ln in c.lines] == [
        ("labour_session", D(4), D("160.00"), {"kind": "on_site", "minutes": "65"}),
        ("labour_session", D(1), D("40.00"), {"kind": "on_site", "minutes": "20"}),
        ("callout", D(1), D("30.00"), {}),
        ("discount_late", D(20), D("-46.00"), {"percent": "20"}),
    ]
    assert (c.lines[3].reason, dict(c.lines[3].reason_args)) == (
        "late_hours",
        {"hours": "1", "per_hour": "20"},
    )
    parts = [(m.code, m.description, m.quantity, m.unit_price, m.amount, m.serial)
             for m in c.materials]  # fmt: skip
    assert parts == [("RAM8", "RAM 8 GB", D(1), D("35.00"), D("35.00"), "SN-1")]
    assert (c.units, c.labour, c.discounts, c.materials_total) == (
        5, D("230.00"), D("-46.00"), D("35.00"))  # fmt: skip
    assert (c.taxable, c.vat_percent, c.vat, c.total) == (D("219.00"), D(22), D("48.18"),
                                                          D("267.18"))  # fmt: skip
    bill = billing.bill_incident(ctx, number).bill
    assert (c.taxable, c.vat, c.total) == (bill.taxable, bill.vat, bill.total)
    assert c.free_reason is None


def test_a_session_under_a_minute_reads_one_minute_not_zero(ctx, clock):
    """A 55-second session is billed one scatto: the report says "1 min" beside it."""
    number = open_(ctx, "Stampante").number
    clock.value = rome(2026, 11, 23, 11, 30)
    timer.start(ctx, number, kind="remote")
    clock.advance(seconds=55)
    timer.stop(ctx)
    clock.advance(minutes=1)
    closing.resolve(ctx, number, resolved=True, note="Riavviata")
    c = work_reports.find(ctx, number).content
    assert [s.minutes for s in c.sessions] == [1]
    first = c.lines[0]
    assert (first.label, first.quantity, dict(first.args)) == (
        "labour_session",
        D(1),
        {"kind": "remote", "minutes": "1"},
    )


@pytest.mark.usefixtures("italian")  # amounts typed the Italian way: 35,00
def test_the_json_form_reads_back_the_same(ctx, clock):
    content = work_reports.find(ctx, _whole_job(ctx, clock)).content
    assert from_json(ReportContent, to_json(content)) == content


@pytest.mark.usefixtures("italian")  # amounts typed the Italian way: 35,00
def test_a_change_after_resolution_issues_a_revision_and_keeps_the_first(ctx, clock):
    number = _whole_job(ctx, clock)
    clock.advance(hours=1)
    materials.add_material(ctx, number, "Cavo SATA", quantity="2", unit_price="3,50")
    report = work_reports.find(ctx, "rl-2026-0001")
    assert (report.title, report.file_stem) == ("RL-2026-0001 rev. 1", "RL-2026-0001-rev1")
    assert report.content.taxable == D("226.00")
    first = work_reports.find(ctx, "RL-2026-0001", revision=0)
    assert first.content.taxable == D("219.00")
    assert first.superseded_at == clock.value
    assert [r.revision for r in work_reports.revisions(ctx, "RL-2026-0001")] == [0, 1]
    # a change that does not alter the report issues nothing
    closing.close(ctx, number)
    assert len(work_reports.revisions(ctx, "RL-2026-0001")) == 2


def test_numbers_run_per_year_of_issue(ctx, clock):
    first = open_(ctx).number
    closing.resolve(ctx, first, resolved=True)
    second = open_(ctx).number
    closing.resolve(ctx, second, resolved=True)
    clock.value = rome(2027, 1, 4, 10, 0)
    third = open_(ctx).number
    closing.resolve(ctx, third, resolved=True)
    assert [work_reports.find(ctx, n).number for n in (first, second, third)] == [
        "RL-2026-0001",
        "RL-2026-0002",
        "RL-2027-0001",
    ]
    listed = work_reports.list_reports(ctx)
    assert [r.number for r in listed] == ["RL-2027-0001", "RL-2026-0002", "RL-2026-0001"]
    assert [r.number for r in work_reports.list_reports(ctx, month="2026-11")] == [
        "RL-2026-0002",
        "RL-2026-0001",
    ]


def test_an_unresolved_visit_gets_a_report_naming_its_follow_up(ctx, clock):
    number = open_(ctx, level=2).number
    closing.resolve(ctx, number, resolved=False, note="Serve un pezzo")
    content = work_reports.find(ctx, number).content
    assert content.resolved is False
    assert content.follow_up == "2026-000002"


def test_free_work_says_why(ctx, clock):
    number = open_(ctx).number
    workflow.triage(ctx, number, warranty=True)
    _work(ctx, clock, number, rome(2026, 11, 23, 10, 0), 30, "remote")
    closing.resolve(ctx, number, resolved=True)
    content = work_reports.find(ctx, number).content
    assert content.free_reason == "warranty"
    assert content.total == 0
    assert [(ln.amount, ln.reason) for ln in content.lines] == [(D("0.00"), "free")]


def test_an_open_incident_has_no_report(ctx):
    number = open_(ctx).number
    before = snapshot(ctx)
    with pytest.raises(NotFound, match="issued when the incident is resolved"):
        work_reports.find(ctx, number)
    with pytest.raises(NotFound, match="neither a report number"):
        work_reports.find(ctx, "boh")
    with pytest.raises(NotFound, match="no work report RL-2026-0099"):
        work_reports.revisions(ctx, "RL-2026-0099")
    assert snapshot(ctx) == before


def test_issue_all_catches_up_and_is_idempotent(ctx, clock):
    numbers = [open_(ctx).number for _ in range(3)]
    for number in numbers:
        closing.resolve(ctx, number, resolved=True)
    with ctx.db.engine.begin() as conn:  # as in a database from before work reports
        conn.execute(text("DELETE FROM work_report"))
    assert work_reports.issue_all(ctx) == work_reports.IssueSummary(3, 0, 0)
    assert work_reports.issue_all(ctx) == work_reports.IssueSummary(0, 0, 3)


def test_an_unknown_incident_number_is_named_as_such(ctx):
    with pytest.raises(NotFound, match="no incident 2026-000077"):
        work_reports.find(ctx, "2026-000077")
