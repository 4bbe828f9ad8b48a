"""A customer's machines in the console (seed 004, "Postazioni"): the incident says which
machine it is about and whether it is covered, and why not; ``M`` opens the customer's
machines (from the incident, or from the queue after choosing the customer); ``v``
records a verification, ``i`` the inspection at acceptance, ``s`` names the machine on
the incident; the triage form chooses it too.  Each key changes the database (read back
through the services), says so in a toast, and the screen reads again; a read-only
database refuses them."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static, TextArea

from techconsole.services.assets import reading as machines
from techconsole.services.context import Context
from techconsole.services.incidents import closing
from techconsole.services.incidents import reading as incidents
from techconsole.services.policies import load
from techconsole.store.database import Database
from techconsole.tui.app import TechConsole
from techconsole.tui.help import HelpScreen
from techconsole.tui.incident.screen import IncidentScreen
from techconsole.tui.incident.triage import NO_MACHINE, TriageDialog
from techconsole.tui.intake.customer import CustomerPicker
from techconsole.tui.machines.forms import OTHER, CustomerDialog, InspectDialog, VerifyDialog
from techconsole.tui.machines.screen import MachinesScreen
from techconsole.tui.queue.screen import QueueScreen

from .conftest import FrozenClock, loaded, palette_offers, until
from .machines_data import Office, office  # noqa: F401 - a fixture
from .test_incident_actions import form, opened, said, toasts
from .test_read_only_console import REFUSED

pytestmark = pytest.mark.asyncio


@pytest.fixture(autouse=True)
def _english(english: None) -> None:
    """The toasts are read in English here; the Italian pictures are the snapshots'."""


@pytest.fixture(autouse=True)
def _toasts_stay(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(TechConsole, "NOTIFICATION_TIMEOUT", 600)


def shown(widget: Static, width: int = 140) -> str:
    """What a widget shows, as plain text."""
    console = Console(width=width, record=True, file=io.StringIO())
    console.print(widget.content)
    return console.export_text()


async def machines_of(pilot: Pilot[Any], number: str) -> MachinesScreen:
    """``M`` on incident ``number``: its customer's machines, read."""
    await opened(pilot, number)
    await pilot.press("M")
    return await read(pilot)


async def read(pilot: Pilot[Any]) -> MachinesScreen:
    app = pilot.app
    await until(pilot, lambda: isinstance(app.screen, MachinesScreen))
    screen = app.screen
    assert isinstance(screen, MachinesScreen)
    await until(pilot, lambda: screen.answered == screen.serial > 0)
    await pilot.pause()
    return screen


async def move_to(pilot: Pilot[Any], screen: MachinesScreen, asset_id: int) -> None:
    keys = [str(m.asset.id) for m in screen.roster.machines]  # type: ignore[union-attr]
    screen.table.move_cursor(row=keys.index(str(asset_id)))
    await until(pilot, lambda: screen.shown_key == str(asset_id))


async def choose(pilot: Pilot[Any], dialog: CustomerDialog, name: str) -> None:
    """Type ``name`` in the customer's line and take the match (once it is the only one)."""
    await pilot.press(*name)
    picker = dialog.query_one(CustomerPicker)
    await until(pilot, lambda: [c.name for c in picker.found] == [name])
    await pilot.press("enter")


def pane(screen: MachinesScreen) -> str:
    return shown(screen.query_one("#machine-detail", Static))


async def test_the_incident_says_its_machine_is_not_covered_and_why(
    office: Office,  # noqa: F811 - the fixture
):
    app = TechConsole(office.ctx, watch_interval=None)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await opened(pilot, office.on_ufficio)
        facts = " ".join(shown(screen.query_one("#facts", Static)).split())
        assert (
            "Customer Studio Rossi Workstation PC-Ufficio ✗ not covered: backup not installed "
            "since 12/11/2026 · the work is billed outside the contract Requester"
        ) in facts
        await pilot.press("escape")
        other = await opened(pilot, office.on_none)  # about no machine: no line
        assert "Workstation" not in shown(other.query_one("#facts", Static))


async def test_shift_m_on_an_incident_shows_its_customers_machines_its_own_chosen(
    office: Office,  # noqa: F811 - the fixture
):
    app = TechConsole(office.ctx, watch_interval=None)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await machines_of(pilot, office.on_ufficio)
        table = screen.table
        assert table.row_count == 3
        assert screen.table.cursor_key() == str(office.ufficio)
        title = shown(screen.query_one("#machines-title", Static))
        assert "Workstations · Studio Rossi · 3 machines · 2 not covered" in title
        assert f"◆ incident {office.on_ufficio}: PC-Ufficio" in title
        cells = [[str(c) for c in table.get_row_at(i)] for i in range(3)]
        assert cells[0][:3] == ["PC-Reception", "workstation", "Reception, Maria"]
        assert cells[0][3:] == [
            "Windows 11 Pro",
            "✓ covered",
            "✓ 12/11/2026",
            "✓ 12/11/2026",
            "123 456 789",
        ]
        assert cells[1][0] == "◆ PC-Ufficio"
        assert cells[1][4:7] == [
            "✗ backup not installed since 12/11/2026",
            "✓ 12/11/2026",
            "✗ 12/11/2026",
        ]
        assert cells[2][4:7] == ["✗ backup never verified", "✓ 10/01/2026", "✗ never verified"]
        detail = pane(screen)
        for words in (
            "PC-Ufficio",
            "Serial no.            SN-5120",
            "Under contract since  10/01/2026",
            "Inspection at acceptance: 10/01/2026 09:00, anna",
            "Ventola rumorosa, sostituita; dati messi in sicurezza",
            "Every verification",
            "Owncloud disinstallato",
            f"Incidents: {office.on_ufficio}",
        ):
            assert words in detail, words
        await pilot.press("k")  # up: the pane follows the cursor
        await until(pilot, lambda: screen.shown_key == str(office.reception))
        assert "Stampante di rete collegata" in pane(screen)  # its notes
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, IncidentScreen))


