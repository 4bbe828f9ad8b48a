"""The queue screen: status line, filter, the live table, and the keys of the queue.

It may be shown before the console has opened its database (:mod:`techconsole.tui.opening`):
the status line says who runs it on which database, the table its headings and a line
that it is opening; :meth:`QueueScreen.opened` brings the first page.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingsMap, BindingType
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import Input, Static

from techconsole.i18n import N_, _, locale, ngettext
from techconsole.tui.keys import named
from techconsole.tui.queue import columns
from techconsole.tui.queue.columns import label
from techconsole.tui.queue.marks import BULK_WRITES, MarkedSteps
from techconsole.tui.queue.table import QueueQuery, QueueTable
from techconsole.tui.queue.tabs import SAVED, ViewTabs
from techconsole.tui.readonly import BANNER
from techconsole.tui.roles import TimerTarget
from techconsole.tui.signals import console, console_state, in_sight
from techconsole.tui.speak import speak
from techconsole.tui.state import ViewState
from techconsole.tui.widgets.copy import copy
from techconsole.tui.widgets.footer import KeysFooter
from techconsole.tui.widgets.text import database_name, plain, typed

if TYPE_CHECKING:
    from techconsole.services.context import Context
    from techconsole.services.incidents import queue as queue_service
    from techconsole.services.views import QueuePage, QueueRow, TechnicianView
    from techconsole.tui.opening import Opening


def number(count: int) -> str:
    """``1.234`` in Italian, ``1,234`` in English."""
    from babel.numbers import format_decimal  # with the first count: after the first frame

    return format_decimal(count, locale=locale())


VIEW_KEYS: dict[str, queue_service.View] = {
    "1": "all",
    "2": "mine",
    "3": "unassigned",
    "4": "waiting",
    "5": "breached",
    "6": "at_risk",
    "7": "recent",
}
#: the views' names (English msgids, shown with ``_``)
VIEW_TITLES = {
    "all": N_("All open"),
    "mine": N_("Mine"),
    "unassigned": N_("Unassigned"),
    "waiting": N_("Waiting"),
    "breached": N_("Breached"),
    "at_risk": N_("At risk"),
    "recent": N_("Recent"),
}
_VIEWS = Binding.Group(N_("View"), compact=True)
#: below this many columns the footer leaves out the mail key (``?`` and the palette
#: still have it), so that quitting stays in sight on an 80-column terminal
FOOTER_ROOM = 90
#: the keys the footer shows only with room for them
ROOMY = frozenset({"mail"})
#: how long typing pauses before the filter is applied (seconds)
FILTER_DELAY = 0.25


class QueueScreen(TimerTarget, MarkedSteps):
    """Open incidents, live: the screen technicians keep open all day."""

    #: the database changed while another screen covered this one
    _missed_change = False

    CSS_PATH = Path(__file__).parent / "queue.tcss"  # subclasses too
    BINDINGS: ClassVar[list[BindingType]] = named(
        "queue",
        [
            # priority: "/" is handled as it arrives, before the keys typed after it are given
            # to whoever has the focus (a paste, a fast typist: they are the filter's)
            Binding("slash", "filter", N_("Filter"), priority=True),
            Binding("n", "new_incident", N_("New incident")),
            Binding("i", "open_number", N_("Go to incident"), show=False),
            *(
                Binding(key, f"view('{view}')", VIEW_TITLES[view], group=_VIEWS)
                for key, view in VIEW_KEYS.items()
            ),
            Binding("m", "mail", N_("Mail")),
            Binding("M", "machines", N_("Workstations"), show=False),
            Binding("H", "checks", N_("Health checks"), show=False),
            Binding("s", "sort", N_("Sort")),
            Binding("S", "reverse_sort", N_("Reverse sort"), show=False),
            Binding("r", "refresh", N_("Refresh")),
            Binding("escape", "clear_filter", N_("Clear filter"), show=False),
            Binding("ctrl+s", "save_view", N_("Save this view"), show=False),
            Binding("w", "work_report", N_("Report"), show=False),
            Binding("ctrl+o", "choose_columns", N_("Columns"), show=False),
            Binding("space", "toggle_mark", N_("Mark"), show=False),
            Binding("C", "claim_marked", N_("Claim the marked"), show=False),
            Binding("A", "assign_marked", N_("Assign the marked"), show=False),
            Binding("P", "pause_marked", N_("Pause the marked"), show=False),
            Binding("y", "copy_number", N_("Copy the number"), show=False),
            Binding("Y", "copy_subject", N_("Copy the subject"), show=False),
        ],
    )
    #: the help screen's title for these keys
    HELP_TITLE = N_("Queue")
    #: the actions that change the database (refused when it is read-only)
    WRITES: ClassVar[frozenset[str]] = frozenset({"new_incident"}) | BULK_WRITES

    def __init__(
        self,
        ctx: Context | None,
        *,
        view: queue_service.View = "all",
        start: ViewState | None = None,
    ) -> None:
        """``ctx``: ``None`` until the console has opened its database (:meth:`opened`)."""
        super().__init__()
        speak(self)
        self._ctx = ctx
        self.view = view
        #: the sort and filter to start with (the last ones, remembered)
        self.start = start or ViewState(view)
        self.me: TechnicianView | None = None
        self.failed: str | None = None
        self._filter_timer: Timer | None = None
        #: a new incident to put the cursor on once the queue shows it
        self.go_to: str | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="status"):
            yield Static(_("loading…"), id="where")
            yield Static(id="who")
        yield ViewTabs(
            {view: (key, VIEW_TITLES[view]) for key, view in VIEW_KEYS.items()}, id="views"
        )
        yield Input(placeholder=_("text in the subject, number or customer"), id="filter")
        yield QueueTable(self._ctx, id="queue")
        yield Static(Text(_("Opening the queue…"), style="italic"), id="opening")
        yield KeysFooter(show_command_palette=False)  # ":" and ctrl+p, said in the help

    @property
    def ctx(self) -> Context:
        if self._ctx is None:
            raise RuntimeError("the console has not opened its database yet")
        return self._ctx

    @property
    def table(self) -> QueueTable:
        return self.query_one(QueueTable)

    @property
    def filter_input(self) -> Input:
        return self.query_one("#filter", Input)

    def on_resize(self, event: events.Resize) -> None:
        """On a narrow terminal the footer keeps the keys it has room for."""
        roomy = event.size.width >= FOOTER_ROOM
        keys = {
            key: [
                replace(binding, show=roomy) if binding.action in ROOMY else binding
                for binding in bindings
            ]
            for key, bindings in self._bindings.key_to_bindings.items()
        }
        self._bindings = BindingsMap.from_keys(keys)
        self.refresh_bindings()

    def on_mount(self) -> None:
        self.show_tabs()
        text = self.start.text
        self.filter_input.value = text
        self.filter_input.display = bool(text)
        self.table.sort_column, self.table.sort_reverse = self.start.sort, self.start.reverse
        if console_state(self).columns:
            self.table.order = (
                "number",
                *(k for k in console_state(self).columns or () if k != "number"),
            )
        self.table.focus()
        self.table.add_class("-opening")
        self.table.reload(QueueQuery(view=self.view, text=text))  # noted, when not open yet
        self.set_interval(1.0, self.table.tick, name="countdown")
        self.show_who()
        console(self).database_changed_signal.subscribe(self, self._database_changed)

    def opened(self, ctx: Context, query: QueueQuery, page: QueuePage | None) -> None:
        """The console opened its database: ``page`` was read for ``query`` (``None``:
        not read).  A view or filter chosen meanwhile is read instead."""
        self._ctx = ctx
        self.table.attach(ctx)
        if page is not None and self.table.query_ == query:
            self.table.show_page(query, page)
        else:
            self.table.reload()
        self.show_who()

    def not_opened(self, error: str) -> None:
        """The database could not be opened: the line under the headings says why."""
        for line in self.query("#opening").results(Static):
            line.update(Text(plain(error, one_line=False)))
            line.add_class("-failed")

    def _shown(self) -> None:
        """The first answer came: the table takes the whole room."""
        self.table.remove_class("-opening")
        for line in self.query("#opening"):
            line.remove()

    # ------------------------------------------------------------------ status line
    def show_who(self, me: TechnicianView | None = None) -> None:
        self.me = me or self.me
        who = Text()
        ctx, opening = self._ctx, console(self).opening
        person: Context | Opening | None = ctx or opening
        if person is None:
            return
        name = plain(self.me.login if self.me is not None else person.actor)
        if person.on_behalf:  # a lead acting on someone's behalf
            name = _("{os_user} on behalf of {login}").format(
                os_user=plain(person.os_login), login=name
            )
        who.append(name, style="bold" if self.me is not None else "")
        if self.me is not None and self.me.is_lead:
            who.append(" " + _("(lead)"))
        if ctx is not None:
            who.append(f" · {plain(ctx.policy.name)} · {plain(database_name(ctx.db.label))}")
        elif opening is not None:  # the policy is read with the database
            who.append(f" · {plain(database_name(opening.url))}")
        if console(self).read_only:
            who.append(" · ")
            who.append(_(BANNER), style="bold reverse")
        self.query_one("#who", Static).update(who)

    def show_where(self) -> None:
        table, where = self.table, Text()
        where.append(_(VIEW_TITLES[table.query_.view]), style="bold")
        if table.page is not None:
            shown, total = len(table.rows_), table.page.total
            if table.query_.view == "recent":  # not open: resolved or closed lately
                count = ngettext("{total} finished", "{total} finished", total)
                if shown < total:
                    count = ngettext(
                        "{shown} of {total} finished", "{shown} of {total} finished", total
                    )
            elif shown >= total:
                count = ngettext("{total} open", "{total} open", total)
            else:
                count = ngettext("{shown} of {total} open", "{shown} of {total} open", total)
            where.append(" · " + count.format(shown=number(shown), total=number(total)))
            if not total:
                nothing = _("nothing matches") if table.query_.text else _("nothing here")
                where.append(" · " + nothing)
        if table.query_.text:
            where.append(" · " + _("filter") + " “")
            where.append(plain(table.query_.text), style="italic")
            where.append("”")
        if table.sort_column is not None:
            arrow = columns.arrow(table.sort_column, table.sort_reverse)
            by = _("by {column}").format(column=label(table.sort_column))
            where.append(f" · {by} {arrow}")
        if self.failed:
            where.append(" · ⚠ " + _("not refreshed"), style="bold red")
        self.query_one("#where", Static).update(where)
        console_state(self).remember(self.current())

    def current(self) -> ViewState:
        """The view, sort and filter shown now."""
        table = self.table
        return ViewState(
            table.query_.view, table.sort_column, table.sort_reverse, table.query_.text
        )

    def show_tabs(self) -> None:
        self.query_one(ViewTabs).show(self.view, saved=list(console_state(self).saved))

    @on(QueueTable.Sorted)
    def _sorted(self) -> None:
        self.show_where()

    @on(QueueTable.Loaded)
    def _loaded(self) -> None:
        self._shown()
        self.failed = None
        self.show_where()
        numbers = [row.number for row in self.table.rows_]
        if self.go_to in numbers:
            index, self.go_to = numbers.index(self.go_to), None
            self.call_after_refresh(self.table.move_cursor, row=index)

    @on(QueueTable.LoadFailed)
    def _failed(self, message: QueueTable.LoadFailed) -> None:
        if self.table.page is None:  # nothing to show: the line says why
            self.not_opened(message.error)
        self.failed = message.error
        self.view = self.table.query_.view
        self.show_where()

    # ------------------------------------------------------------------ actions
    def action_view(self, view: queue_service.View) -> None:
        self.view = view
        self.show_tabs()
        self.table.reload(QueueQuery(view=view, text=self.table.query_.text))
        self.show_where()

    @on(ViewTabs.Chosen)
    def _tab(self, message: ViewTabs.Chosen) -> None:
        if message.view in VIEW_TITLES:
            self.action_view(message.view)  # type: ignore[arg-type]
        elif message.view.startswith(SAVED):
            self.open_saved(message.view.removeprefix(SAVED))

    # ------------------------------------------------------------------ saved views
    def open_saved(self, name: str) -> None:
        """Show the view saved as ``name``: its view, sort and filter."""
        saved = console_state(self).saved.get(name)
        if saved is None:
            return
        self.view = saved.view  # type: ignore[assignment]
        self.filter_input.value = saved.text
        self.filter_input.display = bool(saved.text)
        self.table.sort_column, self.table.sort_reverse = saved.sort, saved.reverse
        self.table.reload(QueueQuery(view=self.view, text=saved.text))
        self.query_one(ViewTabs).show(SAVED + name, saved=list(console_state(self).saved))
        self.show_where()

    def action_choose_columns(self) -> None:
        """Which columns the queue shows, in which order; kept for the next start."""
        from techconsole.tui.queue.columns_dialog import ColumnsDialog  # on first use

        def chosen(order: tuple[str, ...] | None) -> None:
            if order:
                self.table.choose_columns(order)
                console_state(self).remember_columns(self.table.order)

        shown = tuple(self.table.shown) or self.table.order
        self.app.push_screen(ColumnsDialog(shown), chosen)

    def action_save_view(self) -> None:
        """Keep the view, sort and filter shown under a name (a tab of its own)."""
        from techconsole.tui.queue.save_view import SaveViewDialog  # on first use

        def named(name: str | None) -> None:
            if name:
                console_state(self).save_view(name, self.current())
                self.query_one(ViewTabs).show(SAVED + name, saved=list(console_state(self).saved))
                self.notify(plain(name), title=_("View saved"), markup=False)

        self.app.push_screen(SaveViewDialog(list(console_state(self).saved)), named)

    def forget_saved(self, name: str) -> None:
        console_state(self).forget_view(name)
        self.show_tabs()
        self.notify(plain(name), title=_("Saved view forgotten"), markup=False)

    def _highlighted(self) -> QueueRow | None:
        rows, index = self.table.rows_, self.table.cursor_row
        return rows[index] if rows and 0 <= index < len(rows) else None

    def action_work_report(self) -> None:
        """The highlighted incident's work report (the recent view's finished work)."""
        from techconsole.tui.report.screen import ReportScreen  # on first use: a fast start

        row = self._highlighted()
        if row is not None:
            self.app.push_screen(ReportScreen(self.ctx, row.number))

    def action_copy_number(self) -> None:
        """The highlighted incident's number on the terminal's clipboard (OSC 52)."""
        row = self._highlighted()
        if row is not None:
            copy(self.app, row.number, _("incident number"))

    def action_copy_subject(self) -> None:
        row = self._highlighted()
        if row is not None:
            copy(self.app, row.subject, _("subject"))

    def action_refresh(self) -> None:
        self.table.reload()

    def action_new_incident(self) -> None:
        from techconsole.tui.intake.form import NewIncidentForm  # on first use: a fast start

        self.app.push_screen(NewIncidentForm(self.ctx), self._opened)

    def action_open_number(self) -> None:
        """Any incident by number, open or not: its screen says if there is none."""
        from techconsole.tui.queue.goto import GoToIncident

        self.app.push_screen(GoToIncident(), self._go)

    def action_mail(self) -> None:
        """The unmatched mail and the outbox."""
        from techconsole.tui.mail.screen import MailScreen  # on first use: a fast start

        self.app.push_screen(MailScreen(self.ctx))

    def action_machines(self) -> None:
        """A customer's machines: the customer is asked first."""
        from techconsole.tui.machines.forms import CustomerDialog  # on first use
        from techconsole.tui.machines.screen import MachinesScreen

        def chosen(customer: int | None) -> None:
            if customer is not None:
                self.app.push_screen(MachinesScreen(self.ctx, customer))

        self.app.push_screen(CustomerDialog(self.ctx), chosen)

    def action_changes(self) -> None:
        """A customer's customisations (seeds 000, 001): the customer is asked first."""
        from techconsole.tui.changes.forms import ChangesCustomerDialog  # on first use
        from techconsole.tui.changes.screen import ChangesScreen

        def chosen(customer: int | None) -> None:
            if customer is not None:
                self.app.push_screen(ChangesScreen(self.ctx, customer))

        self.app.push_screen(ChangesCustomerDialog(self.ctx), chosen)

    def action_checks(self) -> None:
        """The monthly health checks due and done (seed 004); on the view of one's own
        incidents, one's own checks."""
        from techconsole.tui.checks.screen import ChecksScreen  # on first use: a fast start

        self.app.push_screen(ChecksScreen(self.ctx, mine=self.view == "mine"))

    def _go(self, number: str | None) -> None:
        if number:
            self.post_message(QueueTable.IncidentSelected(number))

    def _opened(self, number: str | None) -> None:
        """The form closed; with a new incident, show it in the queue."""
        if number:
            self.go_to = number
            self.table.reload()

    def action_sort(self) -> None:
        self.table.cycle_sort()
        self.show_where()

    def action_policy_order(self) -> None:
        self.table.sort_by(None)
        self.show_where()

    def action_reverse_sort(self) -> None:
        if self.table.sort_column is not None:
            self.table.sort_by(self.table.sort_column, reverse=not self.table.sort_reverse)
            self.show_where()

    def action_filter(self) -> None:
        if self.filter_input.has_focus:  # a "/" typed in the filter is part of the text
            self.filter_input.insert_text_at_cursor("/")
            return
        self.filter_input.display = True
        # Focus now, not later (``focus()`` waits for the queue): the keys typed right after
        # "/" are already queued and go to whoever has the focus when each is handled.
        self.set_focus(self.filter_input)

    def action_clear_filter(self) -> None:
        if self.filter_input.display or self.table.query_.text:
            self.filter_input.value = ""
            self.filter_input.display = False
            self._apply_filter()
        self.table.focus()

    @on(Input.Changed, "#filter")
    def _typed(self) -> None:
        if self._filter_timer is not None:
            self._filter_timer.stop()
        self._filter_timer = self.set_timer(FILTER_DELAY, self._apply_filter)

    @on(Input.Submitted, "#filter")
    def _submitted(self) -> None:
        self._apply_filter()
        if not self.filter_input.value:
            self.filter_input.display = False
        self.table.focus()

    def _apply_filter(self) -> None:
        if self._filter_timer is not None:
            self._filter_timer.stop()
            self._filter_timer = None
        text = typed(self.filter_input.value).strip()
        if text != self.table.query_.text:
            self.table.reload(QueueQuery(view=self.view, text=text))
            self.show_where()

    def _database_changed(self, _: None) -> None:
        """Another process changed the database: read the queue again — now if it is shown,
        else once it is shown again (an incident open on top reads only itself)."""
        if in_sight(self):
            self.table.read_again()
        else:
            self._missed_change = True

    def on_screen_resume(self) -> None:
        if self._missed_change:
            self._missed_change = False
            self.table.read_again()

    def timer_incident(self) -> str | None:
        """The timer key starts the timer on the highlighted incident."""
        return self.table.cursor_key()
