"""``t``: severity, urgency, level, category, warranty, the machine the incident is about
and the customer's program it is about (seed 001: a reseller's free first year counts
"per ogni programma") in one form; the customer's machines and programs are read in
thread workers when the form opens.

Only what was changed is sent; the service keeps the SLA time already used.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypedDict

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import Checkbox, Input, Select

from techconsole.domain.limits import MAX_NAME
from techconsole.domain.policy import Policy
from techconsole.i18n import N_, _, pgettext
from techconsole.services.assets import reading as machines
from techconsole.services.assets.views import AssetView
from techconsole.services.context import Context
from techconsole.services.customers import programs
from techconsole.services.customers.programs import ProgramView
from techconsole.services.views import IncidentDetail
from techconsole.tui.incident.dialogs import CSS, heading
from techconsole.tui.incident.facts import warranty
from techconsole.tui.widgets import options
from techconsole.tui.widgets.form_fields import FormScreen, Invalid, Tick, field
from techconsole.tui.widgets.text import plain, typed

#: the machine choice "about none of the customer's machines"
NO_MACHINE = -1
#: the program choice "about none of the customer's programs"
NO_PROGRAM = ""


class MachineChange(TypedDict, total=False):
    """The machine the triage names (``Triage``'s fields of it)."""

    asset: int
    no_asset: bool
    asset_name: str


@dataclass(frozen=True, slots=True)
class Triage:
    """What changes; ``None`` leaves a value as it is."""

    severity: str | None = None
    urgent: bool | None = None
    urgent_on_request: bool | None = None
    level: int | None = None
    category: str | None = None
    warranty: bool | None = None
    asset: int | None = None  # the machine it is about now
    no_asset: bool = False  # … or about none
    asset_name: str = ""
    program: str | None = None  # the customer's program it is about ("": none)

    def said(self) -> str:
        words = [
            f"{_(name)} {_('yes') if value is True else _('no') if value is False else value}"
            for name, value in (
                (N_("severity"), self.severity),
                (N_("urgent"), self.urgent),
                (N_("urgent on request"), self.urgent_on_request),
                (N_("level"), self.level),
                (N_("category"), self.category),
                (N_("warranty"), self.warranty),
            )
            if value is not None
        ]
        if self.asset is not None:
            words.append(_("workstation {name}").format(name=self.asset_name))
        if self.no_asset:
            words.append(_("no workstation"))
        if self.program:
            words.append(_("program {name}").format(name=self.program))
        elif self.program is not None:
            words.append(_("no program"))
        return ", ".join(words)


class TriageDialog(FormScreen[Triage]):
    """The technician's judgement of an incident, changed with who and when recorded."""

    CSS_PATH = CSS
    OK = N_("Triage")

    class Programs(Message):
        """The customer's programs, read (``None``: they could not be, ``error`` says why)."""

        def __init__(self, found: list[ProgramView] | None, error: str = "") -> None:
            super().__init__()
            self.found, self.error = found, error

    class Machines(Message):
        """The customer's machines, read (``None``: they could not be, ``error`` says why)."""

        def __init__(self, found: list[AssetView] | None, error: str = "") -> None:
            super().__init__()
            self.found, self.error = found, error

    def __init__(self, detail: IncidentDetail, policy: Policy, ctx: Context | None = None) -> None:
        """``ctx`` reads the customer's machines to choose from (without it: the one the
        incident names, or none)."""
        super().__init__(heading(_("Triage"), detail.incident))
        self.view, self.policy, self.ctx = detail.incident, policy, ctx
        self.warranty = warranty(detail)
        self.names: dict[int, str] = {}
        if detail.incident.asset_id is not None:
            self.names[detail.incident.asset_id] = detail.incident.asset or "?"

    def fields(self) -> ComposeResult:
        view = self.view
        severities = options.severities(self.policy)
        yield field(
            _("Severity"),
            Select(severities, value=view.severity, allow_blank=False, id="severity", compact=True),
        )
        yield field(_("Urgent"), Tick(_("urgent"), view.urgent, id="urgent", compact=True))
        yield field(
            "",
            Tick(
                _("urgent at the customer's request (billed as such)"),
                view.urgent_on_request,
                id="on-request",
                compact=True,
            ),
        )
        levels = options.levels(self.policy)
        yield field(
            _("Level"),
            Select(levels, value=view.level, allow_blank=False, id="level", compact=True),
        )
        category = Input(
            view.category,
            placeholder=_("e.g. printer, network"),
            id="category",
            max_length=MAX_NAME,
        )
        category.compact = True
        yield field(_("Category"), category)
        yield field(
            _("Warranty"),
            Tick(_("work under warranty (free)"), self.warranty, id="warranty", compact=True),
        )
        machine: Select[int] = Select(
            self._machine_options([]),
            value=view.asset_id if view.asset_id is not None else NO_MACHINE,
            allow_blank=False,
            id="machine",
            compact=True,
        )
        hint = _("reading the customer's machines…") if self.ctx is not None else ""
        yield field(_("Workstation"), machine, hint)
        program: Select[str] = Select(
            self._program_options([]),
            value=view.program,
            allow_blank=False,
            id="program",
            compact=True,
        )
        hint = _("reading the customer's programs…") if self.ctx is not None else ""
        yield field(_("Program"), program, hint)

    def on_mount(self) -> None:
        super().on_mount()
        if self.ctx is not None:
            self._read_machines(self.ctx)
            self._read_programs(self.ctx)

    def _program_options(self, found: list[ProgramView]) -> list[tuple[str | Text, str]]:
        """None, then the customer's programs (with the day their reseller began managing
        each), and the one the incident names if it is no longer among them."""
        options: list[tuple[str | Text, str]] = [(_("none of the customer's programs"), NO_PROGRAM)]
        for program in found:
            label = Text(plain(program.name))
            if program.reseller_since is not None:
                since = _("reseller since {day}").format(day=f"{program.reseller_since:%d/%m/%Y}")
                label.append(f" · {since}", style="dim")
            options.append((label, program.name))
        current = self.view.program
        if current and current not in {p.name for p in found}:
            options.append((plain(current), current))
        return options

    @work(thread=True, exclusive=True, group="triage-programs", exit_on_error=False)
    def _read_programs(self, ctx: Context) -> None:
        try:
            found = programs.programs(ctx, self.view.customer_id)
        except Exception as error:
            self.post_message(self.Programs(None, str(error) or type(error).__name__))
        else:
            self.post_message(self.Programs(found))

    @on(Programs)
    def _programs(self, message: Programs) -> None:
        choice = self.query_one("#program", Select)
        if message.found is None:
            said = _("the programs could not be read: {error}").format(error=plain(message.error))
            self.set_hint("program", said)
            return
        value = choice.value
        choice.set_options(self._program_options(message.found))
        choice.value = value
        none = _("this customer has no programs (techconsole customer program-add)")
        self.set_hint("program", "" if message.found else none)

    def _machine_options(self, found: list[AssetView]) -> list[tuple[str | Text, int]]:
        """None, then the customer's machines (each covered now or not), and the one the
        incident names if it is no longer among them (retired)."""
        options: list[tuple[str | Text, int]] = [(_("none of the customer's machines"), NO_MACHINE)]
        for asset in found:
            self.names[asset.id] = asset.name
            label = Text(plain(asset.name))
            if asset.location:
                label.append(f" · {plain(asset.location)}", style="dim")
            mark = (
                f"✓ {pgettext('machine', 'covered')}" if asset.covered else "✗ " + _("not covered")
            )
            label.append(f" · {mark}")
            options.append((label, asset.id))
        listed = {asset.id for asset in found}
        current = self.view.asset_id
        if current is not None and current not in listed:
            options.append((plain(self.names[current]), current))
        return options

    @work(thread=True, exclusive=True, group="triage-machines", exit_on_error=False)
    def _read_machines(self, ctx: Context) -> None:
        try:
            found = machines.list_assets(ctx, self.view.customer_id)
        except Exception as error:
            self.post_message(self.Machines(None, str(error) or type(error).__name__))
        else:
            self.post_message(self.Machines(found))

    @on(Machines)
    def _machines(self, message: Machines) -> None:
        choice = self.query_one("#machine", Select)
        if message.found is None:
            said = _("the machines could not be read: {error}").format(error=plain(message.error))
            self.set_hint("machine", said)
            return
        value = choice.value
        choice.set_options(self._machine_options(message.found))
        choice.value = value
        none = _("this customer has no machines (techconsole asset add)")
        self.set_hint("machine", "" if message.found else none)

    def collect(self) -> Triage:
        view = self.view
        severity = self.query_one("#severity", Select).value
        level = self.query_one("#level", Select).value
        urgent = self.query_one("#urgent", Checkbox).value
        on_request = self.query_one("#on-request", Checkbox).value
        category = typed(self.query_one("#category", Input).value).strip()
        under_warranty = self.query_one("#warranty", Checkbox).value
        change = Triage(
            severity=severity if isinstance(severity, str) and severity != view.severity else None,
            urgent=urgent if urgent != view.urgent else None,
            urgent_on_request=on_request if on_request != view.urgent_on_request else None,
            level=level if isinstance(level, int) and level != view.level else None,
            category=category if category != view.category else None,
            warranty=under_warranty if under_warranty != self.warranty else None,
            program=self._program_change(),
            **self._machine_change(),
        )
        if change == Triage():
            raise Invalid("", _("nothing was changed: change a field, or esc to leave"))
        return change

    def _program_change(self) -> str | None:
        """The program chosen, if it is not the one the incident names already."""
        chosen = self.query_one("#program", Select).value
        if not isinstance(chosen, str) or chosen == self.view.program:
            return None
        return chosen

    def _machine_change(self) -> MachineChange:
        """The machine chosen, if it is not the one the incident names already."""
        chosen = self.query_one("#machine", Select).value
        current = self.view.asset_id if self.view.asset_id is not None else NO_MACHINE
        if not isinstance(chosen, int) or chosen == current:
            return {}
        if chosen == NO_MACHINE:
            return {"no_asset": True}
        return {"asset": chosen, "asset_name": self.names.get(chosen, "?")}
