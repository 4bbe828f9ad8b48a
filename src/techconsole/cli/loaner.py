"""``techconsole loaner``: our loaner PCs ("PC muletto", seed 004) — the pool, lending one
to a customer whose machine is in repair, its return, and who had which and for how long."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer

from techconsole.cli.common import services_context
from techconsole.cli.ids import row_id
from techconsole.cli.options import wants_json
from techconsole.cli.output import emit_json, out, safe
from techconsole.cli.render import local
from techconsole.cli.timeparse import parse_instant
from techconsole.i18n import _
from techconsole.services.context import Context
from techconsole.services.loaners import lending, pool, reading
from techconsole.services.loaners.views import LoanerView, LoanView

app = typer.Typer(
    help=_("Our loaner PCs: the pool, lending one while a customer's PC is repaired, returns."),
    no_args_is_help=True,
)

LoanerArg = Annotated[
    str,
    typer.Argument(
        metavar="LOANER",
        help=_("The loaner PC: its id or its name (see: techconsole loaner list)."),
    ),
]
SerialOpt = Annotated[str | None, typer.Option("--serial", help=_("Serial number."))]
NotesOpt = Annotated[
    str | None, typer.Option("--notes", help=_("Anything worth knowing: model, RAM, state."))
]
NoteOpt = Annotated[str, typer.Option("--note", help=_("A note for the record."))]
AtOpt = Annotated[
    str | None,
    typer.Option(
        "--at",
        help=_(
            "When it happened: "
            "27/11 17:00, yesterday 17:00, 2 hours ago or ISO 8601, in the policy's zone "
            "\\[default: now]."
        ),
        show_default=False,
    ),
]


def _at(ctx: Context, text: str | None) -> datetime | None:
    return None if text is None else parse_instant(text, ctx.policy.zone, now=ctx.now())


def _said_loaner(ctx: Context, view: LoanerView, message: str) -> None:
    from techconsole.cli.loaner_words import loaner_json

    if wants_json():
        emit_json(loaner_json(view, ctx.policy.zone, ctx.now()))
        return
    out.print(f"[green]✓[/green] {message}")


def _said_loan(ctx: Context, loan: LoanView, message: str) -> None:
    from techconsole.cli.loaner_words import lent_to, loan_json

    if wants_json():
        emit_json(loan_json(loan, ctx.policy.zone, ctx.now()))
        return
    out.print(f"[green]✓[/green] {message}")
    data = _("data of {whose}").format(whose=safe(loan.data_from, one_line=True))
    out.print(f"[dim]{lent_to(loan)} · {data}[/dim]")


@app.command(help=_("Add a loaner PC to our pool."))
def add(
    name: Annotated[str, typer.Argument(help=_("Its name, e.g. Muletto-01."))],
    serial: SerialOpt = None,
    notes: NotesOpt = None,
) -> None:
    """Add a loaner PC to our pool."""
    with services_context() as ctx:
        view = pool.add_loaner(ctx, pool.LoanerFacts(name, serial or "", notes or ""))
        text = _("added loaner PC #{id} {name}").format(
            id=view.id, name=safe(view.name, one_line=True)
        )
        _said_loaner(ctx, view, text)


@app.command(help=_("Change a loaner's name, serial number or notes: only the options given."))
def edit(
    loaner: LoanerArg,
    name: Annotated[str | None, typer.Option("--name", help=_("Its new name."))] = None,
    serial: SerialOpt = None,
    notes: NotesOpt = None,
) -> None:
    """Change a loaner's name, serial number or notes: only the options given."""
    with services_context() as ctx:
        view = pool.edit_loaner(ctx, loaner, pool.LoanerFacts(name, serial, notes))
        text = _("loaner PC #{id} {name} changed").format(
            id=view.id, name=safe(view.name, one_line=True)
        )
        _said_loaner(ctx, view, text)


@app.command(help=_("The loaner leaves the pool (sold, broken): it is never lent again."))
def retire(loaner: LoanerArg, at: AtOpt = None) -> None:
    """The loaner leaves the pool (sold, broken): it is never lent again."""
    with services_context() as ctx:
        view = pool.retire_loaner(ctx, loaner, at=_at(ctx, at))
        text = _("loaner PC {name} retired on {when}").format(
            name=safe(view.name, one_line=True), when=local(view.retired_at, ctx.policy.zone)
        )
        _said_loaner(ctx, view, text)


