"""``n`` on the queue: record a request that just came in.

The customer is found as you type; the requester is one of that customer's contacts,
each saying whether they may authorise (a request from someone who may not waits for
a titolare or ADS); a channel the policy refuses is said so at once.  Each field says
what is wrong next to it; ``services.incidents.intake.open_incident`` is the final judge, and
its refusal is shown in the form, which stays open.  On success the form closes with
the new incident's number and a toast gives it.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.types import CSSPathType
from textual.widgets import Button, Checkbox, Input, Select, TextArea

from techconsole.domain.limits import MAX_SUBJECT
from techconsole.i18n import N_, _
from techconsole.services.context import Context
from techconsole.services.customers import registry as customers
from techconsole.services.errors import ServiceError
from techconsole.services.incidents import intake
from techconsole.services.views import ContactView, CustomerView, IncidentView
from techconsole.tui.intake import choices
from techconsole.tui.intake.customer import CustomerPicker
from techconsole.tui.widgets import options
from techconsole.tui.widgets.form_fields import CSS as FORM_CSS
from techconsole.tui.widgets.form_fields import FormScreen, Invalid, Tick, field
from techconsole.tui.widgets.text import markup_safe, typed

HERE = Path(__file__).parent


class NewIncidentForm(FormScreen[str]):
    """A new incident; the form's result is its number."""

    CSS_PATH: ClassVar[CSSPathType | None] = [FORM_CSS, HERE / "form.tcss"]
    OK = N_("Open incident")
    HELP_TITLE = N_("New incident")

    class Contacts(Message):
        def __init__(self, customer_id: int, contacts: tuple[ContactView, ...] | None) -> None:
            super().__init__()
            self.customer_id, self.contacts = customer_id, contacts

    class Opened(Message):
        def __init__(self, view: IncidentView) -> None:
            super().__init__()
            self.view = view

    class Refused(Message):
        def __init__(self, error: str) -> None:
            super().__init__()
            self.error = error

    def __init__(self, ctx: Context) -> None:
        super().__init__(_("New incident"))
        self.ctx = ctx
        self.customer: CustomerView | None = None
        self.contacts: dict[int, ContactView] = {}
        self.urgent_touched = False
        self.urgent_set: bool | None = None
        self.sending = False

    def fields(self) -> ComposeResult:
        policy = self.ctx.policy
        yield field(_("Customer"), CustomerPicker(self.ctx, id="customer"))
        requester: Select[int] = Select(
            [], prompt=_("choose the customer first"), id="requester", compact=True
        )
        yield field(_("Requester"), requester, choices.requester_hint(policy, None))
        channel = Select(
            choices.channels(policy),
            value=choices.default_channel(policy),
            allow_blank=False,
            id="channel",
            compact=True,
        )
        yield field(_("Channel"), channel)
        subject = Input(
            placeholder=_("what is wrong, in a few words"),
            max_length=MAX_SUBJECT,
            id="subject",
            compact=True,
        )
        yield field(_("Subject"), subject)
        yield field(_("Description"), TextArea(id="description", compact=True), _("optional"))
        severities = options.severities(policy)
        # the technician gives it at intake (seed 001), from the policy's default
        chosen = policy.default_severity()
        severity = Select(severities, value=chosen, allow_blank=False, id="severity", compact=True)
        yield field(_("Severity"), severity)
        urgent = Tick(_("urgent"), id="urgent", compact=True)
        yield field(_("Urgent"), urgent, choices.urgent_hint(policy))
        levels = options.levels(policy)
        level = Select(levels, value=1, allow_blank=False, id="level", compact=True)
        yield field(_("Level"), level)

    # ------------------------------------------------------------------ customer
    @on(CustomerPicker.Chosen)
    def _chosen(self, message: CustomerPicker.Chosen) -> None:
        self.customer = message.customer
        requester = self.query_one("#requester", Select)
        requester.set_options([])
        self.contacts = {}
        if message.customer is None:
            requester.prompt = _("choose the customer first")
            self.set_hint("customer", "")
            return
        self.show_error("customer", None)
        self.set_hint("customer", choices.customer_hint(message.customer, self.ctx.policy))
        requester.prompt = _("loading…")
        self._contacts(message.customer.id)

    @work(thread=True, exclusive=True, group="contacts", exit_on_error=False)
    def _contacts(self, customer_id: int) -> None:
        try:
            found = customers.show_customer(self.ctx, customer_id).contacts
        except Exception:
            found = None
        self.post_message(self.Contacts(customer_id, found))

    @on(Contacts)
    def _contacts_read(self, message: Contacts) -> None:
        if self.customer is None or message.customer_id != self.customer.id:
            return
        requester = self.query_one("#requester", Select)
        if message.contacts is None:
            self.show_error("requester", _("the contacts could not be read"))
            return
        self.contacts = {c.id: c for c in message.contacts}
        requester.set_options([(choices.contact_line(c), c.id) for c in message.contacts])
        requester.prompt = _("not known") if message.contacts else _("no contacts recorded")

    @on(Select.Changed, "#requester")
    def _requester(self, event: Select.Changed) -> None:
        contact = self.contacts.get(event.value) if isinstance(event.value, int) else None
        self.set_hint("requester", choices.requester_hint(self.ctx.policy, contact))

    # ------------------------------------------------------------------ inline checks
    @on(Select.Changed, "#channel")
    def _channel(self, event: Select.Changed) -> None:
        refusal = choices.refusal(self.ctx.policy, event.value)
        self.show_error("channel", refusal)

    @on(Input.Changed, "#subject")
    def _subject(self, event: Input.Changed) -> None:
        if event.value.strip():
            self.show_error("subject", None)
        if not self.urgent_touched:  # the keyword decides until you say otherwise
            urgent = self.ctx.policy.intake.is_urgent_subject(event.value)
            checkbox = self.query_one("#urgent", Checkbox)
            if checkbox.value != urgent:
                self.urgent_set = urgent
                checkbox.value = urgent

    @on(Checkbox.Changed, "#urgent")
    def _urgent(self, event: Checkbox.Changed) -> None:
        if self.urgent_set is not None and event.value == self.urgent_set:
            self.urgent_set = None  # the change the subject made, not yours
            return
        self.urgent_touched = True

    def entered(self, input_id: str) -> None:
        self.focus_next()

    # ------------------------------------------------------------------ submitting
    def new_incident(self) -> intake.NewIncident:
        """The request as typed; :class:`Invalid` for the first field at fault (the
        others at fault are said too)."""
        errors: list[Invalid] = []
        if self.customer is None:
            errors.append(Invalid("customer", _("choose the customer from the list")))
        channel = self.query_one("#channel", Select).value
        refusal = choices.refusal(self.ctx.policy, channel)
        if refusal:
            errors.append(Invalid("channel", refusal))
        subject = typed(self.query_one("#subject", Input).value).strip()
        if not subject:
            errors.append(Invalid("subject", _("say in a few words what is wrong")))
        for error in errors[1:]:
            self.show_error(error.field, error.message)
        if errors:
            raise errors[0]
        assert self.customer is not None
        requester = self.query_one("#requester", Select).value
        severity = self.query_one("#severity", Select).value
        level = self.query_one("#level", Select).value
        return intake.NewIncident(
            customer=self.customer.id,
            subject=subject,
            description=typed(self.query_one("#description", TextArea).text, one_line=False),
            requester=requester if isinstance(requester, int) else None,
            channel=str(channel),
            severity=str(severity),
            urgent=self.query_one("#urgent", Checkbox).value,
            level=level if isinstance(level, int) else 1,
        )

    def action_submit(self) -> None:
        if self.sending:
            return
        self.clear_errors()
        try:
            new = self.new_incident()
        except Invalid as error:
            self.refuse(error)
            return
        self.sending = True
        self.query_one("#form-ok", Button).disabled = True
        self._open(new)

    @work(thread=True, group="open-incident", exit_on_error=False)
    def _open(self, new: intake.NewIncident) -> None:
        try:
            view = intake.open_incident(self.ctx, new)
        except ServiceError as error:
            self.post_message(self.Refused(str(error)))
        except Exception as error:
            said = _("failed: {error}").format(error=error or type(error).__name__)
            self.post_message(self.Refused(said))
        else:
            self.post_message(self.Opened(view))

    @on(Refused)
    def _refused(self, message: Refused) -> None:
        self.sending = False
        self.query_one("#form-ok", Button).disabled = False
        self.show_error(None, message.error)

    @on(Opened)
    def _opened(self, message: Opened) -> None:
        view = message.view
        said = _("{number} opened for {customer}: {subject}").format(
            number=view.number, customer=view.customer, subject=view.subject
        )
        if view.needs_authorisation:
            said += " — " + _("waiting for the authorisation of a titolare or ADS")
        self.app.notify(markup_safe(said), title=_("New incident"))
        self.dismiss(view.number)
