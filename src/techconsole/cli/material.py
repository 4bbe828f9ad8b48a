"""``techconsole material``: parts and materials used on an incident; a part proposed to
a customer who wants to hear about it first (seed 003) and their answer."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import typer
from rich.table import Table

from techconsole.cli import choices
from techconsole.cli.common import services_context
from techconsole.cli.ids import row_id
from techconsole.cli.incident_actions import IncidentArg
from techconsole.cli.options import wants_json
from techconsole.cli.output import emit_json, out, safe
from techconsole.cli.render import local
from techconsole.cli.timeparse import parse_instant
from techconsole.domain import parts
from techconsole.domain.money import eur, number, plain, plain_number
from techconsole.i18n import _
from techconsole.reports import event_words
from techconsole.services.context import Context
from techconsole.services.work import materials, part_answers
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
        "state": m.state,
        "proposed_because": m.proposed_because or None,
        "answered_by": m.answered_by,
        "answered_at": m.answered_at,
        "answered_via": m.answered_via or None,
    }


def why(m: MaterialView, ctx: Context) -> str:
    if m.proposed_because == parts.ASKED:
        return _("the customer asked to be told before any spare part is replaced")
    limit = ctx.policy.parts.approval_above
    return _("it is worth more than the policy's small parts ({limit})").format(
        limit=eur(limit) if limit is not None else "?"
    )


def state_words(m: MaterialView, ctx: Context) -> str:
    """``fitted``; ``proposed, awaiting confirmation``; with the customer's answer: who,
    how and when (``fitted: Sig. Rossi, by phone, Fri 04/12/2026 10:30``)."""
    said = event_words.part_state(m.state)
    if m.answered_at is None:
        return said
    how = [m.answered_by or ""]
    if m.answered_via:
        how.append(_("by {how}").format(how=event_words.channel(m.answered_via)))
    how.append(local(m.answered_at, ctx.policy.zone))
    return f"{said}: " + ", ".join(x for x in how if x)


ByOpt = Annotated[
    str,
    typer.Option(
        "--by",
        metavar="CONTACT",
        help=_("Who answered for the customer: the contact's id or name (see: customer show)."),
    ),
]
ViaOpt = Annotated[
    str,
    choices.option(
        "--via", choices=choices.ANSWERED_VIA, help=_("How the answer came: {choices}.")
    ),
]
AnswerAtOpt = Annotated[
    str | None,
    typer.Option(
        "--at",
        help=_(
            "When the customer answered: "
            "27/11 17:00, yesterday 17:00 or ISO 8601, in the policy's zone \\[default: now]."
        ),
        show_default=False,
    ),
]
PartArg = Annotated[int, typer.Argument(parser=row_id, metavar="ID", help=_("The part's id."))]


def _at(ctx: Context, text: str | None) -> datetime | None:
    return None if text is None else parse_instant(text, ctx.policy.zone, what="--at")


@app.command(
    help=_(
        "Record a material or spare part used on an incident.  For a customer who asked to "
        "be told before any spare part is replaced (or a part above the policy's small "
        "parts) it is proposed: fitted and billed only once their OK is recorded "
        "(material approve)."
    )
)
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
        if not m.waiting:
            out.print(f"[green]✓[/green] {text}")
            return
        out.print(f"[yellow]⏳[/yellow] {text} · {safe(event_words.part_state(m.state))}")
        said = _(
            "Not fitted, not billed: {why}. Once they agree: "
            "techconsole material approve {id} --by CONTACT --via phone|email|in_person"
        ).format(why=why(m, ctx), id=m.id)
        out.print(f"[yellow]{safe(said)}[/yellow]")


@app.command(
    help=_(
        "The customer agreed to a proposed part: record who, how and when; it is fitted "
        "and billed on the day of their answer."
    )
)
def approve(part: PartArg, by: ByOpt, via: ViaOpt, at: AnswerAtOpt = None) -> None:
    """The customer agreed to a proposed part: record who, how and when."""
    with services_context() as ctx:
        m = part_answers.approve_part(ctx, part, contact=by, via=via, at=_at(ctx, at))
        if wants_json():
            emit_json(material_json(m))
            return
        said = _("part {id} of {incident} approved: {description}, fitted and billed").format(
            id=m.id, incident=m.incident, description=safe(m.description, one_line=True)
        )
        out.print(f"[green]✓[/green] {said} · {safe(state_words(m, ctx))}")


@app.command(
    help=_("The customer did not want a proposed part (or it is withdrawn): never billed.")
)
def decline(
    part: PartArg,
    by: Annotated[
        str | None,
        typer.Option(
            "--by",
            metavar="CONTACT",
            help=_("Who answered for the customer: the contact's id or name."),
            show_default=False,
        ),
    ] = None,
    via: Annotated[
        str,
        choices.option(
            "--via", choices=choices.ANSWERED_VIA, help=_("How the answer came: {choices}.")
        ),
    ] = "",
    at: AnswerAtOpt = None,
) -> None:
    """The customer did not want a proposed part (or it is withdrawn): never billed."""
    with services_context() as ctx:
        m = part_answers.decline_part(ctx, part, contact=by, via=via, at=_at(ctx, at))
        if wants_json():
            emit_json(material_json(m))
            return
        said = _("part {id} of {incident} declined: {description}, not billed").format(
            id=m.id, incident=m.incident, description=safe(m.description, one_line=True)
        )
        out.print(f"[green]✓[/green] {said}")


@app.command(
    "list",
    help=_("The materials of an incident: fitted, proposed (awaiting the customer) or declined."),
)
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
            _("State"),
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
                safe(state_words(m, ctx)),
            )
        out.print(table)
        waiting = [m for m in rows if m.waiting]
        if waiting:
            said = _("Proposed parts are not billed until the customer agrees: material approve ID")
            out.print(f"[yellow]{safe(said)}[/yellow]")
