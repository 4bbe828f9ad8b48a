"""``l`` on the unmatched mail: link a message to a customer, which opens its incident.

The customer is found as you type (the new-incident form's picker); who wrote is one of
that customer's contacts (read in a thread worker once the customer is chosen), or the
sender saved as a new contact — a name (the one the message gave) and a role — so that
their next message is matched by itself.  ``services.mail.inbox.link`` is the judge: the
screen runs it once the form closes, and a refusal is said in a toast.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.types import CSSPathType
from textual.widgets import Input, Select

from techconsole.domain.limits import MAX_NAME
from techconsole.i18n import N_, _
from techconsole.reports import event_words
from techconsole.services.context import Context
from techconsole.services.customers import registry as customers
from techconsole.services.mail.inbox import ROLES, NewContact
from techconsole.services.mail.views import MailView
from techconsole.services.views import ContactView
from techconsole.tui.incident.pickers import contact_label
from techconsole.tui.intake.customer import CustomerPicker
from techconsole.tui.mail.tables import sender
from techconsole.tui.widgets.form_fields import CSS as FORM_CSS
from techconsole.tui.widgets.form_fields import FormScreen, Invalid, field
from techconsole.tui.widgets.text import cell, typed

HERE = Path(__file__).parent
#: the choice "save the sender as a new contact" in the list of who wrote
NEW = -1


@dataclass(frozen=True, slots=True)
class LinkRequest:
    """What the form says: the message, the customer, and who wrote it."""

    mail_id: int
    customer_id: int
    contact: int | None
    new_contact: NewContact | None


def link_heading(what: str, view: MailView) -> Text:
    """``Link · from Maria <maria@…> · Subject``."""
    line = Text(f"{what} · ", style="bold")
    line.append_text(cell(sender(view)))
    line.append(" · ")
    line.append_text(cell(view.subject))
    return line


class LinkDialog(FormScreen[LinkRequest]):
    """Link an unmatched message to a customer and to who wrote it."""

    CSS_PATH: ClassVar[CSSPathType | None] = [
        FORM_CSS,
        HERE.parent / "intake" / "form.tcss",
        HERE / "mail.tcss",
    ]
    OK = N_("Link and open")
    HELP_TITLE = N_("Link to a customer")

    class Contacts(Message):
        def __init__(self, customer_id: int, contacts: tuple[ContactView, ...] | None) -> None:
            super().__init__()
            self.customer_id, self.contacts = customer_id, contacts

    def __init__(self, ctx: Context, view: MailView) -> None:
        super().__init__(link_heading(_("Link"), view))
        self.ctx, self.view = ctx, view
        self.customer_id: int | None = None

    def fields(self) -> ComposeResult:
        yield field(_("Customer"), CustomerPicker(self.ctx, id="customer"))
        who: Select[int] = Select([], prompt=_("choose the customer first"), id="who", compact=True)
        yield field(_("Who wrote"), who)
        name = Input(typed(self.view.sender_name), id="name", compact=True, max_length=MAX_NAME)
        hint = _("saved with the address {address}").format(address=self.view.sender)
        yield field(_("Name"), name, hint)
        roles = [(event_words.role(role), role) for role in ROLES]
        yield field(
            _("Role"), Select(roles, value="employee", allow_blank=False, id="role", compact=True)
        )

    def on_mount(self) -> None:
        super().on_mount()
        self._new_contact(False)

    def _new_contact(self, shown: bool) -> None:
        for name in ("name", "role"):
            self.query_one(f"#{name}-field").display = shown

    @on(CustomerPicker.Chosen)
    def _chosen(self, message: CustomerPicker.Chosen) -> None:
        who = self.query_one("#who", Select)
        who.set_options([])
        self._new_contact(False)
        if message.customer is None:
            self.customer_id = None
            who.prompt = _("choose the customer first")
            return
        self.customer_id = message.customer.id
        self.show_error("customer", None)
        who.prompt = _("loading…")
        self._contacts(message.customer.id)

    @work(thread=True, exclusive=True, group="link-contacts", exit_on_error=False)
    def _contacts(self, customer_id: int) -> None:
        try:
            found = customers.show_customer(self.ctx, customer_id).contacts
        except Exception:
            found = None
        self.post_message(self.Contacts(customer_id, found))

    @on(Contacts)
    def _contacts_read(self, message: Contacts) -> None:
        if message.customer_id != self.customer_id:
            return  # another customer was chosen meanwhile
        who = self.query_one("#who", Select)
        if message.contacts is None:
            self.show_error("who", _("the contacts could not be read"))
            return
        options: list[tuple[str | Text, int]] = [(contact_label(c), c.id) for c in message.contacts]
        options.append((_("save the sender as a new contact"), NEW))
        who.set_options(options)
        who.prompt = _("choose…")
        who.value = NEW  # the sender is no contact of anyone's: the likely choice

    @on(Select.Changed, "#who")
    def _who(self, event: Select.Changed) -> None:
        self._new_contact(event.value == NEW)
        if event.value != Select.NULL:
            self.show_error("who", None)

    def entered(self, input_id: str) -> None:
        self.focus_next()

    def collect(self) -> LinkRequest:
        if self.customer_id is None:
            raise Invalid("customer", _("choose the customer from the list"))
        who: Any = self.query_one("#who", Select).value
        if not isinstance(who, int):
            raise Invalid("who", _("choose who wrote, or save the sender as a new contact"))
        if who != NEW:
            return LinkRequest(self.view.id, self.customer_id, who, None)
        name = typed(self.query_one("#name", Input).value).strip()
        if not name:
            raise Invalid("name", _("the new contact's name"))
        role = str(self.query_one("#role", Select).value)
        return LinkRequest(self.view.id, self.customer_id, None, NewContact(name, role))
