"""``t``: severity, urgency, level, category and warranty in one form.

Only what was changed is sent; the service keeps the SLA time already used.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.widgets import Checkbox, Input, Select

from techconsole.domain.limits import MAX_NAME
from techconsole.domain.policy import Policy
from techconsole.i18n import N_, _
from techconsole.services.views import IncidentDetail
from techconsole.tui.incident.dialogs import CSS, heading
from techconsole.tui.incident.facts import warranty
from techconsole.tui.widgets import options
from techconsole.tui.widgets.form_fields import FormScreen, Invalid, Tick, field
from techconsole.tui.widgets.text import typed


@dataclass(frozen=True, slots=True)
class Triage:
    """What changes; ``None`` leaves a value as it is."""

    severity: str | None = None
    urgent: bool | None = None
    urgent_on_request: bool | None = None
    level: int | None = None
    category: str | None = None
    warranty: bool | None = None

    def said(self) -> str:
        words = [
            f"{_(name)} {_('yes') if value is True else _('no') if value is False else value}"
            for name, value in (
                (N_("severity"), self.severity),
                (N_("urgent"), self.urgent),
                (N_("urgent on request"), self.urgent_on_request),
                (N_("level"), self.level),
                (N_("category"), self.category),
                (N_("warranty"), self.warranty),
            )
            if value is not None
        ]
        return ", ".join(words)


class TriageDialog(FormScreen[Triage]):
    """The technician's judgement of an incident, changed with who and when recorded."""

    CSS_PATH = CSS
    OK = N_("Triage")

    def __init__(self, detail: IncidentDetail, policy: Policy) -> None:
        super().__init__(heading(_("Triage"), detail.incident))
        self.view, self.policy = detail.incident, policy
        self.warranty = warranty(detail)

    def fields(self) -> ComposeResult:
        view = self.view
        severities = options.severities(self.policy)
        yield field(
            _("Severity"),
            Select(severities, value=view.severity, allow_blank=False, id="severity", compact=True),
        )
        yield field(_("Urgent"), Tick(_("urgent"), view.urgent, id="urgent", compact=True))
        yield field(
            "",
            Tick(
                _("urgent at the customer's request (billed as such)"),
                view.urgent_on_request,
                id="on-request",
                compact=True,
            ),
        )
        levels = options.levels(self.policy)
        yield field(
            _("Level"),
            Select(levels, value=view.level, allow_blank=False, id="level", compact=True),
        )
        category = Input(
            view.category,
            placeholder=_("e.g. printer, network"),
            id="category",
            max_length=MAX_NAME,
        )
        category.compact = True
        yield field(_("Category"), category)
        yield field(
            _("Warranty"),
            Tick(_("work under warranty (free)"), self.warranty, id="warranty", compact=True),
        )

    def collect(self) -> Triage:
        view = self.view
        severity = self.query_one("#severity", Select).value
        level = self.query_one("#level", Select).value
        urgent = self.query_one("#urgent", Checkbox).value
        on_request = self.query_one("#on-request", Checkbox).value
        category = typed(self.query_one("#category", Input).value).strip()
        under_warranty = self.query_one("#warranty", Checkbox).value
        change = Triage(
            severity=severity if isinstance(severity, str) and severity != view.severity else None,
            urgent=urgent if urgent != view.urgent else None,
            urgent_on_request=on_request if on_request != view.urgent_on_request else None,
            level=level if isinstance(level, int) and level != view.level else None,
            category=category if category != view.category else None,
            warranty=under_warranty if under_warranty != self.warranty else None,
        )
        if change == Triage():
            raise Invalid("", _("nothing was changed: change a field, or esc to leave"))
        return change
