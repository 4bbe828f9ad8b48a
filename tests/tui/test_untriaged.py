"""Seed 001: "il livello di gravità viene attribuito dal personale tecnico": an incident
recorded without a severity says, in the console's facts, that its severity is the
policy's default and not yet triaged — until a technician sets one."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from textual.widgets import Static

from techconsole.services.context import Context
from techconsole.services.incidents import workflow
from techconsole.tui.app import TechConsole

from .conftest import until
from .test_part_answer import careful, opened  # noqa: F401 - the fixture

pytestmark = pytest.mark.asyncio


@pytest.fixture(autouse=True)
def _english(english: None) -> None:
    """The console's words in English."""


def facts_text(screen) -> str:
    shown = Console(width=160, record=True, file=io.StringIO())
    shown.print(screen.query_one("#facts", Static).content)
    return " ".join(shown.export_text().split())


async def test_the_facts_say_the_severity_is_not_yet_triaged(careful: Context):  # noqa: F811
    app = TechConsole(careful, watch_interval=None)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await opened(pilot, "2026-000001")
        await until(pilot, lambda: "not yet triaged" in facts_text(screen))
        workflow.triage(careful, "2026-000001", severity="N")
        screen.reload()
        await until(pilot, lambda: "not yet triaged" not in facts_text(screen))
