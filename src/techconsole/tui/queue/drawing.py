"""How the queue table draws its lines: one incident a line, in the columns chosen.

:meth:`QueueDrawing.show_rows` rebuilds the table from a page of rows (sorted by a
column when one is chosen, laid out for the width, the marked lines' numbers in reverse
video) and puts the cursor back on the same incident, at the same height on the screen.
:meth:`QueueDrawing.tick` recomputes each line's SLA clock every second from the row's
:class:`ClockInputs` (no database) and rewrites, in place, only the cells whose text
changed.  Reading the rows is :class:`techconsole.tui.queue.table.QueueTable`'s.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from rich.text import Text
from textual.theme import Theme
from textual.widgets.data_table import ColumnKey

from techconsole.domain import display
from techconsole.tui.queue import columns
from techconsole.tui.queue.lines import LineTable
from techconsole.tui.widgets.text import cell as cell_text
from techconsole.tui.widgets.text import clock_text, tones

if TYPE_CHECKING:
    from techconsole.domain.policy import Policy
    from techconsole.services.context import Context
    from techconsole.services.views import QueuePage, QueueRow


class Clocks(Protocol):
    """What the lines' clocks tick by: the console's context, or before it is open the
    first page's preview (:class:`techconsole.tui.opening.Preview`)."""

    @property
    def policy(self) -> Policy: ...

    def now(self) -> datetime: ...


def marked(text: Text) -> Text:
    """A marked line's number: in reverse video, which reads under NO_COLOR too."""
    shown = text.copy()
    shown.stylize("reverse bold")
    return shown


class QueueDrawing(LineTable):
    """The lines of the queue table, drawn and kept ticking (the table reads them)."""

    _building = False  # set while the table is rebuilt

    if TYPE_CHECKING:

        @property
        def ctx(self) -> Context: ...

    _ctx: Context | None
    #: what the clocks tick by (``None``: nothing read yet)
    clocks: Clocks | None
    page: QueuePage | None
    sort_column: str | None
    sort_reverse: bool
    rows_: list[QueueRow]
    shown: list[str]
    order: tuple[str, ...]
    marked: set[str]
    _ranks: dict[str, int]
    _ticked: dict[str, dict[str, str]]
    _width: int
    _drawn_in: str

    def show_rows(self, rows: list[QueueRow]) -> None:
        """Rebuild the table from ``rows``; the cursor stays on its incident."""
        if not self.size.width:  # not laid out yet: the first resize builds it, once
            self.rows_, self._width = rows, 0
            return
        if self.clocks is None:  # nothing read yet: the headings
            self.show_headings()
            return
        key, screen_row = self.cursor_key(), self.cursor_row - round(self.scroll_y)
        now, policy = self.clocks.now(), self.clocks.policy
        states = {row.number: columns.clock_of(row, policy, now) for row in rows}
        if self.sort_column is not None:
            by = self.sort_column
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
                r, states[r.number], policy, now, short=short, styles=self.tone_styles
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
        if not self.rows_ or self._building or self.clocks is None:
            return
        now, policy = self.clocks.now(), self.clocks.policy
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
