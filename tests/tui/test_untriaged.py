"""Seed 001: "il livello di gravità viene attribuito dal personale tecnico": an incident
recorded without a severity says, in the console's facts, that its severity is the
policy's default and not yet triaged — until a technician sets one."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from rich.console import Console
from textual.widgets import Static

from techconsole.services.context import Context
from techconsole.services.customers import registry as customers
from techconsole.services.incidents import intake, workflow
from techconsole.services.policies import load
from techconsole.services.team import members as team
from techconsole.store.database import Database
from techconsole.tui.app import TechConsole

from .conftest import FrozenClock, until
from .test_part_answer import opened

pytestmark = pytest.mark.asyncio


@pytest.fixture(autouse=True)
def _english(english: None) -> None:
    """The console's words in English."""


@pytest.fixture
def untriaged(tmp_path: Path) -> Iterator[Context]:
    """The default policy (severities A, B, C); a request recorded with none."""
    db = Database(f"sqlite:///{tmp_path / 'techconsole.db'}")
    db.migrate()
    clock = FrozenClock(datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Europe/Rome")))
    ctx = Context(db, load("default"), "anna", clock)
    team.add_technician(ctx, "anna", "Anna Rossi")
    added = customers.add_customer(ctx, customers.NewCustomer("Ottica"))
    intake.open_incident(ctx, intake.NewIncident(added.id, "Posta lenta"))
    yield ctx
    db.dispose()


def facts_text(screen) -> str:
    shown = Console(width=160, record=True, file=io.StringIO())
    shown.print(screen.query_one("#facts", Static).content)
    return " ".join(shown.export_text().split())


async def test_the_facts_say_the_severity_is_not_yet_triaged(untriaged: Context):
    app = TechConsole(untriaged, watch_interval=None)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await opened(pilot, "2026-000001")
        await until(
            pilot, lambda: "C (the policy's default: not yet triaged)" in facts_text(screen)
        )
        workflow.triage(untriaged, "2026-000001", severity="C")
        screen.reload()
        await until(pilot, lambda: "not yet triaged" not in facts_text(screen))
