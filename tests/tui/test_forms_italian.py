"""The console's forms and pop-ups in its default language: the new-incident form, the
monthly summaries, the forgotten-timer window and the question before a file is
replaced say their labels, hints, choices and refusals in Italian (the catalogue's
words, not the English msgids); Textual's own keys too (an open menu's ``esc`` in the
footer, the scrolled report's keys in the help)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Button, Input, Label, OptionList, Select, Static
from textual.widgets._footer import FooterKey

from techconsole.services.context import Context
from techconsole.tui.app import TechConsole
from techconsole.tui.help import HelpScreen
from techconsole.tui.lead.month_files import OverwriteFiles
from techconsole.tui.lead.summaries import SummariesDialog
from techconsole.tui.widgets.form_fields import FormScreen, Tick

from .conftest import until
from .test_lead_summaries import form
from .test_new_incident import choose, new_form, note, with_employees
from .test_report_screen import report, resolved
from .test_timer_bar import forgotten, prompt  # noqa: F401 - forgotten: a fixture

pytestmark = pytest.mark.asyncio


def labels(screen: FormScreen[object]) -> list[str]:
    return [str(label.content) for label in screen.query(".field-label").results(Label)]


def footer(screen: FormScreen[object]) -> list[str]:
    return [key.description for key in screen.query(FooterKey)]


async def test_the_new_incident_form(make_app: Callable[..., TechConsole], ctx: Context):
    customer = with_employees(ctx)
    employee = next(c for c in customer.contacts if c.role == "employee")
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        form = await new_form(pilot)
        assert str(form.heading) == "Nuova richiesta"
        assert labels(form) == [
            "Cliente", "Richiedente", "Canale", "Oggetto", "Descrizione", "Gravità", "Urgente",
            "Livello",
        ]  # fmt: skip
        assert form.query_one("#customer-search", Input).placeholder == "scrivi parte del nome"
        listed = [str(option.prompt) for option in form.query_one(OptionList).options]
        label = ctx.policy.plans[customer.plan].label  # "Basic 8×5": the policy's words
        assert f"{customer.name}  · {label}" in listed
        assert any(line.endswith("· Senza contratto") for line in listed)
        assert not any(line.endswith(("· basic", "· none")) for line in listed)
        requester = form.query_one("#requester", Select)
        assert requester.prompt == "prima scegli il cliente"
        assert note(form, "requester") == "facoltativo · chi ha chiesto"
        ways = form.query_one("#channel", Select)._options
        channels = {value: str(label) for label, value in ways}
        assert (channels["email"], channels["phone"]) == ("e-mail", "telefono")
        subject = form.query_one("#subject", Input)
        assert subject.placeholder == "qual è il problema, in poche parole"
        assert str(form.query_one("#urgent", Tick).label) == "urgente"
        assert "spuntata da sé se l'oggetto contiene" in note(form, "urgent")
        level = {value: str(label) for label, value in form.query_one("#level", Select)._options}
        assert (level[1], level[2]) == ("1 · da remoto", "2 · presso il cliente (hardware)")

        await pilot.press("ctrl+s")  # nothing typed: said next to each field
        await pilot.pause()
        assert note(form, "customer") == "✖ scegli il cliente dall'elenco"
        assert note(form, "subject") == "✖ scrivi in poche parole qual è il problema"

        await choose(pilot, form, customer.name)
        assert note(form, "customer") == f"piano {label} (contratto in vigore)"
        await until(pilot, lambda: len(requester._options) > 1)
        people = {value: str(label) for label, value in requester._options}
        assert people[employee.id].endswith("(dipendente) · non può autorizzare")
        assert requester.prompt == "non indicato"

        requester.focus()
        await pilot.press("enter")  # the menu opens: its esc is said in the footer
        await until(pilot, lambda: "Chiudi il menu" in footer(form))
        assert "Dismiss menu" not in footer(form)


async def test_the_monthly_summaries_form(make_app: Callable[..., TechConsole], tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "RM-2026-11.csv").write_bytes(b"old")
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        dialog = await form(pilot, "2026-11", out, fmt="csv")
        assert str(dialog.heading) == "Riepiloghi mensili di tutti i clienti"
        assert labels(dialog) == ["Mese", "Formato", "Cartella", "Lingua"]
        assert note(dialog, "month") == "AAAA-MM, ad es. 2026-11"
        assert note(dialog, "folder").startswith("~ è la tua home · vuoto: ")
        kinds = [str(label) for label, _value in dialog.query_one("#format", Select)._options]
        assert kinds == [
            "PDF, uno per cliente", "CSV, un file per il commercialista", "JSON, un file",
        ]  # fmt: skip
        assert str(dialog.query_one("#form-ok", Button).label) == "Scrivi"

        await pilot.press("ctrl+s")  # the CSV is there already: asked before replacing it
        await until(pilot, lambda: isinstance(app.screen, OverwriteFiles))
        question = app.screen
        said = str(question.query_one("#overwrite-said", Static).content)
        assert said == f"RM-2026-11.csv esiste già in {out}.\nSostituirlo con questo riepilogo?"
        assert str(question.query_one("#overwrite-title", Static).content) == "Sovrascrivere?"
        buttons = [str(button.label) for button in question.query(Button)]
        assert buttons == ["Tienilo", "Sovrascrivi (s)"]
        await pilot.press("s")  # sì: replaced
        await until(pilot, lambda: not isinstance(app.screen, (OverwriteFiles, SummariesDialog)))
    assert (out / "RM-2026-11.csv").read_bytes() != b"old"


async def test_the_forgotten_timer_window(
    make_app: Callable[..., TechConsole],
    forgotten: str,  # noqa: F811 - the fixture
):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        modal = await prompt(pilot)

        def shown(widget: str) -> str:
            return str(modal.query_one(widget, Static).content)

        assert shown("#stale-title") == "Il tuo timer è ancora in corso"
        facts = shown("#stale-facts").replace("\n", " ")
        assert (
            "Avviato dom 22/11/2026 08:00; in corso da 26:00:00 — "
            "è rimasto acceso oltre la mezzanotte." in facts
        )
        assert shown("#stale-ask") == "Quando hai smesso davvero? (ora di Europe/Rome)"
        assert modal.query_one("#stale-end", Input).placeholder == "18:30 si intende di dom 22/11"
        assert shown("#stale-hint") == (
            "ad es. 18:30, 24/11 01:15, 24/11/2026 01:15 o 2026-11-24T01:15"
        )
        buttons = [str(button.label) for button in modal.query(Button)]
        assert buttons == ["Ferma a quell'ora", "Lascia il timer in corso"]
        await pilot.press(*"verso le sei", "enter")
        assert shown("#stale-error") == (
            "'verso le sei' non è un orario; scrivilo come "
            "18:30, 24/11 01:15, 24/11/2026 01:15 o 2026-11-24T01:15"
        )


async def test_the_report_screen_keys_in_the_help(
    make_app: Callable[..., TechConsole], ctx: Context
):
    view = resolved(ctx)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await report(pilot, view.content.incident)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        titles = [title for title, _rows in app.screen.sections]
        assert "Rapporto di lavoro" in titles
        listed = {what for _title, rows in app.screen.sections for _keys, what in rows}
        assert {"Indietro", "Revisione precedente", "Scorri giù", "Pagina giù"} <= listed
        assert not listed & {"Back", "Earlier revision", "Scroll Down", "Page Down"}
