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

from techconsole.tui.widgets.text import plain


class OverwriteDialog(ModalScreen[bool]):
    """``RL-2026-0001.pdf exists already in /home/anna``: replace it, or keep it (the
    default: ``enter`` on the focused button, ``esc`` or ``n``)."""

    CSS_PATH = Path(__file__).parent / "overwrite.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "keep", "Keep it"),
        Binding("n", "keep", "Keep it", show=False),
        Binding("y", "overwrite", "Overwrite", show=False),
    ]

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        said = Text(plain(self.path.name), style="bold")
        said.append(" exists already in ")
        said.append(plain(str(self.path.parent)), style="bold")
        said.append(".\nReplace it with this report?")
        with Vertical(id="overwrite"):
            yield Static(Text("Overwrite?", style="bold"), id="overwrite-title")
            yield Static(said, id="overwrite-said")
            with Horizontal(id="overwrite-buttons"):
                yield Button("Keep it", id="overwrite-keep", variant="primary", compact=True)
                yield Button("Overwrite (y)", id="overwrite-yes", variant="error", compact=True)

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
