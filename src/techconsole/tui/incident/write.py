"""``e`` on an incident: write to the customer.

The form says who the message goes to and the subject it will have (read in a thread
worker when it opens: the requester, else the address the request came from, else a
titolare or ADS), and takes the text; ``ctrl+s`` hands it to the screen, which queues
it in the outbox (``services.mail.reply``) in its own worker.  An empty text or nobody
to write to is the service's refusal, said in a toast: nothing is queued.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import Static, TextArea

from techconsole.i18n import N_, _
from techconsole.services.mail.previews import Preview
from techconsole.services.views import IncidentView
from techconsole.tui.incident.dialogs import CSS, heading
from techconsole.tui.mail.letter import address
from techconsole.tui.widgets.form_fields import FormScreen, field
from techconsole.tui.widgets.text import plain


class ReplyDialog(FormScreen[str]):
    """The message to the customer; the result is the text as typed."""

    CSS_PATH = CSS
    OK = N_("Send")
    HELP_TITLE = N_("Write to the customer")

    class Read(Message):
        """Who it goes to and its subject (``error``: they could not be read)."""

        def __init__(self, preview: Preview | None, error: str = "") -> None:
            super().__init__()
            self.preview, self.error = preview, error

    def __init__(self, view: IncidentView, preview: Callable[[], Preview]) -> None:
        super().__init__(heading(_("Write to the customer"), view))
        self.preview = preview
        self.read: Preview | None = None

    def fields(self) -> ComposeResult:
        loading = Text(_("loading…"), style="dim")
        yield field(_("To"), Static(loading, id="to", classes="reply-head"))
        yield field(_("Subject"), Static(loading, id="subject", classes="reply-head"))
        hint = _("signed with your name · ctrl+s puts it in the outbox")
        yield field(_("Message"), TextArea(id="text", compact=True, soft_wrap=True), hint)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#text", TextArea).focus()
        self._read()

    @work(thread=True, exit_on_error=False)
    def _read(self) -> None:
        try:
            self.post_message(self.Read(self.preview()))
        except Exception as error:
            self.post_message(self.Read(None, str(error) or type(error).__name__))

    @on(Read)
    def _shown(self, message: Read) -> None:
        self.read = message.preview
        to, subject = self.query_one("#to", Static), self.query_one("#subject", Static)
        found = message.preview
        if found is None:
            failed = _("could not be read: {error}").format(error=plain(message.error))
            to.update(Text(failed, style="italic"))
            subject.update("")
            return
        if found.to is not None:
            to.update(Text(address(found.to)))
        else:
            to.update(Text("✖ " + plain(found.why_not, one_line=False), style="bold red"))
        subject.update(Text(plain(found.subject)))

    def collect(self) -> str:
        """The text as typed: an empty one is the service's to refuse."""
        return self.query_one("#text", TextArea).text
