"""``techconsole asset``: a customer's covered machines, the software verified on them,
the inspection at acceptance, and whether each is covered (seed 004)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from techconsole.cli import choices
from techconsole.cli.asset_words import asset_json, coverage_words, detail_json
from techconsole.cli.common import services_context
from techconsole.cli.ids import row_id
from techconsole.cli.options import wants_json
from techconsole.cli.output import emit_json, out, safe
from techconsole.cli.render import iso, local
from techconsole.cli.timeparse import parse_day, parse_instant
from techconsole.i18n import _
from techconsole.services.assets import care, reading
from techconsole.services.assets import registry as assets
from techconsole.services.assets.views import AssetView
from techconsole.services.context import Context

app = typer.Typer(
    help=_("Customers' machines: coverage, required software, inspection."), no_args_is_help=True
)

AssetArg = Annotated[
    int,
    typer.Argument(
        metavar="ID", parser=row_id, help=_("The machine's id (see: techconsole asset list).")
    ),
]
CustomerArg = Annotated[str, typer.Argument(help=_("Customer id or (part of) its name."))]
KindOpt = Annotated[
    str | None,
    choices.option(
        "--kind", choices=choices.ASSET_KINDS, help=_("The kind of machine: {choices}.")
    ),
]
SerialOpt = Annotated[str | None, typer.Option("--serial", help=_("Serial number."))]
OsOpt = Annotated[str | None, typer.Option("--os", help=_("Operating system, e.g. Windows 11."))]
LocationOpt = Annotated[
    str | None, typer.Option("--location", help=_("Where it stands, or whose it is."))
]
SinceOpt = Annotated[
    str | None,
    typer.Option("--since", help=_("Under the contract since, YYYY-MM-DD (the acceptance).")),
]
RemoteOpt = Annotated[
    str | None,
    typer.Option("--remote-id", help=_("Its remote-access id (e.g. the TeamViewer id).")),
]
NotesOpt = Annotated[str | None, typer.Option("--notes", help=_("Anything worth knowing."))]
SyncedOpt = Annotated[
    bool | None,
    typer.Option(
        "--synced/--not-synced",
        help=_("It receives the live copy of the customer's data (a phone, another client)."),
        show_default=False,
    ),
]
PackageOpt = Annotated[
    bool | None,
    typer.Option(
        "--in-package/--not-in-package",
        help=_("In the support package or not (a machine out of it is not covered)."),
        show_default=False,
    ),
]
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


def _day(ctx: Context, text: str | None) -> Any:
    return None if text is None else parse_day(text, ctx.policy.zone, what="--since")


def _at(ctx: Context, text: str | None) -> Any:
    return None if text is None else parse_instant(text, ctx.policy.zone, now=ctx.now())


def _said(ctx: Context, view: AssetView, message: str) -> None:
    if wants_json():
        emit_json(asset_json(view, ctx.policy))
        return
    out.print(f"[green]✓[/green] {message}")
    out.print(f"[dim]#{view.id} {safe(view.name, one_line=True)}:[/dim] {coverage_words(view)}")


@app.command(help=_("Add a machine of a customer's (under the contract from --since)."))
def add(
    customer: CustomerArg,
    name: Annotated[str, typer.Argument(help=_("The machine's name, e.g. PC-Reception."))],
    kind: KindOpt = None,
    serial: SerialOpt = None,
    os: OsOpt = None,
    location: LocationOpt = None,
    since: SinceOpt = None,
    remote_id: RemoteOpt = None,
    notes: NotesOpt = None,
    synced: SyncedOpt = None,
    in_package: PackageOpt = None,
) -> None:
    """Add a machine of a customer's (under the contract from --since)."""
    with services_context() as ctx:
        new = assets.NewAsset(
            customer=customer,
            name=name,
            kind=kind or "workstation",
            serial=serial or "",
            os=os or "",
            location=location or "",
            covered_since=_day(ctx, since),
            remote_id=remote_id or "",
            notes=notes or "",
            synced=bool(synced),
            in_package=True if in_package is None else in_package,
        )
        view = assets.add_asset(ctx, new)
        text = _("added machine #{id} {name} for {customer}").format(
            id=view.id, name=safe(view.name, one_line=True), customer=safe(view.customer)
        )
        _said(ctx, view, text)


