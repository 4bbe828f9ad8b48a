"""The queue table: one incident a line, keyed by its number, its countdown ticking.

Two kinds of update, so the cursor and the scroll never jump:

* every second :meth:`QueueTable.tick` recomputes each line's SLA clock from the row's
  :class:`ClockInputs` (no database) and rewrites, in place, only the cells whose text
  changed (``update_cell``);
* a reload (a change seen in the database, ``r``, a view or filter) reads the page in a
  thread worker and posts :class:`QueueTable.Loaded`; the table is rebuilt and the
  cursor put back on the same incident, at the same height on the screen.

Until the console has opened its database (:meth:`QueueTable.attach`: it paints before
that) the table shows its columns' headings alone, and a read asked for is only noted:
it is made once the table is attached.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.binding import Binding, BindingType
from textual.events import Resize
from textual.message import Message
from textual.theme import Theme
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey

from techconsole.domain import display
from techconsole.i18n import N_, _
from techconsole.tui.keys import named
from techconsole.tui.queue import columns
from techconsole.tui.queue.lines import LineTable
from techconsole.tui.speak import speak
from techconsole.tui.widgets.text import cell as cell_text
from techconsole.tui.widgets.text import clock_text, markup_safe, tones

if TYPE_CHECKING:
    from techconsole.services.context import Context
    from techconsole.services.incidents import queue as queue_service
    from techconsole.services.views import QueuePage, QueueRow

PAGE = 200


@dataclass(frozen=True, slots=True)
class QueueQuery:
    """What the table shows: a view, an optional text filter, how many lines."""

    view: queue_service.View = "all"
    text: str = ""
    limit: int = PAGE


def marked(text: Text) -> Text:
    """A marked line's number: in reverse video, which reads under NO_COLOR too."""
    shown = text.copy()
    shown.stylize("reverse bold")
    return shown


