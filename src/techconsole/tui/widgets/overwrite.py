"""The question asked before a file already there is replaced: by a work report's export
and by the monthly summaries (which ask it about several files at once)."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from techconsole.i18n import N_, NP_, _, pgettext
from techconsole.tui.keys import named
from techconsole.tui.speak import speak
from techconsole.tui.widgets.text import filled, plain


class OverwriteDialog(ModalScreen[bool]):
    """``RL-2026-0001.pdf exists already in /home/anna``: replace it, or keep it (the
    default: ``enter`` on the focused button, ``esc`` or ``n``)."""

    CSS_PATH = Path(__file__).parent / "overwrite.tcss"
    HELP_TITLE = N_("Overwrite?")
    BINDINGS: ClassVar[list[BindingType]] = named(
        "overwrite",
        [
            # the English keys and the Italian ones (no, sì)
            Binding("escape", "keep", NP_("file", "Keep it")),
            Binding("n", "keep", NP_("file", "Keep it"), show=False),
            Binding("y,s", "overwrite", N_("Overwrite"), show=False),
        ],
    )

    def __init__(self, path: Path) -> None:
        super().__init__()
        speak(self)
        self.path = path

    def compose(self) -> ComposeResult:
        said = filled(
            _("{file} exists already in {folder}."),
            file=Text(plain(self.path.name), style="bold"),
            folder=Text(plain(str(self.path.parent)), style="bold"),
        )
        said.append("\n" + _("Replace it with this report?"))
        with Vertical(id="overwrite"):
            yield Static(Text(_("Overwrite?"), style="bold"), id="overwrite-title")
            yield Static(said, id="overwrite-said")
            with Horizontal(id="overwrite-buttons"):
                keep = pgettext("file", "Keep it")
                yield Button(keep, id="overwrite-keep", variant="primary", compact=True)
                yield Button(_("Overwrite (y)"), id="overwrite-yes", variant="error", compact=True)

    def on_mount(self) -> None:
        self.query_one("#overwrite-keep").focus()

    def action_keep(self) -> None:
        self.dismiss(False)

    def action_overwrite(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#overwrite-keep")
    def _keep(self) -> None:
        self.action_keep()

    @on(Button.Pressed, "#overwrite-yes")
    def _yes(self) -> None:
        self.action_overwrite()