@app.command(help=_("Change a machine's facts: only the options given change."))
def edit(
    asset: AssetArg,
    name: Annotated[str | None, typer.Option("--name", help=_("Its new name."))] = None,
    kind: KindOpt = None,
    serial: SerialOpt = None,
    os: OsOpt = None,
    location: LocationOpt = None,
    since: SinceOpt = None,
    remote_id: RemoteOpt = None,
    notes: NotesOpt = None,
    synced: SyncedOpt = None,
    in_package: PackageOpt = None,
) -> None:
    """Change a machine's facts: only the options given change."""
    with services_context() as ctx:
        changes = assets.AssetChanges(
            name=name,
            kind=kind,
            serial=serial,
            os=os,
            location=location,
            covered_since=_day(ctx, since),
            remote_id=remote_id,
            notes=notes,
            synced=synced,
            in_package=in_package,
        )
        view = assets.edit_asset(ctx, asset, changes)
        text = _("machine #{id} {name} changed").format(
            id=view.id, name=safe(view.name, one_line=True)
        )
        _said(ctx, view, text)


@app.command(help=_("The machine leaves the contract (replaced, scrapped): not covered from then."))
def retire(asset: AssetArg, at: AtOpt = None) -> None:
    """The machine leaves the contract (replaced, scrapped): not covered from then."""
    with services_context() as ctx:
        view = assets.retire_asset(ctx, asset, at=_at(ctx, at))
        text = _("machine #{id} {name} retired on {when}").format(
            id=view.id,
            name=safe(view.name, one_line=True),
            when=local(view.retired_at, ctx.policy.zone),
        )
        _said(ctx, view, text)


@app.command(
    help=_("Record that software was found installed (or not) on a machine: its coverage follows.")
)
def verify(
    asset: AssetArg,
    software: Annotated[
        list[str], typer.Argument(help=_("What was checked, as the policy names it: backup…"))
    ],
    installed: Annotated[
        bool,
        typer.Option(
            "--installed/--missing",
            help=_("Found installed and working, or missing (uninstalled, not working)."),
        ),
    ] = True,
    product: Annotated[
        str, typer.Option("--product", help=_("What is installed, e.g. Norton Security Premium."))
    ] = "",
    note: Annotated[str, typer.Option("--note", help=_("What was seen."))] = "",
    at: AtOpt = None,
) -> None:
    """Record that software was found installed (or not) on a machine: its coverage follows."""
    with services_context() as ctx:
        view = care.verify_software(
            ctx, asset, software, installed, product=product, at=_at(ctx, at), note=note
        )
        found = _("installed") if installed else _("missing")
        text = _("{software} on #{id} {name}: {found}").format(
            software=safe(", ".join(software), one_line=True),
            id=view.id,
            name=safe(view.name, one_line=True),
            found=found,
        )
        _said(ctx, view, text)


@app.command(help=_("Record the inspection of the whole machine at acceptance, with its findings."))
def inspect(
    asset: AssetArg,
    findings: Annotated[
        str, typer.Option("--findings", help=_("What it found: faults, data put in safety…"))
    ],
    at: AtOpt = None,
    replace: Annotated[
        bool, typer.Option("--replace", help=_("Correct the inspection recorded already."))
    ] = False,
) -> None:
    """Record the inspection of the whole machine at acceptance, with its findings."""
    with services_context() as ctx:
        done = care.record_inspection(ctx, asset, findings, at=_at(ctx, at), replace=replace)
        zone = ctx.policy.zone
        if wants_json():
            emit_json(
                {
                    "asset": asset,
                    "at": iso(done.inspected_at, zone),
                    "by": done.inspected_by,
                    "findings": done.findings,
                }
            )
            return
    text = _("inspection of machine #{id} recorded ({when}, {who})").format(
        id=asset, when=local(done.inspected_at, zone), who=safe(done.inspected_by)
    )
    out.print(f"[green]✓[/green] {text}")


@app.command("list", help=_("Machines by customer and name, with their coverage now."))
def list_(
    customer: Annotated[
        str | None,
        typer.Argument(help=_("Customer id or (part of) its name \\[default: every customer].")),
    ] = None,
    retired: Annotated[
        bool, typer.Option("--retired", help=_("The retired machines too."))
    ] = False,
) -> None:
    """Machines by customer and name, with their coverage now."""
    from techconsole.cli.asset_show import print_list

    with services_context() as ctx:
        views = reading.list_assets(ctx, customer, retired=retired)
        if wants_json():
            emit_json([asset_json(v, ctx.policy) for v in views])
            return
        zone = ctx.policy.zone
    if not views:
        if customer is None and not retired:
            out.print(_("No machines yet: techconsole asset add CUSTOMER NAME"))
        else:
            out.print(_("No machines."))
        return
    print_list(views, zone)


@app.command(
    help=_("A machine in full: coverage and why, software as verified, inspection, incidents.")
)
def show(asset: AssetArg) -> None:
    """A machine in full: coverage and why, software as verified, inspection, incidents."""
    from techconsole.cli.asset_show import print_detail

    with services_context() as ctx:
        found = reading.show_asset(ctx, asset)
        if wants_json():
            emit_json(detail_json(found, ctx.policy))
            return
        zone = ctx.policy.zone
    print_detail(found, zone)
