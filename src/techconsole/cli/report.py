"""``techconsole report``: work reports (rapporti di lavoro) shown, exported, listed, issued.

Other report commands live in modules of their own and register on the same sub-app::

    from techconsole.cli.report import app          # in cli/report_month.py

    @app.command("month")
    def month(...): ...

plus its module in the ``report`` entry of :data:`techconsole.cli.app.COMMANDS`.
They can share :func:`format_option`, :data:`LangOpt`, :data:`OutOpt`, :data:`ForceOpt`
and :func:`export`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from techconsole.cli import choices
from techconsole.cli.common import services_context
from techconsole.cli.ids import revision as revision_number
from techconsole.cli.options import settings, wants_json
from techconsole.cli.output import EXIT_BAD_INPUT, emit_json, err, fail, out, safe
from techconsole.domain.money import eur, plain
from techconsole.i18n import _, ngettext
from techconsole.reports import files
from techconsole.reports.i18n import Lang, language
from techconsole.reports.work_json import work_json_text
from techconsole.reports.work_markdown import work_markdown
from techconsole.reports.work_pdf import work_pdf
from techconsole.reports.work_text import work_text
from techconsole.services.context import Context
from techconsole.services.documents import work_reports
from techconsole.services.documents.report_views import WorkReportView
from techconsole.services.errors import NotFound

app = typer.Typer(
    help=_("Work reports, monthly summaries and activity reports."), no_args_is_help=True
)


def format_option(*formats: str, help: str | None = None) -> Any:
    """``--format``/``-f``, one of ``formats`` (listed in ``help`` at ``{choices}``)."""
    return choices.option(
        "--format",
        "-f",
        choices=choices.formats(*formats),
        help=help or _("What to produce: {choices}."),
    )


FormatOpt = Annotated[str, format_option("pdf", "md", "json", "text")]
LangOpt = Annotated[
    str | None,
    choices.option(
        "--lang",
        choices=choices.DOCUMENT_LANGUAGES,
        also=choices.language_of_locale,
        help=_(
            "Language of the document: {choices} \\[default: $TECHCONSOLE_LANG, else the "
            "config file's language, else it]."
        ),
        show_default=False,
    ),
]
OutOpt = Annotated[
    str | None,
    typer.Option(
        "--out",
        "-o",
        metavar="DIR",
        help=_("Folder to write the file in \\[default: the current folder]."),
        show_default=False,
    ),
]
ForceOpt = Annotated[bool, typer.Option("--force", help=_("Overwrite a file of the same name."))]


def doc_language(lang: str | None) -> Lang:
    """``--lang``, else the language setting (env, config file, ``it``)."""
    return language(lang, settings().language, _("the language setting"))


def export(where: Path, stem: str, fmt: str, render: Callable[[], bytes], force: bool) -> Path:
    """Write ``render()`` as ``where/stem.fmt`` (:func:`files.export`: the name is checked
    before rendering); print the path written on stdout."""
    written = files.export(where, stem, fmt, render, force=force)
    out.print(safe(str(written), one_line=True), soft_wrap=True)
    return written


@app.command(
    "work",
    help=_(
        "A work report: a PDF, Markdown or JSON file in --out (its path is printed), or text "
        "on the terminal. The file is named after the report's number (-en added in "
        "English)."
    ),
)
def work(
    ref: Annotated[
        str,
        typer.Argument(
            metavar="REF",
            help=_("Report number (RL-2026-0001) or incident number (2026-000123)."),
        ),
    ],
    fmt: FormatOpt = "pdf",
    out_dir: OutOpt = None,
    force: ForceOpt = False,
    lang: LangOpt = None,
    revision: Annotated[
        int | None,
        typer.Option(
            "--revision",
            parser=revision_number,
            help=_("An earlier revision \\[default: the current one]."),
        ),
    ] = None,
) -> None:
    """A work report: a PDF, Markdown or JSON file in --out (its path is printed), or
    text on the terminal. The file is named after the report's number (-en added in
    English)."""
    words = doc_language(lang)
    where = None if fmt == "text" else files.folder(out_dir)
    with services_context() as ctx:
        view = work_reports.find(ctx, ref, revision=revision)
    if view.superseded_at is not None:
        said = _(
            "{title} is superseded by a later revision (techconsole report work {number})"
        ).format(title=view.title, number=view.number)
        err.print("[yellow]" + _("note") + f":[/yellow] {said}")
    if where is None:
        out.print(work_text(view, words))
        return
    renderers: dict[str, Callable[[WorkReportView], bytes]] = {
        "pdf": lambda v: work_pdf(v, words),
        "md": lambda v: work_markdown(v, words).encode(),
        "json": lambda v: work_json_text(v).encode(),
    }
    stem = files.stem_in(view.file_stem, words, fmt)  # English: RL-2026-0001-en.pdf
    export(where, stem, fmt, lambda: renderers[fmt](view), force)


def listing_json(row: work_reports.ReportListing) -> dict[str, Any]:
    return {**asdict(row), "title": row.title, "total": plain(row.total)}


@app.command("list", help=_("Work reports, newest first (the current revision of each)."))
def list_reports(
    month: Annotated[
        str | None,
        typer.Option("--month", metavar="YYYY-MM", help=_("Reports dated that month.")),
    ] = None,
    customer: Annotated[
        str | None,
        typer.Option("--customer", metavar="ID|NAME", help=_("One customer's reports.")),
    ] = None,
) -> None:
    """Work reports, newest first (the current revision of each)."""
    with services_context() as ctx:
        rows = work_reports.list_reports(ctx, month=month, customer=customer)
    if wants_json():
        emit_json([listing_json(r) for r in rows])
        return
    if not rows:
        if month:
            out.print(_("No work report for {month}.").format(month=safe(month)))
        else:
            out.print(_("No work report."))
        return
    table = Table(expand=True)  # one line per report: numbers whole, texts cut short
    for header in (_("Report"), _("Date"), _("Incident")):
        table.add_column(header, no_wrap=True)
    table.add_column(_("Customer"), ratio=1, no_wrap=True, overflow="ellipsis")
    table.add_column(_("Subject"), ratio=2, no_wrap=True, overflow="ellipsis")
    table.add_column(_("Total"), justify="right", no_wrap=True)
    for r in rows:
        table.add_row(
            r.title,
            f"{r.report_date:%d/%m/%Y}",
            r.incident,
            safe(r.customer, one_line=True),
            safe(r.subject, one_line=True),
            eur(r.total),
        )
    out.print(table)
    said = ngettext(
        "{n} report; techconsole report work NUMBER for one",
        "{n} reports; techconsole report work NUMBER for one",
        len(rows),
    ).format(n=len(rows))
    out.print(f"[dim]{said}[/dim]")


@app.command(
    "issue",
    help=_(
        "Issue a missing work report, or a new revision if it no longer matches the "
        "incident. Reports are issued by themselves on resolution; this is the catch-up."
    ),
)
def issue(
    incident: Annotated[
        str | None,
        typer.Argument(
            metavar="[INCIDENT]", help=_("A resolved or closed incident."), show_default=False
        ),
    ] = None,
    every: Annotated[
        bool, typer.Option("--all", help=_("Every resolved or closed incident (catch-up)."))
    ] = False,
) -> None:
    """Issue a missing work report, or a new revision if it no longer matches the
    incident. Reports are issued by themselves on resolution; this is the catch-up."""
    if (incident is None) == (not every):
        fail(_("give either an incident number or --all"), EXIT_BAD_INPUT)
    with services_context() as ctx:
        if every:
            _issue_all(ctx, wants_json())
            return
        assert incident is not None
        try:
            before: WorkReportView | None = work_reports.find(ctx, incident)
        except NotFound:
            before = None
        view = work_reports.sync_ref(ctx, incident)
    if view is None:
        said = _("{incident} is not resolved: its work report is issued when it is")
        fail(said.format(incident=incident), 1)
    if before is None:
        what = "issued"
    elif (before.number, before.revision) == (view.number, view.revision):
        what = "unchanged"
    else:
        what = "revised"
    if wants_json():
        emit_json(
            {
                "number": view.number,
                "revision": view.revision,
                "title": view.title,
                "incident": view.content.incident,
                "result": what,
            }
        )
        return
    if what == "issued":
        said = "[green]✓[/green] " + _("work report {title} issued")
    elif what == "revised":
        said = "[green]✓[/green] " + _(
            "work report {title} issued (the previous revision is kept, superseded)"
        )
    else:
        said = _("work report {title} is up to date")
    out.print(said.format(title=view.title))


def _issue_all(ctx: Context, as_json: bool) -> None:
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as progress:
        task = progress.add_task(_("Work reports"), total=None)

        def tick(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        summary = work_reports.issue_all(ctx, progress=tick)
    if wants_json():
        emit_json(
            {"issued": summary.issued, "revised": summary.revised, "unchanged": summary.unchanged}
        )
        return
    said = _("{issued} issued, {revised} revised, {unchanged} up to date").format(
        issued=summary.issued, revised=summary.revised, unchanged=summary.unchanged
    )
    out.print(f"[green]✓[/green] {said}")
