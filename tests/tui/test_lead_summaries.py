"""Monthly summaries from the team load: ``M`` (or the palette) asks month, format,
folder and language, and writes every customer's summary as ``techconsole report month``
does (a PDF each, or one CSV), with a progress bar that ``esc`` stops; a bad month is
said next to its field with nothing written; files already there are kept unless
replacing them is confirmed; a technician is not offered it."""

from __future__ import annotations

import csv
import io
import os
import re
import threading
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Button, Input, ProgressBar, Select, Static

from techconsole.reports import month_export
from techconsole.reports.summary_words import customer_code
from techconsole.services.context import Context
from techconsole.services.documents import summaries
from techconsole.services.documents.summaries import MonthSummary
from techconsole.tui.app import TechConsole
from techconsole.tui.lead.month_files import OverwriteFiles, default_month
from techconsole.tui.lead.screen import LeadScreen
from techconsole.tui.lead.summaries import SummariesDialog

from .conftest import DEADLINE, START, palette_offers, settled, until
from .test_incident_actions import said, toasts
from .test_lead_view import opened

pytestmark = pytest.mark.asyncio
MONTH = "2026-11"


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


@pytest.fixture
def found(ctx: Context) -> list[MonthSummary]:
    """The demo's November summaries, as the service makes them (several customers)."""
    found = summaries.month_summaries(ctx, MONTH)
    assert len(found) > 1 and all(s.rows for s in found)
    return found


def pdf_names(found: list[MonthSummary]) -> list[str]:
    return sorted(f"RM-{MONTH}-{customer_code(s.customer_id)}.pdf" for s in found)


def euro(value: Decimal) -> str:
    """``1.234,50`` as the Italian summary writes it."""
    return f"{value:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")


async def form(pilot: Pilot[Any], month: str, folder: Path, fmt: str = "pdf") -> SummariesDialog:
    """The team load, ``M``, and the form filled in (not submitted)."""
    await opened(pilot)
    await pilot.press("M")
    app = pilot.app
    await until(pilot, lambda: isinstance(app.screen, SummariesDialog))
    dialog = app.screen
    assert isinstance(dialog, SummariesDialog)
    dialog.query_one("#month", Input).value = month
    dialog.query_one("#folder", Input).value = str(folder)
    dialog.query_one("#format", Select).value = fmt
    await pilot.pause()
    return dialog


async def written(pilot: Pilot[Any]) -> None:
    """Wait until the form closed on the team load after writing (the console speaks
    Italian by default: "12 file in /…: 12 clienti, 40 rapporti di lavoro")."""
    app = pilot.app
    await until(pilot, lambda: isinstance(app.screen, LeadScreen))
    await said(pilot, " file in ")


async def test_a_pdf_per_customer_with_the_services_total(
    make_app: Callable[..., TechConsole], found: list[MonthSummary], out: Path
):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        dialog = await form(pilot, MONTH, out)
        assert dialog.query_one("#month", Input).value == MONTH
        await pilot.press("ctrl+s")
        await written(pilot)
        names = sorted(os.listdir(out))
        assert names == pdf_names(found)
        assert all(re.fullmatch(r"RM-2026-11-C\d{4}\.pdf", name) for name in names)
        [(title, message, _kind)] = [t for t in toasts(app) if " file in " in t[1]]
        assert title == "Riepiloghi mensili di novembre 2026 scritti"
        assert f"{len(found)} file in {out}: {len(found)} clienti" in message
        reports = sum(len(s.rows) for s in found)
        assert message.endswith(f", {reports} rapporti di lavoro")
    first = found[0]
    reader = PdfReader(out / f"RM-{MONTH}-{customer_code(first.customer_id)}.pdf")
    text = " ".join(" ".join(p.extract_text().replace("\xa0", " ").split()) for p in reader.pages)
    assert "RIEPILOGO MENSILE Novembre 2026" in text
    assert f"Totale {euro(first.total)} €" in text


async def test_one_csv_for_the_accountant(
    make_app: Callable[..., TechConsole], found: list[MonthSummary], out: Path
):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await form(pilot, MONTH, out, fmt="csv")
        await pilot.click("#form-ok")
        await written(pilot)
    assert os.listdir(out) == [f"RM-{MONTH}.csv"]
    text = (out / f"RM-{MONTH}.csv").read_bytes().decode("utf-8-sig")
    lines = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(lines) == sum(len(s.rows) for s in found)
    total = sum((Decimal(line["Totale"]) for line in lines), Decimal(0))
    assert total == sum((s.total for s in found), Decimal(0))


