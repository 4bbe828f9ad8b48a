"""``techconsole report month``: the monthly summaries invoicing is made from (policy §6),
one PDF per customer, or one CSV or JSON file for them all.

Files are named after the month and the customer's code only (``RM-2026-11-C0042.pdf``,
``RM-2026-11.csv``).  Every name is checked before anything is written, so an existing
file (without ``--force``) stops the command with nothing written; each file is written
whole or not at all (:mod:`techconsole.reports.files`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from techconsole.cli.common import AsOpt, DbOpt, PolicyOpt, services_context
from techconsole.cli.output import err, fail, out, safe
from techconsole.cli.report import ForceOpt, LangOpt, OutOpt, app
from techconsole.reports import files
from techconsole.reports.i18n import language
from techconsole.reports.month_csv import month_csv
from techconsole.reports.month_json import month_json_text
from techconsole.reports.month_pdf import month_pdf
from techconsole.reports.summary_words import customer_code
from techconsole.services import summaries
from techconsole.services.months import parse_month

MONTH_FORMATS = ("pdf", "csv", "json")
CustomerOpt = Annotated[
    str | None,
    typer.Option(
        "--customer", metavar="ID|NAME", help="Only this customer (id or name).", show_default=False
    ),
]


@dataclass(frozen=True, slots=True)
class Planned:
    """One file to write: its name (without extension) and how to make its bytes."""

    stem: str
    render: Callable[[], bytes]


def checked_format(value: str, choices: Sequence[str]) -> str:
    """``--format`` in ``choices`` (exit 2 otherwise)."""
    fmt = value.strip().lower()
    if fmt not in choices:
        fail(f"--format is one of {', '.join(choices)}, not '{value}'")
    return fmt


def write_files(
    where: Path, fmt: str, planned: Sequence[Planned], force: bool, what: str
) -> list[Path]:
    """Check every name first (an existing file stops everything), then render and write
    each file, with a progress bar on stderr when there are several; the paths written
    are printed on stdout, one a line."""
    targets = [files.target(where, p.stem, fmt, force=force) for p in planned]
    if len(set(targets)) != len(targets):  # cannot happen: names are made of ids
        fail("two files would have the same name", 1)
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
        for path, plan in zip(targets, planned, strict=True):
            written.append(files.write(path, plan.render(), force=force))
            out.print(safe(str(path), one_line=True), soft_wrap=True)
            progress.advance(task)
    return written


@app.command("month")
def month(
    month: Annotated[str, typer.Argument(metavar="YYYY-MM", help="The month, e.g. 2026-11.")],
    customer: CustomerOpt = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format", "-f", metavar="pdf|csv|json", help="PDF per customer, or one CSV/JSON."
        ),
    ] = "pdf",
    out_dir: OutOpt = None,
    force: ForceOpt = False,
    lang: LangOpt = None,
    db: DbOpt = None,
    policy: PolicyOpt = None,
    actor: AsOpt = None,
) -> None:
    """Monthly summaries for invoicing: every work report of the month per customer, with
    scatti, labour, discounts, materials, taxable amount, IVA and total. Without
    --customer, every customer with reports that month: one PDF each
    (RM-2026-11-C0042.pdf), or one RM-2026-11.csv / .json for all."""
    fmt = checked_format(fmt, MONTH_FORMATS)
    month = parse_month(month)
    words = language(lang)
    where = files.folder(out_dir)
    with services_context(db, policy, actor) as ctx:
        if customer is None:
            found = summaries.month_summaries(ctx, month)
        else:
            found = [summaries.month_summary(ctx, month, customer)]
    if not any(s.rows for s in found):
        who = "" if customer is None else f" for {_named(found[0])}"
        err.print(f"No work report dated {month}{who}: nothing written.")
        return
    if fmt == "pdf":
        planned = [
            Planned(f"RM-{month}-{customer_code(s.customer_id)}", partial(month_pdf, s, words))
            for s in found
        ]
    else:
        stem = (
            f"RM-{month}"
            if customer is None
            else f"RM-{month}-{customer_code(found[0].customer_id)}"
        )
        render = {
            "csv": lambda: month_csv(found, words),
            "json": lambda: month_json_text(month, found).encode(),
        }[fmt]
        planned = [Planned(stem, render)]
    written = write_files(where, fmt, planned, force, "Monthly summaries")
    reports = sum(len(s.rows) for s in found)
    err.print(
        f"[green]✓[/green] {len(written)} file(s): {len(found)} customer(s), {reports} "
        f"work report(s) of {month}"
    )


def _named(summary: summaries.MonthSummary) -> str:
    """``Bar Sport (C0002)``, safe for the terminal."""
    return f"{safe(summary.customer.name, one_line=True)} ({customer_code(summary.customer_id)})"
