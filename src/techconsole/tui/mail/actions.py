"""What the mail screen's keys do: a form when the step needs words, then the service in
a thread worker (:mod:`.steps`); the screen reads the mail again and a toast says what
happened, or what the service refused and why.  The palette offers the same steps.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import ClassVar

from textual.app import SystemCommand

from techconsole.i18n import N_, _
from techconsole.services.context import Context
from techconsole.services.mail.outbox_views import OutboxEntry
from techconsole.services.mail.views import MailView
from techconsole.tui.mail import steps
from techconsole.tui.mail.link import LinkDialog, LinkRequest, link_heading
from techconsole.tui.mail.tables import MailTable
from techconsole.tui.roles import ScreenCommands
from techconsole.tui.signals import console
from techconsole.tui.step_runner import StepRunner
from techconsole.tui.widgets.text import markup_safe

#: a step run in the worker thread; it returns what the toast says (markup-safe)
INBOX, OUTBOX = "inbox", "outbox"
#: the tabs' names (English msgids)
TAB_TITLES = {INBOX: N_("Unmatched"), OUTBOX: N_("Outbox")}
#: the actions of one tab only
TAB_OF = {"link": INBOX, "discard": INBOX, "retry": OUTBOX}
#: the palette's line for each key of the screen (English msgids)
COMMANDS = (
    ("link", "l", N_("Link"), N_("Link the message to a customer: its incident opens")),
    ("discard", "d", N_("Discard"), N_("Take the message out of the unmatched mail")),
    ("retry", "r", N_("Send again"), N_("Send a failed or uncertain message again")),
    ("fetch", "f", N_("Fetch mail"), N_("Take the new messages of the mail sources now")),
    ("refresh", "f5", N_("Refresh"), N_("Read the mail again")),
)


class MailActions(ScreenCommands, StepRunner):
    RELOAD_AFTER_REFUSAL = True  # the message may have been taken meanwhile
    """The steps of the mail screen, for the screen that shows the mail."""

    #: the actions that change the database (refused when it is read-only)
    WRITES: ClassVar[frozenset[str]] = frozenset((*TAB_OF, "fetch"))

    ctx: Context
    inbox: list[MailView]
    outbox: list[OutboxEntry]

    def table(self, name: str) -> MailTable:
        raise NotImplementedError  # a hook: MailScreen provides it

    @property
    def tab(self) -> str:
        raise NotImplementedError  # a hook: MailScreen provides it

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """``l`` and ``d`` on the unmatched mail only, ``r`` on the outbox only."""
        wanted = TAB_OF.get(action)
        return wanted is None or not self.is_mounted or wanted == self.tab

    def action_tab(self, name: str) -> None:
        raise NotImplementedError  # a hook: MailScreen provides it

    def system_commands(self) -> Iterator[SystemCommand]:
        """The tabs, and the keys of the tab in sight, in the command palette."""
        for name, key in ((INBOX, "1"), (OUTBOX, "2")):
            title = _(TAB_TITLES[name])
            said = _("Show the tab “{title}” (key {key})").format(title=title, key=key)
            yield SystemCommand(title, said, partial(self.action_tab, name))
        for action, key, title, help in COMMANDS:
            if self.check_action(action, ()):
                said = _("{help} (key {key})").format(help=_(help), key=key)
                yield SystemCommand(_(title), said, partial(self.app.run_action, action, self))

    def chosen_mail(self) -> MailView | None:
        key = self.table(INBOX).cursor_key()
        found = [view for view in self.inbox if str(view.id) == key]
        if not found:
            self.notify(_("no message here"), severity="warning")
            return None
        return found[0]

    def chosen_entry(self) -> OutboxEntry | None:
        key = self.table(OUTBOX).cursor_key()
        found = [entry for entry in self.outbox if str(entry.id) == key]
        if not found:
            self.notify(_("no message here"), severity="warning")
            return None
        return found[0]

    # ------------------------------------------------------------------ the steps
    def action_link(self) -> None:
        view = self.chosen_mail()
        if view is None:
            return

        def answered(request: LinkRequest | None) -> None:
            if request is not None:
                self.run_step(_("Link"), partial(steps.link, request=request))

        self.app.push_screen(LinkDialog(self.ctx, view), answered)

    def action_discard(self) -> None:
        from techconsole.tui.incident.dialogs import TextDialog

        view = self.chosen_mail()
        if view is None:
            return
        form = TextDialog(
            link_heading(_("Discard"), view),
            _("Reason"),
            ok=N_("Discard"),
            hint=_("optional · spam, a wrong address… (kept in the audit trail)"),
        )

        def answered(reason: str | None) -> None:
            if reason is not None:
                step = partial(steps.discard, mail_id=view.id, reason=reason)
                self.run_step(_("Discard"), step)

        self.app.push_screen(form, answered)

    def action_retry(self) -> None:
        entry = self.chosen_entry()
        if entry is not None:
            self.run_step(_("Send again"), partial(steps.retry, mail_id=entry.id))

    def action_fetch(self) -> None:
        """Take the new mail of the settings' sources now (``mail fetch``): an incident
        opened or a note added shows in the queue, an unknown sender here."""
        from techconsole.mail.setup import no_source

        made = console(self).mail_intake
        intake = made() if made is not None else None
        if intake is None or not intake.configured:
            self.notify(markup_safe(no_source()), title=_("Fetch mail"), severity="warning")
            return
        self.run_step(_("Fetch mail"), partial(steps.fetch, intake=intake))
