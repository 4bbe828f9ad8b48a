"""Monthly health checks through the services (seed 004), on SQLite and PostgreSQL: the
agreed day, which checks are due and overdue, recording one with its findings, a repeat
after a dangerous finding, an incident opened from a finding, and no check for a machine
that is not under contract."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from techconsole.services.assets import care
from techconsole.services.assets import reading as asset_reading
from techconsole.services.assets import registry as assets
from techconsole.services.checks import due, reading, record, schedule
from techconsole.services.context import Context
from techconsole.services.customers import registry as customers
from techconsole.services.errors import Conflict, InvalidInput, InvalidTransition, NotFound
from techconsole.services.incidents import reading as incidents
from techconsole.services.team import members as team

from .support import refused, rome


@pytest.fixture
def office(make_ctx, clock) -> Context:
    """Seed 004's preset on Monday 5 January 2026: a lead (anna), a technician (bruno),
    Studio Rossi under the client contract for 2026 (id 1) with PC-Reception (id 1, both
    pieces of software installed), Bar Sport under contract until Sunday 15 March 2026
    (id 2) with PC-Banco (id 2)."""
    clock.value = rome(2026, 1, 5, 9, 0)
    ctx = make_ctx("anna", policy="client-contract")
    team.add_technician(ctx, "anna", "Anna Rossi", role="lead")
    team.add_technician(ctx, "bruno", "Bruno Neri")
    studio = customers.add_customer(ctx, customers.NewCustomer("Studio Rossi")).id
    customers.add_contract(ctx, studio, "client", date(2026, 1, 1), date(2026, 12, 31))
    bar = customers.add_customer(ctx, customers.NewCustomer("Bar Sport")).id
    customers.add_contract(ctx, bar, "client", date(2025, 3, 16), date(2026, 3, 15))
    for customer, name in ((studio, "PC-Reception"), (bar, "PC-Banco")):
        machine = assets.add_asset(
            ctx, assets.NewAsset(customer, name, covered_since=date(2026, 1, 5))
        )
        care.verify_software(ctx, machine.id, ["antivirus", "backup"], True)
    return ctx


def listed(found) -> list[tuple[str, str, date, str]]:
    return [(c.asset, c.kind, c.day, c.state) for c in found.checks]


def check(ctx: Context, asset: int = 1, *findings: str, **kwargs) -> object:
    from techconsole.domain.check_items import parse_item

    checklist = ctx.policy.service.health_checklist
    parsed = [parse_item(f, checklist) for f in findings]
    return record.record_check(
        ctx, record.NewCheck(asset, parsed, all_ok=kwargs.pop("all_ok", True), **kwargs)
    )


def test_the_schedules_of_customers_of_one_name_are_listed_in_the_order_recorded(office):
    """Several customers may share a name: their agreed days in the order the customers
    were recorded (PostgreSQL's sort of one name did not keep it)."""
    ids: dict[str, list[int]] = {"Studio Rossi": [1], "Bar Sport": [2]}
    for n in range(10):
        name = "Studio Rossi" if n % 2 else "Bar Sport"
        ids[name].append(customers.add_customer(office, customers.NewCustomer(name)).id)
    for customer in reversed([*ids["Studio Rossi"], *ids["Bar Sport"]]):
        schedule.set_schedule(office, customer, "primo martedì")
    listed = [s.customer_id for s in schedule.list_schedules(office)]
    assert listed == [*ids["Bar Sport"], *ids["Studio Rossi"]]


def test_the_default_day_is_the_first_working_day_and_a_schedule_is_agreed(office, clock):
    found = schedule.schedule_of(office, "Studio Rossi")
    assert (found.rule, found.agreed) == ("FIRST-WORKING-DAY", False)
    # 1 January a holiday, then the weekend: the first working day of February is Mon 2nd
    assert listed(due.due_checks(office, date(2026, 2, 2))) == [
        ("PC-Banco", "monthly", date(2026, 2, 2), "due"),
        ("PC-Reception", "monthly", date(2026, 2, 2), "due"),
    ]
    agreed = schedule.set_schedule(
        office, "Studio Rossi", "primo martedì", technician_login="bruno"
    )
    assert (agreed.rule, agreed.said, agreed.technician) == (
        "FREQ=MONTHLY;BYDAY=+1TU",
        "primo martedì",
        "bruno",
    )
    assert [s.customer for s in schedule.list_schedules(office)] == ["Studio Rossi"]
    # Tuesday 6 January is the first Tuesday on or after the machine came under contract
    assert listed(due.due_checks(office, date(2026, 1, 6))) == [
        ("PC-Reception", "monthly", date(2026, 1, 6), "due")
    ]
    with pytest.raises(InvalidInput, match="'whenever' is not a schedule"):
        schedule.set_schedule(office, 1, "whenever")
    with pytest.raises(NotFound, match="no technician with login 'zoe'"):
        schedule.set_schedule(office, 1, "last friday", technician_login="zoe")


def test_a_check_recorded_stands_for_the_month_and_the_next_is_due_a_month_later(office, clock):
    schedule.set_schedule(office, 1, "first tuesday")
    clock.value = rome(2026, 1, 6, 15, 0)
    done = check(office, 1, "backup=fixed:il job notturno era fermo, riavviato", note="Tutto ok")
    assert done.number == "CP-2026-0001"
    assert done.due_on == date(2026, 1, 6)
    assert done.no_personal_access
    assert [(i.item, i.outcome) for i in done.items] == [
        ("system_logs", "ok"),
        ("antivirus", "ok"),
        ("backup", "fixed"),
        ("disk_health", "ok"),
        ("os_updates", "ok"),
        ("free_space", "ok"),
    ]
    assert done.outcome == "fixed" and done.repeat_by is None
    assert listed(due.due_checks(office, date(2026, 1, 20), customer=1)) == []
    coming = due.due_checks(office, date(2026, 1, 20), customer=1, upcoming=True)
    assert listed(coming) == [("PC-Reception", "monthly", date(2026, 2, 3), "upcoming")]
    # not done in February: overdue from 1 March, and still the only one listed in April
    assert listed(due.due_checks(office, date(2026, 3, 1), customer=1)) == [
        ("PC-Reception", "monthly", date(2026, 2, 3), "overdue")
    ]
    april = due.due_checks(office, date(2026, 4, 10), customer=1)
    assert [c.state for c in april.overdue] == ["overdue"]
    clock.value = rome(2026, 4, 10, 11, 0)
    late = check(office, 1)
    assert (late.number, late.due_on) == ("CP-2026-0002", date(2026, 2, 3))
    coming = due.due_checks(office, date(2026, 4, 10), customer=1, upcoming=True)
    assert listed(coming) == [("PC-Reception", "monthly", date(2026, 5, 5), "upcoming")]
    with office.db.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT action, entity_id FROM audit WHERE action = 'check.record' ORDER BY id"
        ).fetchall()
    assert rows == [("check.record", 1), ("check.record", 1)]


