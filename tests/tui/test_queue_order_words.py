"""The console says the policy's queue order in its command palette ("Policy order"),
the priority categories of seed 000 among it: "i predetti malfunzionamenti, sono presi
in considerazione con 'priorità elevata'"."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from techconsole.services.context import Context
from techconsole.services.policies import load
from techconsole.services.team import members as team
from techconsole.store.database import Database
from techconsole.tui.app import TechConsole

from .conftest import FrozenClock, loaded

pytestmark = pytest.mark.asyncio


@pytest.fixture(autouse=True)
def _english(english: None) -> None:
    """The console's words in English."""


@pytest.fixture
def istes(tmp_path: Path) -> Iterator[Context]:
    db = Database(f"sqlite:///{tmp_path / 'techconsole.db'}")
    db.migrate()
    clock = FrozenClock(datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Europe/Rome")))
    ctx = Context(db, load("istes"), "anna", clock)
    team.add_technician(ctx, "anna", "Anna Rossi")
    yield ctx
    db.dispose()


async def test_the_palette_says_the_queue_order_with_the_software_faults_first(istes):
    app = TechConsole(istes, watch_interval=None)
    async with app.run_test(size=(120, 36)) as pilot:
        await loaded(pilot)
        (order,) = [c for c in app.get_system_commands(app.screen) if c.title == "Policy order"]
        assert order.help == (
            "Sort as the policy orders the queue: contract customers first, then category "
            "software, then severity, then the SLA due time, then arrival (first in, first out)"
        )
