"""``techconsole customer contract-renew``, ``contract-paid`` and ``contracts``: a contract
renewed in one step, its payment recorded, and who is about to be without one."""

from __future__ import annotations

from typing import Annotated

import typer

from techconsole.cli.common import services_context
from techconsole.cli.contract_words import (
    PaidOnOpt,
    PrepaidHoursOpt,
    PrepaidOpt,
    block_minutes,
    cover_table,
    prepaid_amount,
    said,
)
from techconsole.cli.customer import CustomerArg, app
from techconsole.cli.options import wants_json
from techconsole.cli.output import out
from techconsole.cli.prepaid_words import balance_table
from techconsole.cli.timeparse import parse_day
from techconsole.domain.money import number
from techconsole.i18n import _, ngettext
from techconsole.services.customers import contracts, covers, prepaid


@app.command(
    "contract-renew",
    help=_(
        "Renew a customer's contract (a lead does it): a new one from the day after their "
        "last one ends, on the same plan unless --plan says otherwise."
    ),
)
def contract_renew(
    customer: CustomerArg,
    months: Annotated[
        int | None,
        typer.Option(
            "--months",
            min=1,
            max=1200,
            help=_("How long, in months (default: a year, or the policy's minimum if longer)."),
            show_default=False,
        ),
    ] = None,
    plan: Annotated[
        str | None,
        typer.Option("--plan", "-p", help=_("Another contract plan of the policy.")),
    ] = None,
    prepaid: PrepaidOpt = "0",
    paid_on: PaidOnOpt = None,
    prepaid_hours: PrepaidHoursOpt = "0",
) -> None:
    """Renew a customer's contract: a new one from the day after their last one ends."""
    amount = prepaid_amount(prepaid)
    minutes = block_minutes(prepaid_hours)
    with services_context() as ctx:
        paid = parse_day(paid_on, ctx.policy.zone, what="--paid-on") if paid_on else None
        contract = contracts.renew_contract(ctx, customer, months, plan, paid, amount, minutes)
    said(contract)


@app.command(
    "contract-paid",
    help=_("Record the day a contract was paid (a lead does it): the customer's last one."),
)
def contract_paid(
    customer: CustomerArg,
    on: Annotated[
        str,
        typer.Option("--on", metavar="DAY", help=_("The day it was paid, YYYY-MM-DD or today.")),
    ] = "today",
    contract: Annotated[
        int | None,
        typer.Option(
            "--contract",
            metavar="ID",
            help=_("This contract of the customer's (customer show lists them)."),
            show_default=False,
        ),
    ] = None,
) -> None:
    """Record the day a contract was paid: the customer's last one."""
    with services_context() as ctx:
        day = parse_day(on, ctx.policy.zone, what="--on")
        view = contracts.record_payment(ctx, customer, day, contract)
    said(view)


@app.command(
    "contracts",
    help=_(
        "The customers under contract today and until when; with --expiring, those whose "
        "contract ends within the policy's [contracts] expiring_days and is not renewed; "
        "with --prepaid-low, those whose prepaid hours are running out."
    ),
)
def contracts_list(
    expiring: Annotated[
        bool,
        typer.Option("--expiring", help=_("Only those about to be without a contract.")),
    ] = False,
    within: Annotated[
        int | None,
        typer.Option(
            "--within",
            metavar="DAYS",
            min=0,
            max=3660,
            help=_(
                "Those ending within this many days instead of the policy's (implies --expiring)."
            ),
            show_default=False,
        ),
    ] = None,
    prepaid_low: Annotated[
        bool,
        typer.Option(
            "--prepaid-low",
            help=_(
                "Only those whose prepaid block of hours has the policy's [contracts] "
                "prepaid_low_percent or less left."
            ),
        ),
    ] = False,
) -> None:
    """The customers under contract today and until when."""
    if prepaid_low:
        _prepaid_low()
        return
    with services_context() as ctx:
        days = ctx.policy.contracts.expiring_days if within is None else within
        found = covers.contracts(ctx, expiring=expiring or within is not None, within_days=days)
    if expiring or within is not None:
        title = ngettext(
            "Contracts ending within {n} day", "Contracts ending within {n} days", days
        ).format(n=days)
        empty = ngettext(
            "No customer's contract ends within {n} day.",
            "No customer's contract ends within {n} days.",
            days,
        ).format(n=days)
    else:
        title, empty = _("Customers under contract"), _("No customer is under contract today.")
    if not found and not wants_json():
        out.print(empty)
        return
    cover_table(found, title=title)


def _prepaid_low() -> None:
    """The customers whose prepaid hours are running out (seed 000)."""
    with services_context() as ctx:
        found = prepaid.low_balances(ctx)
        percent = ctx.policy.contracts.prepaid_low_percent
    if not found and not wants_json():
        out.print(
            _("No customer's prepaid hours are down to {percent} % or less.").format(
                percent=number(percent)
            )
        )
        return
    title = _("Prepaid hours down to {percent} % or less").format(percent=number(percent))
    balance_table(found, title=title)
