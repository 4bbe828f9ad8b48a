"""Recording a check from the console: for each item of the policy's checklist, how it went
and what was found and done, and whether to open an incident about it at once; a note for
the customer.  Every item starts as fine; a problem, a problem solved on the spot or a
dangerous condition must say what was found.  ``services.checks.record`` is the judge:
the screen runs it once the form closes, and a refusal is said in a toast.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.types import CSSPathType
from textual.widgets import Input, Label, Select, Static

from techconsole.domain import check_items
from techconsole.domain.limits import MAX_TEXT
from techconsole.i18n import N_, _
from techconsole.services.checks.record import NewCheck
from techconsole.services.checks.views import DueCheck
from techconsole.tui.widgets.form_fields import CSS as FORM_CSS
from techconsole.tui.widgets.form_fields import FormScreen, Invalid, Tick, field
from techconsole.tui.widgets.text import cell, typed

HERE = Path(__file__).parent


def heading(check: DueCheck) -> Text:
    """``Health check · #3 PC-Reception · Studio Rossi``."""
    line = Text(_("Health check") + " · ", style="bold")
    line.append_text(cell(f"#{check.asset_id} {check.asset}"))
    line.append(" · ")
    line.append_text(cell(check.customer))
    return line


class RecordCheckForm(FormScreen[NewCheck]):
    """How each item of the checklist went on one machine."""

    CSS_PATH: ClassVar[CSSPathType | None] = [FORM_CSS, HERE / "form.tcss"]
    OK = N_("Record the check")
    HELP_TITLE = N_("Record a health check")

    def __init__(self, check: DueCheck, checklist: Sequence[str]) -> None:
        super().__init__(heading(check))
        self.check_ = check
        self.checklist = tuple(checklist)

    def fields(self) -> ComposeResult:
        outcomes = [(_(check_items.OUTCOME_NAMES[code]), code) for code in check_items.OUTCOMES]
        for key in self.checklist:
            yield item_line(key, outcomes)
        yield field(_("Note"), Input(id="note", compact=True, max_length=MAX_TEXT))
        yield Static(Text(_(check_items.STATEMENT), style="italic"), classes="check-statement")

    def collect(self) -> NewCheck:
        findings = []
        incidents = []
        for key in self.checklist:
            code = self.query_one(f"#outcome-{key}", Select).value
            said = typed(self.query_one(f"#found-{key}", Input).value, one_line=False).strip()
            if code in check_items.NEEDS_FINDING and not said:
                raise Invalid(f"found-{key}", _("say what was found and done"))
            findings.append(check_items.Finding(key, str(code), said))
            if self.query_one(f"#incident-{key}", Tick).value:
                if code in (check_items.OK, check_items.NOT_APPLICABLE):
                    raise Invalid(f"found-{key}", _("nothing was found to open an incident about"))
                incidents.append(key)
        note = typed(self.query_one("#note", Input).value, one_line=False).strip()
        return NewCheck(
            self.check_.asset_id, tuple(findings), note=note, incidents=tuple(incidents)
        )


def item_line(key: str, outcomes: list[tuple[str, str]]) -> Vertical:
    """One item: its name, how it went and a tick to open an incident on a line, what was
    found under them; the note under it says what is wrong (as :func:`field` does)."""
    line = Horizontal(
        Label(_(check_items.item_name(key)), classes="field-label"),
        Select(outcomes, value=check_items.OK, allow_blank=False, id=f"outcome-{key}",
               compact=True),
        Tick(_("open an incident"), id=f"incident-{key}"),
        classes="field-line check-line",
    )  # fmt: skip
    found = Horizontal(
        Input(placeholder=_("what was found and done"), id=f"found-{key}", compact=True,
              max_length=MAX_TEXT),
        classes="field-line check-found",
    )  # fmt: skip
    note = Static(Text(""), id=f"found-{key}-note", classes="field-note")
    note.display = False
    return Vertical(line, found, note, classes="field check-item", id=f"item-{key}-field")
