"""How a customer's customisations read on their screen: one table line each, and the
one under the cursor in full (Rich renderables).

What the customer must do by when reads without colour too: ``⚠ test by 08/12/2026
(in 15 days)``.  The description, as the customer asked, goes through :func:`plain` /
:func:`cell` into a :class:`~rich.text.Text`, never into markup.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from techconsole.domain import changes as rules
from techconsole.domain import display
from techconsole.i18n import N_, _
from techconsole.services.changes.views import ChangeView
from techconsole.tui.widgets.text import cell, plain

#: the table's columns: (key, title msgid)
COLUMNS = (
    ("id", "#"),
    ("what", N_("Customisation")),
    ("status", N_("Status")),
    ("agreed", N_("Agreed")),
    ("next", N_("Next")),
)


def day(value: date | None) -> str:
    return display.NONE if value is None else rules.day_text(value)


def first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""


def status_cell(view: ChangeView, styles: Mapping[str, str]) -> Text:
    """``delivered``; ``accepted · not tested by its deadline``; contested marked."""
    said = Text(rules.status_word(view.status))
    if view.status == "contested":
        said.stylize(styles["warning"])
    why = rules.accepted_words(view.accepted_by)
    if why:
        said.append(" · " + why, style=styles["muted"])
    return said


def next_cell(view: ChangeView, styles: Mapping[str, str]) -> Text:
    """What the customer must do by when, while the delivery is with them: ``⚠ test by
    08/12/2026 (in 15 days)``, else ``contest until 23/12/2026 (in 30 days)``."""
    if not view.with_customer:
        return Text(display.NONE, style=styles["muted"])
    if view.status == "delivered" and view.test_by is not None:
        said = _("test by {day} ({when})").format(
            day=day(view.test_by), when=rules.days_words(view.test_by, view.today)
        )
        return Text(f"⚠ {said}", style=styles["warning"])
    if view.contest_until is not None:
        said = _("contest until {day} ({when})").format(
            day=day(view.contest_until), when=rules.days_words(view.contest_until, view.today)
        )
        return Text(said)
    return Text(display.NONE, style=styles["muted"])


def line(view: ChangeView, styles: Mapping[str, str]) -> list[Text]:
    what = cell(first_line(view.description))
    if view.heavy:
        what.append(" " + _("(heavy)"), style="bold")
    agreed = display.NONE if view.due_on is None else f"{day(view.start_on)} → {day(view.due_on)}"
    return [
        Text(str(view.id)),
        what,
        status_cell(view, styles),
        Text(agreed, no_wrap=True),
        next_cell(view, styles),
    ]


def detail(view: ChangeView, styles: Mapping[str, str]) -> RenderableType:
    """The customisation in full: its days, its deadlines, what was contested, and the
    description as the customer asked for it."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    title = Text(_("Customisation #{id}").format(id=view.id), style="bold")
    rows: list[tuple[str, Text | str]] = [
        (_("Status"), status_cell(view, styles)),
        (_("Heavy"), _("yes") if view.heavy else _("no")),
        (_("Asked by"), cell(view.contact or display.NONE)),
        (_("Requested"), day(view.requested_on)),
    ]
    if view.due_on is not None:
        rows.append((_("Agreed"), f"{day(view.start_on)} → {day(view.due_on)}"))
    for label, when in (
        (_("Developed"), view.developed_on),
        (_("Delivered"), view.delivered_on),
        (_("Tested"), view.tested_on),
        (_("Accepted"), view.accepted_on),
        (_("Contested"), view.contested_on),
    ):
        if when is not None:
            rows.append((label, day(when)))
    if view.deliveries > 1:
        rows.append((_("Deliveries"), str(view.deliveries)))
    if view.contest_reason:
        rows.append((_("Contested because"), Text(plain(view.contest_reason, one_line=False))))
    if view.test_by is not None:
        rows.append((_("Test by"), day(view.test_by)))
    if view.contest_until is not None:
        rows.append((_("Contest until"), day(view.contest_until)))
    if view.with_customer:
        rows.append((_("Next"), next_cell(view, styles)))
    for label, value in rows:
        grid.add_row(label, value)
    body = Text(plain(view.description, one_line=False))
    return Group(title, grid, Text(""), body)