def test_the_working_day_follows_the_contract_that_started_last(office, clock, make_ctx, tmp_path):
    """A customer moving to a plan of another calendar before the old contract ends: the
    new contract is the one in force (as for its requests), and so its calendar decides
    the check's working day.  Sunday 1 March 2026 is a working day under office-7 only."""
    shipped = (Path(__file__).parents[2] / "data/policies/client-contract.toml").read_text()
    policy = tmp_path / "seven-days.toml"
    policy.write_text(
        shipped
        + '\n[calendars.office-7]\ntimezone = "Europe/Rome"\nholidays = "IT"\n'
        + 'every_day = ["09:00-13:00", "14:00-18:00"]\n'
        + '\n[plans.client7]\nlabel = "Contratto 7 giorni"\ncalendar = "office-7"\n'
        + 'included_levels = [1, 2]\ntargets.onsite = "4h"\ntargets.confirmation = "8h"\n',
        encoding="utf-8",
    )
    seven = make_ctx("anna", policy=str(policy))
    customers.add_contract(seven, 1, "client7", date(2026, 2, 15), date(2027, 2, 14))
    clock.value = rome(2026, 2, 20, 10, 0)
    coming = due.due_checks(seven, date(2026, 2, 20), customer=1, upcoming=True)
    assert listed(coming) == [("PC-Reception", "monthly", date(2026, 2, 2), "due")]
    check(seven, 1)
    coming = due.due_checks(seven, date(2026, 2, 20), customer=1, upcoming=True)
    assert listed(coming) == [("PC-Reception", "monthly", date(2026, 3, 1), "upcoming")]


