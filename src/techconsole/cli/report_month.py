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
from techconsole.cli.options import command_line, settings
from techconsole.cli.output import err, fail, out, safe
from techconsole.cli.report import ForceOpt, LangOpt, OutOpt, app, doc_language, format_option
from techconsole.i18n import _, ngettext
from techconsole.i18n.formats import month_year
from techconsole.reports import files, month_export
from techconsole.reports.batch import Batch, Outcome, workers_for
from techconsole.reports.month_export import MONTH_FORMATS
from techconsole.reports.month_export import Planned as Planned  # report activity's too
from techconsole.reports.summary_words import customer_code
from techconsole.services.documents import summaries
from techconsole.services.errors import ServiceError
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


def write_files(
    where: Path,
    fmt: str,
    planned: Sequence[Planned],
    force: bool,
    what: str,
    *,
    workers: int = 1,
) -> list[Path]:
    """Check every name first (an existing file stops everything), then render and write
    each file (``workers`` processes drawing them, :mod:`techconsole.reports.batch`), with
    a progress bar on stderr when there are several; the paths written are printed on
    stdout, one a line, in the planned order.  A file that cannot be made is said and the
    others are still written; then the command fails (exit code 1, 70 for a fault of the
    program).  Ctrl+C stops it with every file whole or absent."""
    targets = month_export.targets(where, fmt, planned, force=force)
    written: list[Path] = []
    failed: list[Outcome] = []
    with Batch(targets, planned, force=force, workers=workers) as each:
        try:
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
                for outcome in each:
                    if outcome.error is None:
                        written.append(outcome.path)
                        out.print(safe(str(outcome.path), one_line=True), soft_wrap=True)
                    else:
                        failed.append(outcome)
                        _say_failure(outcome)
                    progress.advance(task)
        except BaseException:  # Ctrl+C: say the files finished meanwhile too
            for outcome in each.stop():
                out.print(safe(str(outcome.path), one_line=True), soft_wrap=True)
            raise
    if written:
        files.settle(where)
    if failed:
        fail(
            ngettext(
                "{n} file of {total} not written (said above); the others are written",
                "{n} files of {total} not written (said above); the others are written",
                len(failed),
            ).format(n=len(failed), total=len(planned)),
            _failure_code(failed),
        )
    return written


def _say_failure(outcome: Outcome) -> None:
    """One line on stderr: the error of a file not written (a fault of the program: its
    details logged, :mod:`techconsole.crashlog`)."""
    error = outcome.error
    if isinstance(error, ServiceError):
        said = str(error)
    else:
        from techconsole import crashlog

        assert error is not None
        said = f"{outcome.path.name}: " + crashlog.message(
            error, crashlog.record(error, command_line())
        )
    err.print("[red]" + _("error") + f":[/red] {safe(said)}", soft_wrap=True)


def _failure_code(failed: Sequence[Outcome]) -> int:
    """70 if any failure was a fault of the program, else the first error's code."""
    codes = [o.error.code if isinstance(o.error, ServiceError) else None for o in failed]
    if None in codes:
        from techconsole.crashlog import EXIT_INTERNAL

        return EXIT_INTERNAL
    return next(c for c in codes if c is not None)


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
        format_option(*MONTH_FORMATS, help=_("PDF per customer, or one CSV/JSON: {choices}.")),
    ] = "pdf",
    out_dir: OutOpt = None,
    force: ForceOpt = False,
    lang: LangOpt = None,
) -> None:
    """Monthly summaries for invoicing: every work report of the month per customer, with
    scatti, labour, discounts, materials, taxable amount, IVA and total. Without
    --customer, every customer with reports that month (a lead only): one PDF each
    (RM-2026-11-C0042.pdf), or one RM-2026-11.csv / .json for all."""
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
            said = _("No work report dated {month}: nothing written.").format(
                month=month_year(month)
            )
        else:
            said = _("No work report dated {month} for {customer}: nothing written.").format(
                month=month_year(month), customer=_named(found[0])
            )
        err.print(said)
        return
    planned = month_export.plan(month, found, fmt, words, one_customer=customer is not None)
    written = write_files(
        where,
        fmt,
        planned,
        force,
        _("Monthly summaries"),
        workers=workers_for(len(planned), settings().workers),
    )
    reports = sum(len(s.rows) for s in found)
    said = _("{files}: {customers}, {reports} of {month}").format(
        files=ngettext("{n} file", "{n} files", len(written)).format(n=len(written)),
        customers=ngettext("{n} customer", "{n} customers", len(found)).format(n=len(found)),
        reports=ngettext("{n} work report", "{n} work reports", reports).format(n=reports),
        month=month_year(month),
    )
    err.print(f"[green]✓[/green] {said}")


def _named(summary: summaries.MonthSummary) -> str:
    """``Bar Sport (C0002)``, safe for the terminal."""
    return f"{safe(summary.customer.name, one_line=True)} ({customer_code(summary.customer_id)})"
