"""What every form of the console shares: labelled one-line fields, the note under each
one (a hint, or the error that stops the form), and a modal that only closes when
what was typed holds together.

A :class:`FormScreen` subclass yields its fields with :func:`field`, checks them in
:meth:`FormScreen.collect` (raising :class:`Invalid` for the field at fault) and gets
its result back from ``push_screen``'s callback; ``esc`` (or ``q`` off a text field)
leaves without a result, ``ctrl+s`` or the first button submits.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import ClassVar, Generic, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.css.query import NoMatches
from textual.screen import ModalScreen
from textual.types import CSSPathType
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Footer, Input, Label, Static

from techconsole.i18n import N_, _
from techconsole.tui.keys import named
from techconsole.tui.speak import speak, speak_within
from techconsole.tui.widgets.text import plain

#: the forms' styles, first in the ``CSS_PATH`` of a form that adds its own
CSS = Path(__file__).parent / "form_fields.tcss"

ResultT = TypeVar("ResultT")


class Invalid(Exception):
    """What is wrong with one field (``field`` is its widget id; empty: the whole form)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field, message


class Tick(Checkbox):
    """A checkbox whose mark itself says on (``✓``) or off, also without colour."""

    def render(self) -> Content:
        self.BUTTON_INNER = "✓" if self.value else " "
        return super().render()


def field(label: str, widget: Widget, hint: str = "") -> Vertical:
    """A labelled field, and under it a note: the hint, or the field's error."""
    assert widget.id is not None, "a form field needs an id for its errors"
    note = Static(Text(hint), id=f"{widget.id}-note", classes="field-note")
    note.display = bool(hint)
    line = Horizontal(Label(label, classes="field-label"), widget, classes="field-line")
    return Vertical(line, note, classes="field", id=f"{widget.id}-field")


def error_text(message: str) -> Text:
    """An error as it reads next to a field: a glyph (for NO_COLOR) and the words."""
    return Text(f"✖ {plain(message, one_line=False)}", style="bold red")


class FormScreen(ModalScreen[ResultT | None], Generic[ResultT]):
    """A modal form: a title, fields, a general error line, and the buttons."""

    CSS_PATH: ClassVar[CSSPathType | None] = [CSS]
    BINDINGS: ClassVar[list[BindingType]] = named(
        "form",
        [
            Binding("escape", "cancel", N_("Cancel")),
            Binding("q", "cancel", N_("Cancel"), show=False),
            Binding("ctrl+s", "submit", N_("Save")),
        ],
    )

    #: the submit button's words (a msgid): ``ctrl+s`` in the footer says them too
    OK = N_("Save")
    HELP_TITLE = N_("Form")

    def __init__(self, title: str | Text) -> None:
        super().__init__()
        speak(self, {"submit": self.OK})
        self.heading = title if isinstance(title, Text) else Text(title)
        self._hints: dict[str, Text] = {}

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Static(self.heading, classes="form-title")
            with Vertical(classes="form-fields"):
                yield from self.fields()
            yield Static(id="form-error", classes="form-error")
            with Horizontal(classes="form-buttons"):
                yield Button(_(self.OK), id="form-ok", variant="primary", compact=True)
                yield Button(_("Cancel"), id="form-cancel", compact=True)
        yield Footer(show_command_palette=False)  # ":" and ctrl+p, said in the help

    def fields(self) -> ComposeResult:
        """The form's own fields (each made with :func:`field`)."""
        yield from ()

    def collect(self) -> ResultT:
        """What the form says, checked; raise :class:`Invalid` for a field at fault."""
        raise NotImplementedError

    def on_mount(self) -> None:
        speak_within(self)  # the fields' own keys: an open menu's esc in the footer
        self.query_one("#form-error", Static).display = False
        for note in self.query(".field-note").results(Static):
            if note.id:
                hint = note.content
                self._hints[note.id] = hint if isinstance(hint, Text) else Text(str(hint))
        first = self.query(".field-line > *").exclude("Label").first()
        first.focus()

    # ------------------------------------------------------------------ errors
    def show_error(self, field_id: str | None, message: str | None) -> None:
        """Say what is wrong next to ``field_id`` (or under the form when ``None``);
        ``message=None`` puts the field's hint back."""
        if field_id is None:
            line = self.query_one("#form-error", Static)
            line.update(error_text(message) if message else "")
            line.display = bool(message)
            return
        try:
            note = self.query_one(f"#{field_id}-note", Static)
        except NoMatches:
            self.show_error(None, message)
            return
        hint = self._hints.get(note.id or "", Text())
        note.update(error_text(message) if message else hint)
        note.display = bool(message) or bool(hint.plain)
        note.set_class(bool(message), "-error")

    def set_hint(self, field_id: str, hint: str | Text) -> None:
        """Change a field's hint (and show it, unless an error is shown there)."""
        key = f"{field_id}-note"
        self._hints[key] = hint if isinstance(hint, Text) else Text(hint)
        note = self.query_one(f"#{key}", Static)
        if not note.has_class("-error"):
            note.update(self._hints[key])
            note.display = bool(self._hints[key].plain)

    def clear_errors(self) -> None:
        for note in self.query(".field-note.-error").results(Static):
            if note.id:
                self.show_error(note.id.removesuffix("-note"), None)
        self.show_error(None, None)

    # ------------------------------------------------------------------ submitting
    def check(self) -> ResultT | None:
        """The result if the form holds together; otherwise each error shown."""
        self.clear_errors()
        try:
            return self.collect()
        except Invalid as error:
            self.refuse(error)
            return None

    def refuse(self, error: Invalid) -> None:
        """Say what is wrong next to its field, and go there."""
        self.show_error(error.field or None, error.message)
        if error.field:
            with contextlib.suppress(NoMatches):
                self.query_one(f"#{error.field}").focus()

    def action_submit(self) -> None:
        result = self.check()
        if result is not None:
            self.submitted(result)

    def submitted(self, result: ResultT) -> None:
        """A valid result: by default the form closes with it."""
        self.dismiss(result)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def _entered(self, event: Input.Submitted) -> None:
        event.stop()
        self.entered(event.input.id or "")

    def entered(self, input_id: str) -> None:
        """Enter in a one-line field: by default it submits the form."""
        self.action_submit()

    @on(Button.Pressed, "#form-ok")
    def _ok(self) -> None:
        self.action_submit()

    @on(Button.Pressed, "#form-cancel")
    def _cancel(self) -> None:
        self.action_cancel()