@app.command(
    help=_(
        "Lend a loaner PC for an incident (or to a customer), with the data of the machine in "
        "repair copied onto it; stops the incident's loaner clock."
    )
)
def lend(
    loaner: LoanerArg,
    incident: Annotated[
        str | None,
        typer.Option(
            "--incident", "-i", help=_("The incident it is lent for (2026-000123 or 123).")
        ),
    ] = None,
    customer: Annotated[
        str | None,
        typer.Option(
            "--customer", "-c", help=_("Customer id or name (the incident's by default).")
        ),
    ] = None,
    machine: Annotated[
        int | None,
        typer.Option(
            "--machine",
            parser=row_id,
            help=_("The customer's machine it stands in for (the incident's by default)."),
        ),
    ] = None,
    data: Annotated[
        str | None,
        typer.Option(
            "--data",
            help=_("Whose data were copied onto it \\[default: the machine's name]."),
            show_default=False,
        ),
    ] = None,
    note: NoteOpt = "",
    at: AtOpt = None,
) -> None:
    """Lend a loaner PC for an incident (or to a customer), with the data of the machine in
    repair copied onto it; stops the incident's loaner clock."""
    with services_context() as ctx:
        loan = lending.lend(
            ctx,
            lending.Lending(
                loaner=loaner,
                incident=incident,
                customer=customer,
                machine=machine,
                data_from=data or "",
                note=note,
                at=_at(ctx, at),
            ),
        )
        text = _("loaner PC {name} lent to {customer} at {when}").format(
            name=safe(loan.loaner, one_line=True),
            customer=safe(loan.customer, one_line=True),
            when=local(loan.lent_at, ctx.policy.zone),
        )
        _said_loan(ctx, loan, text)


@app.command("return", help=_("The customer gave the loaner PC back: the time is recorded."))
def return_(loaner: LoanerArg, note: NoteOpt = "", at: AtOpt = None) -> None:
    """The customer gave the loaner PC back: the time is recorded."""
    from techconsole.cli.loaner_words import how_long

    with services_context() as ctx:
        loan = lending.give_back(ctx, loaner, note=note, at=_at(ctx, at))
        text = _("loaner PC {name} back from {customer} at {when}, out for {how_long}").format(
            name=safe(loan.loaner, one_line=True),
            customer=safe(loan.customer, one_line=True),
            when=local(loan.returned_at, ctx.policy.zone),
            how_long=how_long(loan, ctx.now()),
        )
        _said_loan(ctx, loan, text)


@app.command("list", help=_("Our loaner PCs: each in or out, to whom and for how long."))
def list_(
    retired: Annotated[bool, typer.Option("--retired", help=_("The retired loaners too."))] = False,
    out_only: Annotated[bool, typer.Option("--out", help=_("Only those out now."))] = False,
) -> None:
    """Our loaner PCs: each in or out, to whom and for how long."""
    from techconsole.cli.loaner_words import loaner_json, print_pool

    with services_context() as ctx:
        views = reading.list_loaners(ctx, retired=retired)
        zone, now = ctx.policy.zone, ctx.now()
    if out_only:
        views = [v for v in views if v.out]
    if wants_json():
        emit_json([loaner_json(v, zone, now) for v in views])
        return
    if not views:
        if out_only:
            out.print(_("No loaner PC is out."))
        else:
            out.print(_("No loaner PCs yet: techconsole loaner add NAME"))
        return
    print_pool(views, zone, now)


@app.command(help=_("A loaner PC in full: where it is now and every loan of it."))
def show(loaner: LoanerArg) -> None:
    """A loaner PC in full: where it is now and every loan of it."""
    from techconsole.cli.loaner_words import detail_json, print_detail

    with services_context() as ctx:
        found = reading.show_loaner(ctx, loaner)
        zone, now = ctx.policy.zone, ctx.now()
    if wants_json():
        emit_json(detail_json(found, zone, now))
        return
    print_detail(found, zone, now)


@app.command(help=_("The loans: whose data went out on which loaner, when, and when it came back."))
def loans(
    out_only: Annotated[
        bool, typer.Option("--out", help=_("Only those out now, the longest out first."))
    ] = False,
    customer: Annotated[
        str | None, typer.Option("--customer", "-c", help=_("Customer id or name."))
    ] = None,
    incident: Annotated[
        str | None, typer.Option("--incident", "-i", help=_("Incident number."))
    ] = None,
) -> None:
    """The loans: whose data went out on which loaner, when, and when it came back."""
    from techconsole.cli.loaner_words import loan_json, print_loans

    with services_context() as ctx:
        found = reading.list_loans(ctx, out=out_only, customer=customer, incident=incident)
        zone, now = ctx.policy.zone, ctx.now()
    if wants_json():
        emit_json([loan_json(loan, zone, now) for loan in found])
        return
    if not found:
        out.print(_("No loans."))
        return
    print_loans(found, zone, now)
