"""``M`` on the team load: every customer's monthly summary of a month, written into a
folder exactly as ``techconsole report month`` writes them.

The form asks the month (checked as you submit it, next to the field), the format (a
PDF per customer, one CSV for the accountant, or one JSON), the folder (as the report
screen's export proposes it; refused with the reason next to it) and the language.
A thread worker reads ``services.documents.summaries.month_summaries`` (which refuses
anyone but a lead, with the reason shown in the form) and plans and writes the files
through :mod:`techconsole.reports.month_export`, posting its progress to the bar in the
form.  Files already in the folder are named in :class:`.OverwriteFiles`, and
nothing is written unless they may be replaced.  ``esc`` while writing stops after the
file being written.  At the end a message says how many files went where, and the
form closes with its :class:`.Request`; every export proposes that folder next
(:mod:`techconsole.tui.folders`).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.types import CSSPathType
from textual.widgets import Button, Input, ProgressBar, Select, Static

from techconsole.i18n import N_, _, ngettext
from techconsole.i18n.formats import month_year
from techconsole.reports import files, month_export
from techconsole.reports.i18n import Lang
from techconsole.services.context import Context
from techconsole.services.documents import summaries
from techconsole.services.errors import InvalidInput
from techconsole.services.work.months import parse_month
from techconsole.tui import folders
from techconsole.tui.lead.month_files import (
    LANGUAGES,
    Outcome,
    OverwriteFiles,
    Request,
    default_month,
    formats,
)
from techconsole.tui.widgets.form_fields import CSS as FORM_CSS
from techconsole.tui.widgets.form_fields import FormScreen, Invalid, field
from techconsole.tui.widgets.text import markup_safe

HERE = Path(__file__).parent


class SummariesDialog(FormScreen[Request]):
    """Monthly summaries: month, format, folder, language; then the progress."""

    CSS_PATH: ClassVar[CSSPathType | None] = [
        FORM_CSS,
        HERE / "summaries.tcss",
    ]
    OK = N_("Write")
    HELP_TITLE = N_("Monthly summaries")

    class Progress(Message):
        """``done`` of ``total`` files written (``total`` 0: still reading)."""

        def __init__(self, done: int, total: int) -> None:
            super().__init__()
            self.done, self.total = done, total

    class Exists(Message):
        """Files of these names are in the folder: ask before replacing them."""

        def __init__(self, request: Request, there: tuple[Path, ...], planned: int) -> None:
            super().__init__()
            self.request, self.there, self.planned = request, there, planned

    class Failed(Message):
        """Nothing (more) was written: why, next to ``field`` (or under the form)."""

        def __init__(self, error: str, field: str | None = None, written: int = 0) -> None:
            super().__init__()
            self.error, self.field, self.written = error, field, written

    class Done(Message):
        """Every file is written, or the ones before ``esc`` stopped it."""

        def __init__(self, outcome: Outcome) -> None:
            super().__init__()
            self.outcome = outcome

    def __init__(self, ctx: Context, folder: str, lang: Lang) -> None:
        super().__init__(Text(_("Monthly summaries of every customer"), style="bold"))
        self.ctx, self.folder, self.lang = ctx, folder, lang
        self.running = False
        self._stop = threading.Event()

    def fields(self) -> ComposeResult:
        month = default_month(self.ctx.now(), self.ctx.policy.zone)
        box = Input(month, id="month", compact=True)
        yield field(_("Month"), box, _("YYYY-MM, e.g. 2026-11"))
        kinds = Select(formats(), value="pdf", allow_blank=False, id="format", compact=True)
        yield field(_("Format"), kinds)
        hint = _("~ is your home · empty: {folder}").format(folder=Path.cwd())
        yield field(_("Folder"), Input(self.folder, id="folder", compact=True), hint)
        words = Select(LANGUAGES, value=self.lang, allow_blank=False, id="lang", compact=True)
        yield field(_("Language"), words)
        with Vertical(id="summaries-work"):
            yield Static(id="summaries-status")
            yield ProgressBar(id="summaries-bar", show_eta=False)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#summaries-work").display = False

    def collect(self) -> Request:
        try:
            month = parse_month(self.query_one("#month", Input).value)
        except InvalidInput as wrong:
            raise Invalid("month", str(wrong)) from None
        fmt = str(self.query_one("#format", Select).value)
        lang: Lang = "en" if self.query_one("#lang", Select).value == "en" else "it"
        return Request(month, fmt, self.query_one("#folder", Input).value.strip(), lang)

    # ------------------------------------------------------------------ running
    def submitted(self, result: Request) -> None:
        self._start(result, force=False)

    def action_submit(self) -> None:
        if not self.running:
            super().action_submit()

    def action_cancel(self) -> None:
        if not self.running:
            self.dismiss(None)
        elif not self._stop.is_set():
            self._stop.set()
            self._status(_("stopping after the file being written…"))

    def _start(self, request: Request, *, force: bool) -> None:
        self._busy(True)
        self._status(_("reading the summaries of {month}…").format(month=month_year(request.month)))
        self.query_one("#summaries-bar", ProgressBar).update(total=None, progress=0)
        self.write_summaries(request, force=force)

    def _busy(self, running: bool) -> None:
        self.running = running
        self.query_one(".form-fields").disabled = running
        self.query_one("#form-ok", Button).disabled = running
        self.query_one("#summaries-work").display = running
        if running:
            self._stop.clear()
            self.query_one("#form-cancel", Button).focus()
        else:
            self.query_one("#month", Input).focus()

    def _status(self, words: str) -> None:
        self.query_one("#summaries-status", Static).update(Text(words, style="dim"))

    @work(thread=True, group="lead-summaries", exit_on_error=False)
    def write_summaries(self, request: Request, *, force: bool) -> None:
        try:
            where = files.folder(request.folder, option="")
        except files.ExportError as refused:
            self.post_message(self.Failed(str(refused), "folder"))
            return
        written: list[Path] = []
        try:
            month, fmt = request.month, request.fmt
            found = summaries.month_summaries(self.ctx, month)  # NotAllowed unless a lead
            if not month_export.reported(found):
                said = _("no work report dated {month}: nothing written").format(
                    month=month_year(month)
                )
                self.post_message(self.Failed(said))
                return
            planned = month_export.plan(month, found, fmt, request.lang, one_customer=False)
            there = () if force else tuple(month_export.existing(where, fmt, planned))
            if there:
                self.post_message(self.Exists(request, there, len(planned)))
                return
            paths = month_export.targets(where, fmt, planned, force=force)
            self.post_message(self.Progress(0, len(planned)))
            for path in month_export.write(paths, planned, force=force):
                written.append(path)
                self.post_message(self.Progress(len(written), len(planned)))
                if self._stop.is_set():
                    break
        except Exception as error:  # a file that appeared meanwhile, a full disk, a share gone
            said = str(error) or type(error).__name__
            self.post_message(self.Failed(said, written=len(written)))
            return
        reports = sum(len(s.rows) for s in found)
        outcome = Outcome(request, where, tuple(written), len(planned), len(found), reports)
        self.post_message(self.Done(outcome))

    # ------------------------------------------------------------------ answers
    @on(Progress)
    def _progress(self, message: Progress) -> None:
        bar = self.query_one("#summaries-bar", ProgressBar)
        bar.update(total=message.total, progress=message.done)
        if not self._stop.is_set():
            done, total = message.done, message.total
            said = ngettext(
                "writing: {done} of {total} file", "writing: {done} of {total} files", total
            )
            self._status(said.format(done=done, total=total))

    @on(Exists)
    def _exists(self, message: Exists) -> None:
        def answered(overwrite: bool | None) -> None:
            if overwrite:
                self._start(message.request, force=True)
                return
            self._busy(False)
            kept = len(message.there)
            said = ngettext(
                "nothing written: {n} file already there kept",
                "nothing written: {n} files already there kept",
                kept,
            )
            self.show_error(None, said.format(n=kept))

        self.app.push_screen(OverwriteFiles(message.there, message.planned), answered)

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self._busy(False)
        error = message.error
        if message.written:
            written = message.written
            then = ngettext(
                "{n} file written, then: {error}", "{n} files written, then: {error}", written
            )
            error = then.format(n=written, error=error)
        self.show_error(message.field, error)

    @on(Done)
    def _done(self, message: Done) -> None:
        self.running = False
        done = message.outcome
        count, where = len(done.written), done.folder
        said = _("{files} in {folder}: {customers}, {reports}").format(
            files=ngettext("{n} file", "{n} files", count).format(n=count),
            folder=where,
            customers=ngettext("{n} customer", "{n} customers", done.customers).format(
                n=done.customers
            ),
            reports=ngettext("{n} work report", "{n} work reports", done.reports).format(
                n=done.reports
            ),
        )
        if done.stopped:
            stopped = ngettext(
                "stopped: {n} of {planned} file in {folder}",
                "stopped: {n} of {planned} files in {folder}",
                done.planned,
            )
            said = stopped.format(n=count, planned=done.planned, folder=where)
        title = _("Monthly summaries of {month} written").format(
            month=month_year(done.request.month)
        )
        folders.used(self, where)  # proposed next, by every export
        if done.stopped:
            self.notify(markup_safe(said), title=title, severity="warning", timeout=10)
        else:
            self.notify(markup_safe(said), title=title, timeout=10)
        self.dismiss(done.request)
