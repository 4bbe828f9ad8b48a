"""The incident screen in the console's default language: Italian words for its facts,
its timeline, its keys and its forms (the other incident tests read English)."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from rich.console import Console
from textual.widgets import Static

from techconsole.tui.app import TechConsole
from techconsole.tui.incident import dialogs
from techconsole.tui.incident.screen import IncidentScreen

from .test_incident_actions import find, form, opened

pytestmark = pytest.mark.asyncio


async def test_the_incident_screen_speaks_italian(make_app: Callable[..., TechConsole]):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        view = find(app.ctx, "in_progress")
        screen = await opened(pilot, view.number)
        assert isinstance(screen, IncidentScreen)
        shown = Console(width=120, record=True, file=io.StringIO())
        for part in ("title", "facts", "clocks", "work", "timeline"):
            shown.print(screen.query_one(f"#{part}", Static).content)
        words = shown.export_text()
        for word in (
            "Richiesta",
            "Cliente",
            "Gravità",
            "Stato",
            "in lavorazione",
            "Conteggio SLA",
            "Scadenza",
            "Lavoro",
            "Cronologia",
            "Quando",
        ):
            assert word in words, word
        for word in ("Customer", "Severity", "Timeline", "in progress"):
            assert word not in words, word
        said = {b.binding.description for b in screen.active_bindings.values()}
        assert {"Prendi", "Classifica", "Prendi in carico", "Risolvi", "Rapporto"} <= said
        await pilot.press("a")
        ack = await form(pilot, dialogs.AcknowledgeDialog)
        assert ack.query_one("#form-ok").label.plain == "Prendi in carico"  # type: ignore[attr-defined]
