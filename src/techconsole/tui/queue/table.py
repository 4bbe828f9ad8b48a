"""The queue table: one incident a line, keyed by its number, its countdown ticking.

Two kinds of update, so the cursor and the scroll never jump:

* every second :meth:`QueueTable.tick` recomputes each line's SLA clock from the row's
  :class:`ClockInputs` (no database) and rewrites, in place, only the cells whose text
  changed (``update_cell``);
* a reload (a change seen in the database, ``r``, a view or filter) reads the page in a
  thread worker and posts :class:`QueueTable.Loaded`; the table is rebuilt and the
  cursor put back on the same incident, at the same height on the screen.

The drawing of the lines, and their ticking, are :class:`.drawing.QueueDrawing`'s, which
this table extends with the reading, the sorting and the keys.

Until the console has opened its database (:meth:`QueueTable.attach`: it paints before
that) the table shows its columns' headings alone, or the first page read before the
database was opened (:meth:`QueueTable.preview`), and a read asked for is only noted: it
is made once the table is attached.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.binding import Binding, BindingType
from textual.events import Resize
from textual.message import Message
from textual.widgets import DataTable

from techconsole.i18n import N_, _
from techconsole.tui.keys import named
from techconsole.tui.queue import columns
from techconsole.tui.queue.drawing import Clocks, QueueDrawing
from techconsole.tui.signals import console
from techconsole.tui.speak import speak
from techconsole.tui.widgets.text import markup_safe

if TYPE_CHECKING:
    from techconsole.services.context import Context
    from techconsole.services.incidents import queue as queue_service
    from techconsole.services.views import QueuePage, QueueRow
    from techconsole.tui.opening import Preview

PAGE = 200


def same_lines(shown: Sequence[QueueRow], read: Sequence[QueueRow]) -> bool:
    """Whether the lines read draw as those shown: the same rows, their clocks' inputs
    too; the state of a running clock was worked out at the moment of each read, and
    the lines tick by themselves."""
    return len(shown) == len(read) and all(
        a == b or replace(a, clock=None) == replace(b, clock=None)
        for a, b in zip(shown, read, strict=True)
    )


@dataclass(frozen=True, slots=True)
class QueueQuery:
    """What the table shows: a view, an optional text filter, how many lines."""

    view: queue_service.View = "all"
    text: str = ""
    limit: int = PAGE


class QueueTable(QueueDrawing):
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

    def __init__(self, ctx: Context | None, *, id: str | None = None) -> None:
        """``ctx``: ``None`` until the console has opened its database (:meth:`attach`)."""
        super().__init__(cursor_type="row", cell_padding=1, id=id)
        speak(self)
        self._ctx = ctx
        self.clocks: Clocks | None = ctx
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
        self._ctx = self.clocks = ctx
        self._ranks = columns.severity_ranks(ctx.policy)

    def preview(self, preview: Preview) -> bool:
        """Show the first page read before the database was opened, when it is still the
        one to show (nothing else chosen meanwhile, not attached yet); whether shown."""
        if self._ctx is not None or preview.query != self.query_:
            return False
        self.clocks = preview
        self._ranks = columns.severity_ranks(preview.policy)
        self.page, self.shown_query = preview.page, preview.query
        self.show_rows(list(preview.page.rows))
        return True

    # ------------------------------------------------------------------ reading
    def reload(self, query: QueueQuery | None = None) -> None:
        """Read the queue again (in a thread); the newest request wins.  Not attached
        yet: the query is noted, for the first read."""
        if query is not None:
            self.query_ = query
        if self._ctx is None:
            if self.page is not None and self.query_ != self.shown_query:
                self.page, self.rows_ = None, []  # the preview was of another view: off
                self.show_headings()
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
        from techconsole.services.incidents import kept_page
        from techconsole.services.incidents import queue as queue_service

        try:
            page = queue_service.queue(
                self.ctx, view=query.view, text=query.text or None, limit=query.limit
            )
        except Exception as error:  # an error must not hide the table: say it, keep it
            self.post_message(self.LoadFailed(str(error) or type(error).__name__, serial))
        else:
            self.post_message(self.Loaded(query, page, serial))
            if not query.text and query.limit == PAGE:  # for a later start's first page
                kept_page.remember(self.ctx, console(self).page_cache, query.view, query.limit)

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        if message.serial != self.serial:
            message.stop()  # an older read finished after a newer one was asked for
            return
        same = (
            self.page is not None
            and self.shown_query == message.query
            and self.sort_column not in columns.CLOCK_SORTS  # their order moves with time
            and same_lines(self.page.rows, message.page.rows)
            and self._drawn_in == self.app.theme
        )
        self.page, self.answered = message.page, message.serial
        self.shown_query = message.query
        if same:  # a change elsewhere (a note, another page): the lines stay, ticked now
            self.tick()
        else:
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
        if self._ctx is None:  # a preview: the next lines once the database is open
            return
        if self.page is not None and len(self.rows_) < self.page.total:
            self.reload(replace(self.query_, limit=self.query_.limit + PAGE))

    # ------------------------------------------------------------------ drawing
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
