"""The work report on the console: ``w`` on a resolved incident shows it (number, total,
in Italian unless switched), ``v`` its earlier revisions, ``p`` and ``m`` export it
into a folder through the same safe writer as the command line; a file already there is
replaced only when confirmed; an incident not resolved yet says when it gets a report."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Input, Static

from techconsole.reports.i18n import Words
from techconsole.services.context import Context
from techconsole.services.documents import work_reports
from techconsole.services.documents.report_views import WorkReportView
from techconsole.services.incidents import closing, workflow
from techconsole.services.incidents import reading as incidents
from techconsole.tui.app import TechConsole
from techconsole.tui.help import HelpScreen
from techconsole.tui.report.dialogs import FolderDialog
from techconsole.tui.report.screen import ReportScreen
from techconsole.tui.watch import DatabaseChanged
from techconsole.tui.widgets.overwrite import OverwriteDialog

from .conftest import shown_keys, until
from .test_incident_actions import find, opened, said, toasts
from .test_snapshots import SnapCompare, painted, ready


def resolved(ctx: Context) -> WorkReportView:
    """The newest resolved incident of the demo, with its report issued (the demo issues
    them; an older demo that did not is caught up here, as ``report issue`` would)."""
    number = find(ctx, "resolved").number
    view = work_reports.sync_ref(ctx, number)
    assert view is not None
    return view


def text_of(screen: ReportScreen, widget: str = "#report") -> str:
    shown = Console(width=120, record=True, file=io.StringIO())
    shown.print(screen.query_one(widget, Static).content)
    return shown.export_text()


async def report(pilot: Pilot[Any], number: str) -> ReportScreen:
    """The incident ``number`` open, then ``w``: its report screen, read."""
    await opened(pilot, number)
    await pilot.press("w")
    app = pilot.app
    await until(pilot, lambda: isinstance(app.screen, ReportScreen))
    screen = app.screen
    assert isinstance(screen, ReportScreen)
    # read: the title no longer says it is loading ("caricamento…", "loading…")
    await until(pilot, lambda: not text_of(screen, "#report-title").rstrip().endswith("…"))
    await pilot.pause()
    return screen


async def export(pilot: Pilot[Any], key: str, folder: Path) -> None:
    """``key`` (p or m), ``folder`` in place of the one proposed, enter."""
    await pilot.press(key)
    await until(pilot, lambda: isinstance(pilot.app.screen, FolderDialog))
    await pilot.pause()
    pilot.app.screen.query_one("#folder", Input).value = str(folder)
    await pilot.press("enter")


def flat(text: str) -> str:
    """Words and figures one space apart (``115,29\xa0€`` as ``115,29 €``)."""
    return " ".join(text.split())


def total(view: WorkReportView, lang: str = "it") -> str:
    """``Totale 115,29 €``: the last line of the report's totals."""
    words = Words("it" if lang == "it" else "en")
    return flat(f"{words['total']} {words.money(view.content.total)}")


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


@pytest.mark.asyncio
async def test_w_shows_the_report_with_its_number_and_total(
    make_app: Callable[..., TechConsole], ctx: Context
):
    view = resolved(ctx)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await report(pilot, view.content.incident)
        body, title = text_of(screen), text_of(screen, "#report-title")
        assert view.title in title and view.content.incident in title
        assert "italiano" in title
        assert view.number in body
        assert total(view) in flat(body)
        assert "RAPPORTO DI LAVORO" in body
        await pilot.press("question_mark")  # the keys are listed
        assert isinstance(app.screen, HelpScreen)
        listed = {what: keys for _title, rows in app.screen.sections for keys, what in rows}
        assert (listed["PDF"], listed["Markdown"], listed["it/en"]) == ("p", "m", "l")
        assert listed["Revisione precedente"] == "v"  # the console speaks Italian
        await pilot.press("escape", "escape")  # help, then back to the incident
        await until(pilot, lambda: not isinstance(app.screen, ReportScreen))
        assert getattr(app.screen, "number", None) == view.content.incident


@pytest.mark.asyncio
async def test_l_switches_italian_and_english(
    make_app: Callable[..., TechConsole], ctx: Context, english: None
):
    view = resolved(ctx)  # the console speaks English: its reports too, at first
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await report(pilot, view.content.incident)
        assert total(view, "en") in flat(text_of(screen))
        assert "English" in text_of(screen, "#report-title")
        await pilot.press("l")
        await pilot.pause()
        body = flat(text_of(screen))
        assert total(view) in body
        assert "Work sessions" not in body and "Sessioni di lavoro" in body
        await pilot.press("l")
        await pilot.pause()
        assert "Work sessions" in text_of(screen)


@pytest.mark.asyncio
async def test_v_steps_back_through_the_revisions(
    make_app: Callable[..., TechConsole], ctx: Context
):
    first = resolved(ctx)
    number = first.content.incident
    workflow.note(ctx, number, "Ricontrollato il [b]server[/b] il giorno dopo")
    current = work_reports.find(ctx, number)
    assert current.revision == first.revision + 1
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await report(pilot, number)
        title = text_of(screen, "#report-title")
        assert current.title in title and "sostituito" not in title
        assert "Ricontrollato il [b]server[/b] il giorno dopo" in text_of(screen)
        await pilot.press("v")
        await pilot.pause()
        title = text_of(screen, "#report-title")
        assert f"Rapporto di lavoro {first.title} " in title
        assert "sostituito da una revisione successiva" in title
        assert "Ricontrollato" not in text_of(screen)
        for _ in range(first.revision):
            await pilot.press("v")
        await pilot.press("v")  # from the first revision, back to the current one
        await pilot.pause()
        assert current.title in text_of(screen, "#report-title")


