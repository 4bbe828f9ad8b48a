"""``techconsole customer``: customers, their contacts and their contracts."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

import typer
from rich.table import Table

from techconsole.cli import choices
from techconsole.cli.common import services_context
from techconsole.cli.contract_words import (
    PaidOnOpt,
    PrepaidHoursOpt,
    PrepaidOpt,
    block_minutes,
    paid_words,
    prepaid_amount,
    said,
)
from techconsole.cli.options import wants_json
from techconsole.cli.output import emit_json, out, safe
from techconsole.cli.timeparse import parse_day
from techconsole.domain.display import plan_words
from techconsole.domain.money import eur
from techconsole.domain.policy import Policy
from techconsole.domain.prepaid import hours_words
from techconsole.i18n import _, pgettext
from techconsole.services.customers import registry as customers
from techconsole.services.views import CustomerView

app = typer.Typer(help=_("Customers, contacts and contracts."), no_args_is_help=True)

CustomerArg = Annotated[str, typer.Argument(help=_("Customer id or (part of) its name."))]


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def _show(view: CustomerView, policy: Policy) -> None:
    heading = _("plan: {plan}").format(plan=plan_words(policy, view.plan, view.contract))
    out.print(f"[bold]{safe(view.name)}[/bold]  #{view.id} — {heading}")
    reseller = ""
    if view.reseller:
        reseller = (
            _("reseller since {day}").format(day=f"{view.reseller_since:%d/%m/%Y}")
            if view.reseller_since
            else _("reseller")
        )
    facts = [
        _("VAT no. {number}").format(number=safe(view.vat_number)) if view.vat_number else "",
        safe(view.address, one_line=True),
        choices.DEPLOYMENTS.word(view.deployment),
        reseller,
        _("we are their ADS") if view.we_are_ads else "",
        _("notify before ordering parts") if view.notify_before_parts else "",
    ]
    out.print(" · ".join(f for f in facts if f))
    if view.contacts:
        table = Table(
            _("Id"),
            _("Contact"),
            _("Role"),
            _("May authorise"),
            _("E-mail"),
            _("Phone"),
            title=_("Contacts"),
        )
        for c in view.contacts:
            table.add_row(
                str(c.id),
                safe(c.name),
                choices.CONTACT_ROLES.word(c.role),
                _yes_no(c.may_authorise),
                safe(c.email),
                safe(c.phone),
            )
        out.print(table)
    if view.contracts:
        table = Table(title=_("Contracts"))
        table.add_column(_("Id"))
        table.add_column(_("Plan"), no_wrap=True)
        for heading in (_("From"), _("To")):  # whole: the headings of the rest wrap first
            table.add_column(heading, no_wrap=True)
        table.add_column(_("Prepaid"), justify="right", no_wrap=True)  # in €, said
        table.add_column(_("Prepaid hours"))
        table.add_column(_("In force"))
        table.add_column(_("Paid"), no_wrap=True)
        for k in view.contracts:
            table.add_row(
                str(k.id),
                plan_words(policy, k.plan, True),
                f"{k.starts_on:%d/%m/%Y}",
                f"{k.ends_on:%d/%m/%Y}",
                eur(k.prepaid),
                hours_words(k.prepaid_minutes) if k.prepaid_minutes else "",
                _yes_no(k.active),
                paid_words(k.paid_on),
            )
        out.print(table)


@app.command(help=_("Add a customer."))
def add(
    name: Annotated[str, typer.Argument(help=_("Company or person name."))],
    vat: Annotated[str, typer.Option("--vat", help=_("Partita IVA."))] = "",
    address: Annotated[str, typer.Option(help=_("Postal address."))] = "",
    deployment: Annotated[
        str,
        choices.option(
            "--deployment",
            choices=choices.DEPLOYMENTS,
            help=_("Where their software runs: {choices}."),
        ),
    ] = "on_premise",
    reseller: Annotated[
        bool, typer.Option("--reseller", help=_("They resell our service."))
    ] = False,
    reseller_since: Annotated[
        str | None, typer.Option("--reseller-since", help=_("Since when, YYYY-MM-DD."))
    ] = None,
    we_are_ads: Annotated[
        bool, typer.Option("--we-are-ads", help=_("We are their system administrator (ADS)."))
    ] = False,
    notify_before_parts: Annotated[
        bool,
        typer.Option(
            "--notify-before-parts",
            help=_(
                "They asked to be told before any spare part is replaced: each part waits "
                "for their OK (material approve)."
            ),
        ),
    ] = False,
) -> None:
    """Add a customer."""
    with services_context() as ctx:
        since = (
            parse_day(reseller_since, ctx.policy.zone, what="--reseller-since")
            if reseller_since
            else None
        )
        new = customers.NewCustomer(
            name=name,
            vat_number=vat,
            address=address,
            deployment=deployment,
            reseller=reseller or since is not None,
            reseller_since=since,
            we_are_ads=we_are_ads,
            notify_before_parts=notify_before_parts,
        )
        view = customers.add_customer(ctx, new)
    if wants_json():
        emit_json(asdict(view))
        return
    text = _("added customer #{id} {name} (plan {plan})").format(
        id=view.id, name=safe(view.name), plan=view.plan
    )
    out.print(f"[green]✓[/green] {text}")


@app.command("list", help=_("Customers by name, with the plan they are served under today."))
def list_(
    search: Annotated[str | None, typer.Option("--search", help=_("Part of the name."))] = None,
) -> None:
    """Customers by name, with the plan they are served under today."""
    with services_context() as ctx:
        views = customers.list_customers(ctx, search)
    if wants_json():
        emit_json([asdict(v) for v in views])
        return
    if not views:
        if search:
            out.print(_("No customers match."))
        else:
            out.print(_("No customers yet: techconsole customer add NAME"))
        return
    table = Table(_("Id"), pgettext("company", "Name"), _("Plan"), _("Contract"), _("Deployment"))
    for v in views:
        table.add_row(
            str(v.id),
            safe(v.name, one_line=True),
            plan_words(ctx.policy, v.plan, v.contract),
            _yes_no(v.contract),
            choices.DEPLOYMENTS.word(v.deployment),
        )
    out.print(table)


@app.command(help=_("A customer with contacts (who may authorise) and contracts."))
def show(
    customer: CustomerArg,
) -> None:
    """A customer with contacts (who may authorise) and contracts."""
    with services_context() as ctx:
        view = customers.show_customer(ctx, customer)
    if wants_json():
        emit_json(asdict(view))
        return
    _show(view, ctx.policy)


@app.command(
    "contact-add",
    help=_("Add a person at the customer (a titolare or ADS may authorise interventions)."),
)
def contact_add(
    customer: CustomerArg,
    name: Annotated[str, typer.Argument(help=_("The contact's name."))],
    role: Annotated[
        str,
        choices.option("--role", choices=choices.CONTACT_ROLES, help=_("Their role: {choices}.")),
    ] = "employee",
    email: Annotated[str, typer.Option(help=_("E-mail address."))] = "",
    phone: Annotated[str, typer.Option(help=_("Phone number."))] = "",
) -> None:
    """Add a person at the customer (a titolare or ADS may authorise interventions)."""
    with services_context() as ctx:
        contact = customers.add_contact(ctx, customer, name, role, email, phone)
    if wants_json():
        emit_json(asdict(contact))
        return
    may = _("may authorise") if contact.may_authorise else _("may not authorise")
    text = _("added contact #{id} {name} ({role}, {may})").format(
        id=contact.id, name=safe(contact.name), role=role, may=may
    )
    out.print(f"[green]✓[/green] {text}")


@app.command(
    "contract-add",
    help=_("Record a contract (a lead does it): the customer is served under its plan."),
)
def contract_add(
    customer: CustomerArg,
    plan: Annotated[str, typer.Option("--plan", "-p", help=_("A contract plan of the policy."))],
    starts: Annotated[str, typer.Option("--from", help=_("First day, YYYY-MM-DD or today."))],
    ends: Annotated[str, typer.Option("--to", help=_("Last day, YYYY-MM-DD."))],
    prepaid: PrepaidOpt = "0",
    paid_on: PaidOnOpt = None,
    prepaid_hours: PrepaidHoursOpt = "0",
) -> None:
    """Record a contract (a lead does it): the customer is served under its plan."""
    amount = prepaid_amount(prepaid)
    minutes = block_minutes(prepaid_hours)
    with services_context() as ctx:
        zone = ctx.policy.zone
        first = parse_day(starts, zone, what="--from")
        last = parse_day(ends, zone, what="--to")
        paid = parse_day(paid_on, zone, what="--paid-on") if paid_on else None
        contract = customers.add_contract(ctx, customer, plan, first, last, amount, paid, minutes)
    said(contract)
