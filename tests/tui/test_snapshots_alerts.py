"""What an alert looks like when it arrives (SVG snapshots, frozen clock, the seeded
demo): the watcher's read is asked for at a chosen instant instead of waiting for its
timer, so the toast is the same at every run — an SLA breached, in Italian and English,
and a new incident at 80×24."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from techconsole.services.context import Context
from techconsole.services.incidents import intake
from techconsole.tui.alerts import watcher
from techconsole.tui.alerts.hooks import AlertSettings
from techconsole.tui.app import TechConsole

from .conftest import FrozenClock, first_breach, table_of, until
from .test_snapshots import SnapCompare, painted, ready


@pytest.fixture(autouse=True)
def _toasts_stay(monkeypatch: pytest.MonkeyPatch) -> None:
    """The toast is still up when the picture is taken, however loaded the machine."""
    monkeypatch.setattr(watcher, "TOAST_SECONDS", 600)


def _alerting(make_app: Callable[..., TechConsole]) -> TechConsole:
    return make_app(alerts=AlertSettings(bell=False))


async def _told(pilot: Pilot[Any], change: Callable[[], object]) -> None:
    """The console up and its alerts primed (what is so at start is not said); then
    ``change``, one read of the watcher, its toasts, and the queue read again."""
    await ready(pilot)
    app = pilot.app
    assert isinstance(app, TechConsole)
    await until(pilot, lambda: app.alerts is not None and app.alerts.book.primed)
    alerts = app.alerts
    assert alerts is not None
    change()
    reads = alerts.reads
    alerts.look()
    await until(pilot, lambda: alerts.reads > reads and bool(app._notifications))
    table = table_of(app)
    asked = table.serial
    await pilot.press("r")  # the queue as of the new instant (its ticks would get there)
    await until(pilot, lambda: table.serial > asked and table.answered == table.serial)
    await painted(pilot)


def _breach(ctx: Context, clock: FrozenClock) -> Callable[[Pilot[Any]], Any]:
    _row, breached_at = first_breach(ctx)

    def later() -> None:
        clock.value = breached_at

    return lambda pilot: _told(pilot, later)


def test_an_sla_breach_italian_120x36(
    snap_compare: SnapCompare,
    make_app: Callable[..., TechConsole],
    ctx: Context,
    clock: FrozenClock,
):
    run = _breach(ctx, clock)
    assert snap_compare(_alerting(make_app), terminal_size=(120, 36), run_before=run)


def test_an_sla_breach_english_120x36(
    snap_compare: SnapCompare,
    make_app: Callable[..., TechConsole],
    ctx: Context,
    clock: FrozenClock,
    english: None,
):
    run = _breach(ctx, clock)
    assert snap_compare(_alerting(make_app), terminal_size=(120, 36), run_before=run)


def test_a_new_incident_italian_80x24(
    snap_compare: SnapCompare,
    make_app: Callable[..., TechConsole],
    make_ctx: Callable[..., Context],
):
    marco = make_ctx("marco")

    def opened() -> None:  # a request taken by marco on the phone, nobody's yet
        intake.open_incident(marco, intake.NewIncident(1, "Stampante di rete non risponde"))

    async def run(pilot: Pilot[Any]) -> None:
        await _told(pilot, opened)

    assert snap_compare(_alerting(make_app), terminal_size=(80, 24), run_before=run)