def test_checks_across_months_of_different_lengths(office, clock):
    """Agreed on the 31st: January's on the 31st, February's on the 28th."""
    schedule.set_schedule(office, 1, "giorno 31")
    assert listed(due.due_checks(office, date(2026, 1, 31), customer=1)) == [
        ("PC-Reception", "monthly", date(2026, 1, 31), "due")
    ]
    clock.value = rome(2026, 1, 31, 10, 0)
    check(office, 1)
    feb = due.due_checks(office, date(2026, 2, 1), customer=1, upcoming=True)
    assert listed(feb) == [("PC-Reception", "monthly", date(2026, 2, 28), "upcoming")]
    assert listed(due.due_checks(office, date(2026, 2, 28), customer=1))[0][3] == "due"
    assert listed(due.due_checks(office, date(2026, 3, 1), customer=1))[0][3] == "overdue"


def test_a_contract_that_ends_mid_month_has_no_check_after_it_ends(office, clock):
    """Bar Sport's contract ends on Sunday 15 March: the first working day of March (Mon
    2nd) is checked; on the last Friday (the 27th) it is no longer under contract."""
    clock.value = rome(2026, 2, 2, 10, 0)
    check(office, 2)
    assert listed(due.due_checks(office, date(2026, 3, 2), customer=2)) == [
        ("PC-Banco", "monthly", date(2026, 3, 2), "due")
    ]
    clock.value = rome(2026, 3, 2, 10, 0)
    check(office, 2)
    assert listed(due.due_checks(office, date(2026, 4, 20), customer=2, upcoming=True)) == []
    schedule.set_schedule(office, 2, "last friday")
    clock.value = rome(2026, 3, 20, 10, 0)
    march = due.due_checks(office, date(2026, 3, 31), customer=2, upcoming=True)
    assert listed(march) == []


def test_a_machine_not_covered_has_no_check_and_is_listed_apart(office, clock):
    clock.value = rome(2026, 1, 20, 10, 0)
    care.verify_software(office, 1, ["backup"], False, note="disinstallato dall'utente")
    february = due.due_checks(office, date(2026, 2, 2))
    assert listed(february) == [("PC-Banco", "monthly", date(2026, 2, 2), "due")]
    assert [(u.asset, u.reasons()) for u in february.uncovered] == [
        ("PC-Reception", ("backup not installed since 20/01/2026",))
    ]
    # covered again on 10 February: its check is March's, February's day found it uncovered
    clock.value = rome(2026, 2, 10, 10, 0)
    care.verify_software(office, 1, ["backup"], True)
    march = due.due_checks(office, date(2026, 3, 2), customer=1)
    assert listed(march) == [("PC-Reception", "monthly", date(2026, 3, 2), "due")]
    # a check due on a day it was covered stays due, flagged, when coverage is lost after
    clock.value = rome(2026, 3, 3, 10, 0)
    care.verify_software(office, 1, ["antivirus"], False)
    flagged = due.due_checks(office, date(2026, 3, 3), customer=1)
    assert listed(flagged) == [("PC-Reception", "monthly", date(2026, 3, 2), "due")]
    assert flagged.checks[0].reasons() == ("antivirus not installed since 03/03/2026",)
    assert flagged.uncovered == ()


