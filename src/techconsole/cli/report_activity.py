"""``techconsole report activity``: what we did for a customer in a period, for its data
controller (seed 001: operations on an ADS customer's systems are reported periodically).

One file per customer, PDF or CSV (a data controller sees only their own company's), named
after the period and the customer's code only: ``RA-2026-11-C0042.pdf`` for a month,
``RA-2026-11-01_2026-11-15-C0042.csv`` for other periods (``-en`` added in English).
Without ``--customer``: every customer we are system administrator (ADS) for.  A period
with nothing done still gets its report: that is what the data controller is told.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial
from typing import Annotated

import typer

from techconsole.cli.common import load_policy, services_context
from techconsole.cli.output import err, fail
from techconsole.cli.report import ForceOpt, LangOpt, OutOpt, app, doc_language, format_option
from techconsole.cli.report_month import CustomerOpt, Planned, write_files
from techconsole.cli.timeparse import parse_day
from techconsole.i18n import _, ngettext
from techconsole.reports import files
from techconsole.reports.activity_csv import activity_csv
from techconsole.reports.activity_pdf import activity_pdf
from techconsole.reports.summary_words import customer_code
from techconsole.services.documents import activity
from techconsole.services.documents.work_reports import month_days
from techconsole.services.work.months import parse_month

ACTIVITY_FORMATS = ("pdf", "csv")


def period(month: str | None, start: str | None, end: str | None) -> tuple[date, date, str]:
    """The first and last day asked for, and how file names call the period."""
    if month is not None:
        if start is not None or end is not None:
            fail(_("give either --month or --from and --to, not both"))
        first, after = month_days(parse_month(month))
        return first, after - timedelta(days=1), f"{first:%Y-%m}"
    if start is None or end is None:
        fail(_("give the period: --month YYYY-MM, or --from DATE and --to DATE"))
    zone = load_policy().zone
    first = parse_day(start, zone, what="--from")
    last = parse_day(end, zone, what="--to")
    if last < first:
        fail(
            _("--to {last} is before --from {first}").format(
                last=last.isoformat(), first=first.isoformat()
            )
        )
    return first, last, f"{first.isoformat()}_{last.isoformat()}"


@app.command(
    "activity",
    help=_(
        "The activity report for a customer's data controller: every operation in the "
        "period — when (local time), who, on which incident, what — one file per customer. "
        "Without --customer, every customer we are system administrator (ADS) for."
    ),
)
def activity_report(
    customer: CustomerOpt = None,
    month: Annotated[
        str | None,
        typer.Option("--month", metavar="YYYY-MM", help=_("A whole month."), show_default=False),
    ] = None,
    start: Annotated[
        str | None,
        typer.Option(
            "--from", metavar="DATE", help=_("First day (YYYY-MM-DD)."), show_default=False
        ),
    ] = None,
    end: Annotated[
        str | None,
        typer.Option("--to", metavar="DATE", help=_("Last day, included."), show_default=False),
    ] = None,
    fmt: Annotated[str, format_option(*ACTIVITY_FORMATS)] = "pdf",
    out_dir: OutOpt = None,
    force: ForceOpt = False,
    lang: LangOpt = None,
) -> None:
    """The activity report for a customer's data controller: every operation in the
    period — when (local time), who, on which incident, what — one file per customer.
    Without --customer, every customer we are system administrator (ADS) for."""
    first, last, label = period(month, start, end)
    words = doc_language(lang)
    where = files.folder(out_dir)
    with services_context() as ctx:
        ids: list[int | str] = list(activity.ads_customers(ctx)) if customer is None else [customer]
        found = [activity.activity(ctx, c, first, last) for c in ids]
    if not found:
        err.print(
            _(
                "No customer has us as system administrator (ADS): nothing written. "
                "Name one with --customer."
            )
        )
        return
    render = activity_pdf if fmt == "pdf" else activity_csv
    planned = [
        Planned(
            files.stem_in(f"RA-{label}-{customer_code(r.customer_id)}", words, fmt),
            partial(render, r, words),
        )
        for r in found
    ]
    written = write_files(where, fmt, planned, force, _("Activity reports"))
    operations = sum(len(r.rows) for r in found)
    said = _("{reports}, {operations} from {first} to {last}").format(
        reports=ngettext("{n} activity report", "{n} activity reports", len(written)).format(
            n=len(written)
        ),
        operations=ngettext("{n} operation", "{n} operations", operations).format(n=operations),
        first=f"{first:%d/%m/%Y}",
        last=f"{last:%d/%m/%Y}",
    )
    err.print(f"[green]✓[/green] {said}")
