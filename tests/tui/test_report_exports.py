"""Exporting a report from the console: the folder typed is written in as an absolute,
normal path (``~`` and ``..`` resolved, said so), every export proposes the last folder
written in — this session, or remembered in the user state folder from the last — and
the Italian and English files of one report are named apart, as the command line names
them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from techconsole.reports import files
from techconsole.services.context import Context
from techconsole.tui import folders
from techconsole.tui.app import TechConsole
from techconsole.tui.queue.screen import QueueScreen
from techconsole.tui.report.dialogs import FolderDialog

from .conftest import until
from .test_incident_actions import find, said
from .test_report_screen import export, pdf_text, report, resolved

pytestmark = pytest.mark.asyncio


async def proposed(pilot, key: str) -> str:
    """What the folder form proposes on ``key``; the form closed again."""
    app = pilot.app
    await pilot.press(key)
    await until_form(pilot)
    value = app.screen.query_one("#folder", Input).value
    await pilot.press("escape")
    return value


async def until_form(pilot) -> None:
    await until(pilot, lambda: isinstance(pilot.app.screen, FolderDialog))
    await pilot.pause()


async def back_to_the_queue(pilot) -> None:
    app = pilot.app
    while not isinstance(app.screen, QueueScreen):
        shown = app.screen
        await pilot.press("escape")
        await until(pilot, lambda shown=shown: app.screen is not shown)


async def test_the_folder_typed_is_normalised_and_both_languages_are_kept(
    make_app: Callable[..., TechConsole], ctx: Context, tmp_path: Path, monkeypatch
):
    view = resolved(ctx)
    home = tmp_path / "home" / "anna"
    home.mkdir(parents=True)
    out = tmp_path / "exports"
    out.mkdir()
    monkeypatch.setenv("HOME", str(home))
    app = make_app()
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await report(pilot, view.content.incident)
        await export(pilot, "p", "~/../../exports/")  # type: ignore[arg-type]
        italian = out / f"{view.file_stem}.pdf"
        await said(pilot, str(italian))  # the absolute path written, not what was typed
        assert "RAPPORTO DI LAVORO" in pdf_text(italian)
        assert await proposed(pilot, "p") == str(out)  # normal, as written in

        await pilot.press("l")  # the English version
        await pilot.press("p")
        await until_form(pilot)
        hint = " ".join(str(w.render()) for w in app.screen.query(Static))
        assert f"{view.file_stem}-en.pdf" in hint
        await pilot.press("enter")
        english = out / f"{view.file_stem}-en.pdf"
        await said(pilot, str(english))
        assert "WORK REPORT" in pdf_text(english)
        assert sorted(p.name for p in out.iterdir()) == sorted([italian.name, english.name])
        assert "RAPPORTO DI LAVORO" in pdf_text(italian)  # not replaced
    assert english.name == f"{files.stem_in(view.file_stem, 'en', 'pdf')}.pdf"


async def test_every_report_proposes_the_last_folder_this_run_and_the_next(
    make_app: Callable[..., TechConsole], ctx: Context, tmp_path: Path, monkeypatch
):
    first = resolved(ctx)
    other = find(ctx, "in_progress")
    start = tmp_path / "start"
    start.mkdir()
    monkeypatch.chdir(start)
    out = tmp_path / "out"
    out.mkdir()
    assert folders.remembered() is None
    app = make_app()
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await report(pilot, first.content.incident)
        assert await proposed(pilot, "m") == str(start)  # the first time: where it started
        await export(pilot, "m", out)
        await said(pilot, str(out / f"{first.file_stem}.md"))
        await back_to_the_queue(pilot)
        await report(pilot, other.number)  # another incident's report screen
        await back_to_the_queue(pilot)
        await report(pilot, first.content.incident)  # a new screen for the first one
        assert await proposed(pilot, "p") == str(out)
    assert folders.remembered() == out
    assert folders.state_path().stat().st_mode & 0o777 == 0o600

    again = make_app()  # the next run
    async with again.run_test(size=(120, 36)) as pilot:
        await report(pilot, first.content.incident)
        assert await proposed(pilot, "p") == str(out)
