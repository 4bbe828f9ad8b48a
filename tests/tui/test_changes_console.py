"""A customer's customisations in the console (seeds 000, 001): ``P`` on an incident (or
"Customisations" in the palette) lists them with what the customer must do by when;
``d`` delivers, ``a`` accepts, ``x`` contests — what the rules refuse is said with its
reason, in a toast and under the table, and nothing changes; a read-only database
refuses the keys.  The incident says the release its fix comes with.

The office (a database of its own, the istes preset) at the console tests' frozen Monday
23/11/2026 10:00 in Rome:

- Hotel Mare (#1), its titolare Sig.ra Bianchi (bianchi@hotelmare.example);
- customisation #1, heavy, delivered 20/11/2026: (001) "entro 15 giorni di calendario
  solare" — test by 05/12/2026, in 12 days;
- #2, agreed for 23/11/2026 to 04/12/2026, not delivered yet;
- #3, delivered 01/10/2026: (000) "Scaduti 30 gg dalla consegna" — the right to contest
  it ended on 31/10/2026;
- incident 2026-000001 of Hotel Mare, its fix linked to the release of 01/01/2027.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Input, Static, TextArea

from techconsole.services.changes import reading, releases, requests, steps
from techconsole.services.context import Context
from techconsole.services.customers import registry as customers
from techconsole.services.incidents import intake
from techconsole.services.policies import load
from techconsole.services.team import members as team
from techconsole.store.database import Database
from techconsole.tui.app import TechConsole
from techconsole.tui.changes.forms import ChangesCustomerDialog, ContestDialog, DeliverDialog
from techconsole.tui.changes.screen import ChangesScreen
from techconsole.tui.intake.customer import CustomerPicker

from .conftest import FrozenClock, loaded, palette_offers, until
from .test_incident_actions import form, opened, said, toasts
from .test_read_only_console import REFUSED

pytestmark = pytest.mark.asyncio


@pytest.fixture(autouse=True)
def _english(english: None) -> None:
    """The toasts are read in English here."""


@pytest.fixture(autouse=True)
def _toasts_stay(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(TechConsole, "NOTIFICATION_TIMEOUT", 600)


@dataclass(frozen=True, slots=True)
class Hotel:
    ctx: Context
    incident: str


def _build(ctx: Context) -> Hotel:
    team.add_technician(ctx, "anna", "Anna Rossi")
    hotel = customers.add_customer(ctx, customers.NewCustomer("Hotel Mare")).id
    customers.add_contract(ctx, hotel, "basic", date(2026, 1, 1), date(2026, 12, 31))
    customers.add_contact(
        ctx, hotel, "Sig.ra Bianchi", "titolare", email="bianchi@hotelmare.example"
    )

    def asked(what: str, heavy: bool, on: date) -> int:
        new = requests.NewChange(hotel, what, heavy, contact=1, requested_on=on)
        return requests.add_change(ctx, new).id

    first = asked("Export presenze per la questura", True, date(2026, 11, 2))
    requests.schedule(ctx, first, date(2026, 11, 2), date(2026, 11, 20))
    steps.deliver(ctx, first, date(2026, 11, 20), notify=False)
    second = asked("Stampa del conto in inglese", False, date(2026, 11, 23))
    requests.schedule(ctx, second, date(2026, 11, 23), date(2026, 12, 4))
    third = asked("Menu [bold]colazioni[/bold]", False, date(2026, 9, 1))
    requests.schedule(ctx, third, date(2026, 9, 1), date(2026, 10, 1))
    steps.deliver(ctx, third, date(2026, 10, 1), notify=False)
    opened_ = intake.open_incident(ctx, intake.NewIncident(hotel, "Export presenze errato"))
    releases.link_release(ctx, opened_.number)
    return Hotel(ctx, opened_.number)


@pytest.fixture
def hotel(tmp_path: Path, clock: FrozenClock) -> Iterator[Hotel]:
    db = Database(f"sqlite:///{tmp_path / 'hotel.db'}")
    db.migrate()
    try:
        yield _build(Context(db, load("istes"), "anna", clock))
    finally:
        db.dispose()


def shown(widget: Static, width: int = 160) -> str:
    console = Console(width=width, record=True, file=io.StringIO())
    console.print(widget.content)
    return " ".join(console.export_text().split())


async def changes_of(pilot: Pilot[Any], number: str) -> ChangesScreen:
    """``P`` on incident ``number``: its customer's customisations, read."""
    await opened(pilot, number)
    await pilot.press("P")
    app = pilot.app
    await until(pilot, lambda: isinstance(app.screen, ChangesScreen))
    screen = app.screen
    assert isinstance(screen, ChangesScreen)
    await until(pilot, lambda: screen.answered == screen.serial > 0)
    await pilot.pause()
    return screen


async def to_row(pilot: Pilot[Any], screen: ChangesScreen, change: int) -> None:
    keys = [str(c.id) for c in screen.changes]
    screen.table.move_cursor(row=keys.index(str(change)))
    await until(pilot, lambda: screen.cursor_key() == str(change))
    await pilot.pause()


