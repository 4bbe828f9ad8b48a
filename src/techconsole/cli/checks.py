"""``techconsole checks``: the monthly health checks of the customers' machines (seed 004,
"Monitoraggio del sistema"): the day agreed with each customer, the checks due and
overdue, recording one with its checklist and findings, its report for the customer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import typer
from typer._click.globals import get_current_context

from techconsole.cli.check_words import (
    checks_json,
    due_list_json,
    item_word,
    schedule_json,
    schedule_words,
)
from techconsole.cli.common import services_context
from techconsole.cli.ids import row_id
from techconsole.cli.options import wants_json
from techconsole.cli.output import emit_json, out, safe
from techconsole.cli.render import local
from techconsole.cli.report import ForceOpt, LangOpt, OutOpt, doc_language, export, format_option
from techconsole.cli.timeparse import parse_day, parse_instant
from techconsole.domain import check_items
from techconsole.domain.errors import DomainError
from techconsole.i18n import _
from techconsole.reports import files
from techconsole.services.checks import due, reading, record, schedule
from techconsole.services.checks.views import CheckReport

app = typer.Typer(
    help=_("Monthly health checks of the customers' machines: due, record, report."),
    no_args_is_help=True,
)

CheckArg = Annotated[
    str,
    typer.Argument(
        metavar="CHECK", help=_("The check's number (CP-2026-0001; see: techconsole checks list).")
    ),
]
AssetArg = Annotated[
    int,
    typer.Argument(
        metavar="MACHINE",
        parser=row_id,
        help=_("The machine's id (see: techconsole asset list)."),
    ),
]
CustomerOpt = Annotated[
    str | None,
    typer.Option("--customer", metavar="ID|NAME", help=_("One customer's only.")),
]
SeverityOpt = Annotated[
    str | None,
    typer.Option(
        "--severity", help=_("The severity of the incidents opened \\[default: the lowest].")
    ),
]
FORMATS = ("pdf", "md", "json")


@app.command(
    "schedule",
    help=_(
        "The day a customer's machines are checked: set it (a few words or a monthly RRULE), "
        "or show it; with no customer, every day agreed."
    ),
)
def schedule_command(
    customer: Annotated[
        str | None,
        typer.Argument(metavar="[CUSTOMER]", help=_("Customer id or (part of) its name.")),
    ] = None,
    rule: Annotated[
        str | None,
        typer.Argument(
            metavar="[RULE]",
            help=_(
                '"first tuesday", "last friday", "day 15", "first working day" (or "primo '
                'martedì"…), or an RRULE such as "FREQ=MONTHLY;BYDAY=+1TU".'
            ),
        ),
    ] = None,
    tech: Annotated[
        str | None,
        typer.Option(
            "--tech", metavar="LOGIN", help=_('Who does this customer\'s checks ("": nobody).')
        ),
    ] = None,
) -> None:
    """The day a customer's machines are checked: set it, or show it."""
    with services_context() as ctx:
        if customer is None:
            views = schedule.list_schedules(ctx)
            if wants_json():
                emit_json([schedule_json(v, ctx.policy) for v in views])
                return
            if not views:
                out.print(
                    _(
                        "No day agreed yet: every customer's machines are checked on the "
                        "first working day of the month."
                    )
                )
                return
            from techconsole.cli.check_show import print_schedules

            print_schedules(views)
            return
        if rule is None and tech is None:
            view = schedule.schedule_of(ctx, customer)
        else:
            if rule is None:
                rule = schedule.schedule_of(ctx, customer).said or "first working day"
            view = schedule.set_schedule(ctx, customer, rule, technician_login=tech)
        if wants_json():
            emit_json(schedule_json(view, ctx.policy))
            return
    mark = "[green]✓[/green] " if rule is not None or tech is not None else ""
    said = _("{customer}: checks on {rule}").format(
        customer=safe(view.customer, one_line=True), rule=schedule_words(view)
    )
    if view.technician:
        said += " · " + _("done by {login}").format(login=safe(view.technician))
    out.print(mark + said)