def test_a_dangerous_finding_calls_for_a_repeat_within_the_policy_days(office, clock):
    clock.value = rome(2026, 2, 2, 17, 0)
    first = check(office, 1, "disk_health=danger:settori riallocati in aumento, SMART in allarme")
    assert first.outcome == "danger"
    assert first.repeat_by == date(2026, 2, 9)
    found = due.due_checks(office, date(2026, 2, 3), customer=1)
    assert [(c.kind, c.day, c.state, c.repeat_of) for c in found.checks] == [
        ("repeat", date(2026, 2, 9), "due", "CP-2026-0001")
    ]
    assert [c.kind for c in due.due_checks(office, date(2026, 2, 10), customer=1).overdue] == [
        "repeat"
    ]
    clock.value = rome(2026, 2, 6, 10, 0)
    again = check(office, 1, "disk_health=fixed:disco sostituito, dati clonati")
    assert again.repeat_of == "CP-2026-0001"
    assert again.due_on is None  # February's monthly check was done already
    assert reading.show_check(office, "cp-2026-0001").repeated_by == "CP-2026-0002"
    assert listed(due.due_checks(office, date(2026, 2, 10), customer=1)) == []


def test_a_finding_opens_an_incident_on_the_machine_in_one_step(office, clock):
    clock.value = rome(2026, 2, 2, 10, 0)
    done = check(
        office,
        1,
        "backup=problem:l'ultimo backup riuscito è del 20/01",
        "os_updates=problem:aggiornamenti in errore 0x800f081f",
        incidents=["backup"],
    )
    backup = next(i for i in done.items if i.item == "backup")
    assert backup.incident is not None
    opened = incidents.show(office, backup.incident).incident
    assert opened.asset == "PC-Reception"
    assert opened.subject.startswith("Health check CP-2026-0001: Backup ran and can be restored")
    assert opened.channel == "health_check"
    later, number = record.open_incident(office, done.number, "os_updates", severity="N")
    assert next(i.incident for i in later.items if i.item == "os_updates") == number
    with pytest.raises(Conflict, match="has an incident already"):
        record.open_incident(office, done.number, "os_updates")
    with pytest.raises(InvalidInput, match="nothing was found"):
        record.open_incident(office, done.number, "system_logs")
    with pytest.raises(InvalidInput, match="unknown severity 'Z'"):
        record.open_incident(office, done.number, "backup", severity="Z")


def test_a_check_says_how_every_item_went(office, clock):
    clock.value = rome(2026, 2, 2, 10, 0)
    with pytest.raises(InvalidInput, match="missing: system_logs, antivirus"):
        check(office, 1, "backup=ok", all_ok=False)
    with pytest.raises(InvalidInput, match="'printer' is not an item"):
        check(office, 1, incidents=["printer"])
    with pytest.raises(InvalidInput, match="nothing was found to open an incident"):
        check(office, 1, incidents=["backup"])
    with pytest.raises(InvalidInput, match="is in the future"):
        check(office, 1, at=rome(2026, 2, 3, 10, 0))
    assets.retire_asset(office, 2)
    refused(office, InvalidTransition, check, office, 2, match="is retired since")
    refused(office, NotFound, check, office, 9, match="no machine with id 9")
    refused(
        office,
        InvalidInput,
        check,
        office,
        1,
        "backup=problem:job fermo",
        incidents=["backup"],
        severity="Z",
        match="unknown severity 'Z'",
    )
    assert reading.list_checks(office) == []  # nothing half-written


def test_the_list_and_mine(office, clock):
    schedule.set_schedule(office, 1, "first tuesday", technician_login="bruno")
    mine = due.due_checks(office.as_("bruno"), date(2026, 1, 6), mine=True)
    assert listed(mine) == [("PC-Reception", "monthly", date(2026, 1, 6), "due")]
    assert listed(due.due_checks(office, date(2026, 1, 6), mine=True)) == []
    clock.value = rome(2026, 2, 2, 10, 0)
    check(office.as_("bruno"), 1)
    check(office, 2)
    checks = reading.list_checks(office)
    assert [(c.number, c.customer, c.done_by) for c in checks] == [
        ("CP-2026-0002", "Bar Sport", "anna"),
        ("CP-2026-0001", "Studio Rossi", "bruno"),
    ]
    assert [c.number for c in reading.list_checks(office, customer="Bar")] == ["CP-2026-0002"]
    assert [c.number for c in reading.list_checks(office, month="2026-01")] == []
    report = reading.check_report(office, "CP-2026-0001")
    assert (report.customer.name, report.company.name) == ("Studio Rossi", "Esempio Tecnica S.r.l.")
    assert report.zone == "Europe/Rome"


