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
from textual import on
from textual.app import ComposeResult
from textual.types import CSSPathType
from textual.widgets import Input, Select, TextArea

from techconsole.domain.errors import DomainError
from techconsole.domain.limits import MAX_TEXT
from techconsole.domain.wall_time import parse_when
from techconsole.i18n import N_, _
from techconsole.services.views import IncidentView
from techconsole.tui.widgets.form_fields import CSS as FORM_CSS
from techconsole.tui.widgets.form_fields import FormScreen, Invalid, field
from techconsole.tui.widgets.text import local, plain

HERE = Path(__file__).parent
CSS: CSSPathType = [FORM_CSS, HERE / "dialogs.tcss"]


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


class AcknowledgeDialog(FormScreen[Acknowledgement]):
    """Taking in charge: the written confirmation, with the estimate when there is one."""

    CSS_PATH = CSS
    OK = N_("Take in charge")
    TIMES = ("estimate", "on-site-by")

    def __init__(self, view: IncidentView, zone: ZoneInfo, now: Callable[[], datetime]) -> None:
        super().__init__(heading(_("Take in charge"), view))
        self.view, self.zone, self.now = view, zone, now
        self.hints = {
            "estimate": _("optional · {zone} time: 27/11 17:00, tomorrow 9:30, +4h").format(
                zone=zone.key
            ),
            "on-site-by": _("optional · when the technician will be there"),
        }

    def fields(self) -> ComposeResult:
        estimate, on_site_by = (
            Input(id="estimate", compact=True),
            Input(id="on-site-by", compact=True),
        )
        yield field(_("Resolution by"), estimate, self.hints["estimate"])
        yield field(_("On site by"), on_site_by, self.hints["on-site-by"])
        told = _("optional · what was written to the customer")
        message = Input(id="message", compact=True, max_length=MAX_TEXT)
        yield field(_("Message"), message, told)

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
        self.set_hint(name, said)

    def collect(self) -> Acknowledgement:
        estimate, on_site_by = (self._time(name) for name in self.TIMES)
        message = self.query_one("#message", Input).value.strip()
        return Acknowledgement(estimate, on_site_by, message)


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
        outcome = Select(choices, prompt=_("Solved?"), id="outcome", compact=True)
        yield field(_("Solved?"), outcome)
        yield field(_("What was done"), TextArea(id="note", compact=True), _("optional"))

    def collect(self) -> Resolution:
        outcome = self.query_one("#outcome", Select).value
        if not isinstance(outcome, bool):
            raise Invalid("outcome", _("say whether the problem is solved"))
        return Resolution(outcome, self.query_one("#note", TextArea).text.strip())
