"""``e`` on the team load: e-mail the report due to a customer's data controller (seed
001: "L'operato della nostra azienda sara' riportato al titolare con cadenza da stabilire
tra le parti (file di log e report)").

The form offers the customers with a report due (the oldest due first) and says, read in
a thread worker, whom it goes to — the customer's titolari with an e-mail, unless
addresses are typed — and its subject, or why it cannot go (nobody to write to, one in
the outbox already).  ``ctrl+s`` queues it in the outbox (``services.documents.ads_mail``)
in its own worker: a refusal is said in the form, which stays open; once queued, the form
closes and a toast says that ``mail send`` delivers it, and records its delivery then.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.types import CSSPathType
from textual.widgets import Input, Select, Static

from techconsole.domain.limits import MAX_NAME
from techconsole.i18n import N_, _
from techconsole.services.context import Context
from techconsole.services.documents import ads_mail
from techconsole.services.documents.ads_mail import AdsLetter, AdsQueued
from techconsole.services.documents.ads_reports import AdsStanding
from techconsole.services.errors import ServiceError
from techconsole.tui.mail.letter import address
from techconsole.tui.widgets.form_fields import CSS, FormScreen, Invalid, field
from techconsole.tui.widgets.text import plain, typed


@dataclass(frozen=True, slots=True)
class AdsChoice:
    """The customer whose report goes, and the addresses typed (``None``: the titolari)."""

    customer_id: int
    to: str | None


def days(standing: AdsStanding) -> str:
    period = standing.due[0]
    return f"{period.start:%d/%m/%Y}–{period.end:%d/%m/%Y}"


class AdsSendDialog(FormScreen[AdsChoice]):
    """The report due to a data controller, by e-mail; the result is the choice queued
    (``queued`` then says what is in the outbox)."""

    CSS_PATH: ClassVar[CSSPathType | None] = [CSS, Path(__file__).with_suffix(".tcss")]
    OK = N_("Send")
    HELP_TITLE = N_("Send the report to the data controller")

    class Read(Message):
        """Whom it goes to and its subject (``error``: they could not be read)."""

        def __init__(self, customer_id: int, letter: AdsLetter | None, error: str = "") -> None:
            super().__init__()
            self.customer_id, self.letter, self.error = customer_id, letter, error

    class Sent(Message):
        """Queued (``queued``), or refused (``error``)."""

        def __init__(self, queued: AdsQueued | None, error: str = "") -> None:
            super().__init__()
            self.queued, self.error = queued, error

    def __init__(self, ctx: Context, due: Sequence[AdsStanding]) -> None:
        super().__init__(_("Send the report to the data controller"))
        self.ctx = ctx
        self.due = [s for s in due if s.due]
        self.sending = False
        #: what was queued, once it was (the screen's toast says it)
        self.queued: AdsQueued | None = None

    def fields(self) -> ComposeResult:
        choices = [(Text(f"{plain(s.customer)} · {days(s)}"), s.customer_id) for s in self.due]
        first = choices[0][1] if choices else Select.BLANK
        yield field(
            _("Customer"),
            Select(choices, value=first, allow_blank=not choices, id="ads-customer", compact=True),
            _("the oldest report due first"),
        )
        to = Input(placeholder=_("the titolari's addresses"), id="ads-to", max_length=4 * MAX_NAME)
        to.compact = True
        yield field(_("To"), to, _("empty: the customer's titolari with an e-mail"))
        loading = Text(_("loading…"), style="dim")
        yield field(_("Subject"), Static(loading, id="ads-subject"))
        said = _("the report is drawn as PDF when it is sent; its delivery is recorded then")
        yield Static(Text(said, style="dim"), id="ads-how")

    def on_mount(self) -> None:
        super().on_mount()
        self._read_chosen()

    def chosen(self) -> int | None:
        value = self.query_one("#ads-customer", Select).value
        return value if isinstance(value, int) else None

    @on(Select.Changed, "#ads-customer")
    def _customer_changed(self) -> None:
        self._read_chosen()

    def _read_chosen(self) -> None:
        customer_id = self.chosen()
        if customer_id is not None:
            self._read(customer_id)

    @work(thread=True, exclusive=True, group="ads-preview", exit_on_error=False)
    def _read(self, customer_id: int) -> None:
        try:
            self.post_message(self.Read(customer_id, ads_mail.preview(self.ctx, customer_id)))
        except Exception as error:
            self.post_message(self.Read(customer_id, None, str(error) or type(error).__name__))

    @on(Read)
    def _shown(self, message: Read) -> None:
        if message.customer_id != self.chosen():
            return  # another customer was chosen meanwhile
        subject = self.query_one("#ads-subject", Static)
        found = message.letter
        if found is None:
            subject.update("")
            self.set_hint("ads-to", "")
            self.show_error(None, message.error)
            return
        subject.update(Text(plain(found.subject)))
        if found.to:
            self.set_hint(
                "ads-to",
                _("empty: to {addresses}").format(
                    addresses=", ".join(address(a) for a in found.to)
                ),
            )
        else:
            self.set_hint("ads-to", _("type the address to send it to"))
        self.show_error(None, found.why_not or None)

    def collect(self) -> AdsChoice:
        customer_id = self.chosen()
        if customer_id is None:
            raise Invalid("ads-customer", _("no report is due"))
        to = typed(self.query_one("#ads-to", Input).value).strip()
        return AdsChoice(customer_id, to or None)

    def submitted(self, result: AdsChoice) -> None:
        """Queue it in a worker; the form closes once it is queued."""
        if self.sending:
            return
        self.sending = True
        self._send(result)

    @work(thread=True, exclusive=True, group="ads-send", exit_on_error=False)
    def _send(self, choice: AdsChoice) -> None:
        try:
            queued = ads_mail.send_report(self.ctx, choice.customer_id, to=choice.to)
        except ServiceError as refusal:
            self.post_message(self.Sent(None, str(refusal)))
        except Exception as error:  # the database went away: say it, keep the form
            failed = _("failed: {error}").format(error=error or type(error).__name__)
            self.post_message(self.Sent(None, failed))
        else:
            self.post_message(self.Sent(queued))

    @on(Sent)
    def _sent(self, message: Sent) -> None:
        self.sending = False
        if message.queued is None:
            self.show_error(None, message.error)
            return
        self.queued = message.queued
        self.dismiss(AdsChoice(message.queued.customer_id, None))


def queued_words(queued: AdsQueued) -> str:
    """The toast once it is queued."""
    period = queued.period
    return _(
        "{customer}: the report of {start} to {end} is in the outbox for {to}; mail send "
        "delivers it, and its delivery is recorded then"
    ).format(
        customer=queued.customer,
        start=f"{period.start:%d/%m/%Y}",
        end=f"{period.end:%d/%m/%Y}",
        to=", ".join(a.email for a in queued.entry.to),
    )
