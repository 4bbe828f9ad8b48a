"""The customer's program an incident is about (seed 001: a reseller's free first year
counts "per ogni programma"), in the console: the triage form ``t`` picks it among the
customer's programs (or none), and the incident screen shows it."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date

import pytest
from rich.console import Console
from textual.widgets import Select, Static

from techconsole.services.context import Context
from techconsole.services.customers import programs
from techconsole.services.incidents import workflow
from techconsole.tui.app import TechConsole
from techconsole.tui.incident.triage import NO_PROGRAM, TriageDialog

from .conftest import until
from .test_incident_actions import find, form, now_of, opened, said

pytestmark = pytest.mark.asyncio


@pytest.fixture(autouse=True)
def _english(english: None) -> None:
    """The toasts and the facts are read in English."""


@pytest.fixture(autouse=True)
def _toasts_stay(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(TechConsole, "NOTIFICATION_TIMEOUT", 600)


def facts_text(screen) -> str:
    shown = Console(width=160, record=True, file=io.StringIO())
    shown.print(screen.query_one("#facts", Static).content)
    return " ".join(shown.export_text().split())


async def test_triage_picks_the_program_among_the_customer_s_or_none(
    make_app: Callable[..., TechConsole], ctx: Context
):
    target = find(ctx, "in_progress", lambda v: not v.program)
    programs.add_program(
        ctx, target.customer_id, "Gestionale Hotel", reseller_since=date(2026, 3, 1)
    )
    programs.add_program(ctx, target.customer_id, "Contabilità")
    app = make_app()
    async with app.run_test(size=(140, 44)) as pilot:
        screen = await opened(pilot, target.number)
        assert "Program" not in facts_text(screen)  # none named: no line
        await pilot.press("t")
        dialog = await form(pilot, TriageDialog)
        choice = dialog.query_one("#program", Select)
        await until(pilot, lambda: len(choice._options) == 3)  # none and the two
        assert choice.value == NO_PROGRAM
        labels = [str(prompt) for prompt, _value in choice._options]
        assert labels == [
            "none of the customer's programs",
            "Contabilità",
            "Gestionale Hotel · reseller since 01/03/2026",
        ]
        choice.value = "Gestionale Hotel"
        await pilot.press("ctrl+s")
        await said(pilot, f"{target.number} triaged: program Gestionale Hotel")
        assert now_of(ctx, target.number).program == "Gestionale Hotel"
        await until(pilot, lambda: "Program Gestionale Hotel" in facts_text(screen))

        await pilot.press("t")
        dialog = await form(pilot, TriageDialog)
        choice = dialog.query_one("#program", Select)
        await until(pilot, lambda: len(choice._options) == 3)
        assert choice.value == "Gestionale Hotel"  # the one it names
        choice.value = NO_PROGRAM
        await pilot.press("ctrl+s")
        await said(pilot, f"{target.number} triaged: no program")
        assert now_of(ctx, target.number).program == ""
        await until(pilot, lambda: "Program" not in facts_text(screen))


async def test_a_customer_without_programs_is_told_how_to_add_one(
    make_app: Callable[..., TechConsole], ctx: Context
):
    target = find(ctx, "in_progress", lambda v: not v.program)
    app = make_app()
    async with app.run_test(size=(140, 44)) as pilot:
        await opened(pilot, target.number)
        await pilot.press("t")
        dialog = await form(pilot, TriageDialog)
        note = dialog.query_one("#program-note", Static)
        await until(pilot, lambda: "customer program-add" in str(note.content))
        assert [v for _p, v in dialog.query_one("#program", Select)._options] == [NO_PROGRAM]


async def test_the_screen_shows_a_program_named_from_the_command_line(
    make_app: Callable[..., TechConsole], ctx: Context
):
    target = find(ctx, "in_progress", lambda v: not v.program)
    programs.add_program(ctx, target.customer_id, "Gestionale [bold]Hotel[/bold]")
    workflow.triage(ctx, target.number, program="Gestionale [bold]Hotel[/bold]")
    app = make_app()
    async with app.run_test(size=(140, 44)) as pilot:
        screen = await opened(pilot, target.number)
        # the customer's words verbatim: no markup read in them
        assert "Program Gestionale [bold]Hotel[/bold]" in facts_text(screen)
