"""``i`` on the queue opens any incident by number, a closed one too."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.widgets import Static

from techconsole.services.context import Context
from techconsole.services.incidents import reading as incidents
from techconsole.tui.app import TechConsole
from techconsole.tui.incident.screen import IncidentScreen
from techconsole.tui.queue.goto import GoToIncident
from techconsole.tui.queue.screen import QueueScreen

from .conftest import loaded, until

pytestmark = pytest.mark.asyncio


async def test_i_opens_a_closed_incident_by_its_short_number(
    make_app: Callable[..., TechConsole], ctx: Context
):
    closed = incidents.list_incidents(ctx, status="closed")[0]
    short = str(int(closed.number.split("-")[1]))
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await loaded(pilot)
        await pilot.press("i")
        await until(pilot, lambda: isinstance(app.screen, GoToIncident))
        await pilot.press(*short, "enter")
        await until(pilot, lambda: isinstance(app.screen, IncidentScreen))
        screen = app.screen
        assert isinstance(screen, IncidentScreen)
        await until(pilot, lambda: screen.detail is not None)
        assert screen.number == closed.number
        assert screen.detail is not None
        assert screen.detail.incident.status == "closed"


async def test_what_is_not_a_number_is_said_in_the_form(make_app: Callable[..., TechConsole]):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("i")
        await until(pilot, lambda: isinstance(app.screen, GoToIncident))
        await pilot.press(*"abc", "enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, GoToIncident)
        note = form.query_one("#number-note", Static)
        assert "'abc' non è un numero di richiesta" in str(note.content)  # Italian, the default
        await pilot.press("escape")
        assert isinstance(app.screen, QueueScreen)
