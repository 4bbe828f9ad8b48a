"""``H`` on the queue: the monthly health checks (seed 004, "Monitoraggio del sistema").

The checks to do — overdue first, then due, and with ``u`` the upcoming ones — for every
customer (``1``) or only those whose checks are given to the person at the console
(``2``: the technician's day, the console having no agenda of its own); under them the
machines left out (under a contract in force but not covered: no check), then the checks
done this month.  ``c`` (or ``enter``) records the check of the highlighted machine in a
form (:mod:`.form`), ``w`` writes the highlighted done check's report as a PDF in the
console's language.  Read in a thread worker when opened, after a step, on ``r`` and
whenever the database changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable, Footer, Static

from techconsole.domain import check_items
from techconsole.i18n import N_, _, ngettext
from techconsole.i18n import language as console_language
from techconsole.services.checks import due, reading, record
from techconsole.services.checks.views import CheckView, DueCheck, DueList
from techconsole.services.context import Context
from techconsole.tui import folders
from techconsole.tui.checks.form import RecordCheckForm
from techconsole.tui.checks.lines import (
    DONE_COLUMNS,
    DUE_COLUMNS,
    done_lines,
    due_lines,
    left_out,
    word,
)
from techconsole.tui.keys import named
from techconsole.tui.readonly import BANNER
from techconsole.tui.signals import console
from techconsole.tui.speak import speak
from techconsole.tui.step_runner import StepRunner
from techconsole.tui.widgets.text import markup_safe, plain


class ChecksTable(DataTable[Text]):
    """Lines with keys; the cursor stays on the line it was on when they change."""

    BINDINGS: ClassVar[list[BindingType]] = named(
        "checks",
        [
            Binding("j", "cursor_down", N_("Down"), show=False),
            Binding("k", "cursor_up", N_("Up"), show=False),
        ],
    )

    def __init__(self, columns: Sequence[str], *, id: str) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, id=id)
        self.columns_ = tuple(columns)

    def fill(self, lines: Sequence[tuple[str, Sequence[Text]]]) -> None:
        current = self.cursor_key()
        self.clear(columns=True)
        for column in self.columns_:
            self.add_column(word(column))
        for key, cells in lines:
            self.add_row(*cells, key=key)
        keys = [key for key, _cells in lines]
        if current in keys:
            self.move_cursor(row=keys.index(current), animate=False)

    def cursor_key(self) -> str | None:
        if not self.row_count:
            return None
        try:
            key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        except Exception:
            return None
        return None if key.value is None else str(key.value)


@dataclass(frozen=True, slots=True)
class Read:
    due: DueList
    done: list[CheckView]


#: the keys that act on the checks: not offered when there are none (:meth:`_nothing`)
ON_A_CHECK = frozenset({"record", "mine", "upcoming", "write"})


class ChecksScreen(StepRunner):
    """The checks to do and done."""

    CSS_PATH = Path(__file__).parent / "checks.tcss"
    HELP_TITLE = N_("Health checks")
    RELOAD_AFTER_REFUSAL = True
    BINDINGS: ClassVar[list[BindingType]] = named(
        "checks",
        [
            Binding("escape", "back", N_("Back")),
            Binding("backspace", "back", N_("Back"), show=False),
            Binding("q", "app.quit", N_("Quit"), show=False),  # esc shown instead
            Binding("c", "record", N_("Record the check")),
            Binding("1", "mine(False)", N_("All")),
            Binding("2", "mine(True)", N_("Mine")),
            Binding("u", "upcoming", N_("Upcoming")),
            Binding("w", "write", N_("Report PDF")),
            Binding("r", "refresh", N_("Refresh")),
        ],
    )
    WRITES: ClassVar[frozenset[str]] = frozenset({"record"})

    class Loaded(Message):
        def __init__(self, serial: int, read: Read | None, error: str = "") -> None:
            super().__init__()
            self.serial, self.read, self.error = serial, read, error

    class Written(Message):
        def __init__(self, said: str, error: bool = False) -> None:
            super().__init__()
            self.said, self.error = said, error

    def __init__(self, ctx: Context, *, mine: bool = False) -> None:
        super().__init__()
        speak(self)
        self.ctx = ctx
        self.mine, self.upcoming = mine, False
        self.found: Read | None = None
        self.failed: str | None = None
        self.serial = self.answered = 0

    def compose(self) -> ComposeResult:
        yield Static(
            Text(_("Health checks") + " · " + _("loading…"), style="bold"), id="checks-title"
        )
        yield Static(_("No health check to do."), id="checks-none", classes="checks-empty")
        yield ChecksTable(DUE_COLUMNS, id="checks-due")
        yield Static(id="checks-left-out")
        yield Static(Text(_("Done this month"), style="bold"), id="checks-done-title")
        yield ChecksTable(DONE_COLUMNS, id="checks-done")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#checks-none").display = False
        self.query_one("#checks-due", ChecksTable).focus()
        console(self).database_changed_signal.subscribe(self, self._changed)
        self.reload()

    # ------------------------------------------------------------------ reading
    def reload(self) -> None:
        self.serial += 1
        self._load(self.serial, self.mine, self.upcoming)

    @work(thread=True, exclusive=True, group="checks-load", exit_on_error=False)
    def _load(self, serial: int, mine: bool, upcoming: bool) -> None:
        try:
            found = due.due_checks(self.ctx, mine=mine, upcoming=upcoming)
            month = f"{found.today:%Y-%m}"
            done = reading.list_checks(self.ctx, month=month, limit=200)
        except Exception as error:
            self.post_message(self.Loaded(serial, None, str(error) or type(error).__name__))
        else:
            self.post_message(self.Loaded(serial, Read(found, done)))

    def _nothing(self) -> bool:
        """The policy sets no monthly checks and there is none to do or done: nothing
        for the checks' keys to act on."""
        found = self.found
        return (
            found is not None
            and found.due.every is None
            and not found.due.checks
            and not found.done
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Without any check (a policy without monthly checks), only esc, r and ?."""
        return not (action in ON_A_CHECK and self._nothing())

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        if message.serial < self.answered:
            return
        self.answered = message.serial
        if message.read is None:
            self.failed = message.error
        else:
            before = self._nothing()
            self.failed, self.found = None, message.read
            found = message.read
            if self._nothing() != before:
                self.refresh_bindings()  # the keys of the checks come or go
            self.query_one("#checks-due", ChecksTable).fill(due_lines(found.due.checks))
            self.query_one("#checks-none").display = not found.due.checks
            self.query_one("#checks-left-out", Static).update(left_out(found.due.uncovered))
            self.query_one("#checks-left-out").display = bool(found.due.uncovered)
            zone = self.ctx.policy.zone
            self.query_one("#checks-done", ChecksTable).fill(done_lines(found.done, zone))
        self.show_title()

    def show_title(self) -> None:
        title = Text(_("Health checks"), style="bold")
        title.append(" · " + (_("Mine") if self.mine else _("All")))
        if self.found is not None:
            found = self.found.due
            title.append(" · " + _("as of {day}").format(day=f"{found.today:%d/%m/%Y}"))
            todo = sum(c.state != "upcoming" for c in found.checks)
            title.append(" · " + ngettext("{n} to do", "{n} to do", todo).format(n=todo))
            if found.overdue:
                late = ngettext("{n} overdue", "{n} overdue", len(found.overdue))
                title.append(" · ✖ " + late.format(n=len(found.overdue)), style="bold red")
            if found.every is None:
                title.append(" · " + _("the policy sets no monthly checks"), style="dim")
        if self.upcoming:
            title.append(" · " + _("upcoming shown"), style="dim")
        if console(self).read_only:
            title.append(" · ")
            title.append(_(BANNER), style="bold reverse")
        if self.failed:
            title.append(" · ⚠ " + _("not refreshed") + ": ", style="bold red")
            title.append(plain(self.failed), style="red")
        self.query_one("#checks-title", Static).update(title)

    def _changed(self, _: None) -> None:
        self.reload()

    # ------------------------------------------------------------------ keys
    def action_back(self) -> None:
        self.dismiss()

    def action_refresh(self) -> None:
        self.reload()

    def action_mine(self, mine: bool) -> None:
        self.mine = mine
        self.show_title()
        self.reload()

    def action_upcoming(self) -> None:
        self.upcoming = not self.upcoming
        self.show_title()
        self.reload()

    def chosen(self) -> DueCheck | None:
        key = self.query_one("#checks-due", ChecksTable).cursor_key()
        checks = self.found.due.checks if self.found is not None else ()
        return next((c for c in checks if f"{c.asset_id}:{c.kind}" == key), None)

    @on(DataTable.RowSelected, "#checks-due")
    async def _selected(self, event: DataTable.RowSelected) -> None:
        """``enter`` on a line: as ``c`` (through the app, which refuses it on a read-only
        database)."""
        event.stop()
        await self.app.run_action("record", self)

    def action_record(self) -> None:
        check = self.chosen()
        if check is None:
            self.notify(_("no check here"), severity="warning")
            return
        checklist = self.ctx.policy.service.health_checklist
        self.app.push_screen(RecordCheckForm(check, checklist), self._record)

    def _record(self, new: record.NewCheck | None) -> None:
        if new is None:
            return

        def step(ctx: Context) -> str:
            done = record.record_check(ctx, new)
            said = _("check {number} of #{id} {name} recorded").format(
                number=done.number, id=done.asset_id, name=markup_safe(done.asset)
            )
            verified = done.verified(ctx.policy)
            if verified:
                said += " · " + markup_safe(check_items.software_verified(verified))
            if done.repeat_by is not None:
                said += " · " + _("to repeat by {day}").format(day=f"{done.repeat_by:%d/%m/%Y}")
            opened = [i.incident for i in done.items if i.incident]
            if opened:
                said += " · " + _("incidents: {numbers}").format(numbers=", ".join(opened))
            return said

        self.run_step(_("Health check"), step)

    def action_write(self) -> None:
        """The highlighted done check's report, as a PDF in the console's language, in the
        folder of the last export."""
        number = self.query_one("#checks-done", ChecksTable).cursor_key()
        if number is None:
            self.notify(_("no check done here"), severity="warning")
            return
        self._write(number, folders.proposed(self))

    @work(thread=True, group="checks-write", exit_on_error=False)
    def _write(self, number: str, folder: str) -> None:
        from techconsole.reports import files
        from techconsole.reports.check_pdf import check_pdf
        from techconsole.reports.i18n import language

        try:
            lang = language(configured=console_language())
            found = reading.check_report(self.ctx, number)
            where = files.folder(folder, option="")
            stem = files.stem_in(found.check.file_stem, lang, "pdf")
            path = files.export(where, stem, "pdf", lambda: check_pdf(found, lang))
        except Exception as error:
            self.post_message(self.Written(str(error) or type(error).__name__, error=True))
        else:
            self.post_message(self.Written(str(path)))

    @on(Written)
    def _written(self, message: Written) -> None:
        if message.error:
            self.notify(markup_safe(message.said), title=_("Report PDF"), severity="error")
            return
        folders.used(self, Path(message.said).parent)
        said = _("written: {path}").format(path=markup_safe(message.said))
        self.notify(said, title=_("Report PDF"))