async def test_v_records_a_verification_and_the_coverage_follows(
    office: Office,  # noqa: F811 - the fixture
):
    app = TechConsole(office.ctx, watch_interval=None)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await machines_of(pilot, office.on_ufficio)
        await pilot.press("v")
        dialog = await form(pilot, VerifyDialog)
        # the first required software not installed as last verified is proposed
        assert dialog.query_one("#software", Select).value == "backup"
        assert not dialog.query_one("#other-field").display
        dialog.query_one("#product", Input).focus()
        await pilot.press(*"Owncloud", "tab", *"reinstallato")
        await pilot.press("ctrl+s")
        await said(pilot, "PC-Ufficio: backup found installed · covered")
        after = machines.show_asset(office.ctx, office.ufficio)
        assert after.asset.covered
        latest = after.history[0]
        assert (latest.name, latest.installed, latest.product, latest.note) == (
            "backup",
            True,
            "Owncloud",
            "reinstallato",
        )
        assert latest.verified_by == "anna" and latest.verified_at == office.ctx.now()
        await until(pilot, lambda: str(screen.table.get_row_at(1)[4]) == "✓ covered")

        # found missing on another machine: it is not covered from now on
        await move_to(pilot, screen, office.reception)
        await pilot.press("v")
        dialog = await form(pilot, VerifyDialog)
        assert dialog.query_one("#software", Select).value == "antivirus"  # all installed
        dialog.query_one("#found", Select).value = False
        await pilot.press("ctrl+s")
        await said(pilot, "PC-Reception: antivirus found missing · not covered: ")
        assert "antivirus not installed since 23/11/2026" in toasts(app)[-1][1]
        assert not machines.show_asset(office.ctx, office.reception).asset.covered


