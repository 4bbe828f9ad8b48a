"""How contracts read on the command line: the options they share, a recorded contract's
line, the list of customers under contract (``customer contracts``)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from decimal import Decimal
from typing import Annotated

import typer
from rich.table import Table

from techconsole.cli.options import wants_json
from techconsole.cli.output import emit_json, fail, out, safe
from techconsole.domain.contracts import left_words
from techconsole.domain.errors import DomainError
from techconsole.domain.instants import parse_duration
from techconsole.domain.prepaid import hours_words
from techconsole.i18n import _
from techconsole.i18n.formats import AmountError, parse_amount
from techconsole.services.views import ContractCover, ContractView

PrepaidOpt = Annotated[
    str, typer.Option(help=_("Prepaid amount in euro, e.g. 500.00 (informative: not spent)."))
]
PrepaidHoursOpt = Annotated[
    str,
    typer.Option(
        "--prepaid-hours",
        metavar="HOURS",
        help=_(
            "A prepaid block of hours (monte ore) spent by the billable labour before it is "
            "priced: 10, 7.5, 10h or 1h20m, in whole scatti."
        ),
    ),
]
PaidOnOpt = Annotated[
    str | None,
    typer.Option(
        "--paid-on",
        metavar="DAY",
        help=_("The day it was paid (paid in advance), YYYY-MM-DD or today."),
        show_default=False,
    ),
]


def prepaid_amount(text: str) -> Decimal:
    not_amount = _("--prepaid: '{text}' is not an amount (e.g. 500.00)")
    try:
        amount = parse_amount(text)
    except AmountError:
        fail(not_amount.format(text=text))
    if not amount.is_finite():
        fail(not_amount.format(text=text))
    return amount


def block_minutes(text: str, what: str = "--prepaid-hours") -> int:
    """A block of hours as written (``10``, ``7.5``, ``10h``, ``1h20m``), in minutes."""
    wrong = _("{what}: '{text}' is not a number of hours (e.g. 10, 7.5, 10h or 1h20m)").format(
        what=what, text=text
    )
    written = text.strip().replace(",", ".")
    if not written or len(written) > 20:
        fail(wrong)
    try:
        minutes = Decimal(written) * 60
    except ArithmeticError:
        try:
            span = parse_duration(written)
        except DomainError:
            fail(wrong)
        minutes = Decimal(span.total_seconds()) / 60
    if not minutes.is_finite() or minutes < 0 or minutes != minutes.to_integral_value():
        fail(wrong)
    return int(minutes)


def said(contract: ContractView) -> None:
    """A contract just recorded: its JSON, or one line."""
    if wants_json():
        emit_json(asdict(contract))
        return
    text = _("contract #{id}: plan {plan} from {first} to {last}").format(
        id=contract.id,
        plan=contract.plan,
        first=f"{contract.starts_on:%d/%m/%Y}",
        last=f"{contract.ends_on:%d/%m/%Y}",
    )
    if contract.paid_on:
        text += " · " + _("paid on {day}").format(day=f"{contract.paid_on:%d/%m/%Y}")
    if contract.prepaid_minutes:
        hours = hours_words(contract.prepaid_minutes)
        text += " · " + _("prepaid hours {hours}").format(hours=hours)
    if not contract.active:
        text += " [dim]" + _("(not in force today)") + "[/dim]"
    out.print(f"[green]✓[/green] {text}")


def paid_words(paid_on: date | None) -> str:
    """``10/12/2026``, or that no payment is recorded."""
    return f"{paid_on:%d/%m/%Y}" if paid_on else _("not recorded")


def cover_table(found: list[ContractCover], *, title: str) -> None:
    """Customers under contract, and until when: JSON, or a table."""
    if wants_json():
        emit_json([asdict(c) for c in found])
        return
    table = Table(
        _("Customer"),
        _("Plan"),
        _("Under contract until"),
        _("Ends"),
        _("Renewed"),
        _("Paid"),
        title=title,
        title_justify="left",
    )
    for c in found:
        left = left_words(c.days_left)
        paid = paid_words(c.paid_on)
        table.add_row(
            f"#{c.customer_id} {safe(c.customer, one_line=True)}",
            safe(c.plan_label, one_line=True),
            f"{c.ends_on:%d/%m/%Y}",
            f"[yellow]{left}[/yellow]" if c.expiring else left,
            _("yes") if c.renewed else _("no"),
            f"[yellow]{_('not paid yet')}[/yellow]" if c.unpaid else paid,
        )
    out.print(table)
