"""A table of one line per row that fits the terminal's width: ``queue`` and ``incident
list`` for people.

Left to Rich, a table wider than the terminal shrinks every column alike (on 80 columns
an incident number became ``2026-0003…`` and the customer and subject a letter each).
Here the customer and subject are cut short first, down to :data:`FLEXIBLE`; then the
columns the caller names are left out, in its order; the others always show, whole.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.table import Table
    from rich.text import Text

#: customer text shrinks (with an ellipsis) down to these widths on a narrow terminal
FLEXIBLE = {"Customer": 8, "Subject": 12}
GAP = 2  # between columns: one space of padding, one of the (blank) box


def fitted(
    headers: Mapping[str, str],
    rows: Sequence[Mapping[str, Text]],
    shown: Sequence[str],
    width: int,
    droppable: Sequence[str],
    right: Collection[str] = (),
) -> Table:
    """``rows`` (cells by column) under ``headers``, the columns ``shown`` in order, no
    wider than ``width``: the customer and subject cut first, then the ``droppable``
    columns left out in turn; the columns in ``right`` aligned to the right."""
    from rich import box
    from rich.table import Table

    widths = {name: max([len(headers[name]), *(r[name].cell_len for r in rows)]) for name in shown}
    shown = list(shown)

    def room() -> int:
        """Width left for the flexible columns once the others are drawn."""
        fixed = sum(widths[name] for name in shown if name not in FLEXIBLE)
        return width - fixed - GAP * (len(shown) - 1)

    for name in droppable:
        if room() >= sum(FLEXIBLE[n] for n in shown if n in FLEXIBLE):
            break
        if name in shown:
            shown.remove(name)
    left = room()
    if "Customer" in shown:
        if widths["Customer"] + widths["Subject"] > left:
            widths["Customer"] = min(widths["Customer"], max(FLEXIBLE["Customer"], left // 3))
        left -= widths["Customer"]
    widths["Subject"] = min(widths["Subject"], max(FLEXIBLE["Subject"], left))
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, collapse_padding=True)
    for name in shown:
        table.add_column(
            headers[name],
            width=widths[name],
            no_wrap=True,
            justify="right" if name in right else "left",
        )
    for row in rows:
        table.add_row(*(row[name] for name in shown))
    return table
