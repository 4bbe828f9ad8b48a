"""Loaner PCs worded: for people (Rich tables, markup) and for machines (``--json``: plain
values, times in the policy's zone, durations in minutes)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from techconsole.cli.output import out, safe
from techconsole.cli.render import iso, local
from techconsole.domain import display
from techconsole.i18n import _, pgettext
from techconsole.services.loaners.views import LoanerDetail, LoanerView, LoanView


def _minutes(value: timedelta) -> int:
    return value // timedelta(minutes=1)


def loan_json(loan: LoanView, zone: ZoneInfo, now: datetime) -> dict[str, Any]:
    return {
        "id": loan.id,
        "loaner_id": loan.loaner_id,
        "loaner": loan.loaner,
        "customer_id": loan.customer_id,
        "customer": loan.customer,
        "asset_id": loan.asset_id,
        "asset": loan.asset,
        "incident": loan.incident,
        "data_from": loan.data_from,
        "lent_at": iso(loan.lent_at, zone),
        "lent_by": loan.lent_by,
        "note": loan.note,
        "out": loan.out,
        "returned_at": iso(loan.returned_at, zone),
        "returned_by": loan.returned_by,
        "return_note": loan.return_note,
        "out_minutes": _minutes(loan.out_for(now)),
    }


def loaner_json(view: LoanerView, zone: ZoneInfo, now: datetime) -> dict[str, Any]:
    return {
        "id": view.id,
        "name": view.name,
        "serial": view.serial,
        "notes": view.notes,
        "created_at": iso(view.created_at, zone),
        "updated_at": iso(view.updated_at, zone),
        "retired_at": iso(view.retired_at, zone),
        "retired": view.retired,
        "out": view.out,
        "loan": None if view.loan is None else loan_json(view.loan, zone, now),
    }


def detail_json(found: LoanerDetail, zone: ZoneInfo, now: datetime) -> dict[str, Any]:
    data = loaner_json(found.loaner, zone, now)
    data["loans"] = [loan_json(loan, zone, now) for loan in found.loans]
    return data


def how_long(loan: LoanView, now: datetime) -> str:
    """``2d 04h``: how long it has been (or was) out, in real time."""
    return display.age(loan.lent_at, loan.returned_at or now)


def whereabouts(view: LoanerView, now: datetime) -> str:
    """``out for 2d 04h`` (``fuori da 2d 04h``), ``in``, or ``retired`` (markup)."""
    if view.retired:
        return "[dim]" + pgettext("loaner", "retired") + "[/dim]"
    if view.loan is None:
        return "[green]" + pgettext("loaner", "in") + "[/green]"
    said = _("out for {how_long}").format(how_long=how_long(view.loan, now))
    return f"[yellow]{said}[/yellow]"


def lent_to(loan: LoanView) -> str:
    """``Studio Rossi · PC-Reception · 2026-000123`` (markup-safe)."""
    parts = [safe(loan.customer, one_line=True)]
    if loan.asset:
        parts.append(safe(loan.asset, one_line=True))
    if loan.incident:
        parts.append(loan.incident)
    return " · ".join(parts)


def print_pool(views: Sequence[LoanerView], zone: ZoneInfo, now: datetime) -> None:
    from rich.table import Table

    table = Table(_("Id"), pgettext("loaner", "Name"), _("Serial no."), _("Where"), _("Lent to"))
    for v in views:
        loan = v.loan
        where = whereabouts(v, now)
        if loan is not None:
            since = _("since {when}").format(when=short(loan.lent_at, zone))
            where += f"\n[dim]{since}[/dim]"
        table.add_row(
            str(v.id),
            safe(v.name, one_line=True),
            safe(v.serial, one_line=True) or "—",
            where,
            lent_to(loan) if loan else "—",
        )
    out.print(table)


def short(value: datetime | None, zone: ZoneInfo) -> str:
    """``04/12/2026 19:00`` in the policy's zone: a table's time, without the weekday."""
    return "—" if value is None else f"{value.astimezone(zone):%d/%m/%Y %H:%M}"


def print_loans(loans: Sequence[LoanView], zone: ZoneInfo, now: datetime) -> None:
    from rich.table import Table

    table = Table(_("Id"), _("Loaner PC"), _("Lent to"), _("Lent"), _("Returned"), _("Out for"))
    for loan in loans:
        returned = (
            short(loan.returned_at, zone)
            if loan.returned_at
            else "[yellow]" + _("still out") + "[/yellow]"
        )
        data = _("data of {whose}").format(whose=safe(loan.data_from, one_line=True))
        table.add_row(
            str(loan.id),
            safe(loan.loaner, one_line=True),
            f"{lent_to(loan)}\n[dim]{data}[/dim]",
            short(loan.lent_at, zone),
            returned,
            how_long(loan, now),
        )
    out.print(table)


def print_detail(found: LoanerDetail, zone: ZoneInfo, now: datetime) -> None:
    from rich.table import Table

    v = found.loaner
    out.print(f"[bold]{safe(v.name, one_line=True)}[/bold]  #{v.id}")
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="dim")
    facts.add_column()
    facts.add_row(_("Serial no."), safe(v.serial, one_line=True) or "—")
    facts.add_row(_("Where"), whereabouts(v, now))
    if v.loan is not None:
        facts.add_row(_("Lent to"), lent_to(v.loan))
        facts.add_row(_("Data of"), safe(v.loan.data_from, one_line=True))
        facts.add_row(_("Since"), local(v.loan.lent_at, zone))
    facts.add_row(_("In the pool since"), local(v.created_at, zone))
    if v.retired_at is not None:
        facts.add_row(_("Retired"), local(v.retired_at, zone))
    if v.notes.strip():
        facts.add_row(_("Notes"), safe(v.notes))
    out.print(facts)
    if found.loans:
        out.print()
        print_loans(found.loans, zone, now)
    else:
        out.print("[dim]" + _("Never lent yet.") + "[/dim]")