class QueueTable(LineTable):
    """Open incidents in policy order (or sorted by a column), live."""

    BINDINGS: ClassVar[list[BindingType]] = named(
        "queue",
        [
            Binding("enter", "select_cursor", N_("Open")),
            Binding("j", "cursor_down", N_("Down"), show=False),
            Binding("k", "cursor_up", N_("Up"), show=False),
            # home/end too: a DataTable's own scroll sideways, which a queue never needs
            Binding("g,home", "scroll_top", N_("First incident"), show=False),
            Binding("G,end", "scroll_bottom", N_("Last incident"), show=False),
        ],
    )

    class Loaded(Message):
        """A page of the queue was read (posted from the load worker)."""

        def __init__(self, query: QueueQuery, page: QueuePage, serial: int) -> None:
            super().__init__()
            self.query, self.page, self.serial = query, page, serial

    class LoadFailed(Message):
        """The queue could not be read; the table keeps what it showed."""

        def __init__(self, error: str, serial: int) -> None:
            super().__init__()
            self.error, self.serial = error, serial

    class Sorted(Message):
        """The lines were sorted again (a key, a click on a header)."""

    class IncidentSelected(Message):
        """Enter (or a click) on a line: open this incident."""

        def __init__(self, number: str) -> None:
            super().__init__()
            self.number = number

    _building = False  # set while the table is rebuilt

    def __init__(self, ctx: Context | None, *, id: str | None = None) -> None:
        """``ctx``: ``None`` until the console has opened its database (:meth:`attach`)."""
        super().__init__(cursor_type="row", cell_padding=1, id=id)
        speak(self)
        self._ctx = ctx
        self.query_: QueueQuery = QueueQuery()
        self.shown_query: QueueQuery = self.query_
        self.page: QueuePage | None = None
        self.sort_column: str | None = None
        self.sort_reverse = False
        self.rows_: list[QueueRow] = []
        self.shown: list[str] = []
        self._ranks = columns.severity_ranks(ctx.policy) if ctx is not None else {}
        self._ticked: dict[str, dict[str, str]] = {}
        #: the newest read asked for, and the one whose answer (or error) is shown
        self.serial = 0
        self.answered = 0
        self._width = 0
        #: the columns the person chose, in their order (:mod:`.columns_dialog`)
        self.order: tuple[str, ...] = columns.ORDER
        #: the lines marked with space, for a step on all of them at once (:mod:`.marks`)
        self.marked: set[str] = set()
        #: the theme the lines were drawn in (their countdowns take its colours)
        self._drawn_in = ""
        #: the database changed while a read was under way: read once more after it
        self._again = False

    @property
    def ctx(self) -> Context:
        if self._ctx is None:
            raise RuntimeError("the queue table is not attached to a database yet")
        return self._ctx

    @property
    def attached(self) -> bool:
        return self._ctx is not None

    def attach(self, ctx: Context) -> None:
        """The console opened its database: read and show from ``ctx`` from now on."""
        self._ctx = ctx
        self._ranks = columns.severity_ranks(ctx.policy)

    # ------------------------------------------------------------------ reading
    def reload(self, query: QueueQuery | None = None) -> None:
        """Read the queue again (in a thread); the newest request wins.  Not attached
        yet: the query is noted, for the first read."""
        if query is not None:
            self.query_ = query
        if self._ctx is None:
            return
        self.serial += 1
        self._load(self.query_, self.serial)

    def read_again(self) -> None:
        """The database changed: read the same query again.  A read already under way is
        let finish (and shown), then one more is made for every change since: on a busy
        machine, where a read takes longer than the changes are apart, restarting it at
        each change would show nothing until the changes stopped."""
        if self.answered != self.serial:  # a read is under way
            self._again = True
        else:
            self.reload()

    def _read_pending(self) -> None:
        if self._again:
            self._again = False
            self.reload()

    def show_page(self, query: QueueQuery, page: QueuePage) -> None:
        """Show a page read elsewhere (before the UI started), as if this table read it."""
        self.query_ = query
        self.serial += 1
        loaded = partial(self.Loaded, query, page, self.serial)
        # posted from this table's own turn, so it bubbles up to the app like any read's
        self.call_later(lambda: self.post_message(loaded()))

    @work(thread=True, exclusive=True, group="queue-load", exit_on_error=False)
    def _load(self, query: QueueQuery, serial: int) -> None:
        from techconsole.services.incidents import queue as queue_service

        try:
            page = queue_service.queue(
                self.ctx, view=query.view, text=query.text or None, limit=query.limit
            )
        except Exception as error:  # an error must not hide the table: say it, keep it
            self.post_message(self.LoadFailed(str(error) or type(error).__name__, serial))
        else:
            self.post_message(self.Loaded(query, page, serial))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        if message.serial != self.serial:
            message.stop()  # an older read finished after a newer one was asked for
            return
        same = (
            self.page is not None
            and self.shown_query == message.query
            and self.page.rows == message.page.rows
            and self._drawn_in == self.app.theme
        )
        self.page, self.answered = message.page, message.serial
        self.shown_query = message.query
        if not same:  # a change elsewhere (a note, another page) leaves the lines as they are
            self.show_rows(list(message.page.rows))
        self._read_pending()

    @on(LoadFailed)
    def _failed(self, message: LoadFailed) -> None:
        if message.serial != self.serial:
            message.stop()
            return
        self.answered = message.serial
        if self.page is not None:  # go on showing, and saying, what was there before
            self.query_ = self.shown_query
        self.app.notify(markup_safe(message.error), title=_("Queue"), severity="error")
        self._read_pending()

    def load_more(self) -> None:
        if self.page is not None and len(self.rows_) < self.page.total:
            self.reload(replace(self.query_, limit=self.query_.limit + PAGE))

    # ------------------------------------------------------------------ drawing
    def show_rows(self, rows: list[QueueRow]) -> None:
        """Rebuild the table from ``rows``; the cursor stays on its incident."""
        if not self.size.width:  # not laid out yet: the first resize builds it, once
            self.rows_, self._width = rows, 0
            return
        if self._ctx is None:  # nothing read yet: the headings
            self.show_headings()
            return
        key, screen_row = self.cursor_key(), self.cursor_row - round(self.scroll_y)
        now = self.ctx.now()
        states = {row.number: columns.clock_of(row, self.ctx.policy, now) for row in rows}
        if self.sort_column is not None:
            by, policy = self.sort_column, self.ctx.policy
            sorted_by = states
            if by == "loaner":  # the loaner PC's own clock
                sorted_by = {r.number: r.clocks.loaner_state(policy, now) for r in rows}
            rows.sort(
                key=lambda r: columns.sort_key(by, r, sorted_by[r.number], self._ranks),
                reverse=self.sort_reverse,
            )
        short = self.size.width < columns.WIDE
        lines = {
            r.number: columns.cells(
                r, states[r.number], self.ctx.policy, now, short=short, styles=self.tone_styles
            )
            for r in rows
        }
        layout = columns.layout(self.size.width - 1, lines.values(), self.order)
        self.shown = [column.key for column in layout]
        self.rows_, self._width = rows, self.size.width
        self._drawn_in = self.app.theme
        self._ticked = {n: {k: lines[n][k].plain for k in ("sla", "age", "loaner")} for n in lines}
        self.marked &= set(lines)  # a marked line gone from the queue is no longer marked
        for number in self.marked:
            lines[number]["number"] = marked(lines[number]["number"])
        self._building = True
        try:
            self.clear(columns=True)
            for column in layout:
                self.add_column(self._label(column), width=column.width, key=column.key)
            for number, line in lines.items():
                self.add_row(*(line[k] for k in self.shown), key=number)
        finally:
            self._building = False
        self._restore(key, screen_row)

    def show_headings(self, width: int | None = None) -> None:
        """The columns' headings alone, before the first page is read (``width``: the
        table's, before it is laid out)."""
        layout = columns.layout((width or self.size.width) - 1, (), self.order)
        self.shown = [column.key for column in layout]
        self._building = True
        try:
            self.clear(columns=True)
            for column in layout:
                self.add_column(self._label(column), width=column.width, key=column.key)
        finally:
            self._building = False

    def _label(self, column: columns.Column) -> Text:
        label = Text(column.label, style="bold")
        if column.key == self.sort_column:
            label.append(" " + columns.arrow(column.key, self.sort_reverse))
        return label

    def _restore(self, key: str | None, screen_row: int) -> None:
        if not self.rows_:
            return
        numbers = [row.number for row in self.rows_]
        index = numbers.index(key) if key in numbers else min(self.cursor_row, len(numbers) - 1)
        top = max(0, index - max(0, screen_row))
        self.move_cursor(row=index, scroll=False)
        self.call_after_refresh(self.scroll_to, y=top, animate=False, immediate=True)

    def choose_columns(self, order: tuple[str, ...]) -> None:
        """Show these columns, in this order (the number is always first)."""
        self.order = ("number", *(key for key in order if key != "number"))
        self.show_rows(list(self.rows_))

    def toggle_mark(self) -> None:
        """Mark the line under the cursor, or unmark it; the cursor goes to the next one."""
        number, index = self.cursor_key(), self.cursor_row
        if number is None:
            return
        self.marked ^= {number}
        row = self.rows_[index]
        text = cell_text(row.number)
        self.rewrite(index, number, {"number": marked(text) if number in self.marked else text})
        self.move_cursor(row=min(index + 1, len(self.rows_) - 1))

    @property
    def tone_styles(self) -> Mapping[str, str]:
        return tones(self.app)

    def on_mount(self) -> None:
        # another theme: the countdowns take its colours
        self.app.theme_changed_signal.subscribe(self, self._recolour)
        if self.page is None and self.app.size.width:  # the headings in the first frame
            self.show_headings(self.app.size.width)

    def _recolour(self, theme: Theme) -> None:
        if self.rows_ and theme.name != self._drawn_in:
            self.show_rows(list(self.rows_))

    def cursor_key(self) -> str | None:
        if not self.rows_ or not 0 <= self.cursor_row < len(self.rows_):
            return None
        return self.rows_[self.cursor_row].number

    def tick(self) -> None:
        """Recompute the countdown (and age) of the lines on screen now, and repaint only
        the lines whose text changed.

        Lines out of view are brought up to date as they scroll in, before they are
        painted (:meth:`lines_revealed`): nothing stale is ever shown, and an idle console
        with hundreds of lines recomputes only the few dozen it shows.
        """
        if not self.rows_ or self._building:
            return
        now, policy = self.ctx.now(), self.ctx.policy
        show_age, show_loaner = "age" in self.shown, "loaner" in self.shown
        width = self.columns[ColumnKey("sla")].width if "sla" in self.shown else 0
        loaner_width = self.columns[ColumnKey("loaner")].width if show_loaner else 0
        wider = False
        for index in self.visible_lines():
            row = self.rows_[index]
            seen, changed = self._ticked[row.number], {}
            state = columns.clock_of(row, policy, now)
            sla = clock_text(state, now, policy.zone, self.tone_styles)
            if sla.plain != seen["sla"]:
                seen["sla"], changed["sla"] = sla.plain, sla
                wider = wider or sla.cell_len > width
            loaner = columns.loaner_text(row, policy, now, self.tone_styles)
            if loaner.plain != seen["loaner"]:  # a loaner came due: the column may show
                seen["loaner"], changed["loaner"] = loaner.plain, loaner
                wider = wider or not show_loaner or loaner.cell_len > loaner_width
            if show_age:
                age = display.age(row.arrived_at, now)
                if age != seen["age"]:
                    seen["age"], changed["age"] = age, columns.age_text(age)
            if not show_loaner:
                changed.pop("loaner", None)
            self.rewrite(index, row.number, changed)
        if wider:  # never cut a countdown short: lay the columns out again
            self.show_rows(list(self.rows_))

    def lines_revealed(self) -> None:
        self.tick()

    # ------------------------------------------------------------------ sorting
    def sort_by(self, column: str | None, *, reverse: bool = False) -> None:
        self.sort_column, self.sort_reverse = column, reverse
        rows = list(self.page.rows) if self.page is not None else []
        self.show_rows(rows)
        self.post_message(self.Sorted())

    def cycle_sort(self) -> None:
        self.sort_by(columns.next_sort(self.sort_column, self.shown))

    @on(DataTable.HeaderSelected)
    def _header(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        key = str(event.column_key.value)
        if key != self.sort_column:
            self.sort_by(key)
        elif not self.sort_reverse:
            self.sort_by(key, reverse=True)
        else:
            self.sort_by(None)

    # ------------------------------------------------------------------ events
    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(self.IncidentSelected(event.row_key.value))

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        if self.rows_ and event.cursor_row == len(self.rows_) - 1:
            self.load_more()

    def on_resize(self, event: Resize) -> None:
        if self.page is not None and event.size.width != self._width and event.size.width:
            self.show_rows(list(self.rows_))
        elif self.page is None and event.size.width:
            self.show_headings()
        else:
            self.tick()  # taller: lines that come into view
