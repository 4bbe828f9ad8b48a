"""Forms that choose a person: who authorised (``A``), who gave a server account
(``u``), who works on the incident (``s``, a lead's step).

The people are read in a thread worker when the form opens; until then the choice
says it is loading.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import Input, Select

from techconsole.domain.authorisation import VIA
from techconsole.domain.limits import MAX_TEXT
from techconsole.i18n import N_, _
from techconsole.reports import event_words
from techconsole.services.context import Context
from techconsole.services.customers import registry as customers
from techconsole.services.team import members as team
from techconsole.services.views import ContactView, IncidentView, TechnicianView
from techconsole.tui.incident.dialogs import CSS, heading, read_time
from techconsole.tui.incident.facts import via_word
from techconsole.tui.widgets.form_fields import FormScreen, Invalid, field
from techconsole.tui.widgets.text import plain


def contact_label(contact: ContactView) -> str:
    reach = contact.email or contact.phone
    role = event_words.role(contact.role)
    return plain(f"{contact.name} ({role})" + (f" · {reach}" if reach else ""))


class PickerDialog(FormScreen[Any]):
    """A form whose first field (``#who``) is filled from the database once open."""

    CSS_PATH = CSS

    class Loaded(Message):
        def __init__(self, people: tuple[Any, ...] | None, error: str = "") -> None:
            super().__init__()
            self.people, self.error = people, error

    def __init__(self, title: str, ctx: Context, view: IncidentView | None) -> None:
        """``view`` ``None``: a step on several incidents at once (the queue's marks)."""
        super().__init__(heading(title, view) if view is not None else title)
        self.ctx, self.about = ctx, view

    @property
    def view(self) -> IncidentView:
        """The incident the form is for (the pickers of one incident only)."""
        assert self.about is not None, "a picker of several incidents has no one incident"
        return self.about

    def on_mount(self) -> None:
        super().on_mount()
        self._load()

    def read(self) -> tuple[Any, ...]:
        """The people to choose from (runs in a thread)."""
        raise NotImplementedError

    def options(self, people: tuple[Any, ...]) -> list[tuple[str, Any]]:
        """What the list shows for ``people``: (label, value) pairs."""
        raise NotImplementedError  # a hook: each picker provides it

    @work(thread=True, exit_on_error=False)
    def _load(self) -> None:
        try:
            self.post_message(self.Loaded(self.read()))
        except Exception as error:
            self.post_message(self.Loaded(None, str(error) or type(error).__name__))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        who = self.query_one("#who", Select)
        if message.people is None:
            self.show_error("who", _("could not read them: {error}").format(error=message.error))
            return
        options = self.options(message.people)
        who.set_options(options)
        who.prompt = _("choose…") if options else _("nobody to choose")
        if not options:
            self.show_error("who", self.nobody())
        else:
            self.loaded()

    def loaded(self) -> None:
        """The choice is filled."""

    def nobody(self) -> str:
        return _("nobody to choose")

    def chosen(self) -> Any:
        value = self.query_one("#who", Select).value
        if value is Select.NULL:
            raise Invalid("who", _("choose someone"))
        return value


@dataclass(frozen=True, slots=True)
class Authorisation:
    contact_id: int
    via: str
    until: datetime | None
    note: str


class AuthoriseDialog(PickerDialog):
    """A titolare's or ADS's go-ahead: only the contacts who may give it are offered."""

    OK = N_("Authorise")

    def __init__(self, ctx: Context, view: IncidentView) -> None:
        super().__init__(_("Authorise"), ctx, view)

    def fields(self) -> ComposeResult:
        who: Select[Any] = Select([], prompt=_("loading…"), id="who", compact=True)
        yield field(_("Authorised by"), who)
        ways = [(via_word(way), way) for way in VIA]
        yield field(_("Via"), Select(ways, prompt=_("how it came"), id="via", compact=True))
        hint = _("optional · end of the authorisation ({zone} time)").format(
            zone=self.ctx.policy.zone.key
        )
        yield field(_("Until"), Input(id="until", compact=True), hint)
        note_hint = _("optional · e.g. where the form is")
        yield field(_("Note"), Input(id="note", compact=True, max_length=MAX_TEXT), note_hint)

    def read(self) -> tuple[ContactView, ...]:
        return customers.show_customer(self.ctx, self.view.customer_id).contacts

    def options(self, people: tuple[Any, ...]) -> list[tuple[str, Any]]:
        return [(contact_label(c), c.id) for c in people if c.may_authorise]

    def nobody(self) -> str:
        return _(
            "no contact of {customer} may authorise: "
            "a titolare or ADS must be added first (techconsole customer contact-add)"
        ).format(customer=plain(self.view.customer))

    def collect(self) -> Authorisation:
        contact = self.chosen()
        via = self.query_one("#via", Select).value
        if not isinstance(via, str):
            raise Invalid("via", _("say how the authorisation came"))
        now = self.ctx.now()
        until = read_time("until", self.query_one("#until", Input).value, self.ctx.policy.zone, now)
        if until is not None and until <= now:
            raise Invalid("until", _("the authorisation would end before it starts"))
        return Authorisation(contact, via, until, self.query_one("#note", Input).value.strip())


@dataclass(frozen=True, slots=True)
class AccountGiven:
    contact_id: int
    #: when its temporary password ends, as the customer said (seed 000)
    valid_until: datetime | None = None


class AccountDialog(PickerDialog):
    """The customer gave a dedicated server account; who gave it (never the password),
    and until when its temporary password holds."""

    OK = N_("Record")

    def __init__(self, ctx: Context, view: IncidentView) -> None:
        super().__init__(_("Server account provided"), ctx, view)

    def fields(self) -> ComposeResult:
        hint = _("the password is never recorded")
        who: Select[Any] = Select([], prompt=_("loading…"), id="who", compact=True)
        yield field(_("Provided by"), who, hint)
        until = _("optional · when the temporary password ends ({zone} time)").format(
            zone=self.ctx.policy.zone.key
        )
        yield field(_("Valid until"), Input(id="until", compact=True), until)

    def read(self) -> tuple[ContactView, ...]:
        return customers.show_customer(self.ctx, self.view.customer_id).contacts

    def options(self, people: tuple[Any, ...]) -> list[tuple[str, Any]]:
        return [(contact_label(c), c.id) for c in people]

    def collect(self) -> AccountGiven:
        contact = int(self.chosen())
        now = self.ctx.now()
        until = read_time("until", self.query_one("#until", Input).value, self.ctx.policy.zone, now)
        if until is not None and until <= now:
            raise Invalid("until", _("the account would end before it was provided"))
        return AccountGiven(contact, until)


#: the choice "nobody" in the assignment form
NOBODY = ""


class AssignDialog(PickerDialog):
    """A lead gives the incident to a technician, or takes it back."""

    OK = N_("Assign")

    def __init__(self, ctx: Context, view: IncidentView | None, title: str | None = None) -> None:
        super().__init__(title or _("Assign"), ctx, view)

    def fields(self) -> ComposeResult:
        hint = _("only a team lead can assign; 'nobody' takes it back")
        who: Select[Any] = Select([], prompt=_("loading…"), id="who", compact=True)
        yield field(_("Technician"), who, hint)

    def read(self) -> tuple[TechnicianView, ...]:
        return tuple(team.list_technicians(self.ctx))

    def options(self, people: tuple[Any, ...]) -> list[tuple[str, Any]]:
        techs = [(plain(f"{t.display_name} ({t.login})"), t.login) for t in people]
        return [*techs, (_("nobody: take it back"), NOBODY)]

    def loaded(self) -> None:
        if self.about is not None:
            self.query_one("#who", Select).value = self.about.assignee or NOBODY

    def collect(self) -> str:
        return str(self.chosen())
