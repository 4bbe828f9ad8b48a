"""A customer's machines ("Postazioni", seed 004): one line each — name, kind, where it
stands or whose it is, system, covered or not and why, the required software as last
verified, the remote-access id — and under the table the machine under the cursor in
full: serial, notes, under contract since, the inspection at acceptance with its
findings, every verification, the incidents that name it.

``M`` on an incident opens its customer's machines with its own machine under the
cursor (``◆``), and ``s`` names another one on it; ``M`` on the queue asks for the
customer.  ``v`` records a verification, ``i`` the inspection (:mod:`.actions`).  The
machines are read in a thread worker when the screen opens, after each step, on ``r``
and whenever the database changes.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Footer, Static

from techconsole.i18n import N_, _, ngettext
from techconsole.services.assets.roster import Roster, roster
from techconsole.services.context import Context
from techconsole.services.incidents import reading as incidents
from techconsole.tui.keys import named
from techconsole.tui.machines import lines
from techconsole.tui.machines.actions import ACTIONS, MachineActions
from techconsole.tui.machines.table import MachineTable
from techconsole.tui.readonly import BANNER
from techconsole.tui.signals import console
from techconsole.tui.speak import speak
from techconsole.tui.widgets.text import plain, tones


class MachinesScreen(MachineActions):
    """The machines of one customer, and the one under the cursor in full."""

    CSS_PATH = Path(__file__).parent / "machines.tcss"
    HELP_TITLE = N_("Workstations")
    BINDINGS: ClassVar[list[BindingType]] = named(
        "machines",
        [
            Binding("escape", "back", N_("Back")),
            Binding("backspace", "back", N_("Back"), show=False),
            Binding("q", "app.quit", N_("Quit"), show=False),  # esc shown instead
            *(action.binding() for action in ACTIONS),
        ],
    )

    class Loaded(Message):
        """The machines read (or ``error``), for the read numbered ``serial``."""

        def __init__(
            self,
            serial: int,
            found: Roster | None,
            incident_machine: int | None = None,
            error: str = "",
        ) -> None:
            super().__init__()
            self.serial, self.found, self.error = serial, found, error
            self.incident_machine = incident_machine

    def __init__(
        self,
        ctx: Context,
        customer: int,
        *,
        incident: str | None = None,
        select: int | None = None,
    ) -> None:
        """The machines of ``customer``; opened from ``incident`` (its number), ``s``
        names the machine under the cursor on it.  The cursor starts on ``select``."""
        super().__init__()
        speak(self)
        self.ctx, self.customer = ctx, customer
        self.incident, self.select = incident, select
        self.incident_machine: int | None = None
        self.roster: Roster | None = None
        self.failed: str | None = None
        #: the machine the pane shows (its id, as the table's key)
        self.shown_key: str | None = None
        #: the newest read asked for, and the one whose answer is shown
        self.serial = self.answered = 0

    def compose(self) -> ComposeResult:
        title = Text(_("Workstations") + " · " + _("loading…"), style="bold")
        yield Static(title, id="machines-title")
        yield MachineTable(id="machines")
        yield Static(id="machines-empty")
        with VerticalScroll(id="machine-pane"):
            yield Static(id="machine-detail")
        yield Footer(show_command_palette=False)  # ":" and ctrl+p, said in the help

    def on_mount(self) -> None:
        self.query_one("#machines-empty").display = False
        self.table.focus()
        console(self).database_changed_signal.subscribe(self, self._database_changed)
        self.reload()

    # ------------------------------------------------------------------ reading
    def reload(self) -> None:
        self.serial += 1
        self._load(self.serial)

    @work(thread=True, exclusive=True, group="machines-load", exit_on_error=False)
    def _load(self, serial: int) -> None:
        try:
            found = roster(self.ctx, self.customer)
            machine = None
            if self.incident is not None:
                machine = incidents.show(self.ctx, self.incident).incident.asset_id
        except Exception as error:
            self.post_message(self.Loaded(serial, None, error=str(error) or type(error).__name__))
        else:
            self.post_message(self.Loaded(serial, found, machine))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        if message.serial < self.answered:
            return  # an older read, answered late
        self.answered = message.serial
        if message.found is None:
            self.failed = message.error
        else:
            self.failed = None
            self.roster, self.incident_machine = message.found, message.incident_machine
            styles = tones(self.app)
            select, self.select = self.select, None  # the first read only
            self.table.show(
                message.found, self.ctx.policy.zone, styles, self.incident_machine, select
            )
            empty = not message.found.machines
            said = _("{customer} has no machines yet: techconsole asset add adds them.")
            shown = self.query_one("#machines-empty", Static)
            shown.update(Text(said.format(customer=plain(message.found.customer))))
            shown.display = empty
            self.table.display = not empty
            self.query_one("#machine-pane").display = not empty
            self.show_machine()
        self.show_title()

    def show_title(self) -> None:
        title = Text(_("Workstations"), style="bold")
        found = self.roster
        if found is not None:
            title.append(" · " + plain(found.customer), style="bold")
            count = len(found.machines)
            title.append(" · " + ngettext("{n} machine", "{n} machines", count).format(n=count))
            uncovered = sum(not m.asset.covered for m in found.machines)
            if uncovered:
                said = ngettext("{n} not covered", "{n} not covered", uncovered)
                title.append(" · " + said.format(n=uncovered), style="bold")
        if self.incident is not None:
            mine = found.find(self.incident_machine) if found is not None else None
            said = _("incident {number}: {machine}").format(
                number=self.incident,
                machine=plain(mine.asset.name) if mine is not None else _("no machine named"),
            )
            title.append(f" · {lines.THIS_ONE} {said}")
        if console(self).read_only:
            title.append(" · ")
            title.append(_(BANNER), style="bold reverse")
        if self.failed:
            title.append(" · ⚠ " + _("not refreshed") + ": ", style="bold red")
            title.append(plain(self.failed), style="red")
        self.query_one("#machines-title", Static).update(title)

    def show_machine(self) -> None:
        """The machine under the cursor, in full, in the pane."""
        found = self.roster
        key = self.table.cursor_key()
        machine = found.find(int(key)) if found is not None and key is not None else None
        shown = self.query_one("#machine-detail", Static)
        if machine is None:
            shown.update("")
            return
        styles = tones(self.app)
        shown.update(lines.detail(machine, self.ctx.policy.zone, styles))

    @on(DataTable.RowHighlighted, "#machines")
    def _highlighted(self) -> None:
        key = self.table.cursor_key()
        if key != self.shown_key:  # another machine: its facts from the top
            self.shown_key = key
            self.query_one("#machine-pane", VerticalScroll).scroll_home(animate=False)
        self.show_machine()

    def _database_changed(self, _: None) -> None:
        self.reload()

    def action_back(self) -> None:
        self.dismiss()