@app.command("due", help=_("The checks due and overdue (overdue first), and what has no check."))
def due_(
    at: Annotated[
        str | None,
        typer.Option("--at", metavar="YYYY-MM-DD", help=_("As of this day \\[default: today].")),
    ] = None,
    customer: CustomerOpt = None,
    mine: Annotated[
        bool, typer.Option("--mine", help=_("Only the customers whose checks are given to you."))
    ] = False,
    upcoming: Annotated[
        bool, typer.Option("--upcoming", help=_("The next checks too, not yet due."))
    ] = False,
) -> None:
    """The checks due and overdue (overdue first), and what has no check."""
    with services_context() as ctx:
        day = None if at is None else parse_day(at, ctx.policy.zone, what="--at")
        found = due.due_checks(ctx, day, customer=customer, mine=mine, upcoming=upcoming)
        if wants_json():
            emit_json(due_list_json(found))
            return
    from techconsole.cli.check_show import print_due

    print_due(found)


def _findings(items: list[str], checklist: tuple[str, ...]) -> list[check_items.Finding]:
    found = []
    for typed in items:
        try:
            found.append(check_items.parse_item(typed, checklist))
        except DomainError as error:  # said as a bad value of --item is (exit code 2)
            context = get_current_context()
            raise typer.BadParameter(str(error), ctx=context, param_hint="'--item'") from None
    return found


@app.command(
    "record",
    help=_(
        "Record a machine's check: how each item of the checklist went (--item KEY=OUTCOME or "
        "KEY=OUTCOME:what was found; the outcomes: {outcomes}), or --all-ok for the items "
        "not given. A dangerous finding calls for a repeat; --incident ITEM opens an "
        "incident on the machine about a finding."
    ).format(outcomes=check_items.OUTCOME_CHOICES.listed()),
)
def record_command(
    asset: AssetArg,
    item: Annotated[
        list[str] | None,
        typer.Option(
            "--item",
            "-i",
            metavar="KEY=OUTCOME[:FOUND]",
            help=_('An item of the checklist: backup=problem:"the last run failed".'),
        ),
    ] = None,
    all_ok: Annotated[
        bool, typer.Option("--all-ok", help=_("The items not given were fine."))
    ] = False,
    note: Annotated[
        str, typer.Option("--note", help=_("Anything worth telling the customer."))
    ] = "",
    at: Annotated[
        str | None,
        typer.Option(
            "--at",
            help=_(
                "When it was done: "
                "27/11 17:00, yesterday 17:00 or ISO 8601, in the policy's zone \\[default: now]."
            ),
            show_default=False,
        ),
    ] = None,
    incident: Annotated[
        list[str] | None,
        typer.Option(
            "--incident", metavar="ITEM", help=_("Open an incident about this item's finding.")
        ),
    ] = None,
    severity: SeverityOpt = None,
) -> None:
    """Record a machine's check with how each item of the checklist went."""
    with services_context() as ctx:
        findings = _findings(item or [], ctx.policy.service.health_checklist)
        when = None if at is None else parse_instant(at, ctx.policy.zone, now=ctx.now())
        new = record.NewCheck(
            asset,
            findings,
            all_ok=all_ok,
            note=note,
            at=when,
            incidents=tuple(incident or ()),
            severity=severity,
        )
        view = record.record_check(ctx, new)
        verified = view.verified(ctx.policy)
        if wants_json():
            emit_json({**checks_json(view, ctx.policy), "software_verified": list(verified)})
            return
        zone = ctx.policy.zone
    said = _("check {number} of #{id} {name} recorded ({when})").format(
        number=view.number, id=view.asset_id, name=safe(view.asset, one_line=True),
        when=local(view.done_at, zone),
    )  # fmt: skip
    out.print(f"[green]✓[/green] {said}")
    if verified:
        out.print(safe(check_items.software_verified(verified)))
    if view.repeat_by is not None:
        repeat = _("dangerous condition: a repeat check is due by {day}").format(
            day=f"{view.repeat_by:%d/%m/%Y}"
        )
        out.print(f"[bold red]⚠ {repeat}[/bold red]")
    for found in view.items:
        if found.incident:
            out.print(
                _("incident {number} opened: {item}").format(
                    number=found.incident, item=item_word(found.item)
                )
            )
    hint = _("the report: techconsole checks report {number}").format(number=view.number)
    out.print(f"[dim]{hint}[/dim]")


