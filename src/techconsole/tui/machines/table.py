"""The Postazioni table: one line a machine, its columns fitted to the terminal's width
(the text columns share what is left, as on the mail screen)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar
from zoneinfo import ZoneInfo

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.events import Resize
from textual.widgets import DataTable

from techconsole.i18n import N_
from techconsole.services.assets.roster import Roster
from techconsole.tui.keys import named
from techconsole.tui.machines import lines
from techconsole.tui.mail.tables import widths
from techconsole.tui.speak import speak


class MachineTable(DataTable[Text]):
    """A customer's machines; the cursor chooses the one the pane shows."""

    BINDINGS: ClassVar[list[BindingType]] = named(
        "machines",
        [
            Binding("j", "cursor_down", N_("Down"), show=False),
            Binding("k", "cursor_up", N_("Up"), show=False),
        ],
    )
    HELP_TITLE = N_("Workstations")

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(cursor_type="row", cell_padding=1, zebra_stripes=False, id=id)
        speak(self)
        self.roster: Roster | None = None
        self.incident_machine: int | None = None
        self.zone: ZoneInfo | None = None
        self.tones: Mapping[str, str] = {}
        self._width = 0

    def show(
        self,
        roster: Roster,
        zone: ZoneInfo,
        styles: Mapping[str, str],
        incident_machine: int | None = None,
        select: int | None = None,
    ) -> None:
        """Show ``roster``'s machines; the cursor goes to machine ``select``, else stays on
        the machine it was on."""
        self.roster, self.zone, self.tones = roster, zone, styles
        self.incident_machine = incident_machine
        self._fill(select)

    def _fill(self, select: int | None = None) -> None:
        roster, zone = self.roster, self.zone
        if roster is None or zone is None:
            return
        wanted = str(select) if select is not None else self.cursor_key()
        self._width = self.size.width
        layout = lines.columns(roster, self._width)
        self.clear(columns=True)
        for column, width in zip(layout, widths(layout, self._width), strict=True):
            self.add_column(lines.label(column), width=width, key=column.key)
        for machine in roster.machines:
            cells = lines.line(machine, layout, zone, self.tones, self.incident_machine)
            self.add_row(*cells, key=str(machine.asset.id))
        keys = [str(machine.asset.id) for machine in roster.machines]
        if wanted in keys:
            self.move_cursor(row=keys.index(wanted), animate=False)
        # the height is the rows' (``height: auto``): lay the screen out again for them, or
        # a table filled between two layouts can stay 0 lines high until the next resize
        self.call_after_refresh(self.refresh, layout=True)

    def on_resize(self, event: Resize) -> None:
        """A terminal resized: the columns fit the new width."""
        if event.size.width and event.size.width != self._width:
            self._fill()

    def cursor_key(self) -> str | None:
        """The id of the machine under the cursor (``None``: no line)."""
        if not self.row_count:
            return None
        try:
            key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        except Exception:
            return None
        return str(key.value) if key.value is not None else None
