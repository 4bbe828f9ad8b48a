"""What the console looks like: SVG snapshots at 80×24 (SSH) and 120×36, frozen clock.

Each snapshot is the seeded demo database (seed 7) at Monday 23/11/2026 10:00 in Rome,
with the change poller off: nothing reads the wall clock or a random source.  When a
change to the screens is intended (or the demo data changes), look at the new pictures
and accept them with ``pytest tests/tui/test_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from techconsole.tui.app import TechConsole
from techconsole.tui.opening import Opening

from .conftest import DEADLINE, loaded, until

SnapCompare = Callable[..., bool]


async def ready(pilot: Pilot[Any]) -> None:
    """The queue read and drawn, and who you are known."""
    await loaded(pilot)
    app = pilot.app
    assert isinstance(app, TechConsole)
    await until(pilot, lambda: app.me is not None)
    await painted(pilot)


async def painted(pilot: Pilot[Any]) -> None:
    """What the app was told is handled, and the screen painted after it: the screen
    repaints on a timer, so on a loaded machine a picture taken at once can be stale."""
    await pilot.pause()
    await asyncio.wait_for(pilot.app.screen.wait_for_refresh(), DEADLINE)


async def steady(pilot: Pilot[Any]) -> None:
    """The text cursor shown, not blinking, and painted: how long the machine took to get
    here (it blinks every half second) must not decide the picture."""
    for box in pilot.app.screen.query(Input):
        box.cursor_blink = False
    for area in pilot.app.screen.query(TextArea):
        area.cursor_blink = False
    await painted(pilot)


def test_queue_80x24(snap_compare: SnapCompare, make_app: Callable[..., TechConsole]):
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=ready)


def test_queue_120x36(snap_compare: SnapCompare, make_app: Callable[..., TechConsole]):
    assert snap_compare(make_app(), terminal_size=(120, 36), run_before=ready)


def test_queue_no_color_80x24(
    snap_compare: SnapCompare,
    make_app: Callable[..., TechConsole],
    monkeypatch: pytest.MonkeyPatch,
):
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=ready)


def test_queue_sorted_and_filtered_120x36(
    snap_compare: SnapCompare, make_app: Callable[..., TechConsole]
):
    async def sort_and_filter(pilot: Pilot[Any]) -> None:
        await ready(pilot)
        await pilot.press("s", "slash", *"Studio", "enter")
        await loaded(pilot)
        await painted(pilot)

    assert snap_compare(make_app(), terminal_size=(120, 36), run_before=sort_and_filter)


def test_help_80x24(snap_compare: SnapCompare, make_app: Callable[..., TechConsole]):
    async def help_open(pilot: Pilot[Any]) -> None:
        await ready(pilot)
        await pilot.press("question_mark")
        await painted(pilot)

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=help_open)


def test_incident_120x36(snap_compare: SnapCompare, make_app: Callable[..., TechConsole]):
    async def incident_open(pilot: Pilot[Any]) -> None:
        await ready(pilot)
        await pilot.press("j", "enter")
        app = pilot.app
        await until(pilot, lambda: getattr(app.screen, "detail", None) is not None)
        await painted(pilot)

    assert snap_compare(make_app(), terminal_size=(120, 36), run_before=incident_open)


def test_queue_opening_120x36(snap_compare: SnapCompare, db_url: str):
    """The first frame of a usual start, before the database is open: who on which
    database, the views, the queue's headings and a line saying it is opening."""
    app = TechConsole(Opening(db_url, "anna", "anna"), watch_interval=None)
    app.open_after = lambda shell, query: None  # type: ignore[method-assign]  # never opens

    async def shell(pilot: Pilot[Any]) -> None:
        await until(pilot, lambda: bool(pilot.app.screen.query("#opening")))
        await painted(pilot)

    assert snap_compare(app, terminal_size=(120, 36), run_before=shell)
