"""``H`` on the queue: the monthly health checks (seed 004).  The checks to do, overdue
first; ``c`` records one in a form (a dangerous finding calls for a repeat, a tick opens an
incident about it), read back through the services; ``2`` shows one's own; ``w`` writes
the report of a check done."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static

from techconsole.services.assets import care
from techconsole.services.assets import registry as assets
from techconsole.services.checks import reading, schedule
from techconsole.services.context import Context
from techconsole.services.customers import registry as customers
from techconsole.services.incidents import reading as incidents
from techconsole.services.policies import load
from techconsole.services.team import members as team
from techconsole.store.database import Database
from techconsole.tui.app import TechConsole
from techconsole.tui.checks.form import RecordCheckForm
from techconsole.tui.checks.screen import ChecksScreen, ChecksTable
from techconsole.tui.widgets.form_fields import Tick

from .conftest import FrozenClock, loaded, shown_keys, until
from .test_incident_actions import form, said

pytestmark = pytest.mark.asyncio

#: Wednesday 4 February 2026, 10:00 in Rome
NOW = FrozenClock().value.replace(2026, 2, 4, 9, 0)


@pytest.fixture(autouse=True)
def _english(english: None) -> None:
    """The toasts are read in English here."""


@pytest.fixture
def office(tmp_path: Path) -> Iterator[Context]:
    """Client-contract: anna (lead) and bruno; Studio Rossi under contract for 2026 with
    PC-Reception (#1) and PC-Ufficio (#2), checked on the first Tuesday by bruno; Bar
    Sport under contract with PC-Banco (#3), on the first working day (the default)."""
    db = Database(f"sqlite:///{tmp_path / 'techconsole.db'}")
    db.migrate()
    clock = FrozenClock(NOW.replace(month=1, day=5))
    ctx = Context(db, load("client-contract"), "anna", clock)
    team.add_technician(ctx, "anna", "Anna Rossi", role="lead")
    team.add_technician(ctx, "bruno", "Bruno Neri")
    for name in ("Studio Rossi", "Bar Sport"):
        found = customers.add_customer(ctx, customers.NewCustomer(name)).id
        customers.add_contract(ctx, found, "client", date(2026, 1, 1), date(2026, 12, 31))
    for customer, name in ((1, "PC-Reception"), (1, "PC-Ufficio"), (2, "PC-Banco")):
        machine = assets.add_asset(
            ctx, assets.NewAsset(customer, name, covered_since=date(2026, 1, 5))
        ).id
        care.verify_software(ctx, machine, ["antivirus", "backup"], True)
    schedule.set_schedule(ctx, 1, "first tuesday", technician_login="bruno")
    clock.value = NOW
    yield ctx
    db.dispose()


async def checks_screen(pilot: Pilot[Any]) -> ChecksScreen:
    app = pilot.app
    await loaded(pilot)
    await pilot.press("H")
    await until(pilot, lambda: isinstance(app.screen, ChecksScreen))
    screen = app.screen
    assert isinstance(screen, ChecksScreen)
    await until(pilot, lambda: screen.answered == screen.serial > 0)
    await pilot.pause()
    return screen


def due_keys(screen: ChecksScreen) -> list[str]:
    table = screen.query_one("#checks-due", ChecksTable)
    return [str(row.key.value) for row in table.ordered_rows]


async def test_h_lists_the_checks_to_do_and_records_one(office: Context, tmp_path: Path):
    app = TechConsole(office, watch_interval=None)
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        screen = await checks_screen(pilot)
        # January's checks of Studio Rossi (Tuesday 6th) are overdue; Bar Sport's first
        # working day of January (Friday 2nd) was before its machine came under contract:
        # its first check is February's (Monday 2nd), due
        assert due_keys(screen) == ["1:monthly", "2:monthly", "3:monthly"]
        assert screen.found is not None
        assert [c.state for c in screen.found.due.checks] == ["overdue", "overdue", "due"]
        assert {"c", "1", "2", "u", "w"} <= shown_keys(screen)
        await pilot.press("c")  # PC-Reception
        dialog = await form(pilot, RecordCheckForm)
        dialog.query_one("#outcome-disk_health", Select).value = "danger"
        dialog.query_one("#found-disk_health", Input).value = "SMART in allarme"
        dialog.query_one("#incident-disk_health", Tick).value = True
        dialog.query_one("#note", Input).value = "Consigliato un disco nuovo"
        await pilot.press("ctrl+s")
        await said(pilot, "check CP-2026-0001 of #1 PC-Reception recorded")
        await said(pilot, "to repeat by 11/02/2026")
        # its antivirus and backup were fine: the machine's software verified with it
        await said(pilot, "recorded as verified on the machine: antivirus, backup")
        await until(pilot, lambda: "1:repeat" in due_keys(screen))
        done = reading.show_check(office, "CP-2026-0001")
        assert done.note == "Consigliato un disco nuovo"
        disk = next(i for i in done.items if i.item == "disk_health")
        assert (disk.outcome, disk.finding) == ("danger", "SMART in allarme")
        assert disk.incident is not None
        assert incidents.show(office, disk.incident).incident.asset == "PC-Reception"
        assert "1:monthly" not in due_keys(screen)

        # one's own: bruno does Studio Rossi's checks, not anna
        await pilot.press("2")
        await until(pilot, lambda: screen.answered == screen.serial and due_keys(screen) == [])
        await pilot.press("1")
        await until(pilot, lambda: screen.answered == screen.serial and len(due_keys(screen)) == 3)
        assert due_keys(screen) == ["2:monthly", "3:monthly", "1:repeat"]

        # the report of the check done, as a PDF in the folder of the last export
        app.export_folder = tmp_path
        screen.query_one("#checks-done", ChecksTable).focus()
        await pilot.press("w")
        await said(pilot, str(tmp_path / "CP-2026-0001-en.pdf"))
        assert (tmp_path / "CP-2026-0001-en.pdf").read_bytes().startswith(b"%PDF")


async def test_a_problem_must_say_what_was_found(office: Context):
    app = TechConsole(office, watch_interval=None)
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await checks_screen(pilot)
        await pilot.press("c")
        dialog = await form(pilot, RecordCheckForm)
        dialog.query_one("#outcome-backup", Select).value = "problem"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, RecordCheckForm)
        note = dialog.query_one("#found-backup-note")
        assert note.display
        assert "say what was found and done" in str(note.render())
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ChecksScreen))
        assert reading.list_checks(office) == []


