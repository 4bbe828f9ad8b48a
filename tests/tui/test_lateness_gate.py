"""The console's side of issue 14's lateness and authorisation rules.

Seed 003: "Per gli interventi urgenti garantiamo la nostra presenza entro 4 ore lavorative
dalla ricezione della segnalazione": the take-in-charge form says when the guarantee falls
and refuses a later time on site unless someone says who agreed to it and how.
Seed 001: "ci deve essere una richiesta esplicita da parte del titolare dei dati ... che ci
autorizza all'intervento in maniera temporanea": no timer before it (a toast says why).
Seed 000: "un account specifico, con password temporanea, notificataci": its end is
recorded, and the facts warn once it has passed.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static

from techconsole.services.context import Context
from techconsole.services.customers import registry as customers
from techconsole.services.incidents import intake, workflow
from techconsole.services.incidents import reading as incidents
from techconsole.services.policies import load
from techconsole.services.team import members as team
from techconsole.services.work import timer
from techconsole.store.database import Database
from techconsole.tui.app import TechConsole
from techconsole.tui.incident import dialogs, pickers
from techconsole.tui.incident.screen import IncidentScreen

from .conftest import FrozenClock, loaded, settled, until

pytestmark = pytest.mark.asyncio
ROME = ZoneInfo("Europe/Rome")


@pytest.fixture(autouse=True)
def _english(english: None) -> None:
    """The console's and the services' words in English."""


@pytest.fixture(autouse=True)
def _toasts_stay(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(TechConsole, "NOTIFICATION_TIMEOUT", 600)


def rome(*args: int) -> datetime:
    return datetime(*args, tzinfo=ROME)  # type: ignore[misc]


@pytest.fixture
def onsite(tmp_path: Path) -> Iterator[Context]:
    """The onsite-tech preset on a database of its own: anna, a customer under the annual
    contract with a titolare, and an urgent request that came in on Monday at 09:00."""
    db = Database(f"sqlite:///{tmp_path / 'techconsole.db'}")
    db.migrate()
    clock = FrozenClock(rome(2026, 11, 23, 9, 0))
    ctx = Context(db, load("onsite-tech"), "anna", clock)
    team.add_technician(ctx, "anna", "Anna Rossi")
    added = customers.add_customer(ctx, customers.NewCustomer("Studio Rossi"))
    customers.add_contract(ctx, added.id, "contract", date(2026, 1, 1), date(2026, 12, 31))
    customers.add_contact(ctx, added.id, "Sig. Rossi", "titolare")
    intake.open_incident(ctx, intake.NewIncident(added.id, "Server fermo", urgent=True))
    clock.value = rome(2026, 11, 23, 10, 0)
    yield ctx
    db.dispose()


def toasts(app: TechConsole) -> list[tuple[str, str, str]]:
    return [(n.title, n.message, n.severity) for n in app._notifications]


async def said(pilot: Pilot[Any], words: str, severity: str = "information") -> None:
    app = pilot.app
    assert isinstance(app, TechConsole)
    await until(pilot, lambda: any(words in m and k == severity for _t, m, k in toasts(app)))
    await settled(pilot)


async def opened(pilot: Pilot[Any], number: str) -> IncidentScreen:
    app = pilot.app
    assert isinstance(app, TechConsole)
    await loaded(pilot)
    app.push_screen(IncidentScreen(app.ctx, number))
    await until(pilot, lambda: isinstance(app.screen, IncidentScreen))
    screen = app.screen
    assert isinstance(screen, IncidentScreen)
    await until(pilot, lambda: screen.detail is not None)
    return screen


def note(form: Any, field: str) -> str:
    return str(form.query_one(f"#{field}-note", Static).render())


def facts_text(screen: IncidentScreen) -> str:
    shown = Console(width=160, record=True, file=io.StringIO())
    shown.print(screen.query_one("#facts", Static).content)
    return " ".join(shown.export_text().split())


async def test_the_take_in_charge_form_refuses_a_later_time_unless_agreed(onsite: Context):
    number = incidents.list_incidents(onsite)[0].number
    app = TechConsole(onsite, watch_interval=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(pilot, number)
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, dialogs.AcknowledgeDialog))
        form = app.screen
        assert isinstance(form, dialogs.AcknowledgeDialog)
        # 09:00 + 4 business hours: the guarantee is 13:00, said under the field
        assert "guaranteed on site by 23/11/2026 13:00" in note(form, "on-site-by")
        await pilot.press("tab", *"23/11 17:00")  # from the estimate to the time on site
        await until(pilot, lambda: "later than the guarantee" in note(form, "on-site-by"))
        assert "later than the guarantee (23/11/2026 13:00)" in note(form, "on-site-by")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form  # refused in the form, nothing saved
        assert "say who agreed to it and how" in note(form, "agreed")
        assert incidents.show(onsite, number).incident.acknowledged_at is None
        form.query_one("#agreed", Input).focus()
        await pilot.press(*"by phone, Sig. Rossi", "ctrl+s")
        await said(pilot, "agreed: by phone, Sig. Rossi")
        after = incidents.show(onsite, number)
        assert after.incident.promised_on_site_at == rome(2026, 11, 23, 17, 0)
        assert after.incident.on_site_agreed == "by phone, Sig. Rossi"
        screen = app.screen
        assert isinstance(screen, IncidentScreen)
        await until(pilot, lambda: "agreed" in facts_text(screen))
        assert "later than the guarantee, agreed: by phone, Sig. Rossi" in facts_text(screen)


async def test_the_work_section_says_how_late_against_which_term(onsite: Context):
    """On site at 15:00, reported at 09:00: 5 business hours, one more than guaranteed."""
    number = incidents.list_incidents(onsite)[0].number
    clock = onsite.clock
    assert isinstance(clock, FrozenClock)
    clock.value = rome(2026, 11, 23, 15, 0)
    workflow.arrived_on_site(onsite, number)
    timer.start(onsite, number, kind="on_site")
    clock.value = rome(2026, 11, 23, 16, 0)
    timer.stop(onsite)
    app = TechConsole(onsite, watch_interval=None)
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await opened(pilot, number)
        await until(pilot, lambda: screen.work is not None)
        shown = Console(width=160, record=True, file=io.StringIO())
        shown.print(screen.query_one("#work", Static).content)
        text = " ".join(shown.export_text().split())
        assert "On site 1h 00m late (service hours) against the guaranteed time" in text
        assert "23/11/2026 13:00: urgent job, no call-out fee and no labour charged" in text


async def test_the_form_has_no_agreement_without_a_guarantee(
    make_app: Callable[..., TechConsole], ctx: Context
):
    """The default policy has no on-site clock: nothing to agree to."""
    view = next(
        v
        for v in incidents.list_incidents(ctx, status="in_progress", limit=1000)
        if v.acknowledged_at is None  # one taken in charge already is refused before a form
    )
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await opened(pilot, view.number)
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, dialogs.AcknowledgeDialog))
        assert not app.screen.query("#agreed")


async def test_no_timer_before_the_authorisation_a_toast_says_why(
    make_app: Callable[..., TechConsole], ctx: Context
):
    waiting = incidents.list_incidents(ctx, status="awaiting_authorisation", limit=1000)[0]
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await opened(pilot, waiting.number)
        await pilot.press("T")
        await said(pilot, "awaits the authorisation of a titolare or ADS", "error")


async def test_u_records_the_account_end_and_the_facts_warn_once_passed(
    make_app: Callable[..., TechConsole], ctx: Context, clock: FrozenClock
):
    target = next(
        v
        for v in incidents.list_incidents(ctx, status="in_progress", limit=1000)
        if v.account_provided_by is None
    )
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await opened(pilot, target.number)
        await pilot.press("u")
        await until(pilot, lambda: isinstance(app.screen, pickers.AccountDialog))
        account = app.screen
        who = account.query_one("#who", Select)
        await until(pilot, lambda: len(who._options) > 1)
        await pilot.press("enter", "down", "enter")
        account.query_one("#until", Input).value = "23/11 18:00"
        await pilot.press("ctrl+s")
        await said(pilot, "valid until 23/11/2026 18:00")
        assert incidents.show(ctx, target.number).incident.account_valid_until == rome(
            2026, 11, 23, 18, 0
        )
        await until(pilot, lambda: "valid until" in facts_text(screen))
        assert "expired" not in facts_text(screen)
    clock.value = rome(2026, 11, 24, 9, 0)  # the next morning: the password has ended
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await opened(pilot, target.number)
        await until(pilot, lambda: "expired" in facts_text(screen))
        assert "expired: ask the customer for a new temporary password" in facts_text(screen)
