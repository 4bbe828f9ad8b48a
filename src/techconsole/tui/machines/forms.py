"""The Postazioni screen's forms: a piece of software verified on a machine (``v``), the
inspection at acceptance (``i``), and the customer whose machines to show (from the
queue).

Each checks what it can by itself (a name given, a time that reads) and says so next to
the field; the services judge the rest once the form has closed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.types import CSSPathType
from textual.widgets import Input, Select, TextArea

from techconsole.domain.coverage import software_key
from techconsole.domain.limits import MAX_NAME, MAX_TEXT
from techconsole.i18n import N_, _
from techconsole.services.assets.views import AssetDetail
from techconsole.tui.incident.dialogs import read_time
from techconsole.tui.intake.customer import CustomerPicker
from techconsole.tui.machines.lines import known_product, last_check
from techconsole.tui.widgets.form_fields import CSS as FORM_CSS
from techconsole.tui.widgets.form_fields import FormScreen, Invalid, field
from techconsole.tui.widgets.text import cell, local, plain, typed

HERE = Path(__file__).parent
CSS: CSSPathType = [FORM_CSS, HERE.parent / "intake" / "form.tcss", HERE / "machines.tcss"]
#: the choice "another piece of software" (its name typed under it)
OTHER = "\x00other"


def heading(what: str, machine: AssetDetail) -> Text:
    """``Verify software · #3 PC-Reception``."""
    line = Text(f"{what} · #{machine.asset.id} ", style="bold")
    line.append_text(cell(machine.asset.name))
    return line


def when_hint() -> str:
    """The time field's hint (read in the policy's zone, as every time typed in the console)."""
    return _("optional · empty is now; 12/11 10:00, today 9:30")


@dataclass(frozen=True, slots=True)
class Verification:
    software: str
    installed: bool
    product: str
    note: str
    at: datetime | None


class VerifyDialog(FormScreen[Verification]):
    """What was found on the machine: a piece of software installed or missing."""

    CSS_PATH = CSS
    OK = N_("Record")

    def __init__(self, machine: AssetDetail, zone: ZoneInfo, now: Callable[[], datetime]) -> None:
        super().__init__(heading(_("Verify software"), machine))
        self.machine, self.zone, self.now = machine, zone, now
        known = [*machine.required, *(software_key(s.name) for s in machine.software)]
        self.names = tuple(dict.fromkeys(known))
        #: the product put in its field for the software chosen (replaced on a new choice)
        self.prefilled = ""

    def first_choice(self) -> str:
        """The first required piece of software not installed as last verified."""
        for name in self.names:
            found = last_check(self.machine, name)
            if found is None or not found.installed:
                return name
        return self.names[0] if self.names else OTHER

    def fields(self) -> ComposeResult:
        options: list[tuple[str, str]] = [(plain(name), name) for name in self.names]
        options.append((_("another…"), OTHER))
        software = Select(
            options, value=self.first_choice(), allow_blank=False, id="software", compact=True
        )
        yield field(_("Software"), software)
        other = Input(id="other", compact=True, max_length=MAX_NAME)
        yield field(_("Name"), other, _("as the policy names it, e.g. antivirus"))
        found: list[tuple[str, bool]] = [(_("installed"), True), (_("missing"), False)]
        yield field(
            _("Found"), Select(found, value=True, allow_blank=False, id="found", compact=True)
        )
        product = Input(
            id="product",
            compact=True,
            max_length=MAX_NAME,
            placeholder=_("e.g. Norton Security Premium"),
        )
        yield field(_("Product"), product, _("optional · what is installed"))
        note = Input(id="note", compact=True, max_length=MAX_TEXT)
        yield field(_("Note"), note, _("optional · e.g. uninstalled by the user"))
        yield field(_("When"), Input(id="when", compact=True), when_hint())

    def on_mount(self) -> None:
        super().on_mount()
        self._chosen(self.query_one("#software", Select).value)

    @on(Select.Changed, "#software")
    def _software(self, event: Select.Changed) -> None:
        self._chosen(event.value)

    def _chosen(self, value: Any) -> None:
        self.query_one("#other-field").display = value == OTHER
        product = self.query_one("#product", Input)
        if product.value == self.prefilled:  # not typed by the person: follow the choice
            self.prefilled = known_product(self.machine, value) if isinstance(value, str) else ""
            product.value = self.prefilled

    def entered(self, input_id: str) -> None:
        self.focus_next()

    def collect(self) -> Verification:
        chosen = self.query_one("#software", Select).value
        name = chosen if isinstance(chosen, str) else OTHER
        if name == OTHER:
            name = software_key(typed(self.query_one("#other", Input).value))
            if not name:
                raise Invalid("other", _("name the software, e.g. antivirus or backup"))
        installed = self.query_one("#found", Select).value is True
        product = typed(self.query_one("#product", Input).value).strip()
        note = typed(self.query_one("#note", Input).value).strip()
        when = self._when()
        return Verification(name, installed, product, note, when)

    def _when(self) -> datetime | None:
        now = self.now()
        when = read_time("when", self.query_one("#when", Input).value, self.zone, now)
        if when is not None and when > now:
            raise Invalid("when", _("{when} is in the future").format(when=local(when, self.zone)))
        return when


