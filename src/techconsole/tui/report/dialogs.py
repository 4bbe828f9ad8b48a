"""The export's first question: which folder to write in (whether a file already there
may be replaced is :class:`~techconsole.tui.widgets.overwrite.OverwriteDialog`'s).

The folder form proposes the last folder an export was written in (this session, else
remembered from the last: :mod:`techconsole.tui.folders`), the first time the current
one (where the console was started, as the command line's ``--out`` does); ``~`` is the
home folder, and the folder is written in as an absolute, normal path.  Whether the
folder exists and may be written in is checked by :mod:`techconsole.reports.files` in
the export's worker, and a refusal brings this form back with the reason next to the
field.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input

from techconsole.i18n import N_, _
from techconsole.tui.widgets.form_fields import FormScreen, field
from techconsole.tui.widgets.text import plain

CSS = Path(__file__).parent / "report.tcss"

#: what each export is called, by its file extension
KINDS = {"pdf": "PDF", "md": "Markdown"}


class FolderDialog(FormScreen[str]):
    """``Export RL-2026-0001 as PDF``: the folder, typed; empty means the current one."""

    OK = N_("Export")

    def __init__(
        self, extension: str, report: str, stem: str, folder: str, error: str | None = None
    ) -> None:
        said = _("Export {report} as {kind}").format(report=plain(report), kind=KINDS[extension])
        title = Text(said, style="bold")
        super().__init__(title)
        self.file_name = f"{stem}.{extension}"
        self.folder, self.error = folder, error

    def fields(self) -> ComposeResult:
        name = _("written as {file}").format(file=plain(self.file_name))
        hint = name + " · " + _("~ is your home · empty: {folder}").format(folder=Path.cwd())
        box = Input(self.folder, id="folder", compact=True)
        yield field(_("Folder"), box, hint)

    def on_mount(self) -> None:
        super().on_mount()
        if self.error:
            self.show_error("folder", self.error)

    def collect(self) -> str:
        return self.query_one("#folder", Input).value.strip()
