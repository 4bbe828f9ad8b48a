"""The incident screen in the console's default language: Italian words for its facts,
its timeline, its keys and its forms (the other incident tests read English)."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from rich.console import Console
from textual.widgets import Static

from techconsole.domain.sla import ClockState
from techconsole.services.incidents import reading as incidents
from techconsole.services.views import IncidentView
from techconsole.tui.app import TechConsole
from techconsole.tui.incident import dialogs
from techconsole.tui.incident.screen import IncidentScreen

from .test_incident_actions import find, form, opened

pytestmark = pytest.mark.asyncio


async def test_the_incident_screen_speaks_italian(make_app: Callable[..., TechConsole]):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        view = find(app.ctx, "in_progress", lambda v: v.acknowledged_at is None)
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


async def test_a_finished_incident_says_whether_its_clocks_were_met(
    make_app: Callable[..., TechConsole],
):
    """A resolved or closed incident lists each clock that stopped, met (✓) or missed
    (✗ in ritardo), not "no running clock"."""
    app = make_app()

    def stopped(view: IncidentView) -> list[ClockState]:
        states = view.clocks.states(app.ctx.policy, app.ctx.now())
        return [s for s in states if s.stopped_at is not None and s.target]

    async with app.run_test(size=(120, 40)) as pilot:
        for kind, status in (("resolved", "met"), ("closed", "missed")):
            view = find(
                app.ctx, kind, lambda v, want=status: any(s.status == want for s in stopped(v))
            )
            screen = await opened(pilot, view.number)
            shown = Console(width=120, record=True, file=io.StringIO())
            shown.print(screen.query_one("#clocks", Static).content)
            words = shown.export_text()
            for state in stopped(view):
                assert state.label in words
                assert ("✓ rispettato" if state.status == "met" else "✗ in ritardo") in words
            assert "nessun conteggio in corso" not in words
            await pilot.press("escape")


@pytest.mark.parametrize(
    ("contract", "label"), [(True, "Piano Professional 8×7"), (False, "Piano Senza contratto")]
)
async def test_the_plan_is_said_by_its_label(
    make_app: Callable[..., TechConsole], contract: bool, label: str
):
    """As the lead's view names it: "Senza contratto", not the policy's key "none" with
    "(senza contratto)" after it."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        view = next(  # an open one, whatever it waits for
            v
            for status in ("in_progress", "waiting", "open", "awaiting_authorisation")
            for v in incidents.list_incidents(app.ctx, status=status, limit=1000)
            if v.contract is contract and v.plan in ("professional", "none")
        )
        screen = await opened(pilot, view.number)
        shown = Console(width=120, record=True, file=io.StringIO())
        shown.print(screen.query_one("#facts", Static).content)
        words = " ".join(shown.export_text().split())
        assert label in words
        assert "none" not in words and "(senza contratto)" not in words


async def test_a_resolved_incident_says_whether_the_problem_was_solved(
    make_app: Callable[..., TechConsole],
):
    """ "Risolta 06/12/2026 22:04 · risolta" said the status twice: the outcome is the
    problem's."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        view = find(app.ctx, "resolved", lambda v: v.resolved is True)
        screen = await opened(pilot, view.number)
        shown = Console(width=120, record=True, file=io.StringIO())
        shown.print(screen.query_one("#facts", Static).content)
        words = " ".join(shown.export_text().split())
        assert "· problema risolto" in words and "· risolta" not in words
