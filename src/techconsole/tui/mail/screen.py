"""``m`` on the queue: the mail, in two tabs.

- **Unmatched** (``Da abbinare``): the messages of senders nobody knows, oldest first —
  ``enter`` reads one whole, ``l`` links it to a customer (which opens its incident),
  ``d`` discards it with an optional reason;
- **Outbox** (``In uscita``): the messages we send, newest first, with their state —
  ``enter`` reads one, ``r`` sends a failed or uncertain one again.

``f`` on either takes the new mail of the settings' sources now, as ``mail fetch`` does
(the demo's console: the demo's Maildir); a toast counts what the messages did.

Both are read in a thread worker when the screen opens, after each step, on ``f5`` and
whenever the database changes (the console's signal).  On a read-only database the
keys that change something are refused, as everywhere.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable, Footer, Static, TabbedContent, TabPane

from techconsole.i18n import N_, _
from techconsole.services.context import Context
from techconsole.services.mail import inbox as inbox_service
from techconsole.services.mail import outbox as outbox_service
from techconsole.services.mail.outbox_views import OutboxEntry
from techconsole.services.mail.views import MailView
from techconsole.tui.keys import named
from techconsole.tui.mail.actions import INBOX, OUTBOX, TAB_TITLES, MailActions
from techconsole.tui.mail.message import MessageScreen, outgoing, received
from techconsole.tui.mail.tables import (
    INBOX_COLUMNS,
    OUTBOX_COLUMNS,
    MailTable,
    inbox_lines,
    outbox_lines,
)
from techconsole.tui.readonly import BANNER
from techconsole.tui.signals import console
from techconsole.tui.speak import speak
from techconsole.tui.widgets.footer import roomy_keys
from techconsole.tui.widgets.text import plain

#: below this many columns the footer leaves out the tabs' keys (the tabs are in sight,
#: and ``?`` lists their keys): ``f``, quitting and the help stay whole on 80 columns
FOOTER_ROOM = 96


class MailScreen(MailActions):
    """The unmatched mail and the outbox."""

    CSS_PATH = Path(__file__).parent / "mail.tcss"
    HELP_TITLE = N_("Mail")
    BINDINGS: ClassVar[list[BindingType]] = named(
        "mail",
        [
            Binding("escape", "back", N_("Back")),
            Binding("backspace", "back", N_("Back"), show=False),
            Binding("q", "app.quit", N_("Quit"), show=False),  # esc shown instead
            Binding("1", f"tab('{INBOX}')", TAB_TITLES[INBOX]),
            Binding("2", f"tab('{OUTBOX}')", TAB_TITLES[OUTBOX]),
            Binding("l", "link", N_("Link")),
            Binding("d", "discard", N_("Discard")),
            Binding("r", "retry", N_("Send again")),
            Binding("f", "fetch", N_("Fetch mail")),
            Binding("f5", "refresh", N_("Refresh"), show=False),
        ],
    )

    class Loaded(Message):
        """Both lists read (or ``error``), for the read numbered ``serial``."""

        def __init__(
            self,
            serial: int,
            found: list[MailView] | None,
            sent: list[OutboxEntry] | None,
            error: str = "",
        ) -> None:
            super().__init__()
            self.serial, self.found, self.sent, self.error = serial, found, sent, error

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        speak(self)
        self.ctx = ctx
        self.inbox: list[MailView] = []
        self.outbox: list[OutboxEntry] = []
        self.failed: str | None = None
        #: the newest read asked for, and the one whose answer is shown
        self.serial = self.answered = 0

    def compose(self) -> ComposeResult:
        yield Static(Text(_("Mail") + " · " + _("loading…"), style="bold"), id="mail-title")
        with TabbedContent(id="mail-tabs", initial=f"{INBOX}-tab"):
            with TabPane(_(TAB_TITLES[INBOX]), id=f"{INBOX}-tab"):
                yield Static(_("The inbox of unmatched mail is empty."), classes="mail-empty")
                yield MailTable(INBOX_COLUMNS, id=INBOX)
            with TabPane(_(TAB_TITLES[OUTBOX]), id=f"{OUTBOX}-tab"):
                yield Static(_("The outbox is empty."), classes="mail-empty")
                yield MailTable(OUTBOX_COLUMNS, id=OUTBOX)
        yield Footer(show_command_palette=False)  # ":" and ctrl+p, said in the help

    def on_resize(self, event: events.Resize) -> None:
        roomy_keys(self, event.size.width, FOOTER_ROOM, {f"tab('{INBOX}')", f"tab('{OUTBOX}')"})

    def on_mount(self) -> None:
        for empty in self.query(".mail-empty"):
            empty.display = False
        self.table(INBOX).focus()
        console(self).database_changed_signal.subscribe(self, self._database_changed)
        self.reload()

    # ------------------------------------------------------------------ reading
    def table(self, name: str) -> MailTable:
        return self.query_one(f"#{name}", MailTable)

    @property
    def tab(self) -> str:
        """The tab in sight: ``inbox`` or ``outbox``."""
        active = self.query_one(TabbedContent).active
        return OUTBOX if active == f"{OUTBOX}-tab" else INBOX

    def reload(self) -> None:
        self.serial += 1
        self._load(self.serial)

    @work(thread=True, exclusive=True, group="mail-load", exit_on_error=False)
    def _load(self, serial: int) -> None:
        try:
            found = inbox_service.inbox(self.ctx)
            sent = outbox_service.list_outbox(self.ctx)
        except Exception as error:
            self.post_message(self.Loaded(serial, None, None, str(error) or type(error).__name__))
        else:
            self.post_message(self.Loaded(serial, found, sent))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        if message.serial < self.answered:
            return  # an older read, answered late
        self.answered = message.serial
        if message.found is None or message.sent is None:
            self.failed = message.error
        else:
            self.failed = None
            self.inbox, self.outbox = message.found, message.sent
            self.table(INBOX).fill(inbox_lines(self.inbox, self.ctx.policy.zone))
            self.table(OUTBOX).fill(outbox_lines(self.outbox))
            for name, lines in ((INBOX, self.inbox), (OUTBOX, self.outbox)):
                pane = self.query_one(f"#{name}-tab", TabPane)
                pane.query_one(".mail-empty").display = not lines
                tabs = self.query_one(TabbedContent)
                title = f"{_(TAB_TITLES[name])} ({len(lines)})"
                tabs.get_tab(f"{name}-tab").label = title
        self.show_title()

    def show_title(self) -> None:
        title = Text(_("Mail"), style="bold")
        undelivered = sum(e.state in ("failed", "uncertain") for e in self.outbox)
        if undelivered:
            said = _("not delivered: {n}").format(n=undelivered)
            title.append(f" · ⚠ {said}", style="bold")
        if console(self).read_only:
            title.append(" · ")
            title.append(_(BANNER), style="bold reverse")
        if self.failed:
            title.append(" · ⚠ " + _("not refreshed") + ": ", style="bold red")
            title.append(plain(self.failed), style="red")
        self.query_one("#mail-title", Static).update(title)

    def _database_changed(self, _: None) -> None:
        self.reload()

    # ------------------------------------------------------------------ tabs
    def action_tab(self, name: str) -> None:
        self.query_one(TabbedContent).active = f"{name}-tab"

    @on(TabbedContent.TabActivated)
    def _tab_shown(self) -> None:
        self.table(self.tab).focus()
        self.refresh_bindings()

    def action_back(self) -> None:
        self.dismiss()

    def action_refresh(self) -> None:
        self.reload()

    # ------------------------------------------------------------------ the lines
    @on(DataTable.RowSelected)
    def _read(self, event: DataTable.RowSelected) -> None:
        event.stop()
        zone = self.ctx.policy.zone
        if event.data_table.id == INBOX:
            view = self.chosen_mail()
            if view is not None:
                title = _("Message {id} received").format(id=view.id)
                self.app.push_screen(MessageScreen(title, received(view, zone)))
        else:
            entry = self.chosen_entry()
            if entry is not None:
                title = _("Message {id} to the customer").format(id=entry.id)
                self.app.push_screen(MessageScreen(title, outgoing(entry, zone)))
