"""``f`` on the mail screen takes the new mail of the settings' sources, as ``mail fetch``
does: the demo's Maildir in the demo's console.  A toast counts what the messages did;
without a source it says what to set; a read-only database refuses it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from techconsole.demo import maildir as demo_mail
from techconsole.mail.setup import MailIntake
from techconsole.services.context import Context
from techconsole.services.incidents import queue
from techconsole.services.mail import inbox
from techconsole.settings import Settings
from techconsole.tui.app import TechConsole
from techconsole.tui.launch import console_options

from .conftest import shown_keys, until
from .test_incident_actions import toasts
from .test_mail_screen import mail_screen, read_again
from .test_read_only_console import REFUSED, reading  # noqa: F401 - a fixture


@pytest.fixture(autouse=True)
def _english(english: None) -> None:
    """The toasts are read in English here."""


@pytest.fixture(autouse=True)
def _toasts_stay(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(TechConsole, "NOTIFICATION_TIMEOUT", 600)


def open_count(ctx: Context) -> int:
    return queue.queue(ctx, limit=1).total


@pytest.mark.asyncio
async def test_f_takes_the_demo_s_mail_and_says_what_it_did(
    make_app: Callable[..., TechConsole], ctx: Context, tmp_path: Path
):
    folder = tmp_path / "Maildir"
    written = demo_mail.fill(ctx, folder)
    assert written > 0
    opened_before, unmatched_before = open_count(ctx), len(inbox.inbox(ctx))
    app = make_app()
    app.mail_intake = lambda: MailIntake(maildirs=(folder,))
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await mail_screen(pilot)
        before = screen.serial
        await pilot.press("f")
        await until(pilot, lambda: any(t == "Fetch mail" for t, _m, _k in toasts(app)))
        await read_again(pilot, screen, before)
        said = next(m for t, m, _k in toasts(app) if t == "Fetch mail")
        unmatched = len(inbox.inbox(ctx)) - unmatched_before
        opened = open_count(ctx) - opened_before
        assert said.startswith(f"{written} messages taken: ")
        assert f"{opened} new incident" in said and opened > 0
        assert f"{unmatched} to link" in said and unmatched > 0
        assert len(screen.inbox) == len(inbox.inbox(ctx))  # the screen read them
        assert not list((folder / "new").iterdir())  # taken: moved to cur/
        assert len(list((folder / "cur").iterdir())) == written

        await pilot.press("f")  # nothing new
        await until(pilot, lambda: any(m == "No new messages." for _t, m, _k in toasts(app)))
    assert open_count(ctx) - opened_before == opened  # the second time changed nothing


@pytest.mark.asyncio
async def test_f_without_a_source_says_what_to_set(make_app: Callable[..., TechConsole]):
    app = make_app()
    app.mail_intake = lambda: MailIntake()
    async with app.run_test(size=(120, 36)) as pilot:
        await mail_screen(pilot)
        await pilot.press("f")
        await until(pilot, lambda: bool(toasts(app)))
        title, message, severity = toasts(app)[-1]
        assert (title, severity) == ("Fetch mail", "warning")
        assert "mail.maildirs or mail.imap_url" in message


@pytest.mark.asyncio
async def test_f_says_a_source_that_cannot_be_read(
    make_app: Callable[..., TechConsole], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """IMAP without its password: refused with the reason, nothing taken."""
    monkeypatch.delenv("TECHCONSOLE_IMAP_PASSWORD", raising=False)
    app = make_app()
    app.mail_intake = lambda: MailIntake(imap_url="imaps://tecnico@127.0.0.1:1/INBOX")
    async with app.run_test(size=(120, 36)) as pilot:
        await mail_screen(pilot)
        await pilot.press("f")
        await until(pilot, lambda: any(k == "error" for _t, _m, k in toasts(app)))
        title, message, _kind = toasts(app)[-1]
        assert title == "Fetch mail: refused"
        assert "no IMAP password" in message


@pytest.mark.asyncio
async def test_a_read_only_database_refuses_f(
    reading: Callable[[], Context],  # noqa: F811 - the fixture
    ctx: Context,
    tmp_path: Path,
):
    folder = tmp_path / "Maildir"
    assert demo_mail.fill(ctx, folder) > 0
    app = TechConsole(reading(), watch_interval=None)
    app.mail_intake = lambda: MailIntake(maildirs=(folder,))
    async with app.run_test(size=(120, 36)) as pilot:
        await mail_screen(pilot)
        await pilot.press("f")
        await until(pilot, lambda: any(m == REFUSED for _t, m, _k in toasts(app)))
    assert list((folder / "new").iterdir())  # left where it was


def test_the_console_takes_the_settings_sources_or_the_demo_s(tmp_path: Path):
    mine = Settings(mail_maildirs=(str(tmp_path / "a"),), mail_imap_url="imaps://x@h/INBOX")
    given = console_options(mine).mail
    assert given is not None
    intake = given()
    assert intake.maildirs == (tmp_path / "a",) and intake.imap_url == "imaps://x@h/INBOX"
    demo = console_options(mine, maildirs=(tmp_path / "demo",)).mail
    assert demo is not None
    assert demo().maildirs == (tmp_path / "demo",) and demo().imap_url is None


@pytest.mark.asyncio
async def test_on_80_columns_the_footer_keeps_f_and_the_help_whole(
    make_app: Callable[..., TechConsole],
):
    """The tabs' keys leave the footer first (the tabs are in sight; ? lists them)."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await mail_screen(pilot)
        assert {"f", "question_mark", "escape"} <= shown_keys(screen)
        assert not {"1", "2"} & shown_keys(screen)
        await pilot.resize_terminal(120, 36)
        await until(pilot, lambda: {"1", "2", "f"} <= shown_keys(screen))
        await pilot.press("2")  # and they work at any width
        await until(pilot, lambda: screen.tab == "outbox")