def test_checks_are_numbered_per_year(office, clock):
    clock.value = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)  # 1 January 2027 in Rome
    assert check(office, 1).number == "CP-2027-0001"
    assert check(office, 1, at=rome(2026, 12, 30, 10, 0)).number == "CP-2026-0001"


def test_the_checks_of_the_month_are_in_the_monthly_summary(office, clock):
    """A customer with only health checks in the month has a summary too: the checks, no
    amount (they are part of the contract)."""
    from reports.example import pdf_text
    from techconsole.reports.month_json import month_json, summaries_from_json
    from techconsole.reports.month_pdf import month_pdf
    from techconsole.services.documents import summaries

    clock.value = rome(2026, 2, 2, 17, 0)
    check(office, 1, "disk_health=danger:SMART in allarme")
    check(office, 2)
    clock.value = rome(2026, 3, 2, 10, 0)
    check(office, 1)
    found = summaries.month_summaries(office, "2026-02")
    assert [(s.customer.name, s.rows) for s in found] == [("Bar Sport", ()), ("Studio Rossi", ())]
    studio = summaries.month_summary(office, "2026-02", 1)
    assert [(c.number, c.day, c.asset, c.outcome, c.repeat_by) for c in studio.checks] == [
        ("CP-2026-0001", date(2026, 2, 2), "PC-Reception", "danger", date(2026, 2, 9))
    ]
    assert summaries_from_json(month_json("2026-02", [studio])) == [studio]
    text = pdf_text(month_pdf(studio, "it"))[0]
    assert "CONTROLLI PERIODICI DEL MESE" in text
    assert "CP-2026-0001 02/02/2026 PC-Reception condizione di pericolo 09/02/2026" in text
    assert "non sono fatturati" in text


def test_a_check_that_finds_the_software_in_place_verifies_it(office, clock):
    """The check's antivirus and backup items are the machine's required software: fine,
    or put right on the spot, they are a verification of it installed (the machine stays
    covered, or is covered again); a problem left open is not (the item says the
    antivirus is out of date, not that it is gone: ``asset verify --missing`` says that)."""
    clock.value = rome(2026, 1, 20, 10, 0)
    care.verify_software(office, 1, ["backup"], False, note="disinstallato dall'utente")
    assert asset_reading.show_asset(office, 1).asset.coverage.covered is False
    clock.value = rome(2026, 2, 3, 11, 0)
    done = check(
        office,
        1,
        "backup=fixed:reinstallato il client di backup",
        "antivirus=problem:firme vecchie",
    )
    assert done.verified(office.policy) == ("backup",)
    shown = asset_reading.show_asset(office, 1)
    assert shown.asset.coverage.covered is True
    latest = {v.name: v for v in shown.software}
    assert (latest["backup"].installed, latest["backup"].verified_at) == (True, done.done_at)
    assert (latest["backup"].verified_by, latest["backup"].note) == ("anna", done.number)
    assert latest["antivirus"].verified_at == rome(2026, 1, 5, 9, 0)  # the one at acceptance
    with office.db.engine.connect() as conn:  # the check's, then the verification's
        rows = conn.exec_driver_sql("SELECT action FROM audit ORDER BY id DESC LIMIT 2").all()
    assert [r[0] for r in rows] == ["asset.verify", "check.record"]


def test_a_check_with_nothing_in_place_records_no_verification(office, clock):
    clock.value = rome(2026, 2, 3, 11, 0)
    before = asset_reading.show_asset(office, 1).history
    done = check(
        office,
        1,
        "antivirus=problem:non aggiornato",
        "backup=danger:disco di backup guasto",
        all_ok=True,
    )
    assert done.verified(office.policy) == ()
    assert asset_reading.show_asset(office, 1).history == before