async def test_a_bad_month_is_said_next_to_it_and_nothing_is_written(
    english: None, make_app: Callable[..., TechConsole], out: Path
):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await form(pilot, "2026-13", out)
        await pilot.press("ctrl+s")
        note = dialog.query_one("#month-note", Static)
        await until(pilot, lambda: note.has_class("-error"))
        assert app.screen is dialog and not dialog.running
        assert "'2026-13' is not a month; write it as YYYY-MM" in str(note.content)
        dialog.query_one("#folder", Input).value = str(out / "nowhere")  # a bad folder too
        dialog.query_one("#month", Input).value = MONTH
        await pilot.press("ctrl+s")
        folder = dialog.query_one("#folder-note", Static)
        await until(pilot, lambda: folder.has_class("-error"))
        assert "does not exist" in str(folder.content) and not note.has_class("-error")
        await pilot.press("escape")
        assert isinstance(app.screen, LeadScreen)
    assert os.listdir(out) == []


async def test_files_already_there_are_kept_unless_confirmed(
    make_app: Callable[..., TechConsole], found: list[MonthSummary], out: Path
):
    old = out / pdf_names(found)[0]
    old.write_bytes(b"old")
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        dialog = await form(pilot, MONTH, out)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, OverwriteFiles))
        question = str(app.screen.query_one("#overwrite-said", Static).content)
        assert f"1 dei {len(found)} file esiste già in {out}" in question
        assert old.name in question
        assert "Sostituirlo con questo riepilogo?" in question
        assert str(app.screen.query_one("#overwrite-keep", Button).label) == "Tienilo"
        await pilot.press("escape")  # keep it
        await until(pilot, lambda: app.screen is dialog and not dialog.running)
        error = str(dialog.query_one("#form-error", Static).content)
        assert "nessun file scritto: 1 file già presente lasciato com'era" in error
        assert os.listdir(out) == [old.name] and old.read_bytes() == b"old"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, OverwriteFiles))
        await pilot.press("y")
        await written(pilot)
    assert sorted(os.listdir(out)) == pdf_names(found)
    assert old.read_bytes().startswith(b"%PDF")


async def test_esc_while_writing_stops_after_the_file_being_written(
    make_app: Callable[..., TechConsole],
    found: list[MonthSummary],
    out: Path,
    monkeypatch: pytest.MonkeyPatch,
):
    real = month_export.month_pdf
    esc = threading.Event()  # the second file is written only once esc was pressed
    rendered: list[object] = []

    def held(*args: Any) -> bytes:
        rendered.append(args)
        if len(rendered) == 2:
            assert esc.wait(DEADLINE), "esc was never pressed"
        return real(*args)

    monkeypatch.setattr(month_export, "month_pdf", held)
    app = make_app()
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            dialog = await form(pilot, MONTH, out)
            await pilot.press("ctrl+s")
            bar = dialog.query_one("#summaries-bar", ProgressBar)
            await until(pilot, lambda: (bar.progress or 0) >= 1)
            assert bar.total == len(found)
            await pilot.press("escape")  # while the second file is being written
            esc.set()
            await until(pilot, lambda: isinstance(app.screen, LeadScreen))
            await said(pilot, f"interrotto: 2 di {len(found)} file in {out}", "warning")
    finally:
        esc.set()  # never leave the writer waiting
    assert len(os.listdir(out)) == 2 < len(found)


async def test_the_palette_offers_it_to_a_lead(make_app: Callable[..., TechConsole], out: Path):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await opened(pilot)
        await pilot.press("colon")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"Riepiloghi mensili")  # the console speaks Italian by default
        await palette_offers(pilot, "Riepiloghi mensili")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, SummariesDialog))


async def test_a_technician_is_not_offered_it(make_ctx: Callable[..., Context], english: None):
    app = TechConsole(make_ctx("marco"), watch_interval=None)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        assert screen.refused is not None
        titles = [command.title for command in app.get_system_commands(screen)]
        assert "Team load" in titles and "Monthly summaries" not in titles
        assert screen.check_action("summaries", ()) is False  # not in the footer either
        await pilot.press("M")
        await settled(pilot)
        assert app.screen is screen
        screen.action_summaries()  # however it is reached: the service's reason
        await said(pilot, "only a team lead can see the team", severity="error")


async def test_the_month_proposed():
    zone = ZoneInfo("Europe/Rome")
    assert default_month(START, zone) == "2026-11"
    assert default_month(START.replace(day=3), zone) == "2026-10"
    assert default_month(START.replace(month=1, day=2), zone) == "2025-12"


async def test_the_form_says_the_services_refusal_to_a_technician(
    english: None, make_ctx: Callable[..., Context], out: Path
):
    """However the form is reached, a technician gets the service's reason, no file."""
    app = TechConsole(make_ctx("marco"), watch_interval=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        dialog = SummariesDialog(app.ctx, str(out), "it")
        await app.push_screen(dialog)
        dialog.query_one("#month", Input).value = MONTH
        await pilot.press("ctrl+s")
        error = dialog.query_one("#form-error", Static)
        await until(pilot, lambda: "only a team lead" in str(error.content))
        assert "can write every customer's monthly summaries; ask your lead" in str(error.content)
        assert app.screen is dialog and not dialog.running
    assert os.listdir(out) == []
