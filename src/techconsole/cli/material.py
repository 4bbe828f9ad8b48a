"""``techconsole material``: parts and materials used on an incident."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table

from techconsole.cli.common import services_context
from techconsole.cli.incident_actions import IncidentArg
from techconsole.cli.options import wants_json
from techconsole.cli.output import emit_json, err, out, safe
from techconsole.domain.money import eur, number, plain, plain_number
from techconsole.i18n import _
from techconsole.services.work import materials
from techconsole.services.work.materials import MaterialView

app = typer.Typer(help=_("Materials and spare parts."), no_args_is_help=True)


def material_json(m: MaterialView) -> dict[str, Any]:
    return {
        "id": m.id,
        "incident": m.incident,
        "description": m.description,
        "code": m.code,
        "serial": m.serial,
        "quantity": plain_number(m.quantity),
        "unit_price": plain(m.unit_price),
        "amount": plain(m.amount),
        "warranty": m.warranty,
        "used_on": m.used_on,
        "notice": m.notice,
    }


@app.command(help=_("Record a material or spare part used on an incident."))
def add(
    incident: IncidentArg,
    description: Annotated[str, typer.Argument(help=_("What it is, e.g. 'RAM 8 GB DDR4'."))],
    price: Annotated[str, typer.Option("--price", help=_("Unit price in euro, e.g. 35.00."))],
    quantity: Annotated[str, typer.Option("--qty", help=_("Quantity."))] = "1",
    code: Annotated[str, typer.Option("--code", help=_("Product code."))] = "",
    serial: Annotated[str, typer.Option("--serial", help=_("Serial number."))] = "",
    warranty: Annotated[
        bool, typer.Option("--warranty", help=_("Under warranty: not charged."))
    ] = False,
) -> None:
    """Record a material or spare part used on an incident."""
    with services_context() as ctx:
        m = materials.add_material(
            ctx,
            incident,
            description,
            quantity=quantity,
            unit_price=price,
            code=code,
            serial=serial,
            warranty=warranty,
        )
        if wants_json():
            emit_json(material_json(m))
            return
        text = _("{incident}: {quantity} × {description} at {price} = {amount}").format(
            incident=m.incident,
            quantity=number(m.quantity),
            description=safe(m.description, one_line=True),
            price=eur(m.unit_price),
            amount=eur(m.amount),
        )
        if m.warranty:
            text += " " + _("(warranty)")
        out.print(f"[green]✓[/green] {text}")
        if m.notice:
            err.print(f"[yellow]⚠ {safe(m.notice)}[/yellow]")


@app.command("list", help=_("The materials of an incident."))
def list_materials(
    incident: IncidentArg,
) -> None:
    """The materials of an incident."""
    with services_context() as ctx:
        rows = materials.materials(ctx, incident)
        if wants_json():
            emit_json([material_json(m) for m in rows])
            return
        table = Table(
            "#",
            _("Code"),
            _("Description"),
            _("Serial no."),
            _("Qty"),
            _("Unit"),
            _("Amount"),
            _("Warranty"),
        )
        for m in rows:
            table.add_row(
                str(m.id),
                safe(m.code),
                safe(m.description, one_line=True),
                safe(m.serial),
                number(m.quantity),
                eur(m.unit_price),
                eur(m.amount),
                _("yes") if m.warranty else "",
            )
        out.print(table)
