"""The incident screen's small forms: a note or a reason, taking in charge, resolving.

Each one checks what it can by itself (a time that reads, a choice made, a text given)
and says so next to the field; whether the incident may take the step is the
service's answer, shown by the screen once the form has closed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.timer import Timer
from textual.types import CSSPathType
from textual.widgets import Input, Select, Static, TextArea

from techconsole.domain.errors import DomainError
from techconsole.domain.limits import MAX_TEXT
from techconsole.domain.wall_time import parse_when
from techconsole.i18n import N_, _
from techconsole.services.mail.previews import Preview
from techconsole.services.views import IncidentView
from techconsole.tui.incident import guarantee as promised
from techconsole.tui.mail.letter import letter
from techconsole.tui.widgets.form_fields import CSS as FORM_CSS
from techconsole.tui.widgets.form_fields import FormScreen, Invalid, field
from techconsole.tui.widgets.text import local, plain

HERE = Path(__file__).parent
CSS: CSSPathType = [FORM_CSS, HERE / "dialogs.tcss"]
#: how long the fields stay unchanged before the message to the customer is read again
PREVIEW_DELAY = 0.3
#: the message's box: at most this share of the screen's height (%), at least these lines
LETTER_SHARE, LETTER_MIN = 35, 4


def heading(what: str, view: IncidentView) -> Text:
    """``Note · 2026-000123 Server fermo``: the step and the incident it is for."""
    line = Text(f"{what} · {plain(view.number)} ", style="bold")
    line.append(plain(view.subject), style="")
    return line


class TextDialog(FormScreen[str]):
    """One text: a note (several lines) or a reason (one line), required or not."""

    CSS_PATH = CSS

    def __init__(
        self,
        title: Text,
        label: str,
        *,
        ok: str = N_("Save"),
        hint: str = "",
        required: str | None = None,
        lines: bool = False,
    ) -> None:
        super().__init__(title)
        self.OK, self.label, self.hint = ok, label, hint
        self.required, self.lines = required, lines

    def fields(self) -> ComposeResult:
        widget: Input | TextArea
        if self.lines:
            widget = TextArea(id="text", compact=True, soft_wrap=True)
        else:
            widget = Input(id="text", compact=True, max_length=MAX_TEXT)
        yield field(self.label, widget, self.hint)

    def text(self) -> str:
        widget = self.query_one("#text")
        return widget.text if isinstance(widget, TextArea) else self.query_one(Input).value

    def collect(self) -> str:
        text = self.text().strip()
        if self.required and not text:
            raise Invalid("text", self.required)
        return text


def read_time(field_id: str, text: str, zone: ZoneInfo, now: datetime) -> datetime | None:
    """A time typed in a field, in the policy's zone; empty is ``None``."""
    if not text.strip():
        return None
    try:
        return parse_when(text, zone, now)
    except DomainError as error:
        raise Invalid(field_id, str(error)) from None


@dataclass(frozen=True, slots=True)
class Acknowledgement:
    estimate: datetime | None
    on_site_by: datetime | None
    message: str
    #: who agreed to an on-site time later than the guarantee, and how
    customer_agreed: str = ""


