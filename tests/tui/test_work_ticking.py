"""The incident screen's Work line counts the timer running on the incident, as the timer
bar does, and ticks with it: "1 scatto · 40,00 €" above, never "0 scatti" below."""

from __future__ import annotations

import io
from collections.abc import Callable
from decimal import Decimal

import pytest
from rich.console import Console
from textual.widgets import Static

from techconsole.domain.money import eur
from techconsole.services.context import Context
from techconsole.services.work import billing, timer
from techconsole.tui.app import TechConsole
from techconsole.tui.incident.screen import IncidentScreen
from techconsole.tui.timer.bar import TimerBar

from .conftest import FrozenClock, keys, loaded, until

pytestmark = pytest.mark.asyncio


def work_line(screen: IncidentScreen) -> str:
    shown = Console(width=200, record=True, file=io.StringIO())
    shown.print(screen.query_one("#work", Static).content)
    return shown.export_text().splitlines()[0]


def billed(ctx: Context, numbers: list[str]) -> str:
    """An incident of the queue billed as usual (not free), with no timer running."""
    for number in numbers:
        bill = billing.bill_incident(ctx, number).bill
        if bill.free_reason is None and not bill.running_sessions:
            return number
    raise AssertionError("the demo has no incident billed as usual")


async def test_the_work_line_counts_the_running_timer_and_ticks(
    make_app: Callable[..., TechConsole], ctx: Context, clock: FrozenClock
):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        table = await loaded(pilot)
        number = billed(ctx, keys(table))
        done = billing.bill_incident(ctx, number).bill
        app.push_screen(IncidentScreen(app.ctx, number))
        await until(pilot, lambda: isinstance(app.screen, IncidentScreen))
        screen = app.screen
        assert isinstance(screen, IncidentScreen)
        await until(pilot, lambda: screen.work is not None and bool(screen.query(TimerBar)))
        bar = screen.query_one(TimerBar)
        await until(pilot, lambda: bar.loaded)

        await pilot.press("T")
        await until(pilot, lambda: bar.session is not None)
        clock.advance(minutes=1)  # a started scatto is a scatto
        one = f"{done.units + 1} scatt"
        await until(pilot, lambda: one in work_line(screen) and "0:01:00" in bar.text)
        line = work_line(screen)
        assert "1 scatto · 40,00\xa0€" in bar.text
        taxable = done.taxable + Decimal("40.00")
        assert f"imponibile {eur(taxable)}" in line
        total = taxable + (taxable * done.vat_percent / 100).quantize(Decimal("0.01"))
        assert f"totale {eur(total)}" in line
        assert "un timer è ancora in corso, conteggiato finora" in line

        clock.advance(minutes=20)  # no database change: the screen's tick alone
        two = f"{done.units + 2} scatti"
        await until(pilot, lambda: two in work_line(screen) and "2 scatti" in bar.text)
        assert f"imponibile {eur(done.taxable + Decimal('80.00'))}" in work_line(screen)

        clock.advance(minutes=1)
        await pilot.press("T")  # stopped: the bill of the finished session says the same
        await until(pilot, lambda: bar.session is None and not bar.busy)
        await until(pilot, lambda: "ancora in corso" not in work_line(screen))
        assert f"{done.units + 2} scatti" in work_line(screen)
        assert billing.bill_incident(ctx, number).bill.units == done.units + 2
    assert timer.status(ctx) is None
