"""``techconsole report month``: the monthly summaries invoicing is made from (policy §6),
one PDF per customer, or one CSV or JSON file for them all.

Files are named after the month and the customer's code only (``RM-2026-11-C0042.pdf``,
``RM-2026-11.csv``; ``-en`` added to a document in English).  Every name is checked
before anything is written, so an existing file (without ``--force``) stops the command
with nothing written; each file is written whole or not at all
(:mod:`techconsole.reports.files`).  Which files, and writing them, is
:mod:`techconsole.reports.month_export`, shared with the console's team view.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from techconsole.cli.common import services_context
from techconsole.cli.output import err, fail, out, safe
from techconsole.cli.report import ForceOpt, LangOpt, OutOpt, app, doc_language
from techconsole.i18n import _, ngettext
from techconsole.reports import files, month_export
from techconsole.reports.month_export import MONTH_FORMATS
from techconsole.reports.month_export import Planned as Planned  # report activity's too
from techconsole.reports.summary_words import customer_code
from techconsole.services.documents import summaries
from techconsole.services.work.months import parse_month

CustomerOpt = Annotated[
    str | None,
    typer.Option(
        "--customer",
        metavar="ID|NAME",
        help=_("Only this customer (id or name)."),
        show_default=False,
    ),
]


def checked_format(value: str, choices: Sequence[str]) -> str:
    """``--format`` in ``choices`` (exit 2 otherwise)."""
    fmt = value.strip().lower()
    if fmt not in choices:
        fail(
            _("--format is one of {choices}, not '{value}'").format(
                choices=", ".join(choices), value=value
            )
        )
    return fmt


def write_files(
    where: Path, fmt: str, planned: Sequence[Planned], force: bool, what: str
) -> list[Path]:
    """Check every name first (an existing file stops everything), then render and write
    each file, with a progress bar on stderr when there are several; the paths written
    are printed on stdout, one a line."""
    targets = month_export.targets(where, fmt, planned, force=force)
    written: list[Path] = []
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=len(planned) < 2,
    ) as progress:
        task = progress.add_task(what, total=len(planned))
        for path in month_export.write(targets, planned, force=force):
            written.append(path)
            out.print(safe(str(path), one_line=True), soft_wrap=True)
            progress.advance(task)
    return written


@app.command(
    "month",
    help=_(
        "Monthly summaries for invoicing: every work report of the month per customer, with "
        "scatti, labour, discounts, materials, taxable amount, IVA and total. Without "
        "--customer, every customer with reports that month (a lead only): one PDF each "
        "(RM-2026-11-C0042.pdf), or one RM-2026-11.csv / .json for all."
    ),
)
def month(
    month: Annotated[str, typer.Argument(metavar="YYYY-MM", help=_("The month, e.g. 2026-11."))],
    customer: CustomerOpt = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format", "-f", metavar="pdf|csv|json", help=_("PDF per customer, or one CSV/JSON.")
        ),
    ] = "pdf",
    out_dir: OutOpt = None,
    force: ForceOpt = False,
    lang: LangOpt = None,
) -> None:
    """Monthly summaries for invoicing: every work report of the month per customer, with
    scatti, labour, discounts, materials, taxable amount, IVA and total. Without
    --customer, every customer with reports that month (a lead only): one PDF each
    (RM-2026-11-C0042.pdf), or one RM-2026-11.csv / .json for all."""
    fmt = checked_format(fmt, MONTH_FORMATS)
    month = parse_month(month)
    words = doc_language(lang)
    where = files.folder(out_dir)
    with services_context() as ctx:
        if customer is None:
            found = summaries.month_summaries(ctx, month)
        else:
            found = [summaries.month_summary(ctx, month, customer)]
    if not month_export.reported(found):
        if customer is None:
            said = _("No work report dated {month}: nothing written.").format(month=month)
        else:
            said = _("No work report dated {month} for {customer}: nothing written.").format(
                month=month, customer=_named(found[0])
            )
        err.print(said)
        return
    planned = month_export.plan(month, found, fmt, words, one_customer=customer is not None)
    written = write_files(where, fmt, planned, force, _("Monthly summaries"))
    reports = sum(len(s.rows) for s in found)
    said = _("{files}: {customers}, {reports} of {month}").format(
        files=ngettext("{n} file", "{n} files", len(written)).format(n=len(written)),
        customers=ngettext("{n} customer", "{n} customers", len(found)).format(n=len(found)),
        reports=ngettext("{n} work report", "{n} work reports", reports).format(n=reports),
        month=month,
    )
    err.print(f"[green]✓[/green] {said}")


def _named(summary: summaries.MonthSummary) -> str:
    """``Bar Sport (C0002)``, safe for the terminal."""
    return f"{safe(summary.customer.name, one_line=True)} ({customer_code(summary.customer_id)})"
