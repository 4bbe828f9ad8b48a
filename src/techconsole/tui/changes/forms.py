"""The customisations screen's forms: a delivery (its day, and whether the customer is
sent the notice), a contest (what is contested, and when), and the customer whose
customisations to show (from the queue's palette).

Each checks what it can by itself (a day that reads, not in the future, a reason given)
and says so next to the field; the services judge the rest — the high-work months, the
contest window, the test deadline — once the form has closed, and a refusal is said in
a toast with its reason.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.types import CSSPathType
from textual.widgets import Input, TextArea

from techconsole.domain.changes import day_text
from techconsole.domain.limits import MAX_TEXT
from techconsole.i18n import N_, _
from techconsole.services.changes.views import ChangeView
from techconsole.tui.machines.forms import CustomerDialog
from techconsole.tui.widgets.form_fields import CSS as FORM_CSS
from techconsole.tui.widgets.form_fields import FormScreen, Invalid, Tick, field
from techconsole.tui.widgets.text import cell, typed

HERE = Path(__file__).parent
CSS: CSSPathType = [FORM_CSS, HERE.parent / "intake" / "form.tcss", HERE / "changes.tcss"]

_WORDS = {"today": 0, "oggi": 0, "yesterday": -1, "ieri": -1}
_DAY_MONTH = re.compile(r"^(\d{1,2})/(\d{1,2})(?:/(\d{4}))?$")


def read_day(field_id: str, text: str, today: date) -> date:
    """A day typed in a field: empty or ``today`` is today; ``yesterday``, ``23/11``,
    ``23/11/2026`` or ``2026-11-23``; not after today."""
    typed_ = text.strip().lower()
    if not typed_:
        return today
    found: date | None = None
    if typed_ in _WORDS:
        found = today + timedelta(days=_WORDS[typed_])
    else:
        match = _DAY_MONTH.match(typed_)
        try:
            if match:
                year = int(match[3]) if match[3] else today.year
                found = date(year, int(match[2]), int(match[1]))
            else:
                found = date.fromisoformat(typed_)
        except ValueError:
            found = None
    if found is None:
        raise Invalid(
            field_id,
            _("'{text}' is not a day: write 23/11, 23/11/2026 or today").format(text=text.strip()),
        )
    if found > today:
        raise Invalid(field_id, _("{day} is in the future").format(day=day_text(found)))
    return found


def day_hint() -> str:
    return _("empty is today; 23/11, 23/11/2026, yesterday")


def heading(what: str, change: ChangeView) -> Text:
    """``Deliver · #3 Export presenze``."""
    line = Text(f"{what} · #{change.id} ", style="bold")
    first = change.description.strip().splitlines()[0] if change.description.strip() else ""
    line.append_text(cell(first))
    return line


@dataclass(frozen=True, slots=True)
class Delivery:
    on: date
    notify: bool


class DeliverDialog(FormScreen[Delivery]):
    """The customisation reaches the customer: on which day, and the notice to who asked."""

    CSS_PATH = CSS
    OK = N_("Deliver")

    def __init__(self, change: ChangeView, today: Callable[[], date]) -> None:
        super().__init__(heading(_("Deliver"), change))
        self.change, self.today = change, today

    def fields(self) -> ComposeResult:
        yield field(_("Delivered"), Input(id="on", compact=True), day_hint())
        if self.change.contact_email:
            hint = _("to {who} <{email}>: the test deadline and the last day to contest").format(
                who=self.change.contact or "", email=self.change.contact_email
            )
        else:
            hint = _("nobody to send it to: no contact with an e-mail asked for it")
        wanted = bool(self.change.contact_email)
        notice = Tick(_("send the delivery notice"), wanted, id="notify", compact=True)
        yield field(_("Notice"), notice, hint)

    def collect(self) -> Delivery:
        on = read_day("on", self.query_one("#on", Input).value, self.today())
        return Delivery(on, self.query_one("#notify", Tick).value)


@dataclass(frozen=True, slots=True)
class Contest:
    reason: str
    on: date


class ContestDialog(FormScreen[Contest]):
    """What the customer contests, and the day they did."""

    CSS_PATH = CSS
    OK = N_("Contest")

    def __init__(self, change: ChangeView, today: Callable[[], date]) -> None:
        super().__init__(heading(_("Contest"), change))
        self.change, self.today = change, today

    def fields(self) -> ComposeResult:
        hint = _("as the customer said it")
        if self.change.contest_until is not None:
            hint += " · " + _("contestable until {day}").format(
                day=day_text(self.change.contest_until)
            )
        yield field(_("Why"), TextArea(id="reason", compact=True, soft_wrap=True), hint)
        yield field(_("Contested"), Input(id="on", compact=True), day_hint())

    def collect(self) -> Contest:
        reason = typed(self.query_one("#reason", TextArea).text, one_line=False).strip()
        if not reason:
            raise Invalid("reason", _("say what the customer contests"))
        if len(reason) > MAX_TEXT:
            raise Invalid("reason", _("at most {n} characters").format(n=MAX_TEXT))
        on = read_day("on", self.query_one("#on", Input).value, self.today())
        return Contest(reason, on)


class ChangesCustomerDialog(CustomerDialog):
    """Whose customisations to show: the customer, found as you type."""

    HELP_TITLE = N_("Customisations")

    def __init__(self, ctx: Any) -> None:
        super().__init__(ctx)
        self.heading = Text(_("Customisations of a customer"), style="bold")
