"""The reports due to the data controllers on the team load (seed 001: "L'operato della
nostra azienda sara' riportato al titolare con cadenza da stabilire tra le parti"): shown
while one is due, gone once its delivery is recorded.

On the demo copy, at Monday 23/11/2026 10:00: "Hotel Mare" (we are its ADS) agreed to a
monthly report from 1 October; October's is due since 1 November.
"""

from __future__ import annotations

from datetime import date

import pytest

from techconsole.services.context import Context
from techconsole.services.customers import registry as customers
from techconsole.services.documents import ads_reports
from techconsole.tui.app import TechConsole
from techconsole.tui.lead.screen import LeadScreen
from techconsole.tui.watch import DatabaseChanged

from .conftest import until
from .test_contract_console import text_of
from .test_lead_view import opened as lead_opened

pytestmark = pytest.mark.asyncio


@pytest.fixture(autouse=True)
def _english(english: None) -> None:
    """The console's words in English."""


async def test_the_team_load_lists_the_reports_due_to_the_data_controllers(make_ctx, ctx: Context):
    hotel = customers.add_customer(ctx, customers.NewCustomer("Hotel Mare", we_are_ads=True)).id
    ads_reports.set_cadence(ctx, hotel, "monthly", date(2026, 10, 1))
    app = TechConsole(ctx, watch_interval=None)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await lead_opened(pilot)
        assert isinstance(screen, LeadScreen)
        shown = screen.query_one("#lead-ads")
        await until(pilot, lambda: shown.display and "Hotel Mare" in text_of(screen, "#lead-ads"))
        listed = text_of(screen, "#lead-ads")
        assert "Reports to the data controller: 1 due" in listed
        assert "⚠ Hotel Mare · 01/10/2026–31/10/2026 · due since 01/11/2026" in listed
        ads_reports.record_delivery(make_ctx("anna"), hotel, to="Sig. Bianchi", via="pec")
        app.post_message(DatabaseChanged())
        await until(pilot, lambda: not shown.display)
