"""``incident list`` for people: one incident a line, fitted to the terminal's width.

Left to Rich, a table wider than the terminal shrinks every column alike: on 80 columns
the numbers were cut (``2026-0003…``) and the customer and subject left a letter each.
Here, as in the queue (:mod:`techconsole.cli.fitted`), the customer and subject are cut
short first; then the arrival, assignee, customer and status columns are left out, in
that order. The number, severity and subject always show, whole numbers always.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from techconsole.cli.fitted import fitted
from techconsole.cli.output import safe
from techconsole.cli.render import local, one_line, status_word
from techconsole.i18n import N_, _

if TYPE_CHECKING:
    from rich.table import Table
    from rich.text import Text

    from techconsole.services.views import IncidentView

HEADERS = {
    "Number": N_("Number"),
    "Arrived": N_("Arrived"),
    "Customer": N_("Customer"),
    "Sev": N_("Sev"),
    "Subject": N_("Subject"),
    "Status": N_("Status"),
    "Assignee": N_("Assignee"),
}
#: the columns that go when even the shortened customer and subject do not fit
DROPPABLE = ("Arrived", "Assignee", "Customer", "Status")


def _cells(view: IncidentView, zone: ZoneInfo) -> dict[str, Text]:
    cells = {
        "Number": view.number,
        "Arrived": local(view.arrived_at, zone),
        "Customer": safe(view.customer, one_line=True),
        "Sev": view.severity + (" [bold red]![/bold red]" if view.urgent else ""),
        "Subject": safe(view.subject, one_line=True),
        "Status": status_word(view.status),
        "Assignee": safe(view.assignee) if view.assignee else "[dim]—[/dim]",
    }
    return {name: one_line(cell) for name, cell in cells.items()}


def incident_table(views: Sequence[IncidentView], zone: ZoneInfo, width: int) -> Table:
    """The incidents, newest first, in a table no wider than ``width``."""
    rows = [_cells(v, zone) for v in views]
    headers = {name: _(header) for name, header in HEADERS.items()}
    return fitted(headers, rows, list(HEADERS), width, DROPPABLE)