async def test_v_names_another_software_and_refuses_a_time_ahead(
    office: Office,  # noqa: F811 - the fixture
):
    app = TechConsole(office.ctx, watch_interval=None)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await machines_of(pilot, office.on_ufficio)
        await move_to(pilot, screen, office.server)
        await pilot.press("v")
        dialog = await form(pilot, VerifyDialog)
        dialog.query_one("#software", Select).value = OTHER
        await until(pilot, lambda: dialog.query_one("#other-field").display)
        await pilot.press("ctrl+s")  # no name: said next to the field, the form stays
        assert app.screen is dialog
        assert "name the software" in shown(dialog.query_one("#other-note", Static))
        dialog.query_one("#other", Input).focus()
        await pilot.press(*"TeamViewer")
        dialog.query_one("#when", Input).focus()
        await pilot.press(*"+2h")
        await pilot.press("ctrl+s")
        assert app.screen is dialog
        assert "is in the future" in shown(dialog.query_one("#when-note", Static))
        dialog.query_one("#when", Input).value = "23/11 09:30"
        await pilot.press("ctrl+s")
        await said(pilot, "Server: teamviewer found installed")
        latest = machines.show_asset(office.ctx, office.server).history[0]
        assert latest.name == "teamviewer"
        assert latest.verified_at == office.ctx.now().replace(minute=30, hour=8)


async def test_i_records_the_inspection_then_corrects_it(
    office: Office,  # noqa: F811 - the fixture
):
    app = TechConsole(office.ctx, watch_interval=None)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await machines_of(pilot, office.on_ufficio)
        await move_to(pilot, screen, office.server)
        assert "Inspection at acceptance: not recorded (i records it)" in pane(screen)
        await pilot.press("i")
        dialog = await form(pilot, InspectDialog)
        await pilot.press("ctrl+s")  # nothing found said: refused in the form
        assert app.screen is dialog
        assert "say what the inspection found" in shown(dialog.query_one("#findings-note", Static))
        await pilot.press(*"Disco sostituito; dati copiati sul NAS")
        await pilot.press("ctrl+s")
        await said(pilot, "Server: inspection at acceptance recorded (23/11/2026 10:00)")
        found = machines.show_asset(office.ctx, office.server).inspection
        assert found is not None
        assert (found.findings, found.inspected_by) == (
            "Disco sostituito; dati copiati sul NAS",
            "anna",
        )
        await until(pilot, lambda: "Disco sostituito" in pane(screen))

        await move_to(pilot, screen, office.ufficio)  # inspected already: shown, corrected
        await pilot.press("i")
        dialog = await form(pilot, InspectDialog)
        area = dialog.query_one("#findings", TextArea)
        assert area.text == "Ventola rumorosa, sostituita; dati messi in sicurezza"
        assert "recorded on 10/01/2026 09:00 by anna" in shown(
            dialog.query_one("#findings-note", Static)
        )
        area.text = "Ventola rumorosa, sostituita"
        await pilot.press("ctrl+s")
        await said(pilot, "PC-Ufficio: inspection at acceptance recorded")
        found = machines.show_asset(office.ctx, office.ufficio).inspection
        assert found is not None and found.findings == "Ventola rumorosa, sostituita"


async def test_s_names_the_machine_on_the_incident(
    office: Office,  # noqa: F811 - the fixture
):
    app = TechConsole(office.ctx, watch_interval=None)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await machines_of(pilot, office.on_none)
        title = shown(screen.query_one("#machines-title", Static))
        assert f"incident {office.on_none}: no machine named" in title
        await move_to(pilot, screen, office.server)
        await pilot.press("s")
        await said(
            pilot, f"{office.on_none} is about Server now · not covered: backup never verified"
        )
        assert incidents.show(office.ctx, office.on_none).incident.asset_id == office.server
        await until(pilot, lambda: screen.incident_machine == office.server)
        assert str(screen.table.get_row_at(2)[0]) == "◆ Server"
        await pilot.press("s")  # again: it says so, nothing changes
        await said(pilot, f"Server is already the machine of {office.on_none}", "warning")
        await pilot.press("escape")  # the incident, read again, says it
        incident = app.screen
        assert isinstance(incident, IncidentScreen)
        await until(
            pilot,
            lambda: "Server  ✗ not covered" in shown(incident.query_one("#facts", Static)),
        )


