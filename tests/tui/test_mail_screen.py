"""``m`` on the queue: the unmatched mail and the outbox.  Each key changes the database
(read back through the services), says so in a toast, and the screen reads again; a
refusal is a toast and changes nothing; a read-only database refuses the keys."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from rich.console import Console
from sqlmodel import select
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static

from techconsole.services.context import Context
from techconsole.services.customers import registry as customers
from techconsole.services.incidents import reading as incidents
from techconsole.services.mail import inbox, outbox
from techconsole.store.models import AuditEntry
from techconsole.tui.app import TechConsole
from techconsole.tui.help import HelpScreen
from techconsole.tui.incident.dialogs import TextDialog
from techconsole.tui.intake.customer import CustomerPicker
from techconsole.tui.mail.link import NEW, LinkDialog
from techconsole.tui.mail.message import MessageScreen
from techconsole.tui.mail.screen import MailScreen
from techconsole.tui.queue.screen import QueueScreen
from techconsole.tui.watch import DatabaseChanged

from .conftest import loaded, shown_keys, until
from .mail_data import failed_reply, stranger, two_strangers, writable
from .test_incident_actions import form, said, toasts
from .test_read_only_console import REFUSED, reading  # noqa: F401 - a fixture

pytestmark = pytest.mark.asyncio


@pytest.fixture(autouse=True)
def _english(english: None) -> None:
    """The toasts are read in English here; the Italian pictures are the snapshots'."""


@pytest.fixture(autouse=True)
def _toasts_stay(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(TechConsole, "NOTIFICATION_TIMEOUT", 600)


async def mail_screen(pilot: Pilot[Any]) -> MailScreen:
    """``m`` on the queue, and both lists read."""
    app = pilot.app
    await loaded(pilot)
    await pilot.press("m")
    await until(pilot, lambda: isinstance(app.screen, MailScreen))
    screen = app.screen
    assert isinstance(screen, MailScreen)
    await until(pilot, lambda: screen.answered == screen.serial > 0)
    await pilot.pause()
    return screen


async def read_again(pilot: Pilot[Any], screen: MailScreen, before: int) -> None:
    """Wait for a read asked after ``before`` to be shown."""
    await until(pilot, lambda: screen.serial > before and screen.answered == screen.serial)
    await pilot.pause()


def text_of(widget: Static, width: int = 110) -> str:
    """What a widget shows, as plain text."""
    shown = Console(width=width, record=True, file=io.StringIO())
    shown.print(widget.content)
    return shown.export_text()


async def test_m_opens_both_lists_and_the_keys_follow_the_tab(
    make_app: Callable[..., TechConsole], ctx: Context
):
    first, second = two_strangers(ctx)
    failed = failed_reply(ctx, writable(ctx))
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await mail_screen(pilot)
        assert [m.id for m in screen.inbox] == [first, second]  # oldest first
        assert screen.table("inbox").row_count == 2
        assert [e.id for e in screen.outbox] == [failed.id]
        assert {"l", "d", "enter"} <= shown_keys(screen) and "r" not in shown_keys(screen)
        offered = {c.title for c in app.get_system_commands(screen)}
        assert {"Link", "Discard", "Outbox"} <= offered and "Send again" not in offered
        await pilot.press("2")
        await until(pilot, lambda: screen.tab == "outbox")
        assert "r" in shown_keys(screen) and not {"l", "d"} & shown_keys(screen)
        offered = {c.title for c in app.get_system_commands(screen)}
        assert "Send again" in offered and "Link" not in offered
        await pilot.press("l")  # not a key of this tab: nothing opens
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        listed = [what for _title, rows in app.screen.sections for _keys, what in rows]  # type: ignore[attr-defined]
        assert "Send again" in listed and "Refresh" in listed
        await pilot.press("escape", "escape")
        await until(pilot, lambda: isinstance(app.screen, QueueScreen))


async def test_the_queue_offers_the_mail_in_its_footer_help_and_palette(
    make_app: Callable[..., TechConsole],
):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await loaded(pilot)
        assert app.screen.active_bindings["m"].binding.show
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        rows = dict(row for _title, rows in app.screen.sections for row in rows)  # type: ignore[attr-defined]
        assert rows["m"] == "Mail"
        await pilot.press("escape")
        commands = [c.title for c in app.get_system_commands(app.screen)]
        assert "Mail" in commands


async def test_enter_shows_the_whole_message_as_received_attachments_never_opened(
    make_app: Callable[..., TechConsole], ctx: Context
):
    two_strangers(ctx)
    stranger(
        ctx,
        "x@strano.example",
        "[bold]Finto[/bold]",
        "Oggetto \x1b[2J[red]rosso[/red]",
        "Riga uno\n> citata\n-- \nfirma",
        minutes_ago=5,
    )
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await mail_screen(pilot)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, MessageScreen))
        body = text_of(app.screen.query_one("#message-body Static", Static))
        assert "vorremmo un preventivo per la rete del nuovo ufficio." in body
        assert "Cordiali saluti" in body  # the text as received, signature too
        assert "planimetria.pdf" in body and "82 kB" in body
        assert "foto armadio.jpg" in body and "not kept" in body
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen)
        await pilot.press("j", "j", "enter")  # the third: markup and controls stay text
        await until(pilot, lambda: isinstance(app.screen, MessageScreen))
        body = text_of(app.screen.query_one("#message-body Static", Static))
        assert "[bold]Finto[/bold] <x@strano.example>" in body
        assert "[red]rosso[/red]" in body and "\x1b" not in body
        assert "> citata" in body and "firma" in body


