"""``techconsole report ads-…``: the reports to the data controller of the customers we are
system administrator (ADS) for, on the cadence agreed with each (seed 001: "L'operato
della nostra azienda sara' riportato al titolare con cadenza da stabilire tra le parti
(file di log e report)").

``ads-cadence`` records the cadence agreed; ``ads-due`` lists the reports due (and the
customers with no cadence agreed yet); ``ads-write`` writes the next report due — the
activity report (``report activity``) of exactly the period since the last one;
``ads-delivered`` records its delivery (when, to whom, how); ``ads-history`` lists the
reports delivered.  ``ads-send`` (:mod:`.report_ads_send`) sends it by e-mail instead.
"""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any

import typer
from rich.table import Table

from techconsole.cli import choices
from techconsole.cli.common import services_context
from techconsole.cli.incident_actions import instant
from techconsole.cli.options import wants_json
from techconsole.cli.output import emit_json, err, out, safe
from techconsole.cli.render import local
from techconsole.cli.report import ForceOpt, LangOpt, OutOpt, app, doc_language, format_option
from techconsole.cli.report_month import Planned, write_files
from techconsole.cli.timeparse import parse_day
from techconsole.domain.ads_cadence import Period
from techconsole.i18n import _, ngettext
from techconsole.reports import event_words, files
from techconsole.reports.activity_csv import activity_csv
from techconsole.reports.activity_pdf import activity_pdf
from techconsole.reports.ads_words import mailed_words
from techconsole.reports.summary_words import ads_stem
from techconsole.services.documents import activity, ads_reports
from techconsole.services.documents.ads_outbox import AdsMailed
from techconsole.services.documents.ads_reports import AdsDelivery, AdsStanding

CustomerArg = Annotated[str, typer.Argument(metavar="CUSTOMER", help=_("Customer id or name."))]


def days(period: Period) -> str:
    return f"{period.start:%d/%m/%Y}–{period.end:%d/%m/%Y}"


def _period_json(period: Period | None) -> dict[str, Any] | None:
    if period is None:
        return None
    return {"start": period.start, "end": period.end, "due_on": period.due_on}


def standing_json(s: AdsStanding) -> dict[str, Any]:
    return {
        "customer_id": s.customer_id,
        "customer": s.customer,
        "cadence": s.cadence,
        "starts_on": s.starts_on,
        "covered_until": s.covered_until,
        "due": [_period_json(p) for p in s.due],
        "next": _period_json(s.next),
        "mailed": _mailed_json(s.mailed),
    }


def _mailed_json(m: AdsMailed | None) -> dict[str, Any] | None:
    if m is None:
        return None
    return {
        "mail": m.mail_id,
        "state": m.state,
        "to": m.to.split(",") if m.to else [],
        "queued_at": m.queued_at,
        "attempts": m.attempts,
        "last_error": m.last_error,
    }


def delivery_json(d: AdsDelivery) -> dict[str, Any]:
    return {
        "id": d.id,
        "customer_id": d.customer_id,
        "customer": d.customer,
        "period": _period_json(d.period),
        "delivered_at": d.delivered_at,
        "delivered_to": d.delivered_to,
        "delivered_via": d.delivered_via,
        "note": d.note,
        "recorded_by": d.recorded_by,
    }


def cadence_words(cadence: str | None) -> str:
    return _("not agreed yet") if cadence is None else choices.CADENCES.word(cadence)


@app.command(
    "ads-cadence",
    help=_(
        "The cadence agreed with a customer we are ADS for, for the reports to its data "
        "controller: {cadences}. A lead's step."
    ).format(cadences=choices.CADENCES.listed()),
)
def ads_cadence(
    customer: CustomerArg,
    cadence: Annotated[
        str,
        choices.argument(
            choices=choices.CADENCES,
            metavar="CADENCE",
            help=_("How often a report is due: {choices}."),
        ),
    ],
    start: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="DATE",
            help=_("The first day the first report covers \\[default: today]."),
            show_default=False,
        ),
    ] = None,
) -> None:
    """The cadence agreed with a customer we are ADS for, for the reports to its data
    controller."""
    with services_context() as ctx:
        first = parse_day(start, ctx.policy.zone, what="--from") if start else None
        s = ads_reports.set_cadence(ctx, customer, cadence, first)
    if wants_json():
        emit_json(standing_json(s))
        return
    said = _("{customer}: reports to the data controller {cadence}, from {day}").format(
        customer=safe(s.customer),
        cadence=cadence_words(s.cadence),
        day=f"{s.starts_on:%d/%m/%Y}" if s.starts_on else "—",
    )
    out.print(f"[green]✓[/green] {said}")
    if s.next is not None:
        out.print(
            _("The next report covers {days}, due on {day}.").format(
                days=days(s.next), day=f"{s.next.due_on:%d/%m/%Y}"
            )
        )


