"""``ctrl+s`` on the queue: keep the view, sort and filter shown under a name, a tab of
its own from then on (and at the next start)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input

from techconsole.i18n import N_, _
from techconsole.tui.state import LONGEST
from techconsole.tui.widgets.form_fields import FormScreen, Invalid, field
from techconsole.tui.widgets.text import typed


class SaveViewDialog(FormScreen[str]):
    """Ask for the saved view's name; the result is the name, trimmed."""

    OK = N_("Save")
    HELP_TITLE = N_("Save this view")

    def __init__(self, names: list[str]) -> None:
        super().__init__(_("Save this view"))
        self.names = names

    def fields(self) -> ComposeResult:
        hint = _("the view, its sort and its filter, as they are now")
        if self.names:
            hint += " · " + _("a name in use is replaced")
        yield field(_("Name"), Input(placeholder=_("e.g. urgent for me"), id="name"), hint)

    def collect(self) -> str:
        name = " ".join(typed(self.query_one("#name", Input).value).split())
        if not name:
            raise Invalid("name", _("give the view a name"))
        if len(name) > LONGEST:
            raise Invalid("name", _("at most {n} characters").format(n=LONGEST))
        return name
