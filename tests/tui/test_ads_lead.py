"""The reports due to the data controllers on the team load (seed 001: "L'operato della
nostra azienda sara' riportato al titolare con cadenza da stabilire tra le parti"): shown
while one is due, gone once its delivery is recorded.

On the demo copy, at Monday 23/11/2026 10:00: "Hotel Mare" (we are its ADS) agreed to a
monthly report from 1 October; October's is due since 1 November.
"""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import Input, Select, Static

from techconsole.services.context import Context
from techconsole.services.customers import registry as customers
from techconsole.services.documents import ads_reports
from techconsole.services.mail import outbox
from techconsole.tui.app import TechConsole
from techconsole.tui.lead.ads_send import AdsSendDialog
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


async def test_e_sends_the_report_due_by_e_mail_and_the_line_says_it_is_in_the_outbox(
    make_ctx, ctx: Context, monkeypatch: pytest.MonkeyPatch
):
    """``e`` on the team load: the form offers the customers with a report due (the
    oldest first), says whom it goes to, or why it cannot go; ``ctrl+s`` puts it in the
    outbox, and the line says so until ``mail send`` sends it."""
    monkeypatch.setattr(TechConsole, "NOTIFICATION_TIMEOUT", 600)
    hotel = customers.add_customer(ctx, customers.NewCustomer("Hotel Mare", we_are_ads=True)).id
    customers.add_contact(ctx, hotel, "Sig. Bianchi", "titolare", email="bianchi@hotelmare.example")
    ads_reports.set_cadence(ctx, hotel, "monthly", date(2026, 10, 1))
    studio = customers.add_customer(ctx, customers.NewCustomer("Studio Nuovo", we_are_ads=True)).id
    ads_reports.set_cadence(ctx, studio, "quarterly", date(2026, 7, 1))  # due since 1 October
    app = TechConsole(ctx, watch_interval=None)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await lead_opened(pilot)
        shown = screen.query_one("#lead-ads")
        await until(pilot, lambda: shown.display and "Hotel Mare" in text_of(screen, "#lead-ads"))
        assert "press e to send one by e-mail" in text_of(screen, "#lead-ads")
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, AdsSendDialog))
        dialog = app.screen
        assert isinstance(dialog, AdsSendDialog)
        choice = dialog.query_one("#ads-customer", Select)
        labels = [str(prompt) for prompt, _value in choice._options]
        # the oldest due first: Studio's third quarter, then Hotel's October
        assert labels == [
            "Studio Nuovo · 01/07/2026–30/09/2026",
            "Hotel Mare · 01/10/2026–31/10/2026",
        ]
        assert choice.value == studio
        await until(pilot, lambda: "no titolare of Studio Nuovo" in form_text(dialog))
        choice.value = hotel
        await until(pilot, lambda: "Sig. Bianchi <bianchi@hotelmare.example>" in form_text(dialog))
        assert "Report to the data controller: Hotel Mare" not in form_text(dialog)  # Italian
        assert "Resoconto al titolare del trattamento: Hotel Mare" in form_text(dialog)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, AdsSendDialog))
        await until(pilot, lambda: any("is in the outbox for bianchi@" in m for m in toasts(app)))
        [entry] = outbox.list_outbox(ctx)
        assert (entry.attachment, entry.customer_id, entry.state) == (
            "ads_report",
            hotel,
            "pending",
        )
        assert ads_reports.deliveries(ctx, hotel) == []  # delivered once sent, not now
        await until(
            pilot, lambda: f"✉ in the outbox (message {entry.id})" in text_of(screen, "#lead-ads")
        )

        # Studio has no titolare with an e-mail: the address typed goes instead
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, AdsSendDialog))
        dialog = app.screen
        assert isinstance(dialog, AdsSendDialog)
        await until(pilot, lambda: "no titolare of Studio Nuovo" in form_text(dialog))
        await pilot.press("ctrl+s")  # with nobody to write to: refused, the form stays
        await until(pilot, lambda: "name the address" in error_text(dialog))
        assert isinstance(app.screen, AdsSendDialog)
        dialog.query_one("#ads-to", Input).value = "avv.rosa@studionuovo.example"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, AdsSendDialog))
        studio_mail = [e for e in outbox.list_outbox(ctx) if e.customer_id == studio]
        assert [a.email for a in studio_mail[0].to] == ["avv.rosa@studionuovo.example"]


async def test_e_is_offered_only_while_a_report_is_due(ctx: Context):
    hotel = customers.add_customer(ctx, customers.NewCustomer("Hotel Mare", we_are_ads=True)).id
    ads_reports.set_cadence(ctx, hotel, "monthly", date(2026, 11, 1))  # due on 1 December
    app = TechConsole(ctx, watch_interval=None)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await lead_opened(pilot)
        assert screen.check_action("send_ads", ()) is False
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, LeadScreen)


def form_text(dialog: AdsSendDialog) -> str:
    """The form's subject and the hints under its fields."""
    parts = [dialog.query_one("#ads-subject", Static).content]
    parts += [note.content for note in dialog.query(".field-note").results(Static)]
    parts.append(dialog.query_one("#form-error", Static).content)
    return " ".join(str(p) for p in parts)


def error_text(dialog: AdsSendDialog) -> str:
    return str(dialog.query_one("#form-error", Static).content)


def toasts(app: TechConsole) -> list[str]:
    return [n.message for n in app._notifications]
