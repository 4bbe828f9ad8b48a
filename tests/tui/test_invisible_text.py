"""Customers' text with invisible characters on the console: queue, incident screen,
timeline, pickers, toasts and the work report show ``abc⟨U+202E⟩txt.exe``, never the raw
right-to-left override that would make it read "abcexe.txt"."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from rich.console import Console
from textual.widgets import Input, Select, Static

from techconsole.services.context import Context
from techconsole.services.customers import registry as customers
from techconsole.services.incidents import closing, intake, ownership
from techconsole.services.incidents import reading as incidents
from techconsole.tui.app import TechConsole
from techconsole.tui.incident.pickers import AccountDialog
from techconsole.tui.report.screen import ReportScreen

from .conftest import loaded, until
from .test_incident_actions import opened, said
from .test_new_incident import choose, new_form

pytestmark = pytest.mark.asyncio

EVIL = "abc\u202etxt.exe"
SHOWN = "abc⟨U+202E⟩txt.exe"
CUSTOMER = "Ottica \u2067acitto\u2069 S.r.l."
SUBJECT = f"Allegato {EVIL}"
DESCRIPTION = f"Aperto {EVIL}\nzero\u200bwidth"
CONTACT = f"Maria \u202eBianchi\u202c {EVIL}"
INVISIBLE = set("\u202e\u202c\u2067\u2069\u200b")


@pytest.fixture(autouse=True)
def _english(english: None) -> None:
    """The console's words in English."""


@pytest.fixture(autouse=True)
def _toasts_stay(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(TechConsole, "NOTIFICATION_TIMEOUT", 600)


def text_of(widget: Static) -> str:
    shown = Console(width=160, record=True, file=io.StringIO())
    shown.print(widget.content)
    return shown.export_text()


async def test_every_screen_shows_the_code_point(
    make_app: Callable[..., TechConsole], ctx: Context
):
    who = customers.add_customer(ctx, customers.NewCustomer(CUSTOMER, we_are_ads=True)).id
    customers.add_contact(ctx, who, CONTACT, "titolare")
    number = intake.open_incident(
        ctx, intake.NewIncident(customer=who, subject=SUBJECT, description=DESCRIPTION)
    ).number
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        table = await loaded(pilot)
        assert table.get_cell(number, "subject").plain == "Allegato abc⟨U+202E⟩txt.exe"
        assert table.get_cell(number, "customer").plain == "Ottica ⟨U+2067⟩acitto⟨U+2069⟩ S.r.l."
        screen = await opened(pilot, number)
        seen = {name: text_of(screen.query_one(f"#{name}", Static)) for name in ("title", "facts")}
        seen["timeline"] = text_of(screen.query_one("#timeline", Static))
        assert SHOWN in seen["title"] and "zero⟨U+200B⟩width" in seen["facts"]
        assert "⟨U+2067⟩acitto⟨U+2069⟩" in seen["facts"]
        await pilot.press("c")  # the toast quotes the subject
        await said(pilot, f"{number} is yours: Allegato {SHOWN}")
        await pilot.press("u")  # a picker of the customer's contacts
        await until(pilot, lambda: isinstance(app.screen, AccountDialog))
        picker = app.screen.query_one("#who", Select)
        await until(pilot, lambda: any("Maria" in str(label) for label, _ in picker._options))
        labels = " ".join(str(label) for label, _ in picker._options)
        assert f"Maria ⟨U+202E⟩Bianchi⟨U+202C⟩ {SHOWN}" in labels
        await pilot.press("escape")
        screenshot = app.export_screenshot()
        closing.resolve(ctx, number, resolved=True, note=f"Fatto: {EVIL}")
        await pilot.press("w")  # the work report, as the customer gets it
        await until(pilot, lambda: isinstance(app.screen, ReportScreen))
        report = app.screen
        await until(pilot, lambda: "loading" not in text_of(report.query_one("#report-title")))
        await until(pilot, lambda: SHOWN in text_of(report.query_one("#report", Static)))
        words = text_of(report.query_one("#report", Static))
        assert "Fatto: abc⟨U+202E⟩txt.exe" in words and "⟨U+2067⟩acitto⟨U+2069⟩" in words
        for text in (*seen.values(), labels, screenshot, words, app.export_screenshot()):
            assert not INVISIBLE & set(text)
        assert not INVISIBLE & set(" ".join(n.message for n in app._notifications))


async def test_the_claim_is_taken_even_with_invisible_text(ctx: Context):
    """The text is stored as typed: the services see the raw characters."""
    who = customers.add_customer(ctx, customers.NewCustomer(CUSTOMER)).id
    number = intake.open_incident(ctx, intake.NewIncident(customer=who, subject=SUBJECT)).number
    assert ownership.claim(ctx, number).subject == SUBJECT


async def test_what_is_typed_in_the_console_is_stored_as_typed(
    make_app: Callable[..., TechConsole], ctx: Context
):
    """The new-incident form drops control characters only: the invisible characters a
    person pasted are kept in the database (and shown by their code point)."""
    name = customers.list_customers(ctx)[0].name
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        form = await new_form(pilot)
        await choose(pilot, form, name)
        form.query_one("#subject", Input).value = f"\x1b[31m{SUBJECT}"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: any(n.title == "New incident" for n in app._notifications))
        toast = next(n for n in app._notifications if n.title == "New incident")
        assert not INVISIBLE & set(toast.message)
        number = toast.message.split(" ", 1)[0]
        assert incidents.show(ctx, number).incident.subject == SUBJECT
