"""A contract about to end, in the console (seed 001): the incident's facts say until when
the customer is under contract, and the team load lists the contracts ending within the
policy's ``[contracts] expiring_days`` (30) — until a renewal is recorded.

On the demo copy, at Monday 23/11/2026 10:00: "Bar Scadenza" has a Basic contract from
21/12/2025 to 20/12/2026, which ends in 27 days (23/11 → 20/12).
"""

from __future__ import annotations

import io
from datetime import date

import pytest
from rich.console import Console
from textual.widgets import Static

from techconsole.services.context import Context
from techconsole.services.customers import contracts
from techconsole.services.customers import registry as customers
from techconsole.services.incidents import intake
from techconsole.tui.app import TechConsole
from techconsole.tui.lead.screen import LeadScreen
from techconsole.tui.watch import DatabaseChanged

from .conftest import until
from .test_incident_actions import opened
from .test_lead_view import opened as lead_opened

pytestmark = pytest.mark.asyncio


@pytest.fixture(autouse=True)
def _english(english: None) -> None:
    """The console's words in English."""


@pytest.fixture
def ending(ctx: Context) -> int:
    bar = customers.add_customer(ctx, customers.NewCustomer("Bar Scadenza")).id
    contracts.add_contract(ctx, bar, "basic", date(2025, 12, 21), date(2026, 12, 20))
    return bar


def text_of(screen, part: str) -> str:
    out = Console(file=io.StringIO(), width=screen.size.width - 3, color_system=None)
    out.print(screen.query_one(part, Static).content)
    return out.file.getvalue()  # type: ignore[attr-defined]


async def test_the_incident_says_until_when_the_customer_is_under_contract(
    ctx: Context, ending: int
):
    number = intake.open_incident(ctx, intake.NewIncident(ending, "Cassa bloccata")).number
    app = TechConsole(ctx, watch_interval=None)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await opened(pilot, number)
        facts = text_of(screen, "#facts")
        line = next(ln for ln in facts.splitlines() if ln.startswith("Contract "))
        assert line.split(None, 1)[1].strip() == "⚠ contract ends 20/12/2026, in 27 days"


async def test_the_team_load_lists_the_contracts_about_to_end(make_ctx, ctx: Context, ending: int):
    app = TechConsole(ctx, watch_interval=None)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await lead_opened(pilot)
        assert isinstance(screen, LeadScreen)
        await until(pilot, lambda: "Bar Scadenza" in text_of(screen, "#lead-contracts"))
        listed = text_of(screen, "#lead-contracts")
        assert "Contracts ending within 30 days" in listed
        assert (
            "⚠ Bar Scadenza · Basic 8×5 · contract ends 20/12/2026, in 27 days · not paid yet"
            in listed
        )
        contracts.renew_contract(make_ctx("anna"), ending)  # 21/12/2026 to 20/12/2027
        app.post_message(DatabaseChanged())
        await until(pilot, lambda: "Bar Scadenza" not in text_of(screen, "#lead-contracts"))
        assert "No customer's contract ends within 30 days." in text_of(screen, "#lead-contracts")
