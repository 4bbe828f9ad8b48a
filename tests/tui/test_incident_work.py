"""The incident screen's work section (sessions, parts, the bill so far) and the clocks'
progress bars, driven with the pilot on the seeded demo."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import timedelta

import pytest
from rich.console import Console
from textual.widgets import Static

from techconsole.domain.money import eur
from techconsole.domain.sla import ClockState, ClockStatus
from techconsole.services.context import Context
from techconsole.services.incidents import intake
from techconsole.services.work import billing, materials, timer
from techconsole.tui.app import TechConsole
from techconsole.tui.incident import facts
from techconsole.tui.incident.screen import IncidentScreen
from techconsole.tui.widgets.text import TONE_STYLES

from .conftest import FrozenClock, keys, loaded, until

pytestmark = pytest.mark.asyncio


def text_of(screen: IncidentScreen, widget: str) -> str:
    shown = Console(width=120, record=True, file=io.StringIO())
    shown.print(screen.query_one(widget, Static).content)
    return shown.export_text()


async def test_the_work_section_shows_sessions_parts_and_the_bill(
    make_app: Callable[..., TechConsole], ctx: Context, clock: FrozenClock
):
    app = make_app(watch_interval=0.05)
    async with app.run_test(size=(120, 36)) as pilot:
        table = await loaded(pilot)
        number = keys(table)[0]
        existing = len(timer.sessions(ctx, incident=number))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, IncidentScreen))
        screen = app.screen
        assert isinstance(screen, IncidentScreen)
        await until(pilot, lambda: screen.work is not None)
        # anna works 65 minutes on it and fits a part with a code and a serial
        clock.advance(minutes=-70)
        timer.start(ctx, number, kind="on_site", switch=True)
        clock.advance(minutes=65)
        timer.stop(ctx, note="Sostituito l'alimentatore")
        clock.advance(minutes=5)
        materials.add_material(
            ctx, number, "Alimentatore 65 W", quantity="1", unit_price="29,90",
            code="ALI65", serial="[b]SN-77[/b]",
        )  # fmt: skip
        await until(pilot, lambda: screen.work is not None and bool(screen.work.parts))
        await pilot.pause()
        shown = text_of(screen, "#work")
        assert len(timer.sessions(ctx, incident=number)) == existing + 1
        assert "Sostituito l'alimentatore" in shown
        assert "presso il cliente" in shown  # the session's kind, in Italian
        assert "1h 05m" in shown
        assert "ALI65" in shown
        assert "Alimentatore 65 W" in shown
        assert "29,90\xa0€" in shown  # a no-break space: the amount never wraps
        assert "[b]SN-77[/b]" in shown  # customer-side text shown, not obeyed
        bill = billing.bill_incident(ctx, number).bill
        units = "1 scatto" if bill.units == 1 else f"{bill.units} scatti"
        assert units in shown
        assert f"totale {eur(bill.total)}" in shown


async def test_the_work_section_says_a_level_two_job_done_remotely_is_billed_as_level_one(
    make_app: Callable[..., TechConsole], ctx: Context, clock: FrozenClock
):
    """Seed 004: level 2 is the hardware repair at the customer's ("presso il
    committente"); a level-2 incident worked only remotely is billed as level 1."""
    arrived = clock() - timedelta(hours=2)
    opened = intake.open_incident(
        ctx, intake.NewIncident(1, "PC lento", level=2, arrived_at=arrived)
    )
    clock.advance(minutes=-60)
    timer.start(ctx, opened.number, kind="remote", switch=True)
    clock.advance(minutes=40)
    timer.stop(ctx)
    clock.advance(minutes=20)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await loaded(pilot)
        app.push_screen(IncidentScreen(app.ctx, opened.number))
        await until(pilot, lambda: isinstance(app.screen, IncidentScreen))
        screen = app.screen
        assert isinstance(screen, IncidentScreen)
        await until(pilot, lambda: screen.work is not None)
        await pilot.pause()
        shown = " ".join(text_of(screen, "#work").split())
        assert "⚠ 2° livello senza lavoro presso il cliente: fatturato come 1° livello" in shown


def _state(fraction: float | None, status: ClockStatus) -> ClockState:
    return ClockState(
        "resolution", "Risoluzione", status, timedelta(hours=4), timedelta(hours=1),
        timedelta(hours=3), None, None, fraction, False, None,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("fraction", "status", "bar"),
    [
        (0.25, ClockStatus.OK, "████░░░░░░░░░░░░   25 %"),
        (0.0, ClockStatus.OK, "░░░░░░░░░░░░░░░░    0 %"),
        (1.5, ClockStatus.BREACHED, "████████████████  150 %"),
    ],
)
async def test_a_clock_s_progress_bar(fraction: float, status: ClockStatus, bar: str):
    assert facts.progress(_state(fraction, status), TONE_STYLES).plain == bar


async def test_a_clock_without_a_target_has_no_bar():
    assert facts.progress(_state(None, ClockStatus.NO_TARGET), TONE_STYLES).plain == "—"
