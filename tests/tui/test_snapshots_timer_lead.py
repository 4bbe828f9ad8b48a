"""What the timer bar and the team load look like: SVG snapshots at 80×24 and 120×36.

The seeded demo at Monday 23/11/2026 10:00 in Rome (see ``test_snapshots.py``; its
elena and paolo have a timer running), and anna's timer started through the timer
service at 08:55 on the first incident of the queue (1:05:00, 4 scatti, 160,00 €).
Accept intended changes with ``pytest tests/tui/test_snapshots_timer_lead.py
--snapshot-update``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from textual.pilot import Pilot

from techconsole.services.context import Context
from techconsole.services.incidents import queue
from techconsole.services.work import timer
from techconsole.tui.app import TechConsole
from techconsole.tui.lead.screen import LeadScreen
from techconsole.tui.timer.bar import TimerBar

from .conftest import START, until
from .test_snapshots import SnapCompare, painted, ready


@pytest.fixture
def running(ctx: Context) -> None:
    number = queue.queue(ctx, limit=1).rows[0].number
    timer.start(ctx, number, at=START - timedelta(minutes=65))


async def timer_shown(pilot: Pilot[Any]) -> None:
    await ready(pilot)
    bar = pilot.app.screen.query_one(TimerBar)
    await until(pilot, lambda: bar.session is not None)
    await painted(pilot)


async def lead_shown(pilot: Pilot[Any]) -> None:
    await ready(pilot)
    await pilot.press("L")
    app = pilot.app
    await until(pilot, lambda: isinstance(app.screen, LeadScreen))
    screen = app.screen
    assert isinstance(screen, LeadScreen)
    await until(pilot, lambda: screen.load is not None and screen.load.compliance is not None)
    await until(pilot, lambda: screen.stats is not None)  # the charts, read apart
    bar = screen.query_one(TimerBar)
    await until(pilot, lambda: bar.session is not None)
    await painted(pilot)


def test_queue_with_a_running_timer_80x24(
    snap_compare: SnapCompare, make_app: Callable[..., TechConsole], running: None
):
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=timer_shown)


def test_queue_with_a_running_timer_120x36(
    snap_compare: SnapCompare, make_app: Callable[..., TechConsole], running: None
):
    assert snap_compare(make_app(), terminal_size=(120, 36), run_before=timer_shown)


def test_lead_view_80x24(
    snap_compare: SnapCompare, make_app: Callable[..., TechConsole], running: None
):
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=lead_shown)


def test_lead_view_120x36(
    snap_compare: SnapCompare, make_app: Callable[..., TechConsole], running: None
):
    assert snap_compare(make_app(), terminal_size=(120, 36), run_before=lead_shown)


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
def test_lead_view_english(
    snap_compare: SnapCompare,
    make_app: Callable[..., TechConsole],
    running: None,
    english: None,
    size: tuple[int, int],
):
    """The team load and its charts in English."""
    assert snap_compare(make_app(), terminal_size=size, run_before=lead_shown)
