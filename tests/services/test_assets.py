"""A customer's machines through the services (seed 004), on SQLite and PostgreSQL: what is
recorded about them, whether each is covered and why, the incidents about them and the bill
of work on a machine that is not covered."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from techconsole.services.assets import care, reading
from techconsole.services.assets import registry as assets
from techconsole.services.context import Context
from techconsole.services.customers import registry as customers
from techconsole.services.documents import activity, work_reports
from techconsole.services.documents.report_views import to_json
from techconsole.services.errors import (
    Conflict,
    InvalidInput,
    InvalidTransition,
    NotFound,
    UnknownActor,
)
from techconsole.services.incidents import closing, workflow
from techconsole.services.incidents import reading as incidents
from techconsole.services.team import members as team
from techconsole.services.work import billing, timer

from .support import open_, refused, rome

D = Decimal


@pytest.fixture
def office(make_ctx) -> Context:
    """Seed 004's preset: a lead (anna), a technician (bruno), Studio Rossi under the client
    contract for 2026 (id 1) and Bar Sport without a contract (id 2)."""
    ctx = make_ctx("anna", policy="client-contract")
    team.add_technician(ctx, "anna", "Anna Rossi")
    team.add_technician(ctx, "bruno", "Bruno Neri")
    studio = customers.add_customer(ctx, customers.NewCustomer("Studio Rossi"))
    customers.add_contract(ctx, studio.id, "client", date(2026, 1, 1), date(2026, 12, 31))
    customers.add_customer(ctx, customers.NewCustomer("Bar Sport"))
    return ctx


def machine(ctx: Context, name: str = "PC-Reception", customer: int | str = 1, **facts):
    return assets.add_asset(ctx, assets.NewAsset(customer, name, **facts))


def both_installed(ctx: Context, ref: int, **kwargs) -> None:
    care.verify_software(ctx, ref, ["antivirus", "backup"], True, **kwargs)


def test_add_list_show_with_every_fact_and_the_audit(office):
    added = machine(
        office,
        kind="laptop",
        serial="SN-123",
        os="Windows 11 Pro",
        location="Reception, Maria",
        covered_since=date(2026, 1, 10),
        remote_id="123 456 789",
        notes="Stampante di rete collegata",
    )
    assert (added.id, added.customer_id, added.customer) == (1, 1, "Studio Rossi")
    assert (added.kind, added.serial, added.os) == ("laptop", "SN-123", "Windows 11 Pro")
    assert (added.location, added.remote_id) == ("Reception, Maria", "123 456 789")
    assert added.covered_since == date(2026, 1, 10)
    assert not added.retired
    assert added.reasons() == ("antivirus never verified", "backup never verified")

    machine(office, "Server", kind="server")
    machine(office, "PC-Banco", customer="Bar Sport")
    listed = reading.list_assets(office)
    assert [(v.customer, v.name) for v in listed] == [
        ("Bar Sport", "PC-Banco"),
        ("Studio Rossi", "PC-Reception"),
        ("Studio Rossi", "Server"),
    ]
    assert [v.name for v in reading.list_assets(office, "Studio")] == ["PC-Reception", "Server"]
    bar = reading.list_assets(office, 2)[0]
    assert bar.reasons() == (
        "no contract in force",
        "antivirus never verified",
        "backup never verified",
    )

    shown = reading.show_asset(office, 1)
    assert shown.asset == added
    assert shown.required == ("antivirus", "backup")
    assert shown.software == shown.history == ()
    assert shown.inspection is None
    trail = incidents.audit_trail(office, entity="asset")
    assert [(a.action, a.entity_id, a.actor, a.data["name"]) for a in trail] == [
        ("asset.add", 1, "anna", "PC-Reception"),
        ("asset.add", 2, "anna", "Server"),
        ("asset.add", 3, "anna", "PC-Banco"),
    ]


def test_covered_once_the_required_software_is_verified_lost_and_regained(office, clock):
    ref = machine(office).id
    care.verify_software(office, ref, ["Antivirus"], True, product="Norton Security Premium")
    assert reading.show_asset(office, ref).asset.reasons() == ("backup never verified",)
    both_installed(office, ref)
    assert reading.show_asset(office, ref).asset.covered

    clock.value = rome(2026, 11, 25, 9, 0)
    lost = care.verify_software(office, ref, ["backup"], False, note="Owncloud disinstallato")
    assert not lost.covered
    assert lost.reasons() == ("backup not installed since 25/11/2026",)
    clock.advance(days=2)  # still missing: since the first time it was found missing
    care.verify_software(office, ref, ["backup"], False)
    assert reading.show_asset(office, ref).asset.reasons() == (
        "backup not installed since 25/11/2026",
    )
    clock.advance(days=1)
    assert care.verify_software(office, ref, ["backup"], True).covered

    shown = reading.show_asset(office, ref)
    assert [(s.name, s.installed) for s in shown.software] == [
        ("antivirus", True),
        ("backup", True),
    ]
    assert [(s.name, s.installed, s.verified_by) for s in shown.history] == [
        ("backup", True, "anna"),
        ("backup", False, "anna"),
        ("backup", False, "anna"),
        ("backup", True, "anna"),  # the same moment: the last recorded first
        ("antivirus", True, "anna"),
        ("antivirus", True, "anna"),
    ]
    assert shown.history[-1].product == "Norton Security Premium"
    assert shown.history[2].note == "Owncloud disinstallato"
    verified = [a for a in incidents.audit_trail(office, entity="asset") if a.action != "asset.add"]
    assert [(a.data["software"], a.data["installed"]) for a in verified][:3] == [
        ("antivirus", True),
        ("antivirus", True),
        ("backup", True),
    ]


def test_a_verification_at_another_time(office, clock):
    ref = machine(office).id
    both_installed(office, ref, at=rome(2026, 11, 2, 9, 0))
    care.verify_software(office, ref, ["backup"], False, at=rome(2026, 11, 12, 9, 0))
    assert reading.show_asset(office, ref).asset.reasons() == (
        "backup not installed since 12/11/2026",
    )
    with pytest.raises(InvalidInput, match="in the future"):
        care.verify_software(office, ref, ["backup"], True, at=clock.value + timedelta(hours=1))


def test_software_the_policy_does_not_require_is_recorded_and_changes_nothing(office):
    ref = machine(office).id
    both_installed(office, ref)
    view = care.verify_software(office, ref, ["TeamViewer"], False)
    assert view.covered
    assert [s.name for s in reading.show_asset(office, ref).software] == [
        "antivirus",
        "backup",
        "teamviewer",
    ]


def test_edit_changes_only_what_is_given(office):
    ref = machine(office, os="Windows 10", serial="SN-1").id
    changed = assets.edit_asset(office, ref, assets.AssetChanges(name="PC-Cassa", os="Windows 11"))
    assert (changed.name, changed.os, changed.serial) == ("PC-Cassa", "Windows 11", "SN-1")
    (edit,) = [a for a in incidents.audit_trail(office, entity="asset") if a.action == "asset.edit"]
    assert edit.data == {
        "name": "PC-Cassa",
        "os": "Windows 11",
        "old_name": "PC-Reception",
        "old_os": "Windows 10",
    }
    cleared = assets.edit_asset(office, ref, assets.AssetChanges(serial=""))
    assert cleared.serial == ""


def test_retired_machines(office, clock):
    ref = machine(office).id
    both_installed(office, ref)
    retired = assets.retire_asset(office, ref)
    assert retired.retired
    assert retired.reasons() == ("retired on 23/11/2026",)
    assert reading.list_assets(office) == []
    assert [v.name for v in reading.list_assets(office, retired=True)] == ["PC-Reception"]
    refused(office, InvalidTransition, assets.retire_asset, office, ref, match="retired already")
    refused(office, InvalidTransition, both_installed, office, ref, match="is retired since")
    refused(office, InvalidInput, open_, office, asset=ref, match="is retired since")


def test_the_inspection_at_acceptance(office, clock):
    ref = machine(office).id
    findings = "Ventola CPU rumorosa, sostituita; dati salvati su server"
    done = care.record_inspection(office, ref, findings, at=rome(2026, 11, 20, 15, 0))
    assert (done.inspected_by, done.findings) == ("anna", findings)
    assert reading.show_asset(office, ref).inspection == done
    refused(office, Conflict, care.record_inspection, office, ref, "Altro", match="--replace")
    fixed = care.record_inspection(office.as_("bruno"), ref, "Nessuna avaria", replace=True)
    assert reading.show_asset(office, ref).inspection == fixed
    assert fixed.inspected_by == "bruno"
    last = incidents.audit_trail(office, entity="asset")[-1]
    assert (last.action, last.data["old_findings"]) == ("asset.inspect", findings)


def test_refusals_say_why_and_write_nothing(office):
    ref = machine(office).id
    bad = assets.NewAsset
    refused(office, NotFound, assets.add_asset, office, bad(99, "PC"), match="no customer")
    refused(office, InvalidInput, assets.add_asset, office, bad(1, "  "), match="name is empty")
    refused(office, InvalidInput, assets.add_asset, office, bad(1, "PC", kind="tablet"))
    refused(office, InvalidInput, assets.add_asset, office, bad(1, "P" * 201))
    refused(office, NotFound, reading.show_asset, office, 99, match="no machine with id 99")
    refused(office, NotFound, assets.edit_asset, office, "x", assets.AssetChanges(name="y"))
    nothing = assets.AssetChanges()
    refused(office, InvalidInput, assets.edit_asset, office, ref, nothing, match="nothing")
    same = assets.AssetChanges(name="PC-Reception")
    refused(office, InvalidInput, assets.edit_asset, office, ref, same, match="already")
    refused(office, InvalidInput, care.verify_software, office, ref, [" "], True)
    refused(
        office,
        InvalidInput,
        care.verify_software,
        office,
        ref,
        ["antivirus", "backup"],
        True,
        product="Norton",
        match="one by one",
    )
    refused(office, InvalidInput, care.record_inspection, office, ref, " ", match="empty")
    refused(office, UnknownActor, both_installed, office.as_("zeno"), ref)


def test_any_technician_records_machines(office):
    bruno = office.as_("bruno")
    ref = machine(bruno).id
    both_installed(bruno, ref)
    shown = reading.show_asset(office, ref)
    assert {s.verified_by for s in shown.software} == {"bruno"}


def test_an_incident_names_its_machine(office, clock):
    pc = machine(office).id
    other = machine(office, "PC-Banco", customer=2).id
    both_installed(office, pc, at=rome(2026, 11, 2, 9, 0))
    opened = open_(office, "Il PC non si avvia", asset=pc)
    assert (opened.asset_id, opened.asset) == (pc, "PC-Reception")
    detail = incidents.show(office, opened.number)
    assert detail.machine is not None
    assert (detail.machine.name, detail.machine.covered) == ("PC-Reception", True)
    assert detail.timeline[0].data["asset"] == "PC-Reception"
    refused(office, InvalidInput, open_, office, asset=other, match="not a machine of Studio")
    refused(office, NotFound, open_, office, asset=99)

    plain = open_(office, "Stampante")
    assert plain.asset is None
    assert incidents.show(office, plain.number).machine is None
    set_later = workflow.triage(office, plain.number, asset=pc)
    assert set_later.asset == "PC-Reception"
    cleared = workflow.triage(office, plain.number, no_asset=True)
    assert cleared.asset is None
    triaged = [e.data for e in incidents.show(office, plain.number).timeline if e.kind == "triage"]
    assert triaged == [
        {"asset": "PC-Reception", "old_asset": None},
        {"asset": None, "old_asset": "PC-Reception"},
    ]
    refused(office, InvalidInput, workflow.triage, office, plain.number, no_asset=True)
    refused(office, InvalidInput, workflow.triage, office, plain.number, asset=pc, no_asset=True)
    refused(office, InvalidInput, workflow.triage, office, plain.number, asset=other)
    assert reading.show_asset(office, pc).incidents == (opened.number,)


def _repair(ctx: Context, clock, asset: int) -> str:
    """A level-2 hardware repair on site on the machine: 50 minutes, a part."""
    clock.value = rome(2026, 11, 23, 10, 0)
    number = open_(ctx, "Disco guasto", level=2, asset=asset).number
    clock.value = rome(2026, 11, 23, 11, 0)
    workflow.arrived_on_site(ctx, number)
    timer.start(ctx, number, kind="on_site")
    clock.advance(minutes=50)
    timer.stop(ctx)
    return number


def test_work_on_a_covered_machine_is_under_the_contract(office, clock):
    pc = machine(office).id
    both_installed(office, pc, at=rome(2026, 11, 2, 9, 0))
    number = _repair(office, clock, pc)
    priced = billing.bill_incident(office, number)
    assert priced.machine is not None
    assert priced.machine.covered
    assert not priced.outside_contract
    assert priced.bill.free_reason == (
        "level-2 repair under the client contract: only parts are paid"
    )
    assert priced.bill.taxable == D("0.00")


def test_work_on_an_uncovered_machine_is_billed_outside_the_contract(office, clock):
    pc = machine(office).id
    both_installed(office, pc, at=rome(2026, 11, 2, 9, 0))
    care.verify_software(office, pc, ["backup"], False, at=rome(2026, 11, 12, 9, 0))
    number = _repair(office, clock, pc)
    priced = billing.bill_incident(office, number)
    assert priced.contract  # the customer has the contract …
    assert priced.outside_contract  # … but not for this machine
    assert priced.machine is not None
    assert priced.machine.reasons() == ("backup not installed since 12/11/2026",)
    assert priced.bill.free_reason is None
    assert priced.bill.taxable == D("150.00")  # 3 scatti and the call-out

    closing.resolve(office, number, resolved=True, note="Disco sostituito")
    content = work_reports.find(office, number).content
    assert content.machine == "PC-Reception"
    assert [(g.code, dict(g.args)) for g in content.machine_gaps] == [
        ("not_installed", {"software": "backup", "day": "12/11/2026"})
    ]
    assert content.total == D("183.00")


def test_found_missing_during_the_work(office, clock):
    pc = machine(office).id
    both_installed(office, pc, at=rome(2026, 11, 2, 9, 0))
    number = _repair(office, clock, pc)
    assert billing.bill_incident(office, number).machine.covered
    # while still on it, the technician finds the antivirus gone
    care.verify_software(office, pc, ["antivirus"], False)
    priced = billing.bill_incident(office, number)
    assert priced.outside_contract
    assert priced.machine.reasons() == ("antivirus not installed since 23/11/2026",)


def test_a_backdated_verification_brings_the_work_report_up_to_date(office, clock):
    pc = machine(office).id
    both_installed(office, pc, at=rome(2026, 11, 2, 9, 0))
    number = _repair(office, clock, pc)
    closing.resolve(office, number, resolved=True)
    report = work_reports.find(office, number)
    assert report.revision == 0
    assert report.content.total == D("0.00")
    assert report.content.machine_gaps == ()

    clock.advance(days=1)
    # the monthly check finds the backup was uninstalled before the repair
    care.verify_software(office, pc, ["backup"], False, at=rome(2026, 11, 20, 9, 0))
    report = work_reports.find(office, number)
    assert report.revision == 1
    assert report.content.total == D("183.00")
    assert [g.code for g in report.content.machine_gaps] == ["not_installed"]

    # one found missing after the work ended changes nothing
    care.verify_software(office, pc, ["antivirus"], False)
    assert work_reports.find(office, number).revision == 1


def test_a_report_without_a_machine_says_nothing_of_machines(office, clock):
    """Reports issued before machines existed keep their fingerprint: the new fields are
    left out of the stored form while empty."""
    clock.value = rome(2026, 11, 23, 10, 0)
    number = open_(office, "Stampante").number
    closing.resolve(office, number, resolved=True)
    stored = to_json(work_reports.find(office, number).content)
    assert "machine" not in stored
    assert "machine_gaps" not in stored


def test_the_machines_of_two_customers_of_one_name_are_listed_each_customer_apart(office):
    """Two customers may have the same name, a customer two machines of the same name: the
    list keeps each customer's machines together, and machines of one name in the order
    they were recorded, also after one was changed."""
    other = customers.add_customer(office, customers.NewCustomer("Studio Rossi"))
    machine(office, "PC", customer=other.id)
    machine(office, "PC")
    machine(office, "Server")
    machine(office, "PC")
    assets.edit_asset(office, 2, assets.AssetChanges(notes="in reception"))
    listed = reading.list_assets(office)
    assert [(v.customer_id, v.name, v.id) for v in listed] == [
        (1, "PC", 2),
        (1, "PC", 4),
        (1, "Server", 3),
        (other.id, "PC", 1),
    ]


def test_a_machine_lists_the_incidents_about_it_newest_first_also_within_an_instant(office):
    pc = machine(office).id
    numbers = [open_(office, f"Problema {n}", asset=pc).number for n in range(3)]
    workflow.note(office, numbers[0], "Richiamato il cliente")
    assert reading.show_asset(office, pc).incidents == tuple(reversed(numbers))


def test_the_activity_report_keeps_the_order_things_were_done_in_within_an_instant(office):
    """The test clock stands still: everything happens at one instant, and the report
    lists it in the order it was done, whatever kind of thing it was done to."""
    machine(office)
    customers.add_contact(office, 1, "Maria Bianchi", "titolare")
    customers.add_contract(office, 1, "client", date(2027, 1, 1), date(2027, 12, 31))
    machine(office, "PC-Magazzino")
    rows = activity.activity(office, 1, date(2026, 11, 1), date(2026, 11, 30)).rows
    assert [(r.action, r.text) for r in rows] == [
        ("customer.add", "Studio Rossi"),
        ("contract.add", "client"),
        ("asset.add", "PC-Reception"),
        ("contact.add", "Maria Bianchi"),
        ("contract.add", "client"),
        ("asset.add", "PC-Magazzino"),
    ]


def test_the_activity_report_lists_what_was_done_on_the_machines(office, clock):
    pc = machine(office).id
    both_installed(office, pc)
    rows = activity.activity(office, 1, date(2026, 11, 1), date(2026, 11, 30)).rows
    assert [(r.action, r.text, dict(r.data)) for r in rows] == [
        ("customer.add", "Studio Rossi", {}),
        ("contract.add", "client", {}),
        ("asset.add", "PC-Reception", {}),
        ("asset.verify", "PC-Reception", {"software": "antivirus", "installed": True}),
        ("asset.verify", "PC-Reception", {"software": "backup", "installed": True}),
    ]
