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

from techconsole.domain.statuses import status_word
from techconsole.i18n import N_, _, ngettext
from techconsole.i18n import language as console_language
from techconsole.reports.i18n import LANGUAGES, Lang, language
from techconsole.reports.work_text import work_text
from techconsole.services.context import Context
from techconsole.services.documents import work_reports
from techconsole.services.documents.report_views import WorkReportView
from techconsole.services.errors import NotFound
from techconsole.services.incidents import reading as incidents
from techconsole.tui.keys import named
from techconsole.tui.report.dialogs import CSS
from techconsole.tui.report.exports import ReportExports
from techconsole.tui.signals import console
from techconsole.tui.speak import speak
from techconsole.tui.widgets.scroll import scroll_line
from techconsole.tui.widgets.text import filled, markup_safe, plain

#: the language of the report shown, in the console's words
LANGUAGE_NAMES: dict[Lang, str] = {"it": N_("Italian"), "en": N_("English")}
#: the keys that act on a report shown: not offered while there is none
ON_A_REPORT = frozenset({"export_pdf", "export_markdown", "language", "revision"})


class ReportScreen(ReportExports):
    """One incident's work report: the current revision, or an earlier one."""

    CSS_PATH = CSS
    HELP_TITLE = N_("Work report")
    BINDINGS: ClassVar[list[BindingType]] = named(
        "report",
        [
            Binding("escape", "back", N_("Back")),
            Binding("backspace", "back", N_("Back"), show=False),
            Binding("q", "app.quit", N_("Quit"), show=False),  # esc shown instead
            Binding("p", "export_pdf", "PDF"),
            Binding("m", "export_markdown", "Markdown"),
            Binding("l", "language", "it/en"),
            Binding("v", "revision", N_("Earlier revision")),
            Binding("r", "refresh", N_("Refresh"), show=False),
            Binding("j", "scroll('down')", N_("Scroll down"), show=False),
            Binding("k", "scroll('up')", N_("Scroll up"), show=False),
        ],
    )

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
        speak(self)
        self.ctx, self.number = ctx, number
        self.views: tuple[WorkReportView, ...] = ()
        self.revision: int | None = None  # the revision shown; None: the current one
        self.lang: Lang = "it"

    def compose(self) -> ComposeResult:
        said = _("Work report · incident {number} · loading…").format(number=plain(self.number))
        title = Text(said, style="bold")
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
        if bool(message.views) != bool(self.views):
            self.refresh_bindings()  # the report's keys come or go
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
        title = Text(_("Work report {report}").format(report=view.title), style="bold")
        incident = _("incident {number}").format(number=plain(view.content.incident))
        title.append(f" · {incident}")
        if view.superseded_at is not None:
            title.append(" · " + _("superseded by a later revision"), style="bold red")
        if len(self.views) > 1:
            count = len(self.views)
            revisions = ngettext("{n} revision (v)", "{n} revisions (v)", count).format(n=count)
            title.append(f" · {revisions}", style="dim")
        title.append(f" · {_(LANGUAGE_NAMES[self.lang])}", style="dim")
        self.query_one("#report-title", Static).update(title)
        self.query_one("#report", Static).update(work_text(view, self.lang))

    def _missing(self, error: str, status: str | None) -> None:
        number = plain(self.number)
        title = Text(_("Work report · incident {number}").format(number=number), style="bold")
        self.query_one("#report-title", Static).update(title)
        if status is not None and status not in work_reports.REPORTED:
            said = Text(
                _("No work report yet: {number} is {status}.").format(
                    number=number, status=status_word(status)
                )
            )
            said.append("\n\n")
            said.append(
                _("A work report is issued when the incident is resolved (R on the incident)."),
                style="bold",
            )
            said.append(" " + _("It is issued again when a later change alters it."))
        elif status is not None:
            said = Text(
                _("No work report was issued for {number}, although it is {status}.").format(
                    number=number, status=status_word(status)
                )
            )
            said.append("\n\n")
            command = Text(f"techconsole report issue {number}", style="bold")
            said.append_text(filled(_("{command} issues it now."), command=command))
        else:
            said = filled(
                _("⚠ The work report could not be read: {error}"), "bold red", error=error
            )
        said.append("\n\n" + _("esc goes back."), style="dim")
        self.query_one("#report", Static).update(said)

    # ------------------------------------------------------------------ actions
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The report's keys (export, language, revisions) only while one is shown."""
        return bool(self.views) or action not in ON_A_REPORT

    def action_language(self) -> None:
        self.lang = LANGUAGES[(LANGUAGES.index(self.lang) + 1) % len(LANGUAGES)]
        self._draw()

    def action_revision(self) -> None:
        """The revision before the one shown; from the first, the current one again."""
        view = self.shown()
        if view is None:
            return
        if len(self.views) == 1:
            said = _("{report} has one revision: it was not issued again").format(
                report=view.number
            )
            self.notify(markup_safe(said), title=_("Revisions"))
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
        scroll_line(self.query_one("#report-body", VerticalScroll), direction)