async def test_l_links_saving_the_sender_as_a_contact_and_opens_the_incident(
    make_app: Callable[..., TechConsole], ctx: Context
):
    first, second = two_strangers(ctx)
    customer = customers.list_customers(ctx, "Studio")[0]
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await mail_screen(pilot)
        await pilot.press("l")
        link = await form(pilot, LinkDialog)
        picker = link.query_one(CustomerPicker)
        await pilot.press(*customer.name)
        await until(pilot, lambda: bool(picker.found) and picker.found[0].id == customer.id)
        await pilot.press("enter")
        who = link.query_one("#who", Select)
        await until(pilot, lambda: who.value == NEW)  # the sender is nobody's contact yet
        assert link.query_one("#name", Input).value == "Giorgio Verdi"
        link.query_one("#role", Select).value = "titolare"
        before = screen.serial
        await pilot.press("ctrl+s")
        await said(pilot, f"message {first} linked to {customer.name}")
        await read_again(pilot, screen, before)
        assert [m.id for m in screen.inbox] == [second]
        assert [m.id for m in inbox.inbox(ctx)] == [second]
        contacts = customers.show_customer(ctx, customer.id).contacts
        [saved] = [c for c in contacts if c.email == "g.verdi@studio-verdi.example"]
        assert (saved.name, saved.role) == ("Giorgio Verdi", "titolare")
        [opened] = [
            v
            for v in incidents.list_incidents(ctx, customer_id=customer.id, limit=1000)
            if v.subject.startswith("Preventivo rete ufficio")
        ]
        assert opened.requester == "Giorgio Verdi" and opened.channel == "email"


async def test_l_links_to_one_of_the_customer_s_contacts(
    make_app: Callable[..., TechConsole], ctx: Context
):
    two_strangers(ctx)
    customer = customers.list_customers(ctx, "Studio")[0]
    contact = customers.show_customer(ctx, customer.id).contacts[0]
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await mail_screen(pilot)
        await pilot.press("l")
        link = await form(pilot, LinkDialog)
        picker = link.query_one(CustomerPicker)
        await pilot.press(*customer.name)
        await until(pilot, lambda: bool(picker.found) and picker.found[0].id == customer.id)
        await pilot.press("enter")
        who = link.query_one("#who", Select)
        await until(pilot, lambda: who.value == NEW)
        who.value = contact.id
        await pilot.pause()
        assert not link.query_one("#name-field").display  # no new contact to name
        await pilot.press("ctrl+s")
        await said(pilot, "linked to")
        [opened] = [
            v
            for v in incidents.list_incidents(ctx, customer_id=customer.id, limit=1000)
            if v.subject.startswith("Preventivo rete ufficio")
        ]
        assert opened.requester == contact.name


