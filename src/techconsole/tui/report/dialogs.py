"""The export's two questions: which folder to write in, and whether a file already
there may be replaced.

The folder form proposes the current folder (where the console was started, as the
command line's ``--out`` does), or the last one written in from the same report; ``~``
is the home folder.  Whether the folder exists and may be written in is checked by
:mod:`techconsole.reports.files` in the export's worker, and a refusal brings this form
back with the reason next to the field.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from techconsole.tui.form_fields import FormScreen, field
from techconsole.tui.text import plain

CSS = Path(__file__).parent / "report.tcss"

#: what each export is called, by its file extension
KINDS = {"pdf": "PDF", "md": "Markdown"}


class FolderDialog(FormScreen[str]):
    """``Export RL-2026-0001 as PDF``: the folder, typed; empty means the current one."""

    OK = "Export"

    def __init__(self, extension: str, stem: str, folder: str, error: str | None = None) -> None:
        title = Text(f"Export {plain(stem)} as {KINDS[extension]}", style="bold")
        super().__init__(title)
        self.file_name = f"{stem}.{extension}"
        self.folder, self.error = folder, error

    def fields(self) -> ComposeResult:
        hint = f"written as {plain(self.file_name)} · ~ is your home · empty: {Path.cwd()}"
        box = Input(self.folder, id="folder", compact=True)
        yield field("Folder", box, hint)

    def on_mount(self) -> None:
        super().on_mount()
        if self.error:
            self.show_error("folder", self.error)

    def collect(self) -> str:
        return self.query_one("#folder", Input).value.strip()


class OverwriteDialog(ModalScreen[bool]):
    """``RL-2026-0001.pdf exists already in /home/anna``: replace it, or keep it (the
    default: ``enter`` on the focused button, ``esc`` or ``n``)."""

    CSS_PATH = CSS
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
