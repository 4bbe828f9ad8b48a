"""Customisations worded: for people (Rich tables, markup) and for machines (``--json``:
plain values, days as ``YYYY-MM-DD``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from techconsole.cli.output import out, safe
from techconsole.cli.render import iso
from techconsole.domain import changes as rules
from techconsole.i18n import _
from techconsole.services.changes.views import ChangeView, Releases


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def day(value: date | None) -> str:
    """``23/11/2026``, or ``—``."""
    return "—" if value is None else rules.day_text(value)


def change_json(view: ChangeView, zone: ZoneInfo) -> dict[str, Any]:
    return {
        "id": view.id,
        "customer_id": view.customer_id,
        "customer": view.customer,
        "contact_id": view.contact_id,
        "contact": view.contact,
        "description": view.description,
        "heavy": view.heavy,
        "status": view.status,
        "recorded_status": view.recorded,
        "accepted_by": view.accepted_by or None,
        "requested_on": _day(view.requested_on),
        "start_on": _day(view.start_on),
        "due_on": _day(view.due_on),
        "developed_on": _day(view.developed_on),
        "delivered_on": _day(view.delivered_on),
        "deliveries": view.deliveries,
        "tested_on": _day(view.tested_on),
        "accepted_on": _day(view.accepted_on),
        "contested_on": _day(view.contested_on),
        "contest_reason": view.contest_reason,
        "test_by": _day(view.test_by),
        "test_days_left": view.days_left(view.test_by) if view.with_customer else None,
        "contest_until": _day(view.contest_until),
        "contest_days_left": view.days_left(view.contest_until) if view.with_customer else None,
        "created_by": view.created_by,
        "created_at": iso(view.created_at, zone),
        "updated_at": iso(view.updated_at, zone),
    }


def releases_json(found: Releases) -> dict[str, Any]:
    return {
        "today": found.today.isoformat(),
        "releases_per_year": found.per_year,
        "next": [d.isoformat() for d in found.upcoming],
    }


def status_text(view: ChangeView) -> str:
    """``delivered``, or ``accepted (not tested by its deadline)`` (markup)."""
    word = rules.status_word(view.status)
    why = rules.accepted_words(view.accepted_by)
    if view.status == "contested":
        return f"[yellow]{word}[/yellow]"
    if why:
        return f"{word} [dim]({why})[/dim]"
    return word


def deadlines(view: ChangeView) -> list[str]:
    """What the customer must do by when (markup): test by, contest until — while the
    delivery is with them."""
    if not view.with_customer:
        return []
    lines = []
    if view.test_by is not None and view.status == "delivered":
        said = _("test by {day} ({when})").format(
            day=day(view.test_by), when=rules.days_words(view.test_by, view.today)
        )
        lines.append(f"[bold yellow]⚠ {said}[/bold yellow]")
    if view.contest_until is not None:
        said = _("contest until {day} ({when})").format(
            day=day(view.contest_until), when=rules.days_words(view.contest_until, view.today)
        )
        lines.append(said)
    return lines


def first_line(text: str, room: int = 60) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= room else line[: room - 1] + "…"


def print_list(views: Sequence[ChangeView]) -> None:
    from rich.table import Table

    table = Table(_("Id"), _("Customer"), _("Customisation"), _("Status"), _("Agreed"), _("Next"))
    for v in views:
        what = safe(first_line(v.description), one_line=True)
        if v.heavy:
            what += " [bold]" + _("(heavy)") + "[/bold]"
        agreed = "—" if v.due_on is None else f"{day(v.start_on)} → {day(v.due_on)}"
        table.add_row(
            str(v.id),
            safe(v.customer, one_line=True),
            what,
            status_text(v),
            agreed,
            "\n".join(deadlines(v)) or "—",
        )
    out.print(table)


def print_detail(v: ChangeView) -> None:
    from rich.table import Table

    title = _("Customisation #{id}").format(id=v.id)
    out.print(f"[bold]{title}[/bold]  {safe(v.customer, one_line=True)}")
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="dim")
    facts.add_column()
    facts.add_row(_("Status"), status_text(v))
    facts.add_row(_("Heavy"), _("yes") if v.heavy else _("no"))
    if v.contact:
        facts.add_row(_("Asked by"), safe(v.contact, one_line=True))
    facts.add_row(_("Requested"), day(v.requested_on))
    if v.due_on is not None:
        facts.add_row(_("Agreed"), f"{day(v.start_on)} → {day(v.due_on)}")
    optional = [
        (_("Developed"), v.developed_on),
        (_("Delivered"), v.delivered_on),
        (_("Tested"), v.tested_on),
        (_("Accepted"), v.accepted_on),
        (_("Contested"), v.contested_on),
    ]
    for label, when in optional:
        if when is not None:
            facts.add_row(label, day(when))
    if v.deliveries > 1:
        facts.add_row(_("Deliveries"), str(v.deliveries))
    if v.contest_reason:
        facts.add_row(_("Contested because"), safe(v.contest_reason))
    if v.test_by is not None:
        facts.add_row(_("Test by"), day(v.test_by))
    if v.contest_until is not None:
        facts.add_row(_("Contest until"), day(v.contest_until))
    out.print(facts)
    for line in deadlines(v):
        out.print(line)
    out.print()
    out.print(safe(v.description))


def print_releases(found: Releases) -> None:
    if not found.upcoming:
        out.print(safe(_("This policy has no release calendar: set [changes] releases_per_year.")))
        return
    out.print(_("Next releases:"))
    for when in found.upcoming:
        out.print(f"  {day(when)}  [dim]{rules.days_words(when, found.today)}[/dim]")