@pytest.mark.asyncio
async def test_p_and_m_export_the_shown_report_into_the_folder(
    make_app: Callable[..., TechConsole], ctx: Context, tmp_path: Path
):
    view = resolved(ctx)
    out = tmp_path / "out"
    out.mkdir()
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await report(pilot, view.content.incident)
        await export(pilot, "p", out / "missing")  # refused: the form again, with why
        await until(pilot, lambda: isinstance(app.screen, FolderDialog))
        await pilot.pause()
        note = str(app.screen.query_one("#folder-note", Static).render())
        assert "la cartella" in note and "non esiste" in note and "--out" not in note  # Italian
        app.screen.query_one("#folder", Input).value = str(out)
        await pilot.press("enter")
        pdf = out / f"{view.file_stem}.pdf"
        await said(pilot, str(pdf))
        assert ("PDF scritto", str(pdf), "information") in toasts(app)
        text = flat(pdf_text(pdf))
        assert view.number in text and total(view) in text
        await pilot.press("l")  # in the language shown
        await pilot.press("m")  # the folder written in last is proposed
        await until(pilot, lambda: isinstance(app.screen, FolderDialog))
        await pilot.pause()
        assert app.screen.query_one("#folder", Input).value == str(out)
        await pilot.press("enter")
        markdown = out / f"{view.file_stem}-en.md"  # in English: named apart
        await said(pilot, str(markdown))
        written = markdown.read_text()
        assert view.number in written and "Work report" in written
        assert total(view, "en").split(" ", 1)[1] in flat(written)
        assert sorted(p.name for p in out.iterdir()) == [markdown.name, pdf.name]


@pytest.mark.asyncio
async def test_an_existing_file_is_replaced_only_when_confirmed(
    make_app: Callable[..., TechConsole], ctx: Context, tmp_path: Path
):
    view = resolved(ctx)
    out = tmp_path / "out"
    out.mkdir()
    existing = out / f"{view.file_stem}.pdf"
    existing.write_bytes(b"mine")
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await report(pilot, view.content.incident)
        await export(pilot, "p", out)
        await until(pilot, lambda: isinstance(app.screen, OverwriteDialog))
        await pilot.press("enter")  # the focused button keeps the file
        await said(pilot, f"{existing} resta com'era", "warning")
        assert existing.read_bytes() == b"mine"
        assert [p.name for p in out.iterdir()] == [existing.name]  # nothing left over
        await export(pilot, "p", out)
        await until(pilot, lambda: isinstance(app.screen, OverwriteDialog))
        await pilot.press("y")
        await said(pilot, str(existing))
        assert existing.read_bytes().startswith(b"%PDF")
        assert view.number in pdf_text(existing)


@pytest.mark.asyncio
async def test_an_incident_not_resolved_says_when_it_gets_a_report(
    make_app: Callable[..., TechConsole], ctx: Context, tmp_path: Path
):
    target = find(ctx, "in_progress")
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await report(pilot, target.number)
        body = flat(text_of(screen))
        said_now = f"Ancora nessun rapporto di lavoro: {target.number} è in lavorazione."
        assert said_now in body
        assert "Il rapporto di lavoro viene emesso quando la richiesta è risolta" in body
        assert "esc torna indietro." in body
        # nothing to export, translate or step back through: those keys are not offered
        assert shown_keys(screen) == {"escape", "question_mark"}
        await pilot.press("p", "m", "v", "l")  # and do nothing
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen) and not toasts(app)
        assert incidents.show(ctx, target.number).incident.status == "in_progress"


@pytest.mark.asyncio
async def test_the_report_keys_are_offered_once_there_is_a_report(
    make_app: Callable[..., TechConsole], ctx: Context
):
    """Seen open, the report of an incident in progress; resolved meanwhile (by anyone),
    the screen shows the report and offers its keys."""
    target = find(ctx, "in_progress")
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await report(pilot, target.number)
        assert shown_keys(screen) == {"escape", "question_mark"}
        closing.resolve(ctx, target.number, resolved=True, note="Sostituito l'alimentatore.")
        app.post_message(DatabaseChanged())
        await until(pilot, lambda: bool(screen.views))
        await pilot.pause()
        assert {"escape", "p", "m", "l", "v"} <= shown_keys(screen)
        assert "q" not in shown_keys(screen)  # esc is offered, as on the incident
        await pilot.press("q")  # still quits
        await until(pilot, lambda: app.return_code is not None or not app.is_running)


def test_report_120x36(
    snap_compare: SnapCompare, make_app: Callable[..., TechConsole], ctx: Context
):
    view = resolved(ctx)

    async def run(pilot: Pilot[Any]) -> None:
        await ready(pilot)
        await report(pilot, view.content.incident)
        await painted(pilot)

    assert snap_compare(make_app(), terminal_size=(120, 36), run_before=run)
