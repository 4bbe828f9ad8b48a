"""``K`` on an incident: the customer's answer to a spare part proposed to them (seed 003:
"Il cliente può comunque richiedere sempre di essere avvisato prima della sostituzione
di qualunque parte di ricambio"): which part, yes or no, who answered and how.  Agreed,
the part is fitted and billed; declined, it never is."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.app import ComposeResult
from textual.widgets import Select

from techconsole.domain import parts
from techconsole.domain.money import eur, number
from techconsole.i18n import N_, _
from techconsole.reports import event_words
from techconsole.services.context import Context
from techconsole.services.customers import registry as customers
from techconsole.services.views import ContactView, IncidentView
from techconsole.services.work import part_answers
from techconsole.services.work.materials import MaterialView
from techconsole.tui.incident.pickers import PickerDialog, contact_label
from techconsole.tui.widgets.form_fields import Invalid, field
from techconsole.tui.widgets.text import markup_safe, plain

APPROVE, DECLINE = "approve", "decline"


@dataclass(frozen=True, slots=True)
class PartAnswer:
    part: int
    approved: bool
    contact_id: int
    via: str


def part_label(part: MaterialView) -> str:
    return plain(
        f"{part.id} · {number(part.quantity.normalize())} × {part.description} · {eur(part.amount)}"
    )


class PartAnswerDialog(PickerDialog):
    """The proposed parts of the incident, the answer, who gave it and how."""

    OK = N_("Record")

    def __init__(self, ctx: Context, view: IncidentView, waiting: tuple[MaterialView, ...]) -> None:
        super().__init__(_("The customer's answer to a part"), ctx, view)
        self.waiting = waiting

    def fields(self) -> ComposeResult:
        choices = [(part_label(p), p.id) for p in self.waiting]
        first = choices[0][1] if len(choices) == 1 else Select.NULL  # the only one: chosen
        part: Select[Any] = Select(
            choices, prompt=_("choose…"), id="part", compact=True, value=first
        )
        yield field(_("Part"), part, _("proposed, awaiting confirmation: not fitted, not billed"))
        answers = [(_("agreed: fit it and bill it"), APPROVE), (_("declined: not fitted"), DECLINE)]
        yield field(_("Answer"), Select(answers, prompt=_("choose…"), id="answer", compact=True))
        who: Select[Any] = Select([], prompt=_("loading…"), id="who", compact=True)
        yield field(_("Answered by"), who)
        ways = [(event_words.channel(way), way) for way in parts.VIA]
        yield field(_("Via"), Select(ways, prompt=_("how it came"), id="via", compact=True))

    def read(self) -> tuple[ContactView, ...]:
        return customers.show_customer(self.ctx, self.view.customer_id).contacts

    def options(self, people: tuple[Any, ...]) -> list[tuple[str, Any]]:
        return [(contact_label(c), c.id) for c in people]

    def nobody(self) -> str:
        said = _("{customer} has no contact: add one first (techconsole customer contact-add)")
        return said.format(customer=plain(self.view.customer))

    def collect(self) -> PartAnswer:
        part = self.query_one("#part", Select).value
        if not isinstance(part, int):
            raise Invalid("part", _("choose the part"))
        answer = self.query_one("#answer", Select).value
        if answer not in (APPROVE, DECLINE):
            raise Invalid("answer", _("say whether the customer agreed"))
        contact = int(self.chosen())
        via = self.query_one("#via", Select).value
        if not isinstance(via, str):
            raise Invalid("via", _("say how the answer came"))
        return PartAnswer(part, answer == APPROVE, contact, via)


def answer(ctx: Context, *, number: str, given: PartAnswer) -> str:
    """Record the answer (in the worker thread); the toast's words."""
    if given.approved:
        m = part_answers.approve_part(ctx, given.part, contact=given.contact_id, via=given.via)
        said = _("part {id} of {incident} approved: {description}, fitted and billed")
    else:
        m = part_answers.decline_part(ctx, given.part, contact=given.contact_id, via=given.via)
        said = _("part {id} of {incident} declined: {description}, not billed")
    return markup_safe(said.format(id=m.id, incident=m.incident, description=m.description))
