"""Exporting the report on screen: ``p`` as PDF, ``m`` as Markdown, in the language and
revision shown.

The folder is asked in a form (:class:`.dialogs.FolderDialog`), which proposes the last
folder written in (:mod:`techconsole.tui.folders`); the worker checks it, renders the
document and writes it through :mod:`techconsole.reports.files`, the same safe writer as
``techconsole report work`` (the folder made absolute and normal, the name the report's
number with ``-en`` in English, nothing half-written, an existing file never replaced
unasked).  A file already there is named in :class:`.dialogs.OverwriteDialog`; only its
``Overwrite`` writes over it.  A toast says the absolute path written, or why nothing was.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from textual import on, work
from textual.message import Message
from textual.screen import Screen

from techconsole.i18n import _
from techconsole.reports import files
from techconsole.reports.i18n import Lang
from techconsole.reports.work_markdown import work_markdown
from techconsole.reports.work_pdf import work_pdf
from techconsole.services.documents.report_views import WorkReportView
from techconsole.tui import folders
from techconsole.tui.report.dialogs import KINDS, FolderDialog
from techconsole.tui.widgets.overwrite import OverwriteDialog
from techconsole.tui.widgets.text import markup_safe


@dataclass(frozen=True, slots=True)
class Job:
    """One export: the revision and language shown when the key was pressed, the folder
    typed (empty: the current one)."""

    extension: str
    view: WorkReportView
    lang: Lang
    folder: str = ""

    @property
    def kind(self) -> str:
        return KINDS[self.extension]

    @property
    def stem(self) -> str:
        """The file's name without its extension, as the command line names it."""
        return files.stem_in(self.view.file_stem, self.lang, self.extension)


def document(job: Job) -> bytes:
    """The file's bytes: the PDF, or the Markdown as UTF-8."""
    if job.extension == "pdf":
        return work_pdf(job.view, job.lang)
    return work_markdown(job.view, job.lang).encode()


class ReportExports(Screen[None]):
    """The export keys of the screen that shows a report (:meth:`shown`)."""

    lang: Lang

    class Written(Message):
        """The file is written (posted from the worker)."""

        def __init__(self, job: Job, path: Path) -> None:
            super().__init__()
            self.job, self.path = job, path

    class Failed(Message):
        """Nothing was written: the folder was refused (``place``), or the write failed."""

        def __init__(self, job: Job, error: str, *, place: bool) -> None:
            super().__init__()
            self.job, self.error, self.place = job, error, place

    class Exists(Message):
        """A file of that name is in the folder: ask before replacing it."""

        def __init__(self, job: Job, path: Path) -> None:
            super().__init__()
            self.job, self.path = job, path

    def shown(self) -> WorkReportView | None:
        """The report revision on screen, if one is shown (what the keys export)."""
        raise NotImplementedError  # a hook: the report screen provides it

    def action_export_pdf(self) -> None:
        self.export("pdf")

    def action_export_markdown(self) -> None:
        self.export("md")

    def export(self, extension: str) -> None:
        view = self.shown()
        if view is None:
            self.notify(_("there is no work report to export"), severity="warning")
            return
        self.ask_folder(Job(extension, view, self.lang, folders.proposed(self)))

    def ask_folder(self, job: Job, error: str | None = None) -> None:
        """The folder form for ``job`` (with ``error`` next to the field, if any)."""

        def answered(typed: str | None) -> None:
            if typed is not None:
                self.write(replace(job, folder=typed), force=False)

        form = FolderDialog(job.extension, job.view.title, job.stem, job.folder, error)
        self.app.push_screen(form, answered)

    # ------------------------------------------------------------------ writing
    @work(thread=True, group="report-export", exit_on_error=False)
    def write(self, job: Job, *, force: bool) -> None:
        try:
            where = files.folder(job.folder, option="")
        except files.ExportError as refused:
            self.post_message(self.Failed(job, str(refused), place=True))
            return
        try:
            render = partial(document, job)
            path = files.export(where, job.stem, job.extension, render, force=force)
        except files.FileExists as there:
            self.post_message(self.Exists(job, there.path))
        except Exception as error:  # a full disk, a share gone: said, the screen stays
            self.post_message(self.Failed(job, str(error) or type(error).__name__, place=False))
        else:
            self.post_message(self.Written(job, path))

    @on(Written)
    def _written(self, message: Written) -> None:
        folders.used(self, message.path.parent)  # proposed next, by every export
        title = _("{kind} written").format(kind=message.job.kind)
        self.notify(markup_safe(str(message.path)), title=title, timeout=8)

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        if message.place:  # the form again, with the reason next to the folder
            self.ask_folder(message.job, message.error)
            return
        title = _("{kind} not written").format(kind=message.job.kind)
        self.notify(markup_safe(message.error), title=title, severity="error", timeout=10)

    @on(Exists)
    def _exists(self, message: Exists) -> None:
        job = message.job

        def answered(overwrite: bool | None) -> None:
            if overwrite:
                self.write(job, force=True)
            else:
                said = _("{path} is kept as it was").format(path=message.path)
                title = _("{kind} not written").format(kind=job.kind)
                self.notify(markup_safe(said), title=title, severity="warning")

        self.app.push_screen(OverwriteDialog(message.path), answered)