async def test_s_is_refused_on_a_closed_incident(
    office: Office,  # noqa: F811 - the fixture
):
    closing.resolve(office.ctx, office.on_none, resolved=True)
    closing.close(office.ctx, office.on_none)
    app = TechConsole(office.ctx, watch_interval=None)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await machines_of(pilot, office.on_none)
        await move_to(pilot, screen, office.reception)
        await pilot.press("s")
        await said(pilot, f"cannot triage {office.on_none}: it is closed", "error")
        assert toasts(app)[-1][0] == "For the incident: refused"
        assert incidents.show(office.ctx, office.on_none).incident.asset_id is None


async def test_shift_m_on_the_queue_asks_for_the_customer(
    office: Office,  # noqa: F811 - the fixture
):
    app = TechConsole(office.ctx, watch_interval=None)
    async with app.run_test(size=(140, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("M")
        dialog = await form(pilot, CustomerDialog)
        await choose(pilot, dialog, "Studio Rossi")
        screen = await read(pilot)
        assert screen.incident is None and screen.table.row_count == 3
        assert screen.table.cursor_key() == str(office.reception)  # the first
        assert "s" not in screen.active_bindings  # no incident to name it on
        offered = {c.title for c in app.get_system_commands(screen)}
        assert {"Verify", "Inspection"} <= offered and "For the incident" not in offered
        await pilot.press("s")
        await pilot.pause()
        assert app.screen is screen and not toasts(app)
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, QueueScreen))

        # the palette too; a customer without machines says so
        await pilot.press("colon", *"Workstations")
        await palette_offers(pilot, "Workstations")
        await pilot.press("enter")
        dialog = await form(pilot, CustomerDialog)
        await choose(pilot, dialog, "Bar Sport")
        screen = await read(pilot)
        empty = screen.query_one("#machines-empty", Static)
        assert empty.display and not screen.table.display
        assert "Bar Sport has no machines yet" in shown(empty)
        await pilot.press("v")
        await said(pilot, "no machine here", "warning")


async def test_triage_chooses_the_machine_among_the_customers_or_none(
    office: Office,  # noqa: F811 - the fixture
):
    app = TechConsole(office.ctx, watch_interval=None)
    async with app.run_test(size=(140, 40)) as pilot:
        await opened(pilot, office.on_ufficio)
        await pilot.press("t")
        dialog = await form(pilot, TriageDialog)
        choice = dialog.query_one("#machine", Select)
        await until(pilot, lambda: len(choice._options) == 4)  # none and the three
        assert choice.value == office.ufficio
        labels = [str(prompt) for prompt, _value in choice._options]
        assert labels[0] == "none of the customer's machines"
        assert labels[1] == "PC-Reception · Reception, Maria · ✓ covered"
        assert labels[2] == "PC-Ufficio · Ufficio, Luca · ✗ not covered"
        choice.value = office.reception
        await pilot.press("ctrl+s")
        await said(pilot, f"{office.on_ufficio} triaged: workstation PC-Reception")
        assert incidents.show(office.ctx, office.on_ufficio).incident.asset_id == office.reception

        await pilot.press("t")
        dialog = await form(pilot, TriageDialog)
        choice = dialog.query_one("#machine", Select)
        await until(pilot, lambda: len(choice._options) == 4)
        choice.value = NO_MACHINE
        await pilot.press("ctrl+s")
        await said(pilot, f"{office.on_ufficio} triaged: no workstation")
        assert incidents.show(office.ctx, office.on_ufficio).incident.asset_id is None
        timeline = incidents.show(office.ctx, office.on_ufficio).timeline
        assert timeline[-1].data["old_asset"] == "PC-Reception"


