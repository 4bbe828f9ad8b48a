"""What the two work-session forms of the incident screen share (:mod:`.sessions`): the
start, end, kind and note fields, times read as the console reads them, and the save.

The form reads what it can by itself (a time that does not read, an end and a duration
both given) and says so next to the field.  Then the timer service decides, in a thread
worker: a refusal (before the incident arrived, overlapping another session, a month
closed for invoicing, longer than the policy's maximum, not yours) is said next to the
field it is about (the service names it: ``ServiceError.concerns``) and the form stays
open with what was typed; nothing is saved.  Saved, the form closes with the session.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.timer import Timer
from textual.types import CSSPathType
from textual.widgets import Button, Input, Select, Static

from techconsole.domain.billing_types import SESSION_KINDS
from techconsole.domain.errors import DomainError
from techconsole.domain.instants import format_duration
from techconsole.domain.limits import MAX_TEXT
from techconsole.domain.wall_time import parse_when
from techconsole.i18n import _
from techconsole.services.context import Context
from techconsole.services.errors import ServiceError
from techconsole.services.views import IncidentView
from techconsole.services.work.timer_views import SessionView
from techconsole.tui.incident.dialogs import HERE, heading
from techconsole.tui.step_runner import SAVING_AFTER
from techconsole.tui.timer.figures import kind_word
from techconsole.tui.widgets.form_fields import CSS as FORM_CSS
from techconsole.tui.widgets.form_fields import FormScreen, Invalid, Tick, field

#: a save: the service call, in the worker thread
Save = Callable[[Context], SessionView]


def read_at(field_id: str, text: str, ctx: Context, day: date | None = None) -> datetime | None:
    """The time typed in ``field_id`` (empty: ``None``), as the console reads times; a
    time of day alone (``18:30``) is on ``day`` when given, else today."""
    if not text.strip():
        return None
    try:
        return parse_when(text, ctx.policy.zone, ctx.now(), day)
    except DomainError as error:
        raise Invalid(field_id, str(error)) from None


def typed_time(value: datetime | None, ctx: Context) -> str:
    """A time as the fields show it and read it back: ``23/11/2026 10:00``."""
    return "" if value is None else f"{value.astimezone(ctx.policy.zone):%d/%m/%Y %H:%M}"


class SessionForm(FormScreen[SessionView]):
    """A form whose answer the timer service saves while it stays open."""

    CSS_PATH: ClassVar[CSSPathType | None] = [FORM_CSS, HERE / "sessions.tcss"]

    class Saved(Message):
        def __init__(self, session: SessionView) -> None:
            super().__init__()
            self.session = session

    class Refused(Message):
        def __init__(self, error: str, concerns: str | None) -> None:
            super().__init__()
            self.error, self.concerns = error, concerns

    def __init__(self, title: str, ctx: Context, view: IncidentView) -> None:
        super().__init__(heading(title, view))
        self.ctx, self.view = ctx, view
        self.saving = False
        self._saving_sign: Timer | None = None

    # ------------------------------------------------------------------ the fields
    def time_fields(self, start: str, end: str, end_hint: str) -> ComposeResult:
        start_hint = _("e.g. 18:30, 24/11 9:30, ieri alle 17, 2 ore fa")
        yield field(_("Start"), Input(start, id="start", compact=True), start_hint)
        yield field(_("End"), Input(end, id="end", compact=True), end_hint)

    def kind_note_fields(self, kind: str, note: str) -> ComposeResult:
        kinds = [(kind_word(k), k) for k in SESSION_KINDS]
        kind_box = Select(kinds, value=kind, allow_blank=False, id="kind", compact=True)
        yield field(_("Kind"), kind_box)
        yield field(_("Note"), Input(note, id="note", compact=True, max_length=MAX_TEXT))
        limit = format_duration(self.ctx.policy.max_session)
        longer = _("keep it even beyond {limit} (audited)").format(limit=limit)
        yield field(_("Over maximum"), Tick(longer, id="force", compact=True))

    def kind(self) -> str:
        return str(self.query_one("#kind", Select).value)

    def value(self, name: str) -> str:
        return self.query_one(f"#{name}", Input).value

    def force(self) -> bool:
        return self.query_one("#force", Tick).value

    def show_time(self, name: str, when: datetime | None, hint: str) -> None:
        """Say under field ``name`` which time was understood (or its hint when empty)."""
        from techconsole.i18n.formats import weekday_datetime  # Babel: once a time is read

        self.show_error(name, None)
        zone = self.ctx.policy.zone
        self.set_hint(name, hint if when is None else f"= {weekday_datetime(when, zone)}")

    # ------------------------------------------------------------------ saving
    def collect(self) -> Save:  # type: ignore[override]
        """The service call for what was typed; :class:`Invalid` for a field at fault."""
        raise NotImplementedError

    def field_of(self, concerns: str | None) -> str | None:
        """The field a refusal about the service's input ``concerns`` is said next to: the
        fields have the service's names (``session``, ``start``, ``end``, ``kind``,
        ``note``); one the form does not have is said under the form."""
        return concerns

    def action_cancel(self) -> None:
        if not self.saving:  # a moment: what is being saved is said when it is over
            super().action_cancel()

    def action_submit(self) -> None:
        if self.saving:
            return
        save = self.check()
        if save is None:
            return
        self.saving = True
        self.query_one("#form-ok", Button).disabled = True
        self._saving_sign = self.set_timer(SAVING_AFTER, self._still_saving)
        self._save(save)

    def _still_saving(self) -> None:
        said = _("saving… the database is busy: waiting for it")
        line = self.query_one("#form-error", Static)
        line.update(Text(said, style="dim"))
        line.display = True

    @work(thread=True, group="session-save", exit_on_error=False)
    def _save(self, save: Save) -> None:
        try:
            saved = save(self.ctx)
        except ServiceError as error:
            self.post_message(self.Refused(str(error), error.concerns))
        except DomainError as error:
            self.post_message(self.Refused(str(error), None))
        except Exception as error:  # the database went away: say it, keep the form
            failed = _("failed: {error}").format(error=error or type(error).__name__)
            self.post_message(self.Refused(failed, None))
        else:
            self.post_message(self.Saved(saved))

    def _over(self) -> None:
        self.saving = False
        if self._saving_sign is not None:
            self._saving_sign.stop()
            self._saving_sign = None
        self.show_error(None, None)

    @on(Refused)
    def _refused(self, message: Refused) -> None:
        self._over()
        self.query_one("#form-ok", Button).disabled = False
        self.refuse(Invalid(self.field_of(message.concerns) or "", message.error))

    @on(Saved)
    def _saved(self, message: Saved) -> None:
        self._over()
        self.dismiss(message.session)

    def on_select_changed(self, event: Select.Changed) -> None:
        self.show_error(event.select.id or "", None)
