"""``enter`` on the mail screen: one message, whole.

A message received shows its head, its text as received (quotes and signature too) and
its attachments by safe name, type and size — never opened; ``techconsole mail
attachment`` saves one to a folder.  A message we send shows its head, its state and
its text as it will go.  Everything the sender wrote is shown as written, without
control characters and with its markup literal.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar
from zoneinfo import ZoneInfo

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from techconsole.i18n import N_, _
from techconsole.services.mail.outbox_views import OutboxEntry
from techconsole.services.mail.views import AttachmentView, MailView
from techconsole.tui.keys import named
from techconsole.tui.mail.letter import address
from techconsole.tui.mail.tables import sender, state_word
from techconsole.tui.speak import speak
from techconsole.tui.widgets.scroll import scroll_line
from techconsole.tui.widgets.text import local, plain


def size_word(count: int) -> str:
    """``12 kB``, ``1.4 MB``: as ``mail show`` says it."""
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):.1f} MB"
    return f"{max(1, round(count / 1024))} kB"


def _head(rows: list[tuple[str, Text | str]]) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    for label, value in rows:
        grid.add_row(label, value if isinstance(value, Text) else Text(value))
    return grid


def _attachment(part: AttachmentView) -> Text:
    line = Text("▪ ")
    line.append(plain(part.filename), style="bold")
    line.append(f"  {plain(part.content_type)} · {size_word(part.size)}", style="dim")
    if not part.kept:
        line.append(" · " + _("larger than the limit: not kept"), style="dim italic")
    return line


def received(view: MailView, zone: ZoneInfo) -> Group:
    """A message received: head, text as received, attachments."""
    rows: list[tuple[str, Text | str]] = [
        (_("From"), sender(view)),
        (_("Subject"), plain(view.subject)),
        (_("Received"), local(view.at, zone)),
    ]
    if view.recipients:
        rows.insert(1, (_("To"), plain(view.recipients)))
    if view.incident:
        rows.append((_("Incident"), view.incident))
    if view.customer:
        rows.append((_("Customer"), plain(view.customer)))
    parts: list[Table | Text] = [_head(rows), Text()]
    parts.append(Text(plain(view.full_text or view.text, one_line=False).rstrip()))
    if view.attachments:
        parts.append(Text())
        parts.append(Text(_("Attachments (never opened here)"), style="bold"))
        parts.extend(_attachment(part) for part in view.attachments)
    return Group(*parts)


def outgoing(entry: OutboxEntry, zone: ZoneInfo) -> Group:
    """A message we send: head, state, text as it goes."""
    state = state_word(entry)
    if entry.attempts:
        state += " · " + _("attempts: {n}").format(n=entry.attempts)
    rows: list[tuple[str, Text | str]] = [
        (_("To"), ", ".join(address(a) for a in entry.to)),
        (_("Subject"), plain(entry.subject)),
        (_("Incident"), entry.incident or "—"),
        (_("State"), state),
        (_("Queued"), local(entry.queued_at, zone)),
    ]
    if entry.sent_at is not None:
        rows.append((_("Sent"), local(entry.sent_at, zone)))
    if entry.last_error:
        rows.append((_("Last error"), Text(plain(_(entry.last_error)), style="red")))
    parts: list[Table | Text] = [_head(rows), Text()]
    parts.append(Text(plain(entry.text, one_line=False).rstrip()))
    if entry.attach_report:
        parts.append(Text())
        parts.append(Text("▪ " + _("the incident's work report goes with it (PDF)"), style="dim"))
    if entry.attach_ads_report and entry.period is not None:
        parts.append(Text())
        said = _("the report to the data controller of {start} to {end} goes with it (PDF)")
        days = {"start": f"{entry.period.start:%d/%m/%Y}", "end": f"{entry.period.end:%d/%m/%Y}"}
        parts.append(Text("▪ " + said.format(**days), style="dim"))
    return Group(*parts)


class MessageScreen(ModalScreen[None]):
    """One message over the mail screen; ``esc`` or ``q`` closes it."""

    CSS_PATH = Path(__file__).parent / "mail.tcss"
    HELP_TITLE = N_("Message")
    BINDINGS: ClassVar[list[BindingType]] = named(
        "mail_message",
        [
            Binding("escape", "close", N_("Close")),
            Binding("q", "close", N_("Close"), show=False),
            Binding("j", "scroll('down')", N_("Scroll down"), show=False),
            Binding("k", "scroll('up')", N_("Scroll up"), show=False),
        ],
    )

    def __init__(self, title: str, body: Group) -> None:
        super().__init__()
        speak(self)
        self.title_, self.body = title, body

    def compose(self) -> ComposeResult:
        with Vertical(id="message"):
            yield Static(Text(plain(self.title_), style="bold"), id="message-title")
            with VerticalScroll(id="message-body"):
                yield Static(self.body)
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#message-body").focus()

    def action_close(self) -> None:
        self.dismiss()

    def action_scroll(self, direction: str) -> None:
        scroll_line(self.query_one("#message-body", VerticalScroll), direction)
