"""The loaner PC in the console (seed 004): its clock on the queue line (a column that shows
only when a loaner is due) and on the incident with its due time, ``l`` to lend one and to
record its return, ``E`` for a new repair estimate, and the loaner PCs out on the lead's
team load (``L``).

An office of its own under the client-contract preset (the demo runs the default policy,
which has no loaner PCs), at the suite's frozen Monday 23/11/2026 10:00 in Rome.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from textual.widgets import Input, Select, Static

from techconsole.services.assets import registry as assets
from techconsole.services.context import Context
from techconsole.services.customers import registry as customers
from techconsole.services.incidents import intake, workflow
from techconsole.services.incidents import reading as incidents
from techconsole.services.loaners import lending, pool, reading
from techconsole.services.policies import load
from techconsole.services.team import members as team
from techconsole.store.database import Database
from techconsole.tui.app import TechConsole
from techconsole.tui.incident import dialogs
from techconsole.tui.incident.loaner import LendDialog
from techconsole.tui.lead.screen import LeadScreen

from .conftest import START, FrozenClock, loaded, table_of, until
from .test_incident_actions import form, opened, said

pytestmark = pytest.mark.asyncio


@pytest.fixture(autouse=True)
def _english(english: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """English words; toasts stay up for the whole test (a loaded machine is slow)."""
    monkeypatch.setattr(TechConsole, "NOTIFICATION_TIMEOUT", 600)


@pytest.fixture
def office(tmp_path: Path, clock: FrozenClock) -> Iterator[Context]:
    """anna (lead); Studio Rossi under the client contract with PC-Reception; two level-2
    requests arrived at 09:00: 2026-000001 (the repair estimated for Thursday: a loaner is
    due) and 2026-000002 (estimated for this afternoon: none due); Muletto-01 in the pool."""
    db = Database(f"sqlite:///{tmp_path / 'office.db'}")
    db.migrate()
    ctx = Context(db, load("client-contract"), "anna", clock)
    team.add_technician(ctx, "anna", "Anna Rossi")
    studio = customers.add_customer(ctx, customers.NewCustomer("Studio Rossi"))
    customers.add_contract(ctx, studio.id, "client", date(2026, 1, 1), date(2026, 12, 31))
    assets.add_asset(ctx, assets.NewAsset(studio.id, "PC-Reception"))
    arrived = START - timedelta(hours=1)
    for subject, days in (("PC non si accende", 3), ("Ventola rumorosa", 0)):
        new = intake.NewIncident(studio.id, subject, level=2, asset=1, arrived_at=arrived)
        opened_ = intake.open_incident(ctx, new)
        estimate = START + timedelta(days=days, hours=5)
        workflow.acknowledge(ctx, opened_.number, estimate=estimate)
    pool.add_loaner(ctx, pool.LoanerFacts("Muletto-01", "SN-M01"))
    yield ctx
    db.dispose()


def text_of(screen: Any, part: str, width: int = 120) -> str:
    out = Console(file=io.StringIO(), width=width, color_system=None)
    out.print(screen.query_one(part, Static).content)
    return out.file.getvalue()  # type: ignore[attr-defined]


async def test_the_queue_shows_the_loaner_column_only_for_the_line_with_one_due(
    office: Context, clock: FrozenClock
):
    app = TechConsole(office, watch_interval=None)
    async with app.run_test(size=(140, 30)) as pilot:
        table = await loaded(pilot)
        assert "loaner" in table.shown
        cells = {
            str(row.key.value): table.get_cell(row.key, "loaner").plain
            for row in table.ordered_rows
        }
        assert cells == {"2026-000001": "● 48h 00m", "2026-000002": ""}
        clock.advance(minutes=90)
        table.tick()  # the countdown ticks like the SLA's
        await pilot.pause()
        assert table.get_cell("2026-000001", "loaner").plain == "● 46h 30m"
        lending.lend(office, lending.Lending("Muletto-01", incident="2026-000001"))
        table.reload()
        await loaded(pilot)
        assert table_of(app).get_cell("2026-000001", "loaner").plain == "✓ met"


async def test_without_a_loaner_due_the_queue_has_no_loaner_column(office: Context):
    workflow.triage(office, "2026-000001", level=1)
    app = TechConsole(office, watch_interval=None)
    async with app.run_test(size=(140, 30)) as pilot:
        table = await loaded(pilot)
        assert "loaner" not in table.shown


async def test_the_incident_shows_the_clock_and_l_lends_then_takes_it_back(office: Context):
    app = TechConsole(office, watch_interval=None)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await opened(pilot, "2026-000001")
        clocks = text_of(screen, "#clocks")
        row = next(line for line in clocks.splitlines() if "Loaner PC" in line)
        assert "48h 00m" in row and "25/11/2026 10:00" in row  # due Wednesday 10:00

        await pilot.press("l")
        lend = await form(pilot, LendDialog)
        who = lend.query_one("#who", Select)
        await until(pilot, lambda: len(who._options) > 1)
        assert lend.query_one("#data", Input).value == "PC-Reception"  # the incident's machine
        who.value = 1
        await pilot.press("ctrl+s")
        await said(pilot, "loaner PC Muletto-01 lent to Studio Rossi")
        assert reading.list_loaners(office)[0].out
        await until(pilot, lambda: "Muletto-01" in text_of(screen, "#facts"))
        fact = next(line for line in text_of(screen, "#facts").splitlines() if "Loaner" in line)
        assert "since" in fact and "data of PC-Reception" in fact
        assert "✓ met" in text_of(screen, "#clocks")

        await pilot.press("l")  # out for this incident: its return
        back = await form(pilot, dialogs.TextDialog)
        back.query_one("#text", Input).value = "rientrato integro"
        await pilot.press("ctrl+s")
        await said(pilot, "loaner PC Muletto-01 back from Studio Rossi")
        assert not reading.list_loaners(office)[0].out
        timeline = incidents.show(office, "2026-000001").timeline
        assert [e.kind for e in timeline][-2:] == ["loaner_lent", "loaner_returned"]


async def test_l_with_every_loaner_out_says_there_is_none_to_lend(office: Context):
    lending.lend(office, lending.Lending("Muletto-01", customer=1, data_from="Maria"))
    app = TechConsole(office, watch_interval=None)
    async with app.run_test(size=(140, 40)) as pilot:
        await opened(pilot, "2026-000002")
        await pilot.press("l")
        lend = await form(pilot, LendDialog)
        note = lend.query_one("#who-note", Static)
        await until(pilot, lambda: "no loaner PC is in the pool" in str(note.content))


async def test_e_records_a_new_repair_estimate_that_makes_a_loaner_due(office: Context):
    app = TechConsole(office, watch_interval=None)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await opened(pilot, "2026-000002")
        assert "Loaner PC" not in text_of(screen, "#clocks")
        await pilot.press("E")
        asked = await form(pilot, dialogs.TextDialog)
        asked.query_one("#text", Input).value = "3d"
        await pilot.press("ctrl+s")
        await said(pilot, "loaner PC due by")
        view = incidents.show(office, "2026-000002").incident
        assert view.estimated_resolution_at == START + timedelta(days=3)
        await until(pilot, lambda: "Loaner PC" in text_of(screen, "#clocks"))


async def test_the_lead_sees_the_loaner_pcs_out_and_for_how_long(
    office: Context, clock: FrozenClock
):
    lending.lend(office, lending.Lending("Muletto-01", incident="2026-000001"))
    clock.advance(hours=26, minutes=5)
    app = TechConsole(office, watch_interval=None)
    async with app.run_test(size=(140, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("L")
        await until(pilot, lambda: isinstance(app.screen, LeadScreen))
        screen = app.screen
        assert isinstance(screen, LeadScreen)
        await until(pilot, lambda: screen.loans is not None)
        await pilot.pause()
        out = text_of(screen, "#lead-loaners", 130)
        assert "Loaner PCs out · 1 out" in out
        line = next(line for line in out.splitlines() if "Muletto-01" in line)
        for part in ("Studio Rossi", "PC-Reception", "2026-000001", "1d 02h"):
            assert part in line, line