@app.command(help=_("A check in full: each item, what was found, the incidents opened."))
def show(check: CheckArg) -> None:
    """A check in full: each item, what was found, the incidents opened."""
    with services_context() as ctx:
        view = reading.show_check(ctx, check)
        if wants_json():
            emit_json(checks_json(view, ctx.policy))
            return
        zone = ctx.policy.zone
    from techconsole.cli.check_show import print_check

    print_check(view, zone)


@app.command("list", help=_("Checks done, newest first."))
def list_(
    customer: CustomerOpt = None,
    asset: Annotated[
        int | None,
        typer.Option("--machine", metavar="ID", parser=row_id, help=_("One machine's only.")),
    ] = None,
    month: Annotated[
        str | None, typer.Option("--month", metavar="YYYY-MM", help=_("Done that month."))
    ] = None,
) -> None:
    """Checks done, newest first."""
    with services_context() as ctx:
        views = reading.list_checks(ctx, customer=customer, asset=asset, month=month)
        if wants_json():
            emit_json([checks_json(v, ctx.policy) for v in views])
            return
        zone = ctx.policy.zone
    if not views:
        out.print(_("No health check recorded."))
        return
    from techconsole.cli.check_show import print_list

    print_list(views, zone)


@app.command(
    help=_(
        "A check's report for the customer: a PDF, Markdown or JSON file in --out (its path "
        "is printed), named after the check's number (-en added in English)."
    )
)
def report(
    check: CheckArg,
    fmt: Annotated[str, format_option(*FORMATS)] = "pdf",
    out_dir: OutOpt = None,
    force: ForceOpt = False,
    lang: LangOpt = None,
) -> None:
    """A check's report for the customer: a PDF, Markdown or JSON file in --out."""
    kind = fmt
    words = doc_language(lang)
    where = files.folder(out_dir)
    with services_context() as ctx:
        found = reading.check_report(ctx, check)
        zone = ctx.policy.zone
    renderers: dict[str, Callable[[CheckReport], bytes]] = {
        "pdf": lambda r: _pdf(r, words),
        "md": lambda r: _markdown(r, words),
        "json": lambda r: _json(r, zone),
    }
    stem = files.stem_in(found.check.file_stem, words, kind)
    export(where, stem, kind, lambda: renderers[kind](found), force)


def _pdf(found: CheckReport, words: Any) -> bytes:
    from techconsole.reports.check_pdf import check_pdf

    return check_pdf(found, words)


def _markdown(found: CheckReport, words: Any) -> bytes:
    from techconsole.reports.check_markdown import check_markdown

    return check_markdown(found, words).encode()


def _json(found: CheckReport, zone: Any) -> bytes:
    from techconsole.reports.check_json import check_json_text

    return check_json_text(found.check, zone).encode()


@app.command(help=_("Open an incident on the check's machine about one of its findings."))
def incident(
    check: CheckArg,
    item: Annotated[str, typer.Argument(metavar="ITEM", help=_("The item: backup, disk_health…"))],
    severity: SeverityOpt = None,
) -> None:
    """Open an incident on the check's machine about one of its findings."""
    with services_context() as ctx:
        view, number = record.open_incident(ctx, check, item, severity=severity)
        if wants_json():
            emit_json({"check": view.number, "item": item.strip().lower(), "incident": number})
            return
    said = _("incident {number} opened on #{id} {name}: {item}").format(
        number=number, id=view.asset_id, name=safe(view.asset, one_line=True),
        item=item_word(item.strip().lower()),
    )  # fmt: skip
    out.print(f"[green]✓[/green] {said}")
