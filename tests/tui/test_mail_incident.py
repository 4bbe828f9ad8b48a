"""Mail on the incident screen: ``e`` writes to the customer (the outbox), the take-in-
charge form shows the message the policy sends, and the timeline reads the mail."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from sqlmodel import select
from textual.pilot import Pilot
from textual.widgets import Static, TextArea

from techconsole.domain.mail import Address, IncomingMail
from techconsole.i18n import _
from techconsole.i18n.formats import weekday_datetime
from techconsole.services.context import Context
from techconsole.services.customers import registry as customers
from techconsole.services.incidents import intake as incident_intake
from techconsole.services.mail import intake, previews
from techconsole.services.policies import load
from techconsole.services.team import members as team
from techconsole.store.database import Database
from techconsole.store.mail import MailMessage
from techconsole.tui.app import TechConsole
from techconsole.tui.help import HelpScreen
from techconsole.tui.incident.dialogs import AcknowledgeDialog
from techconsole.tui.incident.write import ReplyDialog

from .conftest import FrozenClock, settled, until
from .mail_data import writable
from .test_incident_actions import find, form, opened, said, toasts

pytestmark = pytest.mark.asyncio


@pytest.fixture(autouse=True)
def _toasts_stay(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(TechConsole, "NOTIFICATION_TIMEOUT", 600)


def text_of(widget: Static, width: int = 110) -> str:
    shown = Console(width=width, record=True, file=io.StringIO())
    shown.print(widget.content)
    return shown.export_text()


def sent(ctx: Context) -> list[MailMessage]:
    with ctx.db.read() as session:
        rows = list(session.exec(select(MailMessage).where(MailMessage.direction == "out")))
        for row in rows:
            session.expunge(row)
        return rows


async def reply_form(pilot: Pilot[Any]) -> ReplyDialog:
    """``e``, and who it goes to read."""
    await pilot.press("e")
    dialog = await form(pilot, ReplyDialog)
    assert isinstance(dialog, ReplyDialog)
    await until(pilot, lambda: "…" not in str(dialog.query_one("#to", Static).render()))
    return dialog


# ---------------------------------------------------------------------- writing


async def test_e_queues_the_reply_with_the_text_typed(
    english: None, make_app: Callable[..., TechConsole], ctx: Context
):
    number = writable(ctx)
    expected = previews.preview_reply(ctx, number)
    assert expected.to is not None
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await opened(pilot, number)
        dialog = await reply_form(pilot)
        assert expected.to.email in str(dialog.query_one("#to", Static).render())
        assert str(dialog.query_one("#subject", Static).render()) == expected.subject
        await pilot.press(*"Buongiorno, passo domani alle 9.", "enter", *"Saluti")
        await pilot.press("ctrl+s")
        await said(pilot, f"queued for {expected.to.email}: techconsole mail send")
        [row] = sent(ctx)
        assert (row.kind, row.state, row.recipients) == ("reply", "pending", expected.to.email)
        assert row.text.startswith("Buongiorno, passo domani alle 9.\nSaluti\n\n-- \n")
        assert row.subject == expected.subject
        timeline = text_of(screen.query_one("#timeline", Static))
        assert "Buongiorno, passo domani alle 9." in timeline
        assert f"to {expected.to.name}" in timeline


async def test_e_refusals_are_toasts_and_nothing_is_queued(
    english: None, make_app: Callable[..., TechConsole], ctx: Context
):
    number = writable(ctx)
    silent = customers.add_customer(ctx, customers.NewCustomer("Ditta Senza Posta"))
    nobody = incident_intake.open_incident(
        ctx, incident_intake.NewIncident(customer=silent.id, subject="Stampante")
    ).number
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await opened(pilot, number)
        await reply_form(pilot)
        await pilot.press("ctrl+s")  # nothing typed
        await said(pilot, "the message is empty", "error")
        assert ("Write to the customer: refused", "error") in [(t, k) for t, _m, k in toasts(app)]
        await pilot.press("escape")
        await opened(pilot, nobody)
        dialog = await reply_form(pilot)
        assert "nobody to write to" in str(dialog.query_one("#to", Static).render())
        await pilot.press(*"Ciao", "ctrl+s")
        await said(pilot, f"nobody to write to about {nobody}", "error")
    assert sent(ctx) == []


async def test_esc_leaves_without_writing(
    english: None, make_app: Callable[..., TechConsole], ctx: Context
):
    number = writable(ctx)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await opened(pilot, number)
        dialog = await reply_form(pilot)
        dialog.query_one("#text", TextArea).insert("Una bozza")
        await pilot.press("escape")
        await settled(pilot)
    assert sent(ctx) == []


# ---------------------------------------------------------------------- the timeline


async def test_the_timeline_reads_the_customer_s_mail_and_ours(
    english: None, make_app: Callable[..., TechConsole], ctx: Context
):
    number = writable(ctx)
    to = previews.preview_reply(ctx, number).to
    assert to is not None
    at = ctx.now() - timedelta(minutes=3)
    answer = IncomingMail(
        message_id="risposta-1@cliente.example",
        sender=Address(to.email, "[i]Matteo[/i]"),
        subject=f"Re: la rete [{number}]",
        text="Va bene, vi aspetto.\n\n-- \nMatteo\nTel. 051 123456",
        sha256="0" * 64,
        size=60,
        received_at=at,
        date=at,
    )
    taken = intake.take(ctx, answer, source="test")
    assert taken.incident == number
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await opened(pilot, number)
        timeline = text_of(screen.query_one("#timeline", Static), width=140)
    line = next(line for line in timeline.splitlines() if "Mail received" in line)
    assert "[i]Matteo[/i]" in line  # who wrote, as written
    said = " ".join(timeline.split())  # the note's column wraps
    assert f"from [i]Matteo[/i] <{to.email}> · Re: la rete [{number}]" in said
    assert "Va bene, vi aspetto." in said


# ---------------------------------------------------------------------- taking in charge


def with_policy(ctx: Context, name: str, clock: FrozenClock) -> Context:
    return Context(ctx.db, load(name), "anna", clock)


@pytest.fixture
def onsite(tmp_path: Path, clock: FrozenClock) -> Iterator[tuple[Context, str]]:
    """A database under the onsite-tech policy (the Conferma d'intervento): anna, one
    contract customer, and an on-site request of its titolare, who has an e-mail."""
    db = Database(f"sqlite:///{tmp_path / 'onsite.db'}")
    db.migrate()
    ctx = Context(db, load("onsite-tech"), "anna", clock)
    team.add_technician(ctx, "anna", "Anna Rossi")
    customer = customers.add_customer(ctx, customers.NewCustomer("Ottica Esempio S.n.c."))
    customers.add_contract(ctx, customer.id, "contract", date(2026, 1, 1), date(2026, 12, 31))
    maria = customers.add_contact(
        ctx, customer.id, "Maria Bianchi", "titolare", email="maria@ottica.example"
    )
    opened = incident_intake.open_incident(
        ctx,
        incident_intake.NewIncident(
            customer=customer.id, subject="Server fermo", requester=maria.id, level=2
        ),
    )
    yield ctx, opened.number
    db.dispose()


async def ack_form(pilot: Pilot[Any]) -> AcknowledgeDialog:
    await pilot.press("a")
    dialog = await form(pilot, AcknowledgeDialog)
    assert isinstance(dialog, AcknowledgeDialog)
    await until(pilot, lambda: not dialog.preview_pending and dialog.preview_shown > 0)
    return dialog


def letter_of(dialog: AcknowledgeDialog) -> str:
    return text_of(dialog.query_one("#letter > Static", Static), width=70)


async def test_the_form_shows_the_conferma_d_intervento_as_the_times_change(
    onsite: tuple[Context, str],
):
    ctx, number = onsite
    app = TechConsole(ctx, watch_interval=None)
    async with app.run_test(size=(120, 36)) as pilot:
        await opened(pilot, number)
        dialog = await ack_form(pilot)
        shown = letter_of(dialog)
        assert "Conferma d'intervento" in shown  # the notice, in Italian
        assert "maria@ottica.example" in shown and f"[{number}]" in shown
        before = dialog.preview_serial
        await pilot.press("tab", *"domani 9:00")  # on site by
        await until(pilot, lambda: dialog.preview_serial > before and not dialog.preview_pending)
        tomorrow = (ctx.now() + timedelta(days=1)).astimezone(ctx.policy.zone)
        nine = tomorrow.replace(hour=9, minute=0, second=0, microsecond=0)
        text = letter_of(dialog)
        assert weekday_datetime(nine, ctx.policy.zone) in text
        await pilot.press("ctrl+s")
        await said(pilot, number)
    [row] = sent(ctx)  # what was shown is what was queued
    assert row.kind == "confirmation"
    flat = " ".join(text.split())
    assert " ".join(row.subject.split()) in flat
    assert " ".join(row.text.split()) in flat


async def test_a_policy_that_sends_nothing_says_so_in_the_form(ctx: Context, clock: FrozenClock):
    quiet = with_policy(ctx, "istes", clock)  # on_acknowledge = "none"
    number = find(quiet, "open", lambda v: v.acknowledged_at is None).number
    app = TechConsole(quiet, watch_interval=None)
    async with app.run_test(size=(120, 36)) as pilot:
        await opened(pilot, number)
        dialog = await ack_form(pilot)
        assert letter_of(dialog).strip() == _("No message is sent to the customer (policy).")
        await pilot.press("escape")
        await settled(pilot)
    assert sent(ctx) == []


async def test_the_incident_s_help_and_palette_offer_writing(
    english: None, make_app: Callable[..., TechConsole], ctx: Context
):
    number = writable(ctx)
    app = make_app()
    async with app.run_test(size=(160, 36)) as pilot:
        screen = await opened(pilot, number)
        assert screen.active_bindings["e"].binding.show  # a wide terminal has room
        commands = {c.title: c.help for c in app.get_system_commands(screen)}
        assert "(key e)" in commands["Write to the customer"]
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        rows = dict(row for _title, rows in app.screen.sections for row in rows)  # type: ignore[attr-defined]
        assert rows["e"] == "Write to the customer"


async def test_the_timeline_names_the_files_a_message_brought():
    """A request or a reply that came with files lists them, by their safe names, under
    its line (they are read from the mail screen, never opened here)."""
    from datetime import UTC, datetime

    from techconsole.services.views import EventView
    from techconsole.tui.incident import mail_lines

    at = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    opened = EventView(1, at, None, "opened", "Stampante", {"mail": 1, "attachments": ["a.pdf"]})
    reply = EventView(
        2,
        at,
        None,
        "mail_in",
        "Ecco la foto.",
        {"mail": 2, "sender": "m@x.example", "attachments": ["foto.jpg", "[red]x[/red].png"]},
    )
    plain_open = mail_lines.note(opened)
    plain_reply = mail_lines.note(reply)
    assert plain_open is not None and plain_reply is not None
    assert "📎 a.pdf" in plain_open.plain
    assert "📎 foto.jpg, [red]x[/red].png" in plain_reply.plain  # as named, never markup
    assert mail_lines.who(opened) == "posta"  # the console speaks Italian: the mail service