@dataclass(frozen=True, slots=True)
class Inspection:
    findings: str
    at: datetime | None
    replace: bool


class InspectDialog(FormScreen[Inspection]):
    """The inspection of the whole machine at acceptance, and what it found; one recorded
    already is shown and corrected."""

    CSS_PATH = CSS
    OK = N_("Record")

    def __init__(self, machine: AssetDetail, zone: ZoneInfo, now: Callable[[], datetime]) -> None:
        super().__init__(heading(_("Inspection at acceptance"), machine))
        self.machine, self.zone, self.now = machine, zone, now

    def fields(self) -> ComposeResult:
        found = self.machine.inspection
        hint = _("hardware faults found and fixed, data put in safety")
        if found is not None:
            hint = _("recorded on {when} by {who}: saving corrects it").format(
                when=local(found.inspected_at, self.zone), who=plain(found.inspected_by)
            )
        text = TextArea(
            found.findings if found is not None else "",
            id="findings",
            compact=True,
            soft_wrap=True,
        )
        yield field(_("Findings"), text, hint)
        yield field(_("When"), Input(id="when", compact=True), when_hint())

    def collect(self) -> Inspection:
        findings = typed(self.query_one("#findings", TextArea).text, one_line=False).strip()
        if not findings:
            raise Invalid("findings", _("say what the inspection found"))
        if len(findings) > MAX_TEXT:
            raise Invalid("findings", _("at most {n} characters").format(n=MAX_TEXT))
        now = self.now()
        when = read_time("when", self.query_one("#when", Input).value, self.zone, now)
        if when is not None and when > now:
            raise Invalid("when", _("{when} is in the future").format(when=local(when, self.zone)))
        return Inspection(findings, when, self.machine.inspection is not None)


class CustomerDialog(FormScreen[int]):
    """Whose machines to show: the customer, found as you type."""

    CSS_PATH: ClassVar[CSSPathType | None] = CSS
    OK = N_("Show")
    HELP_TITLE = N_("Workstations")

    def __init__(self, ctx: Any) -> None:
        super().__init__(Text(_("Workstations of a customer"), style="bold"))
        self.ctx = ctx
        self.customer_id: int | None = None

    def fields(self) -> ComposeResult:
        yield field(_("Customer"), CustomerPicker(self.ctx, id="customer"))

    @on(CustomerPicker.Chosen)
    def _chosen(self, message: CustomerPicker.Chosen) -> None:
        self.customer_id = message.customer.id if message.customer else None
        if self.customer_id is not None:
            self.show_error("customer", None)
            self.action_submit()

    def collect(self) -> int:
        if self.customer_id is None:
            raise Invalid("customer", _("choose the customer from the list"))
        return self.customer_id
