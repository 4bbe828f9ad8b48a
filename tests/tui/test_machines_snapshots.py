"""What a customer's machines look like in the console, in Italian: the incident's
machine and why it is not covered, the Postazioni screen at 120×36 and 80×24 (the
narrow table leaves out kind, system and remote id: the pane has them), and the form
that records a verification (see test_snapshots for how the pictures are made and
accepted)."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from techconsole.tui.app import TechConsole
from techconsole.tui.incident.screen import IncidentScreen
from techconsole.tui.machines.forms import VerifyDialog
from techconsole.tui.machines.screen import MachinesScreen

from .conftest import until
from .machines_data import Office, office  # noqa: F401 - a fixture
from .test_snapshots import SnapCompare, painted, ready, steady


async def incident(pilot: Pilot[Any], number: str) -> IncidentScreen:
    await ready(pilot)
    app = pilot.app
    assert isinstance(app, TechConsole)
    app.push_screen(IncidentScreen(app.ctx, number))
    await until(pilot, lambda: getattr(app.screen, "detail", None) is not None)
    screen = app.screen
    assert isinstance(screen, IncidentScreen)
    await painted(pilot)
    return screen


async def machines(pilot: Pilot[Any], number: str) -> MachinesScreen:
    await incident(pilot, number)
    await pilot.press("M")
    app = pilot.app
    await until(pilot, lambda: isinstance(app.screen, MachinesScreen))
    screen = app.screen
    assert isinstance(screen, MachinesScreen)
    await until(pilot, lambda: screen.answered == screen.serial > 0)
    # the table's height follows its rows on the next layout: picture it laid out
    await until(pilot, lambda: screen.table.size.height >= screen.table.row_count > 0)
    await painted(pilot)
    return screen


def test_incident_with_its_machine_120x36(
    snap_compare: SnapCompare,
    office: Office,  # noqa: F811 - the fixture
):
    async def run(pilot: Pilot[Any]) -> None:
        await incident(pilot, office.on_ufficio)

    app = TechConsole(office.ctx, watch_interval=None)
    assert snap_compare(app, terminal_size=(120, 36), run_before=run)


def test_postazioni_120x36(
    snap_compare: SnapCompare,
    office: Office,  # noqa: F811 - the fixture
):
    async def run(pilot: Pilot[Any]) -> None:
        await machines(pilot, office.on_ufficio)

    app = TechConsole(office.ctx, watch_interval=None)
    assert snap_compare(app, terminal_size=(120, 36), run_before=run)


def test_postazioni_80x24(
    snap_compare: SnapCompare,
    office: Office,  # noqa: F811 - the fixture
):
    async def run(pilot: Pilot[Any]) -> None:
        await machines(pilot, office.on_ufficio)

    app = TechConsole(office.ctx, watch_interval=None)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run)


def test_verifica_software_120x36(
    snap_compare: SnapCompare,
    office: Office,  # noqa: F811 - the fixture
):
    async def run(pilot: Pilot[Any]) -> None:
        await machines(pilot, office.on_ufficio)
        await pilot.press("v")
        app = pilot.app
        await until(pilot, lambda: isinstance(app.screen, VerifyDialog))
        dialog = app.screen
        assert isinstance(dialog, VerifyDialog)
        dialog.query_one("#product").focus()
        await pilot.press(*"Owncloud", "tab", *"reinstallato dopo la verifica")
        await steady(pilot)

    app = TechConsole(office.ctx, watch_interval=None)
    assert snap_compare(app, terminal_size=(120, 36), run_before=run)