async def test_the_lead_sees_the_checks_overdue(office: Context):
    from rich.console import Console

    from techconsole.tui.lead.screen import LeadScreen

    app = TechConsole(office, watch_interval=None)
    async with app.run_test(size=(140, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("L")
        await until(pilot, lambda: isinstance(app.screen, LeadScreen))
        shown = app.screen.query_one("#lead-checks", Static)
        await until(pilot, lambda: shown.display)
        console = Console(width=120, record=True)
        console.print(shown.content)
        text = console.export_text()
        assert "2 health checks overdue" in text
        assert "06/01/2026 Studio Rossi · #1 PC-Reception · bruno" in text
        assert "PC-Banco" not in text  # due, not overdue


async def test_a_read_only_database_refuses_recording(office: Context):
    """``c`` and ``enter`` are refused on a read-only database; the lists still read."""
    from .test_read_only_console import refusals

    url = str(office.db.engine.url.database)
    reader = Database(f"sqlite:///file:{url}?mode=ro&uri=true")
    try:
        assert reader.read_only
        ctx = Context(reader, office.policy, "anna", office.clock)
        app = TechConsole(ctx, watch_interval=None)
        async with app.run_test(size=(140, 40), notifications=True) as pilot:
            screen = await checks_screen(pilot)
            assert len(due_keys(screen)) == 3
            for key in ("c", "enter"):
                count = refusals(app)
                await pilot.press(key)
                await until(pilot, lambda count=count: refusals(app) == count + 1)
                assert app.screen is screen, key  # no form opened
    finally:
        reader.dispose()
    assert reading.list_checks(office) == []


async def test_without_any_check_the_keys_of_the_checks_are_not_offered(tmp_path: Path):
    """The default policy sets no monthly checks: H says so, and offers esc, r and ?
    only (c, 1, 2, u, w each said there was nothing to act on)."""
    db = Database(f"sqlite:///{tmp_path / 'techconsole.db'}")
    db.migrate()
    ctx = Context(db, load("default"), "anna", FrozenClock(NOW))
    team.add_technician(ctx, "anna", "Anna Rossi", role="lead")
    try:
        app = TechConsole(ctx, watch_interval=None)
        async with app.run_test(size=(120, 36)) as pilot:
            screen = await checks_screen(pilot)
            assert screen.found is not None and screen.found.due.every is None
            assert shown_keys(screen) == {"escape", "r", "question_mark"}
    finally:
        db.dispose()