@app.command(
    "ads-due",
    help=_(
        "The reports due to the data controllers of the customers we are ADS for: each "
        "period over and not delivered, and the customers with no cadence agreed yet."
    ),
)
def ads_due(
    every: Annotated[
        bool,
        typer.Option("--all", help=_("Every customer we are ADS for, up to date or not.")),
    ] = False,
) -> None:
    """The reports due to the data controllers of the customers we are ADS for."""
    with services_context() as ctx:
        found = ads_reports.standings(ctx, due_only=not every)
    if wants_json():
        emit_json([standing_json(s) for s in found])
        return
    if not found:
        out.print(_("No report to a data controller is due."))
        return
    table = Table(_("Customer"), _("Cadence"), _("Reported until"), _("Due"), _("Next"))
    for s in found:
        lines = [
            "[yellow]"
            + _("{days}, due since {day}").format(days=days(p), day=f"{p.due_on:%d/%m/%Y}")
            + "[/yellow]"
            for p in s.due
        ]
        if s.mailed is not None and lines:  # under the period its message carries
            lines.insert(1, f"[dim]{safe(mailed_words(s.mailed), one_line=True)}[/dim]")
        due = "\n".join(lines) or "—"
        table.add_row(
            safe(s.customer, one_line=True),
            cadence_words(s.cadence),
            f"{s.covered_until:%d/%m/%Y}" if s.covered_until else "—",
            due,
            days(s.next) if s.next and not s.due else "",
        )
    out.print(table)
    reports = sum(len(s.due) for s in found)
    if reports:
        said = ngettext(
            "{n} report due: techconsole report ads-send CUSTOMER (by e-mail), or ads-write "
            "CUSTOMER then ads-delivered",
            "{n} reports due: techconsole report ads-send CUSTOMER (by e-mail), or ads-write "
            "CUSTOMER then ads-delivered",
            reports,
        ).format(n=reports)
        out.print(f"[dim]{said}[/dim]")


@app.command(
    "ads-write",
    help=_(
        "Write the next report due to a customer's data controller: the activity report "
        "of exactly the period since the last one delivered (PDF or CSV)."
    ),
)
def ads_write(
    customer: CustomerArg,
    fmt: Annotated[str, format_option("pdf", "csv")] = "pdf",
    out_dir: OutOpt = None,
    force: ForceOpt = False,
    lang: LangOpt = None,
) -> None:
    """Write the next report due to a customer's data controller."""
    words = doc_language(lang)
    where = files.folder(out_dir)
    with services_context() as ctx:
        customer_id, period = ads_reports.next_due(ctx, customer)
        report = activity.activity(ctx, customer_id, period.start, period.end)
    render = activity_pdf if fmt == "pdf" else activity_csv
    stem = files.stem_in(ads_stem(customer_id, period), words, fmt)
    write_files(where, fmt, [Planned(stem, partial(render, report, words))], force, _("ADS report"))
    said = _("{customer}: the report of {days} ({operations}); once delivered: "
             "techconsole report ads-delivered {id} --to … --via …").format(
        customer=safe(report.customer.name),
        days=days(period),
        operations=ngettext("{n} operation", "{n} operations", len(report.rows)).format(
            n=len(report.rows)
        ),
        id=customer_id,
    )  # fmt: skip
    err.print(f"[green]✓[/green] {said}")


@app.command(
    "ads-delivered",
    help=_(
        "The report of the oldest period due was delivered to the customer's data "
        "controller: when, to whom, how ({ways})."
    ).format(ways=choices.DELIVERED_VIA.listed()),
)
def ads_delivered(
    customer: CustomerArg,
    to: Annotated[str, typer.Option("--to", help=_("To whom: the titolare's name, an address."))],
    via: Annotated[
        str,
        choices.option(
            "--via", choices=choices.DELIVERED_VIA, help=_("How it was delivered: {choices}.")
        ),
    ],
    at: Annotated[
        str | None,
        typer.Option(
            "--at",
            help=_(
                "When it was delivered: "
                "27/11 17:00, yesterday 17:00 or ISO 8601, in the policy's zone \\[default: now]."
            ),
            show_default=False,
        ),
    ] = None,
    note: Annotated[str, typer.Option("--note", help=_("A note."))] = "",
) -> None:
    """The report of the oldest period due was delivered to the customer's data
    controller."""
    with services_context() as ctx:
        d = ads_reports.record_delivery(
            ctx, customer, to=to, via=via, at=instant(ctx, at), note=note
        )
        zone = ctx.policy.zone
    if wants_json():
        emit_json(delivery_json(d))
        return
    said = _("{customer}: the report of {days} delivered to {to} {how}, {when}").format(
        customer=safe(d.customer),
        days=days(d.period),
        to=safe(d.delivered_to, one_line=True),
        how=_("by {how}").format(how=event_words.channel(d.delivered_via)),
        when=local(d.delivered_at, zone),
    )
    out.print(f"[green]✓[/green] {said}")


@app.command(
    "ads-history", help=_("The reports delivered to a customer's data controller, oldest first.")
)
def ads_history(customer: CustomerArg) -> None:
    """The reports delivered to a customer's data controller, oldest first."""
    with services_context() as ctx:
        found = ads_reports.deliveries(ctx, customer)
        zone = ctx.policy.zone
    if wants_json():
        emit_json([delivery_json(d) for d in found])
        return
    if not found:
        out.print(_("No report delivered yet."))
        return
    table = Table(_("Period"), _("Delivered"), _("To"), _("Via"), _("Recorded by"))
    for d in found:
        table.add_row(
            days(d.period),
            local(d.delivered_at, zone),
            safe(d.delivered_to, one_line=True),
            event_words.channel(d.delivered_via),
            d.recorded_by,
        )
    out.print(table)
