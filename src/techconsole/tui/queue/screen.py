"""The queue screen: status line, filter, the live table, and the keys of the queue.

Its parts are mixed in from their own modules: the views and saved views (:mod:`.views`),
the status line (:mod:`.status_line`), the filter (:mod:`.filter_bar`), the keys that
open another screen, copy or sort (:mod:`.actions`) and the steps on marked lines
(:mod:`.marks`); the table is :mod:`.table`.

It may be shown before the console has opened its database (:mod:`techconsole.tui.opening`):
the status line says who runs it on which database, the table its headings and a line
that it is opening; :meth:`QueueScreen.opened` brings the first page.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import Input, Static

from techconsole.i18n import N_, _
from techconsole.tui.keys import named
from techconsole.tui.queue.actions import QueueActions
from techconsole.tui.queue.filter_bar import FilterBar
from techconsole.tui.queue.marks import BULK_WRITES, MarkedSteps
from techconsole.tui.queue.status_line import StatusLine
from techconsole.tui.queue.table import QueueQuery, QueueTable
from techconsole.tui.queue.tabs import ViewTabs
from techconsole.tui.queue.views import VIEW_KEYS, VIEW_TITLES, QueueViews
from techconsole.tui.roles import TimerTarget
from techconsole.tui.signals import console, console_state, in_sight
from techconsole.tui.speak import speak
from techconsole.tui.state import ViewState
from techconsole.tui.widgets.footer import KeysFooter, roomy_keys
from techconsole.tui.widgets.text import plain

if TYPE_CHECKING:
    from techconsole.services.context import Context
    from techconsole.services.incidents import queue as queue_service
    from techconsole.services.views import QueuePage, TechnicianView
    from techconsole.tui.opening import Preview

_VIEWS = Binding.Group(N_("View"), compact=True)
#: below this many columns the footer leaves out the mail and refresh keys (``?`` and
#: the palette still have them; the queue reads again by itself), so that quitting and
#: the help stay in sight, whole, on an 80-column terminal in Italian and in English
FOOTER_ROOM = 90
#: the keys the footer shows only with room for them
ROOMY = frozenset({"mail", "refresh"})


class QueueScreen(TimerTarget, MarkedSteps, QueueActions, QueueViews, FilterBar, StatusLine):
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

    def on_resize(self, event: events.Resize) -> None:
        """On a narrow terminal the footer keeps the keys it has room for."""
        roomy_keys(self, event.size.width, FOOTER_ROOM, ROOMY)

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

    def previewed(self, preview: Preview) -> None:
        """The first page, read before the database was opened (:mod:`..opening`): shown
        until the page read from the open database takes its place."""
        if self.table.preview(preview):
            self._shown()
            self.show_where()

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
