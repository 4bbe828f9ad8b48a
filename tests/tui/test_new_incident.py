"""``n`` on the queue: the new-incident form, its checks next to each field, the
service's refusal kept in the form, and a request really recorded."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Select, Static

from techconsole.services.context import Context
from techconsole.services.customers import registry as customers
from techconsole.services.incidents import queue
from techconsole.services.incidents import reading as incidents
from techconsole.services.policies import load
from techconsole.services.views import CustomerView
from techconsole.tui.app import TechConsole
from techconsole.tui.intake.customer import CustomerPicker
from techconsole.tui.intake.form import NewIncidentForm
from techconsole.tui.queue.screen import QueueScreen
from techconsole.tui.widgets.form_fields import Tick

from .conftest import keys, loaded, palette_offers, table_of, until

pytestmark = pytest.mark.asyncio


@pytest.fixture(autouse=True)
def _english(english: None) -> None:
    """These tests read the console's and the services' words in English
    (``language = "en"``); the Italian default has tests of its own."""


def note(form: NewIncidentForm, field: str) -> str:
    return str(form.query_one(f"#{field}-note", Static).render())


def with_employees(ctx: Context) -> CustomerView:
    """A customer with a contract and an employee among its contacts."""
    for customer in customers.list_customers(ctx):
        full = customers.show_customer(ctx, customer.id)
        if customer.contract and any(c.role == "employee" for c in full.contacts):
            return full
    raise AssertionError("the demo has no such customer")


async def new_form(pilot: Pilot[Any]) -> NewIncidentForm:
    await loaded(pilot)
    await pilot.press("n")
    await until(pilot, lambda: isinstance(pilot.app.screen, NewIncidentForm))
    form = pilot.app.screen
    assert isinstance(form, NewIncidentForm)
    # mounted, and every customer listed at first
    await until(pilot, lambda: any(picker.found for picker in form.query(CustomerPicker)))
    return form


async def choose(pilot: Pilot[Any], form: NewIncidentForm, name: str) -> None:
    """Type the customer's name and take the first match with enter."""
    picker = form.query_one(CustomerPicker)
    await pilot.press(*name)
    await until(pilot, lambda: bool(picker.found) and picker.found[0].name == name)
    await pilot.press("enter")
    await until(pilot, lambda: form.customer is not None)


async def test_the_form_says_what_is_missing_next_to_each_field(
    make_app: Callable[..., TechConsole], ctx: Context
):
    before = queue.queue(ctx).total
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await new_form(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "choose the customer from the list" in note(form, "customer")
        assert "say in a few words what is wrong" in note(form, "subject")
        assert app.focused is form.query_one("#customer-search", Input)
        await pilot.press(*"nessun cliente così")
        matches = form.query_one("#customer-matches", OptionList)
        await until(pilot, lambda: not form.query_one(CustomerPicker).found)
        assert "no customer matches" in str(matches.get_option_at_index(0).prompt)
        form.query_one("#subject", Input).focus()
        await pilot.press(*"Stampante ferma")
        await pilot.pause()
        assert "say in a few words" not in note(form, "subject")
        await pilot.press("escape")
        assert isinstance(app.screen, QueueScreen)
    assert queue.queue(ctx).total == before


async def test_a_channel_the_policy_refuses_is_said_at_once(
    make_app: Callable[..., TechConsole], db_url: str, clock: Any, ctx: Context
):
    refusing = Context(ctx.db, load("mb-services"), "anna", clock)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await loaded(pilot)
        form = NewIncidentForm(refusing)
        app.push_screen(form)
        await until(pilot, lambda: any(p.found for p in form.query(CustomerPicker)))
        channel = form.query_one("#channel", Select)
        assert channel.value == "email"
        labels = {value: str(label) for label, value in channel._options}
        assert labels["phone"] == "phone (refused by the policy)"
        channel.focus()
        await pilot.press("enter", "down", "down", "enter")  # email, web, phone
        await pilot.pause()
        assert channel.value == "phone"
        assert "policy 'mb-services': Non possono essere prese" in note(form, "channel")
        await pilot.press("ctrl+s")
        assert app.screen is form
        channel.value = "email"
        await pilot.pause()
        assert "refuses" not in note(form, "channel")


async def test_a_request_is_recorded_and_the_queue_shows_it(
    make_app: Callable[..., TechConsole], ctx: Context
):
    customer = with_employees(ctx)
    employee = next(c for c in customer.contacts if c.role == "employee")
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        form = await new_form(pilot)
        await choose(pilot, form, customer.name)
        assert "contract in force" in note(form, "customer")
        requester = form.query_one("#requester", Select)
        await until(pilot, lambda: len(requester._options) > 1)
        labels = {value: str(label) for label, value in requester._options}
        assert "may not authorise" in labels[employee.id]
        assert app.focused is requester
        requester.value = employee.id
        await pilot.pause()
        assert "will wait for the authorisation of a titolare or ADS" in note(form, "requester")
        form.query_one("#subject", Input).focus()
        await pilot.press(*"URGENTE: [b]stampante[/b] ferma", "tab")
        assert form.query_one("#urgent", Tick).value  # the keyword ticks it
        await pilot.press(*"Dal reparto amministrazione", "tab", "enter", "up", "enter")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, QueueScreen))
        toast = next(n for n in app._notifications if n.title == "New incident")
        number = toast.message.split(" ", 1)[0]
        assert "waiting for the authorisation" in toast.message
        detail = incidents.show(ctx, number).incident
        assert (detail.customer, detail.requester) == (customer.name, employee.name)
        assert (detail.subject, detail.description) == (
            "URGENTE: [b]stampante[/b] ferma",
            "Dal reparto amministrazione",
        )
        assert (detail.severity, detail.urgent, detail.channel) == ("B", True, "email")
        assert detail.status == "awaiting_authorisation"
        table = table_of(app)
        await until(pilot, lambda: table.cursor_key() == number)
        assert number in keys(table)


async def test_the_service_refusal_stays_in_the_form(
    make_app: Callable[..., TechConsole], make_ctx: Callable[..., Context], ctx: Context
):
    before = queue.queue(ctx).total
    stranger = make_ctx("zorro")  # not in the team: the service refuses to record for them
    customer = customers.list_customers(ctx)[0]
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await loaded(pilot)
        form = NewIncidentForm(stranger)
        app.push_screen(form)
        await until(pilot, lambda: any(p.found for p in form.query(CustomerPicker)))
        await choose(pilot, form, customer.name)
        form.query_one("#subject", Input).focus()
        await pilot.press(*"Il server non risponde", "ctrl+s")
        error = form.query_one("#form-error", Static)
        await until(pilot, lambda: "'zorro' is not a technician" in str(error.render()))
        assert app.screen is form
        assert form.query_one("#subject", Input).value == "Il server non risponde"
    assert queue.queue(ctx).total == before


async def test_the_palette_opens_the_form(make_app: Callable[..., TechConsole]):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await loaded(pilot)
        await pilot.press("colon", *"New incident")
        await palette_offers(pilot, "New incident")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, NewIncidentForm))
