"""Toasts never cover the running timer bar: they stack up from just above it, flush with
the screen's right edge, so no cell of the bar is hidden and no column of what is under a
toast shows beside it (the stray character seen at the bar's edge)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.widgets._toast import Toast

from techconsole.tui.app import TechConsole
from techconsole.tui.timer.bar import TimerBar

from .conftest import loaded, until

pytestmark = pytest.mark.asyncio


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_toasts_sit_above_the_running_timer_bar(
    make_app: Callable[..., TechConsole], size: tuple[int, int]
):
    width, height = size
    app = make_app()
    async with app.run_test(size=size, notifications=True) as pilot:
        await loaded(pilot)
        await until(pilot, lambda: bool(app.screen.query(TimerBar)))
        bar = app.screen.query_one(TimerBar)
        await until(pilot, lambda: bar.loaded)
        await pilot.press("j", "T")  # the timer starts: a toast says so
        await until(pilot, lambda: bar.session is not None)
        for line in range(3):
            app.notify(f"a long message that wraps over more than one line, number {line}")
        await until(pilot, lambda: len(app.screen.query(Toast)) == 4)
        await pilot.pause()
        toasts = list(app.screen.query(Toast))
        assert bar.region.y == height - 2  # the bar, just above the keys
        for toast in toasts:
            assert not toast.region.overlaps(bar.region)
            assert toast.region.bottom <= bar.region.y
            assert toast.region.right == width  # flush: nothing shows beside it
        # every cell of the bar's line is the bar's own: no toast, no stray character
        for x in range(width):
            widget, _ = app.screen.get_widget_at(x, bar.region.y)
            assert widget is bar or widget in bar.walk_children(), (x, widget)
        assert bar.text.startswith("▶ ")
