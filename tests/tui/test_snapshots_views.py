"""What the new parts of the queue look like (SVG snapshots, frozen clock, the seeded demo):
the at-risk and recent views with their tabs, marked lines under NO_COLOR, the column
chooser and a saved view's tab — each in Italian and English, at 80×24 and 120×36."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from techconsole.i18n import set_language
from techconsole.tui.app import TechConsole

from .conftest import loaded, until
from .test_snapshots import SnapCompare, painted, ready

#: every snapshot here in both languages, at both sizes
EVERY_WAY = pytest.mark.parametrize(
    ("language", "size"),
    [
        pytest.param(language, size, id=f"{name}-{size[0]}x{size[1]}")
        for language, name in (("it", "italian"), ("en", "english"))
        for size in ((80, 24), (120, 36))
    ],
)


@EVERY_WAY
def test_at_risk_view(
    snap_compare: SnapCompare,
    make_app: Callable[..., TechConsole],
    language: str,
    size: tuple[int, int],
):
    set_language(language)

    async def run(pilot: Pilot[Any]) -> None:
        await ready(pilot)
        await pilot.press("6")
        await loaded(pilot)
        await painted(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=run)


@EVERY_WAY
def test_recent_view(
    snap_compare: SnapCompare,
    make_app: Callable[..., TechConsole],
    language: str,
    size: tuple[int, int],
):
    set_language(language)

    async def run(pilot: Pilot[Any]) -> None:
        await ready(pilot)
        await pilot.press("7")
        await loaded(pilot)
        await painted(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=run)


@EVERY_WAY
def test_marked_lines_no_color(
    snap_compare: SnapCompare,
    make_app: Callable[..., TechConsole],
    monkeypatch: pytest.MonkeyPatch,
    language: str,
    size: tuple[int, int],
):
    set_language(language)
    monkeypatch.setenv("NO_COLOR", "1")

    async def run(pilot: Pilot[Any]) -> None:
        await ready(pilot)
        await pilot.press("space", "space", "j", "space")
        await painted(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=run)


@EVERY_WAY
def test_column_chooser(
    snap_compare: SnapCompare,
    make_app: Callable[..., TechConsole],
    language: str,
    size: tuple[int, int],
):
    set_language(language)

    async def run(pilot: Pilot[Any]) -> None:
        await ready(pilot)
        await pilot.press("ctrl+o")
        app = pilot.app
        await until(pilot, lambda: app.screen.__class__.__name__ == "ColumnsDialog")
        await painted(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=run)


@EVERY_WAY
def test_tabs_with_a_saved_view(
    snap_compare: SnapCompare,
    make_app: Callable[..., TechConsole],
    language: str,
    size: tuple[int, int],
):
    set_language(language)
    app = make_app()
    app.state.saved["urgenti"] = type(app.state.last)("all", "severity", False, "URGENTE")

    async def run(pilot: Pilot[Any]) -> None:
        await ready(pilot)
        pilot.app.screen.open_saved("urgenti")  # type: ignore[attr-defined]
        await loaded(pilot)
        await painted(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run)
