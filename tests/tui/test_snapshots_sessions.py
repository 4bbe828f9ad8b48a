"""What the work-session forms look like with a refusal of the timer service said next
to its field (SVG snapshots, frozen clock, the seeded demo): past work recorded before
the incident arrived (``W``), a correction that overlaps another session (``S``); in
Italian and English, at 80×24 and 120×36."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, Static

from techconsole.services.context import Context
from techconsole.services.work import timer
from techconsole.tui.app import TechConsole
from techconsole.tui.incident.screen import IncidentScreen
from techconsole.tui.incident.session_form import SessionForm
from techconsole.tui.incident.sessions import AddSessionDialog, EditSessionDialog

from .conftest import until
from .test_snapshots import SnapCompare, ready, steady

#: anna's, in progress, arrived Monday 23/11/2026 at 03:54 in Rome
NUMBER = "2026-000296"


def _two_sessions(ctx: Context) -> None:
    at = ctx.now().astimezone(ctx.policy.zone)
    timer.add(ctx, NUMBER, start_at=at.replace(hour=6), end_at=at.replace(hour=6, minute=30))
    timer.add(ctx, NUMBER, start_at=at.replace(hour=8), end_at=at.replace(hour=8, minute=30))


async def _refused(pilot: Pilot[Any], key: str, kind: type[SessionForm], field: str, **typed: str):
    """The incident open, the form of ``key`` filled with ``typed`` and submitted: the
    refusal said under ``field``."""
    await ready(pilot)
    app = pilot.app
    assert isinstance(app, TechConsole)
    app.push_screen(IncidentScreen(app.ctx, NUMBER))
    await until(pilot, lambda: getattr(app.screen, "work", None) is not None)
    await pilot.press(key)
    await until(pilot, lambda: isinstance(app.screen, kind))
    dialog = app.screen
    assert isinstance(dialog, SessionForm)
    for name, value in typed.items():
        dialog.query_one(f"#{name}", Input).value = value
    await pilot.press("ctrl+s")
    note = dialog.query_one(f"#{field}-note", Static)
    await until(pilot, lambda: not dialog.saving and note.has_class("-error"))
    await steady(pilot)


def _before_arrival(pilot: Pilot[Any]) -> Any:
    return _refused(pilot, "W", AddSessionDialog, "start", start="ieri alle 17", duration="1h30")


def _overlap(pilot: Pilot[Any]) -> Any:
    return _refused(pilot, "S", EditSessionDialog, "end", start="5:30", end="6:15")


def test_past_work_before_the_arrival_italian_80x24(
    snap_compare: SnapCompare, make_app: Callable[..., TechConsole]
):
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=_before_arrival)


def test_past_work_before_the_arrival_english_120x36(
    snap_compare: SnapCompare, make_app: Callable[..., TechConsole], english: None
):
    assert snap_compare(make_app(), terminal_size=(120, 36), run_before=_before_arrival)


def test_a_correction_overlapping_italian_120x36(
    snap_compare: SnapCompare, make_app: Callable[..., TechConsole], ctx: Context
):
    _two_sessions(ctx)
    assert snap_compare(make_app(), terminal_size=(120, 36), run_before=_overlap)


def test_a_correction_overlapping_english_80x24(
    snap_compare: SnapCompare, make_app: Callable[..., TechConsole], ctx: Context, english: None
):
    _two_sessions(ctx)
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=_overlap)
