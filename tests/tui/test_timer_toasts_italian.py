"""The timer bar's toasts in the console's default language: starting and stopping are
said in Italian (the catalogue's words, not the English msgids)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from techconsole.tui.app import TechConsole
from techconsole.tui.timer.bar import TimerBar

from .conftest import FrozenClock, loaded, until

pytestmark = pytest.mark.asyncio


def toasts(app: TechConsole) -> list[tuple[str, str]]:
    return [(n.title, n.message) for n in app._notifications]


async def test_start_and_stop_are_said_in_italian(
    make_app: Callable[..., TechConsole], clock: FrozenClock
):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        table = await loaded(pilot)
        bar = app.screen.query_one(TimerBar)
        await until(pilot, lambda: bar.loaded)
        number = table.cursor_key()
        assert number is not None
        await pilot.press("T")
        await until(pilot, lambda: any("Avviato su" in m for _, m in toasts(app)))
        started = next(m for _, m in toasts(app) if "Avviato su" in m)
        assert started == f"Avviato su {number} (remoto)."
        assert ("Timer", started) in toasts(app)
        clock.advance(minutes=20)
        await pilot.press("T")
        await until(pilot, lambda: any("Fermato su" in m for _, m in toasts(app)))
        stopped = next(m for _, m in toasts(app) if "Fermato su" in m)
        assert stopped.startswith(f"Fermato su {number} alle ")
        assert "0:20:00 · " in stopped and "scatt" in stopped and "€" in stopped
        for english in ("Started", "Stopped", " at "):
            assert not any(english in m for _, m in toasts(app)), english


async def test_no_incident_to_start_on_is_said_in_italian(make_app: Callable[..., TechConsole]):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await loaded(pilot)
        await pilot.press("L")  # the team load: no incident under the cursor
        await until(
            pilot,
            lambda: bool(app.screen.query(TimerBar)) and app.screen.query_one(TimerBar).loaded,
        )
        await pilot.press("T")
        await until(pilot, lambda: any("Evidenzia una richiesta" in m for _, m in toasts(app)))
