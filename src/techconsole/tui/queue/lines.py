"""A DataTable that rewrites single lines in place, for cells that change every second.

``DataTable.update_cell`` repaints the whole table (every visible cell is rendered again,
a few hundred Rich renders): fine now and then, too dear every second.  ``LineTable``
rewrites the cells of one line and repaints that line only, and tells its subclass when
lines scroll into view, so that they can be brought up to date before they are painted.
The cursor and the scroll are never touched.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Self

from rich.text import Text
from textual.geometry import Region, Size
from textual.widgets import DataTable
from textual.widgets.data_table import RowKey


class LineTable(DataTable[Text]):
    _quiet = False  # set while a line is rewritten (see refresh)

    def rewrite(self, index: int, row_key: str, cells: Mapping[str, Text]) -> None:
        """New values for some cells of the line at ``index``; repaint that line only."""
        if not cells:
            return
        self._quiet = True
        try:
            for column, value in cells.items():
                self.update_cell(row_key, column, value)
        finally:
            self._quiet = False
        self.refresh_row(index)

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        """The table's scrollable size after rows were added.  When every column has the
        width it was given and every line is one row high (the queue's), nothing needs
        measuring: Textual measures each new cell for the columns that size themselves,
        and that was two thirds of reading the queue again (issue 15: on a busy machine a
        change took seconds to show)."""
        if any(column.auto_width for column in self.columns.values()) or any(
            self.rows[key].auto_height for key in new_rows if key in self.rows
        ):
            super()._update_dimensions(new_rows)
            return
        width = sum(column.get_render_width(self) for column in self.columns.values())
        width += self._row_label_column_width
        header = self.header_height if self.show_header else 0
        self.virtual_size = Size(width, self._total_row_height + header)

    def visible_lines(self) -> range:
        """The indexes of the lines on screen now (and one more)."""
        top = max(0, int(self.scroll_y))
        return range(top, min(self.row_count, top + self.size.height + 1))

    def lines_revealed(self) -> None:
        """Lines came into view (scroll, resize): bring them up to date (subclasses)."""

    def refresh(
        self, *regions: Region, repaint: bool = True, layout: bool = False, recompose: bool = False
    ) -> Self:
        if self._quiet and not regions and not layout and not recompose:
            return self  # update_cell's repaint of everything: rewrite repaints one line
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if round(old_value) != round(new_value):
            self.lines_revealed()