async def test_the_incident_screen_shows_the_release_and_p_opens_the_customisations(
    hotel: Hotel,
):
    app = TechConsole(hotel.ctx, watch_interval=None)
    async with app.run_test(size=(160, 44)) as pilot:
        incident = await opened(pilot, hotel.incident)
        facts = shown(incident.query_one("#facts", Static))
        assert "Fix in release 01/01/2027 (in 39 days)" in facts
        await pilot.press("escape")
        screen = await changes_of(pilot, hotel.incident)
        title = shown(screen.query_one("#changes-title", Static))
        assert "Customisations · Hotel Mare · 3 requests · 1 with the customer" in title
        assert [c.id for c in screen.changes] == [2, 1, 3]
        await to_row(pilot, screen, 1)
        pane = shown(screen.query_one("#change-detail", Static))
        assert "Customisation #1" in pane
        assert "Test by 05/12/2026" in pane
        assert "⚠ test by 05/12/2026 (in 12 days)" in pane
        await to_row(pilot, screen, 3)
        pane = shown(screen.query_one("#change-detail", Static))
        assert "Menu [bold]colazioni[/bold]" in pane  # the customer's words, not markup
        assert "accepted · no longer contestable" in pane

        # d delivers #2 today: a notice to who asked, the deadlines said
        await to_row(pilot, screen, 2)
        await pilot.press("d")
        dialog = await form(pilot, DeliverDialog)
        assert dialog.query_one("#on", Input).value == ""  # empty is today
        await pilot.press("ctrl+s")
        await said(
            pilot, "customisation #2 delivered on 23/11/2026 · notice to bianchi@hotelmare.example"
        )
        assert reading.show_change(hotel.ctx, 2).status == "delivered"
        assert reading.show_change(hotel.ctx, 2).contest_until == date(2026, 12, 23)

        # x on #3: the contest window closed on 31/10/2026 — refused, with the reason
        await to_row(pilot, screen, 3)
        await pilot.press("x")
        dialog = await form(pilot, ContestDialog)
        dialog.query_one("#reason", TextArea).text = "Manca il menu senza glutine"
        await pilot.press("ctrl+s")
        refusal = (
            "customisation #3 can no longer be contested: the right to contest it ended on "
            "31/10/2026, 30 days after its delivery on 01/10/2026; it counts as accepted"
        )
        await said(pilot, refusal, "error")
        line = shown(screen.query_one("#changes-refused", Static))
        assert line.startswith("✖ Contest: refused — customisation #3 can no longer be contested")
        assert reading.show_change(hotel.ctx, 3).contested_on is None

        # a accepts #1
        await to_row(pilot, screen, 1)
        await pilot.press("a")
        await said(pilot, "customisation #1 accepted")
        assert reading.show_change(hotel.ctx, 1).accepted_on == date(2026, 11, 23)
        assert not screen.query_one("#changes-refused", Static).display  # a step was taken


async def test_the_palette_offers_the_customisations_of_the_incidents_customer(hotel: Hotel):
    app = TechConsole(hotel.ctx, watch_interval=None)
    async with app.run_test(size=(160, 44)) as pilot:
        await opened(pilot, hotel.incident)
        await pilot.press("colon")
        await pilot.press(*"Customisations")
        await palette_offers(pilot, "Customisations")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ChangesScreen))


async def test_from_the_queue_the_palette_asks_for_the_customer(hotel: Hotel):
    app = TechConsole(hotel.ctx, watch_interval=None)
    async with app.run_test(size=(160, 44)) as pilot:
        await loaded(pilot)
        await pilot.press("colon")
        await pilot.press(*"Customisations")
        await palette_offers(pilot, "Customisations")
        await pilot.press("enter")
        dialog = await form(pilot, ChangesCustomerDialog)
        await pilot.press(*"Hotel Mare")
        picker = dialog.query_one(CustomerPicker)
        await until(pilot, lambda: [c.name for c in picker.found] == ["Hotel Mare"])
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ChangesScreen))
        screen = app.screen
        assert isinstance(screen, ChangesScreen)
        await until(pilot, lambda: screen.answered == screen.serial > 0)
        assert [c.id for c in screen.changes] == [2, 1, 3]


async def test_a_read_only_database_refuses_the_keys(hotel: Hotel, clock: FrozenClock):
    path = Path(hotel.ctx.db.url.removeprefix("sqlite:///"))
    reader = Database(f"sqlite:///file:{path}?mode=ro&uri=true")
    try:
        assert reader.read_only
        app = TechConsole(Context(reader, load("istes"), "anna", clock), watch_interval=None)
        before = reading.list_changes(hotel.ctx)
        async with app.run_test(size=(160, 44)) as pilot:
            screen = await changes_of(pilot, hotel.incident)
            assert "read-only" in shown(screen.query_one("#changes-title", Static))
            await to_row(pilot, screen, 1)
            for key in ("d", "t", "a", "x"):
                count = sum(message == REFUSED for _t, message, _k in toasts(app))
                await pilot.press(key)
                await until(
                    pilot,
                    lambda count=count: sum(m == REFUSED for _t, m, _k in toasts(app)) == count + 1,
                )
                assert app.screen is screen, key  # no form opened
        assert reading.list_changes(hotel.ctx) == before
    finally:
        reader.dispose()
