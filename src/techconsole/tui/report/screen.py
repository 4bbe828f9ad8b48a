"""An incident's work report as the customer gets it, opened with ``w`` on the incident.

It reads ``services.documents.work_reports.find`` and every revision of that report in a thread
worker, when opened, on ``r`` and whenever the database changes, and draws it with
:func:`techconsole.reports.work_text.work_text` in the language of
``$TECHCONSOLE_LANG`` (Italian unless it says otherwise); ``l`` switches Italian and
English, ``v`` steps back through the earlier revisions (from the first, back to the
current one), ``p`` and ``m`` export what is shown (:mod:`.exports`).  An incident
that is not resolved yet has no report: the screen says so, and when it will have one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Footer, Static

from techconsole.i18n import language as console_language
from techconsole.reports.i18n import LANGUAGES, Lang, language
from techconsole.reports.work_text import work_text
from techconsole.services.context import Context
from techconsole.services.documents import work_reports
from techconsole.services.documents.report_views import WorkReportView
from techconsole.services.errors import NotFound
from techconsole.services.incidents import reading as incidents
from techconsole.tui.report.dialogs import CSS
from techconsole.tui.report.exports import ReportExports
from techconsole.tui.signals import console
from techconsole.tui.widgets.text import markup_safe, plain

LANGUAGE_NAMES: dict[Lang, str] = {"it": "italiano", "en": "English"}


class ReportScreen(ReportExports):
    """One incident's work report: the current revision, or an earlier one."""

    CSS_PATH = CSS
    HELP_TITLE = "Work report"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("backspace", "back", "Back", show=False),
        Binding("p", "export_pdf", "PDF"),
        Binding("m", "export_markdown", "Markdown"),
        Binding("l", "language", "it/en"),
        Binding("v", "revision", "Earlier revision"),
        Binding("r", "refresh", "Refresh", show=False),
        Binding("j", "scroll('down')", "Scroll down", show=False),
        Binding("k", "scroll('up')", "Scroll up", show=False),
    ]

    class Loaded(Message):
        """Every revision, oldest first; or why there is none (``error``) and the
        incident's status when it was read (``status``)."""

        def __init__(
            self, views: Sequence[WorkReportView], error: str | None, status: str | None
        ) -> None:
            super().__init__()
            self.views, self.error, self.status = tuple(views), error, status

    def __init__(self, ctx: Context, number: str) -> None:
        super().__init__()
        self.ctx, self.number = ctx, number
        self.views: tuple[WorkReportView, ...] = ()
        self.revision: int | None = None  # the revision shown; None: the current one
        self.lang: Lang = "it"

    def compose(self) -> ComposeResult:
        title = Text(f"Work report · incident {plain(self.number)} · loading…", style="bold")
        yield Static(title, id="report-title")
        with VerticalScroll(id="report-body"):
            yield Static(id="report")
        yield Footer(show_command_palette=False)  # ":" and ctrl+p, said in the help

    def on_mount(self) -> None:
        self.lang = language(configured=console_language())  # the console's, at first
        self.query_one("#report-body").focus()
        console(self).database_changed_signal.subscribe(self, self._database_changed)
        self.reload()

    # ------------------------------------------------------------------ reading
    def reload(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="report-load", exit_on_error=False)
    def _load(self) -> None:
        try:
            current = work_reports.find(self.ctx, self.number)
            views = work_reports.revisions(self.ctx, current.number)
        except NotFound as missing:
            try:
                status: str | None = incidents.show(self.ctx, self.number).incident.status
            except Exception:
                status = None
            self.post_message(self.Loaded((), str(missing), status))
        except Exception as error:
            self.post_message(self.Loaded((), str(error) or type(error).__name__, None))
        else:
            self.post_message(self.Loaded(views, None, None))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        if not message.views:
            self.views = ()
            self._missing(message.error or "", message.status)
            return
        self.views = message.views
        if self.revision is not None and not any(v.revision == self.revision for v in self.views):
            self.revision = None
        self._draw()

    def _database_changed(self, _: None) -> None:
        """The database changed (maybe a new revision): read the report again."""
        self.reload()

    # ------------------------------------------------------------------ drawing
    def shown(self) -> WorkReportView | None:
        """The revision on screen (``None`` while there is none)."""
        if not self.views:
            return None
        for view in self.views:
            if view.revision == self.revision:
                return view
        return self.views[-1]

    def _draw(self) -> None:
        view = self.shown()
        if view is None:
            return
        title = Text(f"Work report {view.title}", style="bold")
        title.append(f" · incident {plain(view.content.incident)}")
        if view.superseded_at is not None:
            title.append(" · superseded by a later revision", style="bold red")
        if len(self.views) > 1:
            title.append(f" · {len(self.views)} revisions (v)", style="dim")
        title.append(f" · {LANGUAGE_NAMES[self.lang]}", style="dim")
        self.query_one("#report-title", Static).update(title)
        self.query_one("#report", Static).update(work_text(view, self.lang))

    def _missing(self, error: str, status: str | None) -> None:
        number = plain(self.number)
        title = Text(f"Work report · incident {number}", style="bold")
        self.query_one("#report-title", Static).update(title)
        if status is not None and status not in work_reports.REPORTED:
            said = Text(f"No work report yet: {number} is {status.replace('_', ' ')}.\n\n")
            said.append("A work report is issued when the incident is resolved", style="bold")
            said.append(" (R on the incident), and issued again when a later change alters it.")
        elif status is not None:
            said = Text(f"No work report was issued for {number}, although it is {status}.\n\n")
            said.append(f"techconsole report issue {number}", style="bold")
            said.append(" issues it now.")
        else:
            said = Text("⚠ The work report could not be read: ", style="bold red")
            said.append(plain(error, one_line=False))
        said.append("\n\nesc goes back.", style="dim")
        self.query_one("#report", Static).update(said)

    # ------------------------------------------------------------------ actions
    def action_language(self) -> None:
        self.lang = LANGUAGES[(LANGUAGES.index(self.lang) + 1) % len(LANGUAGES)]
        self._draw()

    def action_revision(self) -> None:
        """The revision before the one shown; from the first, the current one again."""
        view = self.shown()
        if view is None:
            return
        if len(self.views) == 1:
            said = f"{view.number} has one revision: it was not issued again"
            self.notify(markup_safe(said), title="Revisions")
            return
        at = self.views.index(view)
        self.revision = self.views[at - 1].revision if at > 0 else None
        self._draw()
        self.query_one("#report-body", VerticalScroll).scroll_home(animate=False)

    def action_back(self) -> None:
        self.dismiss()

    def action_refresh(self) -> None:
        self.reload()

    def action_scroll(self, direction: str) -> None:
        body = self.query_one("#report-body", VerticalScroll)
        body.scroll_relative(y=1 if direction == "down" else -1, animate=False)
