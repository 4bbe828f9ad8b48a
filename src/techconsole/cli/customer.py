"""``techconsole customer``: customers, their contacts and their contracts."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

import typer
from rich.table import Table

from techconsole.cli.common import services_context
from techconsole.cli.options import wants_json
from techconsole.cli.output import emit_json, fail, out, safe
from techconsole.cli.timeparse import parse_day
from techconsole.i18n.formats import AmountError, parse_amount
from techconsole.services.customers import registry as customers
from techconsole.services.views import CustomerView

app = typer.Typer(help="Customers, contacts and contracts.", no_args_is_help=True)

CustomerArg = Annotated[str, typer.Argument(help="Customer id or (part of) its name.")]


def _show(view: CustomerView) -> None:
    kind = "contract" if view.contract else "no contract"
    out.print(f"[bold]{safe(view.name)}[/bold]  #{view.id} — plan {view.plan} ({kind})")
    facts = [
        f"VAT {safe(view.vat_number)}" if view.vat_number else "",
        safe(view.address, one_line=True),
        view.deployment.replace("_", " "),
        "reseller" + (f" since {view.reseller_since:%d/%m/%Y}" if view.reseller_since else "")
        if view.reseller
        else "",
        "we are their ADS" if view.we_are_ads else "",
        "notify before ordering parts" if view.notify_before_parts else "",
    ]
    out.print(" · ".join(f for f in facts if f))
    if view.contacts:
        table = Table("Id", "Contact", "Role", "May authorise", "E-mail", "Phone", title="Contacts")
        for c in view.contacts:
            table.add_row(
                str(c.id),
                safe(c.name),
                c.role,
                "yes" if c.may_authorise else "no",
                safe(c.email),
                safe(c.phone),
            )
        out.print(table)
    if view.contracts:
        table = Table("Id", "Plan", "From", "To", "Prepaid €", "In force", title="Contracts")
        for k in view.contracts:
            table.add_row(
                str(k.id),
                k.plan,
                f"{k.starts_on:%d/%m/%Y}",
                f"{k.ends_on:%d/%m/%Y}",
                str(k.prepaid),
                "yes" if k.active else "no",
            )
        out.print(table)


@app.command()
def add(
    name: Annotated[str, typer.Argument(help="Company or person name.")],
    vat: Annotated[str, typer.Option("--vat", help="Partita IVA.")] = "",
    address: Annotated[str, typer.Option(help="Postal address.")] = "",
    deployment: Annotated[
        str, typer.Option(help="Where their software runs: on_premise or cloud.")
    ] = "on_premise",
    reseller: Annotated[bool, typer.Option("--reseller", help="They resell our service.")] = False,
    reseller_since: Annotated[
        str | None, typer.Option("--reseller-since", help="YYYY-MM-DD.")
    ] = None,
    we_are_ads: Annotated[
        bool, typer.Option("--we-are-ads", help="We are their system administrator (ADS).")
    ] = False,
    notify_before_parts: Annotated[
        bool, typer.Option("--notify-before-parts", help="Ask them before ordering parts.")
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
    out.print(f"[green]✓[/green] added customer #{view.id} {safe(view.name)} (plan {view.plan})")


@app.command("list")
def list_(
    search: Annotated[str | None, typer.Option("--search", help="Part of the name.")] = None,
) -> None:
    """Customers by name, with the plan they are served under today."""
    with services_context() as ctx:
        views = customers.list_customers(ctx, search)
    if wants_json():
        emit_json([asdict(v) for v in views])
        return
    if not views:
        out.print("No customers" + (" match." if search else " yet: techconsole customer add NAME"))
        return
    table = Table("Id", "Name", "Plan", "Contract", "Deployment")
    for v in views:
        table.add_row(
            str(v.id),
            safe(v.name, one_line=True),
            v.plan,
            "yes" if v.contract else "no",
            v.deployment.replace("_", " "),
        )
    out.print(table)


@app.command()
def show(
    customer: CustomerArg,
) -> None:
    """A customer with contacts (who may authorise) and contracts."""
    with services_context() as ctx:
        view = customers.show_customer(ctx, customer)
    if wants_json():
        emit_json(asdict(view))
        return
    _show(view)


@app.command("contact-add")
def contact_add(
    customer: CustomerArg,
    name: Annotated[str, typer.Argument(help="The contact's name.")],
    role: Annotated[
        str, typer.Option(help=f"One of: {', '.join(customers.CONTACT_ROLES)}.")
    ] = "employee",
    email: Annotated[str, typer.Option(help="E-mail address.")] = "",
    phone: Annotated[str, typer.Option(help="Phone number.")] = "",
) -> None:
    """Add a person at the customer (a titolare or ADS may authorise interventions)."""
    with services_context() as ctx:
        contact = customers.add_contact(ctx, customer, name, role, email, phone)
    if wants_json():
        emit_json(asdict(contact))
        return
    may = "may authorise" if contact.may_authorise else "may not authorise"
    out.print(f"[green]✓[/green] added contact #{contact.id} {safe(contact.name)} ({role}, {may})")


@app.command("contract-add")
def contract_add(
    customer: CustomerArg,
    plan: Annotated[str, typer.Option("--plan", "-p", help="A contract plan of the policy.")],
    starts: Annotated[str, typer.Option("--from", help="First day, YYYY-MM-DD or today.")],
    ends: Annotated[str, typer.Option("--to", help="Last day, YYYY-MM-DD.")],
    prepaid: Annotated[str, typer.Option(help="Prepaid amount in euro, e.g. 500.00.")] = "0",
) -> None:
    """Record a contract (a lead does it): the customer is served under its plan."""
    try:
        amount = parse_amount(prepaid)
    except AmountError:
        fail(f"--prepaid: '{prepaid}' is not an amount (e.g. 500.00)")
    if not amount.is_finite():
        fail(f"--prepaid: '{prepaid}' is not an amount (e.g. 500.00)")
    with services_context() as ctx:
        zone = ctx.policy.zone
        first = parse_day(starts, zone, what="--from")
        last = parse_day(ends, zone, what="--to")
        contract = customers.add_contract(ctx, customer, plan, first, last, amount)
    if wants_json():
        emit_json(asdict(contract))
        return
    out.print(
        f"[green]✓[/green] contract #{contract.id}: plan {contract.plan} from "
        f"{contract.starts_on:%d/%m/%Y} to {contract.ends_on:%d/%m/%Y}"
        + ("" if contract.active else " [dim](not in force today)[/dim]")
    )
