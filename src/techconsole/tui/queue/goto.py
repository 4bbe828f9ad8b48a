"""``i`` on the queue: open any incident by its number, also a resolved or closed one
(to see what was done, or its work report with ``w``)."""

from __future__ import annotations

import re

from textual.app import ComposeResult
from textual.widgets import Input

from techconsole.i18n import N_, _
from techconsole.tui.widgets.form_fields import FormScreen, Invalid, field

#: ``2026-000123`` or the short number ``123`` (this year's, or the latest with it)
NUMBER = re.compile(r"^(\d{4}-\d{1,6}|\d{1,6})$")


class GoToIncident(FormScreen[str]):
    """Ask for an incident number; the result is the number as typed, trimmed."""

    OK = N_("Open")
    HELP_TITLE = N_("Go to incident")

    def __init__(self) -> None:
        super().__init__(_("Go to incident"))

    def fields(self) -> ComposeResult:
        yield field(
            _("Number"),
            Input(placeholder=_("2026-000123 or 123"), id="number"),
            _("any incident, open or closed"),
        )

    def collect(self) -> str:
        typed = self.query_one("#number", Input).value.strip()
        if not typed:
            raise Invalid("number", _("type the incident's number"))
        if not NUMBER.match(typed):
            message = _("'{typed}' is not an incident number (like 2026-000123)")
            raise Invalid("number", message.format(typed=typed))
        return typed
