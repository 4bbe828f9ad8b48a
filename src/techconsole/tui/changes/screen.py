"""A customer's customisations ("personalizzazioni", seeds 000 and 001): one line each —
what it is (heavy or not), where it stands, the agreed days, what the customer must do by
when — and under the table the one under the cursor in full.

``P`` on an incident opens its customer's; "Customisations" in the palette asks for the
customer.  ``d`` delivers the one under the cursor, ``t`` records the customer's test,
``a`` its acceptance, ``x`` a contest (:mod:`.actions`); what the rules refuse (a
delivery in the high-work months, a contest after the window, a heavy delivery not tested
in time) is said in a toast and under the table.  Read in a thread worker when the screen
opens, after each step, on ``r`` and whenever the database changes; on a read-only
database the keys are refused.
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
from techconsole.services.changes import reading
from techconsole.services.changes.views import ChangeView
from techconsole.services.context import Context
from techconsole.services.customers import registry as customers
from techconsole.tui.changes import lines
from techconsole.tui.changes.actions import ACTIONS, ChangeActions
from techconsole.tui.keys import named
from techconsole.tui.readonly import BANNER
from techconsole.tui.signals import console
from techconsole.tui.speak import speak
from techconsole.tui.step_runner import StepRunner
from techconsole.tui.widgets.text import plain, tones


class ChangeTable(DataTable[Text]):
    """A customer's customisations; the cursor chooses the one the pane shows."""

    BINDINGS: ClassVar[list[BindingType]] = named(
        "changes",
        [
            Binding("j", "cursor_down", N_("Down"), show=False),
            Binding("k", "cursor_up", N_("Up"), show=False),
        ],
    )
    HELP_TITLE = N_("Customisations")

    def __init__(self, *, id: str) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, id=id)
        speak(self)


class ChangesScreen(ChangeActions):
    """The customisations of one customer, and the one under the cursor in full."""

    CSS_PATH = Path(__file__).parent / "changes.tcss"
    HELP_TITLE = N_("Customisations")
    BINDINGS: ClassVar[list[BindingType]] = named(
        "changes",
        [
            Binding("escape", "back", N_("Back")),
            Binding("backspace", "back", N_("Back"), show=False),
            Binding("q", "app.quit", N_("Quit"), show=False),  # esc shown instead
            *(action.binding() for action in ACTIONS),
        ],
    )

    class Loaded(Message):
        """The customisations read (or ``error``), for the read numbered ``serial``."""

        def __init__(
            self, serial: int, customer: str, found: tuple[ChangeView, ...] | None, error: str = ""
        ) -> None:
            super().__init__()
            self.serial, self.customer, self.found, self.error = serial, customer, found, error

    def __init__(self, ctx: Context, customer: int, *, incident: str | None = None) -> None:
        """The customisations of ``customer``; ``incident``: the one it was opened from."""
        super().__init__()
        speak(self)
        self.ctx, self.customer, self.incident = ctx, customer, incident
        self.customer_name = ""
        self.changes: tuple[ChangeView, ...] = ()
        self.failed: str | None = None
        #: the last refusal of a step, said under the table until the next step
        self.refusal = ""
        #: the newest read asked for, and the one whose answer is shown
        self.serial = self.answered = 0

    def compose(self) -> ComposeResult:
        loading = Text(_("Customisations") + " · " + _("loading…"), style="bold")
        yield Static(loading, id="changes-title")
        yield ChangeTable(id="changes")
        yield Static(id="changes-empty")
        yield Static(id="changes-refused")
        with VerticalScroll(id="change-pane"):
            yield Static(id="change-detail")
        yield Footer(show_command_palette=False)  # ":" and ctrl+p, said in the help

    @property
    def table(self) -> ChangeTable:
        return self.query_one(ChangeTable)

    def on_mount(self) -> None:
        self.query_one("#changes-empty").display = False
        self.query_one("#changes-refused").display = False
        for key, title in lines.COLUMNS:
            self.table.add_column(_(title) if key != "id" else title, key=key)
        self.table.focus()
        console(self).database_changed_signal.subscribe(self, self._database_changed)
        self.reload()

    # ------------------------------------------------------------------ reading
    def reload(self) -> None:
        self.serial += 1
        self._load(self.serial)

    @work(thread=True, exclusive=True, group="changes-load", exit_on_error=False)
    def _load(self, serial: int) -> None:
        try:
            name = customers.show_customer(self.ctx, self.customer).name
            found = tuple(reading.list_changes(self.ctx, customer=self.customer))
        except Exception as error:
            self.post_message(self.Loaded(serial, "", None, str(error) or type(error).__name__))
        else:
            self.post_message(self.Loaded(serial, name, found))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        if message.serial < self.answered:
            return  # an older read, answered late
        self.answered = message.serial
        if message.found is None:
            self.failed = message.error
        else:
            self.failed = None
            self.customer_name, self.changes = message.customer, message.found
            self._fill()
        self.show_title()

    def _fill(self) -> None:
        table, styles = self.table, tones(self.app)
        wanted = self.cursor_key()
        table.clear()
        for change in self.changes:
            table.add_row(*lines.line(change, styles), key=str(change.id))
        keys = [str(c.id) for c in self.changes]
        if wanted in keys:
            table.move_cursor(row=keys.index(wanted), animate=False)
        empty = not self.changes
        said = _("{customer} has no customisations: techconsole change add records one.")
        shown = self.query_one("#changes-empty", Static)
        shown.update(Text(said.format(customer=plain(self.customer_name))))
        shown.display = empty
        table.display = not empty
        self.query_one("#change-pane").display = not empty
        self.show_change()

    def show_title(self) -> None:
        title = Text(_("Customisations"), style="bold")
        if self.customer_name:
            title.append(" · " + plain(self.customer_name), style="bold")
            count = len(self.changes)
            title.append(" · " + ngettext("{n} request", "{n} requests", count).format(n=count))
            waiting = sum(c.with_customer for c in self.changes)
            if waiting:
                said = ngettext("{n} with the customer", "{n} with the customer", waiting)
                title.append(" · " + said.format(n=waiting), style="bold")
        if self.incident is not None:
            title.append(" · " + _("from incident {number}").format(number=self.incident))
        if console(self).read_only:
            title.append(" · ")
            title.append(_(BANNER), style="bold reverse")
        if self.failed:
            title.append(" · ⚠ " + _("not refreshed") + ": ", style="bold red")
            title.append(plain(self.failed), style="red")
        self.query_one("#changes-title", Static).update(title)

    def show_change(self) -> None:
        """The customisation under the cursor, in full, in the pane."""
        key = self.cursor_key()
        found = next((c for c in self.changes if str(c.id) == key), None)
        shown = self.query_one("#change-detail", Static)
        shown.update("" if found is None else lines.detail(found, tones(self.app)))

    @on(DataTable.RowHighlighted, "#changes")
    def _highlighted(self) -> None:
        self.show_change()

    # ------------------------------------------------------------------ refusals inline
    @on(StepRunner.Started)
    def _step_started(self) -> None:
        self._refusal("")

    @on(StepRunner.Refused)
    def _step_refused(self, message: StepRunner.Refused) -> None:
        self._refusal(_("{step}: refused").format(step=message.title) + " — " + message.error)

    def _refusal(self, said: str) -> None:
        self.refusal = said
        line = self.query_one("#changes-refused", Static)
        line.update(Text(f"✖ {plain(said)}", style="bold red") if said else "")
        line.display = bool(said)

    def _database_changed(self, _: None) -> None:
        self.reload()

    def action_back(self) -> None:
        self.dismiss()