async def test_help_and_the_palette_list_the_keys(
    office: Office,  # noqa: F811 - the fixture
):
    app = TechConsole(office.ctx, watch_interval=None)
    async with app.run_test(size=(140, 40)) as pilot:
        await loaded(pilot)
        assert "M" in app.screen.active_bindings
        offered = {c.title for c in app.get_system_commands(app.screen)}
        assert "Workstations" in offered
        incident = await opened(pilot, office.on_ufficio)
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        listed = {what: keys for _t, rows in app.screen.sections for keys, what in rows}  # type: ignore[attr-defined]
        assert listed["Workstations"] == "M"
        await pilot.press("escape")
        assert "Workstations" in {c.title for c in app.get_system_commands(incident)}
        await pilot.press("M")
        screen = await read(pilot)
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        listed = {what: keys for _t, rows in app.screen.sections for keys, what in rows}  # type: ignore[attr-defined]
        assert (listed["Verify"], listed["Inspection"], listed["For the incident"]) == (
            "v",
            "i",
            "s",
        )
        assert listed["Refresh"] == "r"
        await pilot.press("escape")
        titles = {c.title for c in app.get_system_commands(screen)}
        assert {"Verify", "Inspection", "For the incident", "Refresh"} <= titles


async def test_a_read_only_database_refuses_the_keys(
    office: Office,  # noqa: F811 - the fixture
    clock: FrozenClock,
):
    path = Path(office.ctx.db.url.removeprefix("sqlite:///"))
    reader = Database(f"sqlite:///file:{path}?mode=ro&uri=true")
    try:
        assert reader.read_only
        app = TechConsole(
            Context(reader, load("client-contract"), "anna", clock), watch_interval=None
        )
        before = machines.show_asset(office.ctx, office.ufficio)
        async with app.run_test(size=(140, 40)) as pilot:
            screen = await machines_of(pilot, office.on_ufficio)
            assert "read-only" in shown(screen.query_one("#machines-title", Static))
            for key in ("v", "i", "s"):
                count = sum(message == REFUSED for _t, message, _k in toasts(app))
                await pilot.press(key)
                await until(
                    pilot,
                    lambda count=count: sum(m == REFUSED for _t, m, _k in toasts(app)) == count + 1,
                )
                assert app.screen is screen, key  # no form opened
        assert machines.show_asset(office.ctx, office.ufficio) == before
    finally:
        reader.dispose()


async def test_a_phone_with_the_data_out_of_the_package_is_flagged(
    office: Office,  # noqa: F811 - the fixture
):
    """Seed 004: the devices that receive the live copy of the data "dovranno essere
    inclusi nei pacchetti di assistenza": one out of the package is flagged."""
    from techconsole.services.assets import care
    from techconsole.services.assets import registry as assets

    new = assets.NewAsset(1, "iPhone-Titolare", kind="mobile", synced=True, in_package=False)
    phone = assets.add_asset(office.ctx, new).id
    care.verify_software(office.ctx, phone, ["antivirus", "backup"], True)
    app = TechConsole(office.ctx, watch_interval=None)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await machines_of(pilot, office.on_ufficio)
        await move_to(pilot, screen, phone)
        rows = {str(m.asset.id): m for m in screen.roster.machines}  # type: ignore[union-attr]
        assert rows[str(phone)].asset.flagged
        cells = [str(c) for c in screen.table.get_row(str(phone))]
        assert "⚠ receives the data but is not in the support package" in cells
        assert "mobile device" in cells
        detail = " ".join(pane(screen).split())
        assert "Receives live data yes" in detail
        assert "In the package ⚠ no" in detail
