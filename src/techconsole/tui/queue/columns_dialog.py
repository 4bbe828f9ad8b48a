"""The queue's columns: which ones, in which order (``ctrl+o`` on the queue, or "Columns"
in the palette).  ``space`` shows or hides the column under the cursor, ``ctrl+up`` and
``ctrl+down`` (or ``K``/``J``) move it; the number always comes first.  The choice is kept
with the person's console (:mod:`techconsole.tui.state`)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import SelectionList
from textual.widgets.selection_list import Selection

from techconsole.i18n import N_, _
from techconsole.tui.keys import named
from techconsole.tui.queue.columns import ORDER, label
from techconsole.tui.widgets.form_fields import FormScreen, Invalid, field


class ColumnsDialog(FormScreen[tuple[str, ...]]):
    """The columns shown, in order; the result is their keys."""

    OK = N_("Show")
    HELP_TITLE = N_("Columns")
    BINDINGS: ClassVar[list[BindingType]] = named(
        "columns",
        [
            Binding("ctrl+up,K", "move(-1)", N_("Move up")),
            Binding("ctrl+down,J", "move(1)", N_("Move down")),
        ],
    )

    def __init__(self, shown: tuple[str, ...]) -> None:
        super().__init__(_("Columns"))
        rest = [key for key in ORDER if key not in shown]
        self.keys = [*shown, *rest]
        self.on = set(shown)

    def _selections(self) -> list[Selection[str]]:
        return [
            Selection(label(key), key, key in self.on, disabled=key == "number")
            for key in self.keys
        ]

    def fields(self) -> ComposeResult:
        hint = _("space shows or hides · ctrl+↑/↓ (K/J) moves · the number stays first")
        yield field(_("Columns"), SelectionList[str](*self._selections(), id="columns"), hint)

    def action_move(self, step: int) -> None:
        chooser = self.query_one("#columns", SelectionList)
        index = chooser.highlighted
        if index is None:
            return
        self.on = set(chooser.selected) | {"number"}
        target = index + step
        if not 1 <= target < len(self.keys) or index == 0:  # the number stays first
            return
        self.keys[index], self.keys[target] = self.keys[target], self.keys[index]
        chooser.clear_options()
        chooser.add_options(self._selections())
        chooser.highlighted = target

    def collect(self) -> tuple[str, ...]:
        chosen = set(self.query_one("#columns", SelectionList).selected) | {"number"}
        shown = tuple(key for key in self.keys if key in chosen)
        if len(shown) < 2:
            raise Invalid("columns", _("show at least one column besides the number"))
        return shown