async def test_l_needs_a_customer_and_esc_changes_nothing(
    make_app: Callable[..., TechConsole], ctx: Context
):
    two_strangers(ctx)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await mail_screen(pilot)
        await pilot.press("l")
        link = await form(pilot, LinkDialog)
        await pilot.press("ctrl+s")  # no customer yet: said next to it, the form stays
        await pilot.pause()
        note = str(link.query_one("#customer-note", Static).render())
        assert "choose the customer from the list" in note
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen)
    assert len(inbox.inbox(ctx)) == 2


async def test_d_discards_with_a_reason_until_the_inbox_is_empty(
    make_app: Callable[..., TechConsole], ctx: Context
):
    first, second = two_strangers(ctx)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await mail_screen(pilot)
        await pilot.press("j", "d")  # the spam, second in the list
        await form(pilot, TextDialog)
        await pilot.press(*"pubblicità", "enter")
        await said(pilot, f"Message {second} discarded.")
        await until(pilot, lambda: [m.id for m in screen.inbox] == [first])
        await pilot.press("d")
        await form(pilot, TextDialog)
        await pilot.press("ctrl+s")  # the reason is optional
        await said(pilot, f"Message {first} discarded.")
        await until(pilot, lambda: screen.inbox == [])
        empty = screen.query_one("#inbox-tab .mail-empty", Static)
        assert empty.display and "empty" in str(empty.render())
        await pilot.press("d")  # nothing left to discard: said, nothing opens
        await pilot.pause()
        assert app.screen is screen
        assert ("", "no message here", "warning") in toasts(app)  # type: ignore[arg-type]
    assert inbox.inbox(ctx) == []
    with ctx.db.read() as session:
        reasons = [
            a.data["reason"]
            for a in session.exec(select(AuditEntry).where(AuditEntry.action == "mail.discarded"))
        ]
    assert sorted(reasons) == ["", "pubblicità"]


async def test_r_sends_a_failed_message_again_and_refuses_one_that_did_not_fail(
    make_app: Callable[..., TechConsole], ctx: Context
):
    number = writable(ctx)
    failed = failed_reply(ctx, number)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await mail_screen(pilot)
        await pilot.press("2")
        await until(pilot, lambda: screen.tab == "outbox")
        before = screen.serial
        await pilot.press("r")
        await said(pilot, f"message {failed.id} is queued again")
        await read_again(pilot, screen, before)
        [entry] = outbox.list_outbox(ctx)
        assert (entry.state, entry.attempts, entry.last_error) == ("pending", 0, "")
        assert screen.outbox[0].state == "pending"
        await pilot.press("r")  # pending now: the service says why not
        await said(pilot, "only a failed or uncertain message is sent again", "error")
        assert outbox.list_outbox(ctx)[0].state == "pending"


async def test_the_lists_follow_the_database(
    make_app: Callable[..., TechConsole], ctx: Context, make_ctx: Callable[..., Context]
):
    first, second = two_strangers(ctx)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await mail_screen(pilot)
        inbox.discard(make_ctx("marco"), first, "doppione")  # another technician
        before = screen.serial
        app.post_message(DatabaseChanged())  # what the change poller says
        await read_again(pilot, screen, before)
        assert [m.id for m in screen.inbox] == [second]


async def test_a_read_only_database_refuses_link_discard_and_retry(
    reading: Callable[[], Context],  # noqa: F811 - the fixture
    ctx: Context,
):
    two_strangers(ctx)
    failed_reply(ctx, writable(ctx))
    app = TechConsole(reading(), watch_interval=None)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await mail_screen(pilot)
        assert "read-only" in str(screen.query_one("#mail-title", Static).render())
        for key in ("l", "d", "2", "r"):
            count = sum(message == REFUSED for _t, message, _k in toasts(app))
            await pilot.press(key)
            if key == "2":
                await until(pilot, lambda: screen.tab == "outbox")
                continue
            await until(
                pilot,
                lambda count=count: sum(m == REFUSED for _t, m, _k in toasts(app)) == count + 1,
            )
            assert app.screen is screen  # no form opened
        await pilot.press("enter")  # reading still works
        await until(pilot, lambda: isinstance(app.screen, MessageScreen))
    assert len(inbox.inbox(ctx)) == 2
    assert outbox.list_outbox(ctx)[0].state == "failed"
