"""Prepaid hours ("monte ore", seed 000) in the console: the incident's work section says
what its labour took from the contract's block and what is left, and the team load lists
the customers close to running out (``[contracts] prepaid_low_percent``: 20 %).

On the demo copy, at Monday 23/11/2026 10:00: "Studio Monte" has a Basic contract for
2026 with a block of 2 hours (6 scatti of 20 minutes); the request came at 08:00; 100 minutes of
remote work from 08:10 are 5 scatti, all from the block: 1 left, 1/6 ≈ 17 % ≤ 20 %.
"""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from rich.console import Console
from textual.widgets import Static

from techconsole.services.context import Context
from techconsole.services.customers import contracts
from techconsole.services.customers import registry as customers
from techconsole.services.incidents import intake
from techconsole.services.work import timer
from techconsole.tui.app import TechConsole
from techconsole.tui.lead.screen import LeadScreen

from .conftest import FrozenClock, until
from .test_incident_actions import opened
from .test_lead_view import opened as lead_opened

pytestmark = pytest.mark.asyncio


@pytest.fixture(autouse=True)
def _english(english: None) -> None:
    """The console's words in English."""


@pytest.fixture
def worked(ctx: Context, clock: FrozenClock) -> str:
    studio = customers.add_customer(ctx, customers.NewCustomer("Studio Monte")).id
    contracts.add_contract(
        ctx, studio, "basic", date(2026, 1, 1), date(2026, 12, 31), prepaid_minutes=120
    )
    now = clock()
    new = intake.NewIncident(studio, "Backup fallito", arrived_at=now - timedelta(hours=2))
    number = intake.open_incident(ctx, new).number
    timer.start(ctx, number, at=now - timedelta(minutes=110), switch=True)
    timer.stop(ctx, at=now - timedelta(minutes=10))
    return number


def text_of(screen, part: str) -> str:
    out = Console(file=io.StringIO(), width=screen.size.width - 3, color_system=None)
    out.print(screen.query_one(part, Static).content)
    return out.file.getvalue()  # type: ignore[attr-defined]


async def test_the_work_section_says_what_the_block_has_left(ctx: Context, worked: str):
    app = TechConsole(ctx, watch_interval=None)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await opened(pilot, worked)
        await until(pilot, lambda: "Prepaid hours" in text_of(screen, "#work"))
        shown = text_of(screen, "#work")
        assert "Prepaid hours (monte ore): 5 scatti used, 1 left of 6 scatti" in shown


async def test_the_team_load_lists_the_customers_running_out(ctx: Context, worked: str):
    app = TechConsole(ctx, watch_interval=None)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await lead_opened(pilot)
        assert isinstance(screen, LeadScreen)
        await until(pilot, lambda: screen.query_one("#lead-prepaid").display)
        listed = text_of(screen, "#lead-prepaid")
        assert "Prepaid hours down to 20 % or less" in listed
        assert "⚠ Studio Monte · Basic 8×5 · 1 scatto left of 6" in listed
