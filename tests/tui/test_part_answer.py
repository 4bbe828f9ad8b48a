"""The console's side of the parts the customer hears about first (seed 003: "Il cliente
può comunque richiedere sempre di essere avvisato prima della sostituzione di qualunque
parte di ricambio"): the incident's parts say which one is proposed and waits, and ``K``
records the customer's answer (who, how); agreed, it is fitted and billed."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Select, Static

from techconsole.services.context import Context
from techconsole.services.customers import registry as customers
from techconsole.services.incidents import intake
from techconsole.services.policies import load
from techconsole.services.team import members as team
from techconsole.services.work import billing, materials
from techconsole.store.database import Database
from techconsole.tui.app import TechConsole
from techconsole.tui.incident import parts
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


@pytest.fixture
def careful(tmp_path: Path) -> Iterator[Context]:
    """anna, Studio Attento (told before any part) with its titolare, and a request."""
    db = Database(f"sqlite:///{tmp_path / 'techconsole.db'}")
    db.migrate()
    clock = FrozenClock(datetime(2026, 11, 23, 10, 0, tzinfo=ROME))
    ctx = Context(db, load("onsite-tech"), "anna", clock)
    team.add_technician(ctx, "anna", "Anna Rossi")
    added = customers.add_customer(
        ctx, customers.NewCustomer("Studio Attento", notify_before_parts=True)
    )
    customers.add_contact(ctx, added.id, "Sig. Rossi", "titolare")
    intake.open_incident(ctx, intake.NewIncident(added.id, "PC non parte"))
    yield ctx
    db.dispose()


def work_text(screen: IncidentScreen) -> str:
    shown = Console(width=160, record=True, file=io.StringIO())
    shown.print(screen.query_one("#work", Static).content)
    return " ".join(shown.export_text().split())


def toasted(app: TechConsole, words: str) -> bool:
    return any(words in n.message for n in app._notifications)


async def opened(pilot: Pilot[Any], number: str) -> IncidentScreen:
    app = pilot.app
    assert isinstance(app, TechConsole)
    await loaded(pilot)
    app.push_screen(IncidentScreen(app.ctx, number))
    await until(pilot, lambda: isinstance(app.screen, IncidentScreen))
    screen = app.screen
    assert isinstance(screen, IncidentScreen)
    await until(pilot, lambda: screen.work is not None)
    return screen


async def test_p_records_the_customer_s_ok_and_the_part_is_billed(careful: Context):
    number = "2026-000001"
    app = TechConsole(careful, watch_interval=None)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await opened(pilot, number)
        await pilot.press("K")  # nothing proposed yet: said, no form
        await until(pilot, lambda: toasted(app, "awaits the customer"))
        assert app.screen is screen
        part = materials.add_material(careful, number, "Alimentatore", quantity="1", unit_price="4")
        screen.reload()
        await until(pilot, lambda: screen.work is not None and bool(screen.work.parts))
        assert "⏳ proposed, awaiting confirmation" in work_text(screen)
        await pilot.press("K")
        await until(pilot, lambda: isinstance(app.screen, parts.PartAnswerDialog))
        form = app.screen
        assert isinstance(form, parts.PartAnswerDialog)
        assert form.query_one("#part", Select).value == part.id  # the only one: chosen
        await until(pilot, lambda: bool(form.query_one("#who", Select)._options[1:]))
        form.query_one("#answer", Select).value = parts.APPROVE
        (rossi,) = customers.show_customer(careful, 1).contacts
        form.query_one("#who", Select).value = rossi.id
        form.query_one("#via", Select).value = "phone"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is screen)
        await until(pilot, lambda: toasted(app, "fitted and billed"))
        await settled(pilot)
        assert billing.bill_incident(careful, number).bill.materials == Decimal("4.00")
        (fitted,) = materials.materials(careful, number)
        assert (fitted.state, fitted.answered_by, fitted.answered_via) == (
            "fitted",
            "Sig. Rossi",
            "phone",
        )
