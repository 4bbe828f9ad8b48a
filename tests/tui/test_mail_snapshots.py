"""What the mail looks like in the console, in Italian at 120×36: the mail screen's two
tabs, writing to the customer, and the Conferma d'intervento shown while taking in
charge (see test_snapshots for how the pictures are made and accepted)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot

from techconsole.services.context import Context
from techconsole.tui.app import TechConsole
from techconsole.tui.incident.dialogs import AcknowledgeDialog
from techconsole.tui.incident.screen import IncidentScreen
from techconsole.tui.incident.write import ReplyDialog
from techconsole.tui.mail.screen import MailScreen

from .conftest import until
from .mail_data import failed_reply, two_strangers, writable
from .test_mail_incident import onsite  # noqa: F401 - a fixture
from .test_snapshots import SnapCompare, painted, ready, steady


def mail(ctx: Context) -> str:
    """Two strangers' messages, a reply queued and one the server refused; the incident."""
    two_strangers(ctx)
    number = writable(ctx)
    failed_reply(ctx, number)
    from techconsole.services.mail import reply

    reply.reply(ctx, number, "Confermo l'appuntamento di domani alle 9.")
    return number


async def mail_screen(pilot: Pilot[Any]) -> MailScreen:
    await ready(pilot)
    await pilot.press("m")
    app = pilot.app
    await until(pilot, lambda: isinstance(app.screen, MailScreen))
    screen = app.screen
    assert isinstance(screen, MailScreen)
    await until(pilot, lambda: screen.answered == screen.serial > 0)
    await painted(pilot)
    return screen


def test_mail_unmatched_120x36(
    snap_compare: SnapCompare, make_app: Callable[..., TechConsole], ctx: Context
):
    mail(ctx)
    assert snap_compare(make_app(), terminal_size=(120, 36), run_before=mail_screen)


def test_mail_outbox_120x36(
    snap_compare: SnapCompare, make_app: Callable[..., TechConsole], ctx: Context
):
    mail(ctx)

    async def run(pilot: Pilot[Any]) -> None:
        screen = await mail_screen(pilot)
        await pilot.press("2")
        await until(pilot, lambda: screen.tab == "outbox")
        await painted(pilot)

    assert snap_compare(make_app(), terminal_size=(120, 36), run_before=run)


def test_write_to_the_customer_120x36(
    snap_compare: SnapCompare, make_app: Callable[..., TechConsole], ctx: Context
):
    number = writable(ctx)

    async def run(pilot: Pilot[Any]) -> None:
        await ready(pilot)
        app = pilot.app
        app.push_screen(IncidentScreen(app.ctx, number))  # type: ignore[attr-defined]
        await until(pilot, lambda: getattr(app.screen, "detail", None) is not None)
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, ReplyDialog))
        dialog = app.screen
        assert isinstance(dialog, ReplyDialog)
        await until(pilot, lambda: dialog.read is not None)
        await pilot.press(*"Buongiorno, passo domani alle 9 per il Wi-Fi.", "enter", *"Anna")
        await steady(pilot)

    assert snap_compare(make_app(), terminal_size=(120, 36), run_before=run)


def test_conferma_d_intervento_120x36(
    snap_compare: SnapCompare,
    onsite: tuple[Context, str],  # noqa: F811 - the fixture
):
    ctx, number = onsite

    async def run(pilot: Pilot[Any]) -> None:
        await ready(pilot)
        app = pilot.app
        app.push_screen(IncidentScreen(ctx, number))
        await until(pilot, lambda: getattr(app.screen, "detail", None) is not None)
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, AcknowledgeDialog))
        dialog = app.screen
        assert isinstance(dialog, AcknowledgeDialog)
        await pilot.press("tab", *"domani 9:00", "shift+tab", *"domani 11:00")
        await until(pilot, lambda: dialog.preview_shown > 1 and not dialog.preview_pending)
        await steady(pilot)

    app = TechConsole(ctx, watch_interval=None)
    assert snap_compare(app, terminal_size=(120, 36), run_before=run)
