"""``techconsole customer contract-prepaid`` and ``prepaid``: a contract's prepaid block of
hours ("monte ore", seed 000), set by a lead, and how much of it and of the training the
contract includes is used and left."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from techconsole.cli.common import services_context
from techconsole.cli.contract_words import block_minutes, said
from techconsole.cli.customer import CustomerArg, app
from techconsole.cli.options import wants_json
from techconsole.cli.output import emit_json, out, safe
from techconsole.cli.prepaid_words import balance_json
from techconsole.domain.prepaid import block_words, scatti_words, training_words
from techconsole.i18n import _
from techconsole.services.customers import prepaid

ContractOpt = Annotated[
    int | None,
    typer.Option(
        "--contract",
        metavar="ID",
        help=_("This contract of the customer's (customer show lists them)."),
        show_default=False,
    ),
]


@app.command(
    "contract-prepaid",
    help=_(
        "Give a contract a prepaid block of hours (monte ore; a lead does it): the one in "
        "force today unless --contract says otherwise; 0 takes it away."
    ),
)
def contract_prepaid(
    customer: CustomerArg,
    hours: Annotated[
        str,
        typer.Argument(
            metavar="HOURS", help=_("The block: 10, 7.5, 10h or 1h20m, in whole scatti.")
        ),
    ],
    contract: ContractOpt = None,
) -> None:
    """Give a contract a prepaid block of hours (monte ore)."""
    minutes = block_minutes(hours, "HOURS")
    with services_context() as ctx:
        view = prepaid.set_block(ctx, customer, minutes, contract)
    said(view)


@app.command(
    "prepaid",
    help=_(
        "A contract's prepaid hours (monte ore) and included training: used, left, and the "
        "work that used them, oldest first."
    ),
)
def prepaid_balance(customer: CustomerArg, contract: ContractOpt = None) -> None:
    """A contract's prepaid hours and included training: used, left, and the work."""
    with services_context() as ctx:
        found = prepaid.balance(ctx, customer, contract)
        zone = ctx.policy.zone
    if wants_json():
        emit_json(balance_json(found))
        return
    out.print(
        _("[bold]{customer}[/bold] — contract #{id}, plan {plan}, {first} to {last}").format(
            customer=safe(found.customer, one_line=True),
            id=found.contract_id,
            plan=safe(found.plan, one_line=True),
            first=f"{found.starts_on:%d/%m/%Y}",
            last=f"{found.ends_on:%d/%m/%Y}",
        )
    )
    unit = found.unit_minutes
    if found.block:
        said = block_words(found.used, found.left, found.block, unit)
        out.print(f"[yellow]⚠ {said}[/yellow]" if found.low else said)
    else:
        out.print(_("No prepaid hours on this contract."))
    if found.allowance:
        left = found.training_left
        out.print(training_words(found.training_used, left, found.allowance, unit))
    if not found.lines:
        return
    table = Table(
        _("Started"),
        _("Incident"),
        _("Work"),
        _("Scatti"),
        _("Included training"),
        _("From the block"),
        _("Month closed"),
    )
    for line in found.lines:
        table.add_row(
            f"{line.started_at.astimezone(zone):%d/%m/%Y %H:%M}",
            line.incident,
            _("training") if line.training else _("other work"),
            scatti_words(line.scatti),
            str(line.from_allowance) if line.training else "",
            str(line.from_block),
            _("yes") if line.frozen else "",
        )
    out.print(table)