class AcknowledgeDialog(FormScreen[Acknowledgement]):
    """Taking in charge: the written confirmation, with the estimate when there is one,
    and under it the message the customer will be sent, as the policy says (``preview``
    reads it in a thread worker, again a moment after each change of the fields)."""

    CSS_PATH = CSS
    OK = N_("Take in charge")
    TIMES = ("estimate", "on-site-by")

    class Previewed(Message):
        """The message the customer would be sent (``error``: it could not be read)."""

        def __init__(self, serial: int, preview: Preview | None, error: str = "") -> None:
            super().__init__()
            self.serial, self.preview, self.error = serial, preview, error

    def __init__(
        self,
        view: IncidentView,
        zone: ZoneInfo,
        now: Callable[[], datetime],
        preview: Callable[[Acknowledgement], Preview | None] | None = None,
        guarantee: datetime | None = None,
    ) -> None:
        super().__init__(heading(_("Take in charge"), view))
        self.view, self.zone, self.now = view, zone, now
        self.preview = preview
        #: when the policy guarantees a technician on site (seed 003), if it does
        self.guarantee = guarantee
        self.hints = {
            "estimate": _("optional · {zone} time: 27/11 17:00, tomorrow 9:30, +4h").format(
                zone=zone.key
            ),
            "on-site-by": _("optional · when the technician will be there")
            if guarantee is None
            else promised.on_site_hint(guarantee, zone),
        }
        #: the newest preview asked for, and the one shown
        self.preview_serial = self.preview_shown = 0
        self._preview_timer: Timer | None = None

    def fields(self) -> ComposeResult:
        estimate, on_site_by = (
            Input(id="estimate", compact=True),
            Input(id="on-site-by", compact=True),
        )
        yield field(_("Resolution by"), estimate, self.hints["estimate"])
        yield field(_("On site by"), on_site_by, self.hints["on-site-by"])
        if self.guarantee is not None:
            agreed = Input(id="agreed", compact=True, max_length=MAX_TEXT)
            yield field(_("Agreed by"), agreed, _(promised.AGREED_HINT))
        told = _("optional · what was written to the customer")
        message = Input(id="message", compact=True, max_length=MAX_TEXT)
        yield field(_("Message"), message, told)
        if self.preview is not None:
            said = Static(Text(_("reading the message to the customer…"), style="dim"))
            yield VerticalScroll(said, id="letter", classes="letter")

    def on_mount(self) -> None:
        super().on_mount()
        if self.preview is not None:
            self._ask_preview()

    def _time(self, name: str) -> datetime | None:
        now = self.now()
        when = read_time(name, self.query_one(f"#{name}", Input).value, self.zone, now)
        if when is not None and when < now:
            raise Invalid(name, _("{when} is already past").format(when=local(when, self.zone)))
        return when

    @on(Input.Changed, "#estimate, #on-site-by")
    def _typed(self, event: Input.Changed) -> None:
        """Say at once which time was understood, or why it was not."""
        name = event.input.id or ""
        try:
            when = self._time(name)
        except Invalid as error:
            self.show_error(name, error.message)
            return
        self.show_error(name, None)
        if when is None:
            said = self.hints[name]
        else:
            from techconsole.i18n.formats import weekday_datetime  # Babel: once a time is read

            said = f"= {weekday_datetime(when, self.zone)}"
            later = promised.later(self.guarantee, when, self.zone)
            said += f" · {later}" if name == "on-site-by" and later else ""
        self.set_hint(name, said)

    # ------------------------------------------------------------------ the preview
    @property
    def preview_pending(self) -> bool:
        """Whether a preview is due or being read (the fields changed since the last)."""
        return self._preview_timer is not None or self.preview_shown != self.preview_serial

    @on(Input.Changed, "#estimate, #on-site-by, #message")
    def _changed(self) -> None:
        if self.preview is None:
            return
        if self._preview_timer is not None:
            self._preview_timer.stop()
        self._preview_timer = self.set_timer(PREVIEW_DELAY, self._ask_preview)

    def _ask_preview(self) -> None:
        self._preview_timer = None
        estimate, on_site_by = (self._readable(name) for name in self.TIMES)
        ack = Acknowledgement(estimate, on_site_by, self.query_one("#message", Input).value.strip())
        self.preview_serial += 1
        self._read_preview(self.preview_serial, ack)

    def _readable(self, name: str) -> datetime | None:
        """The time in field ``name``; one that does not read (its error is said next to
        it) is left out of the message, which shows what the other fields say."""
        try:
            return self._time(name)
        except Invalid:
            return None

    @work(thread=True, exclusive=True, group="ack-preview", exit_on_error=False)
    def _read_preview(self, serial: int, ack: Acknowledgement) -> None:
        assert self.preview is not None
        try:
            found = self.preview(ack)
        except Exception as error:
            self.post_message(self.Previewed(serial, None, str(error) or type(error).__name__))
        else:
            self.post_message(self.Previewed(serial, found))

    @on(Previewed)
    def _previewed(self, message: Previewed) -> None:
        if message.serial != self.preview_serial:
            return  # the fields changed meanwhile: a newer one is coming
        shown = self.query_one("#letter > Static", Static)
        if message.error:
            failed = _("the message to the customer could not be read: {error}")
            shown.update(Text(failed.format(error=plain(message.error)), style="italic"))
        else:
            shown.update(letter(message.preview))
        self.call_after_refresh(self._fit_letter, message.serial)

    def on_resize(self) -> None:
        if self.preview is not None:
            self.call_after_refresh(self._fit_letter, self.preview_shown)

    def _fit_letter(self, serial: int) -> None:
        """The message's box as tall as the message, up to a third of the screen (then it
        scrolls): a box of ``height: auto`` would make the form as tall as the message.
        The message read for ``serial`` is then shown."""
        box = self.query_one("#letter", VerticalScroll)
        body = box.query_one(Static)
        room = max(LETTER_MIN, self.size.height * LETTER_SHARE // 100)
        box.styles.height = min(body.outer_size.height, room)
        self.preview_shown = max(self.preview_shown, serial)

    def collect(self) -> Acknowledgement:
        estimate, on_site_by = (self._time(name) for name in self.TIMES)
        message = self.query_one("#message", Input).value.strip()
        agreed = ""
        if self.guarantee is not None:
            agreed = self.query_one("#agreed", Input).value.strip()
            if not agreed and promised.later(self.guarantee, on_site_by, self.zone):
                raise Invalid("agreed", promised.unagreed(self.guarantee, self.zone))
        return Acknowledgement(estimate, on_site_by, message, agreed)


@dataclass(frozen=True, slots=True)
class Resolution:
    resolved: bool
    note: str


class ResolveDialog(FormScreen[Resolution]):
    """The intervention is over: solved or not (not solved opens a free follow-up)."""

    CSS_PATH = CSS
    OK = N_("Resolve")

    def __init__(self, view: IncidentView) -> None:
        super().__init__(heading(_("Resolve"), view))

    def fields(self) -> ComposeResult:
        choices: list[tuple[str, bool]] = [
            (_("Yes: the problem is solved"), True),
            (_("No: not solved (a free urgent follow-up opens)"), False),
        ]
        outcome = Select(choices, prompt=_("choose…"), id="outcome", compact=True)
        yield field(_("Solved?"), outcome)
        yield field(_("What was done"), TextArea(id="note", compact=True), _("optional"))

    def collect(self) -> Resolution:
        outcome = self.query_one("#outcome", Select).value
        if not isinstance(outcome, bool):
            raise Invalid("outcome", _("say whether the problem is solved"))
        return Resolution(outcome, self.query_one("#note", TextArea).text.strip())
