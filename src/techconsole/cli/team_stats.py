"""``techconsole team stats``: the team's figures over time (leads) — the numbers of the
charts on the console's team-load screen, as tables, JSON, or the same charts in a PDF
(``--format pdf``: ``team-2026-11.pdf`` in ``--out``, ``-en`` added in English; written
whole or not at all, an existing file kept without ``--force``: see
:mod:`techconsole.reports.files`).  The PDF's modules are imported only for a PDF."""

from __future__ import annotations

from collections import defaultdict
from typing import Annotated, Any
from zoneinfo import ZoneInfo

import typer
from rich.table import Table

from techconsole.cli import choices
from techconsole.cli.common import services_context
from techconsole.cli.options import settings, wants_json
from techconsole.cli.output import emit_json, fail, out, safe
from techconsole.cli.render import iso
from techconsole.cli.team_load import app
from techconsole.domain.display import bar
from techconsole.i18n import _, formats, pgettext
from techconsole.services.team import stats as team_stats
from techconsole.services.team.stats import TeamStats

#: the bars' width in the terminal
WIDTH = 30
FORMATS = ("table", "pdf")


def stats_json(found: TeamStats, zone: ZoneInfo) -> dict[str, Any]:
    return {
        "at": iso(found.now, zone),
        "months": list(found.months),
        "compliance": [
            {"month": c.month, "plan": c.plan, "stopped": c.stopped, "met": c.met}
            for c in found.compliance
        ],
        "missed_by_customer": [{"customer": m.customer, "missed": m.missed} for m in found.misses],
        "weeks": [w.isoformat() for w in found.weeks],
        "scatti": [
            {"week": s.week.isoformat(), "login": s.login, "scatti": s.scatti} for s in found.scatti
        ],
        "queue": [{"day": d.day.isoformat(), "open": d.open} for d in found.queue],
    }


def _print(found: TeamStats) -> None:
    table = Table(_("Month"), _("Plan"), _("Clocks"), _("Met"), _("Compliance"))
    # the bar whole, however narrow the terminal: the words wrap instead
    table.add_column("", no_wrap=True, min_width=WIDTH // 2)
    stopped = [c for c in found.compliance if c.stopped]
    for c in stopped:
        table.add_row(
            c.month,
            safe(c.label),
            str(c.stopped),
            str(c.met),
            formats.percent(c.percent),
            bar(c.met, c.stopped, WIDTH // 2),
        )
    out.print(_("SLA compliance per plan, month by month"), style="bold")
    out.print(table if stopped else _("none"))
    most = max((m.missed for m in found.misses), default=0)
    table = Table(_("Customer"), _("Missed"))
    table.add_column("", no_wrap=True, min_width=WIDTH)
    for m in found.misses[:15]:
        table.add_row(safe(m.customer), str(m.missed), bar(m.missed, most, WIDTH))
    out.print(_("Missed clocks per customer"), style="bold")
    out.print(table if found.misses else _("none"))
    logins = sorted({s.login for s in found.scatti})
    by = defaultdict(int, {(s.week, s.login): s.scatti for s in found.scatti})
    table = Table(_("Week"), *logins)
    for week in found.weeks:
        table.add_row(f"{week:%d/%m}", *(str(by[(week, login)]) for login in logins))
    out.print(_("Scatti per technician, week by week (from Monday)"), style="bold")
    out.print(table)
    most = max((d.open for d in found.queue), default=0)
    table = Table(_("Day"), pgettext("count", "Open"))
    table.add_column("", no_wrap=True, min_width=WIDTH)
    for d in found.queue:
        table.add_row(f"{d.day:%d/%m}", str(d.open), bar(d.open, most, WIDTH))
    out.print(_("Open incidents at the end of each day"), style="bold")
    out.print(table)


@app.command(
    "stats",
    help=_(
        "The team's figures over time: SLA compliance per plan month by month, missed "
        "clocks per customer, scatti per technician week by week, the queue's size day by "
        "day. Leads only. With --format pdf, the same as charts in team-YYYY-MM.pdf "
        "(-en added in English) in --out."
    ),
)
def show_stats(
    months: Annotated[
        int, typer.Option("--months", min=1, max=60, help=_("How many months back."))
    ] = 12,
    weeks: Annotated[
        int, typer.Option("--weeks", min=1, max=104, help=_("How many weeks back."))
    ] = 8,
    days: Annotated[
        int, typer.Option("--days", min=1, max=366, help=_("How many days back."))
    ] = 30,
    fmt: Annotated[
        str,
        choices.option(
            "--format",
            "-f",
            choices=choices.formats(*FORMATS),
            help=_("Tables on the terminal, or a PDF file of charts: {choices}."),
        ),
    ] = "table",
    out_dir: Annotated[
        str | None,
        typer.Option(
            "--out",
            "-o",
            metavar="DIR",
            help=_("Folder to write the file in \\[default: the current folder]."),
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help=_("Overwrite a file of the same name."))
    ] = False,
    lang: Annotated[
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
    ] = None,
) -> None:
    """The team's figures over time.  Leads only."""
    if fmt == "pdf":
        _write_pdf(months, weeks, days, out_dir, force, lang)
        return
    with services_context() as ctx:
        found = team_stats.team_stats(ctx, months=months, weeks=weeks, days=days)
        zone = ctx.policy.zone
    if wants_json():
        emit_json(stats_json(found, zone))
    else:
        _print(found)


def _write_pdf(
    months: int, weeks: int, days: int, out_dir: str | None, force: bool, lang: str | None
) -> None:
    """The charts as ``team-YYYY-MM.pdf`` in ``--out`` (``-en`` in English), checked
    before anything is read; its path on stdout."""
    from techconsole.reports import files
    from techconsole.reports.i18n import language
    from techconsole.reports.team_pdf import team_month, team_pdf
    from techconsole.services.documents.report_views import Party

    if wants_json():
        fail(_("--json gives the figures, --format pdf the charts: choose one"))
    words = language(lang, settings().language, _("the language setting"))
    where = files.folder(out_dir)
    with services_context() as ctx:
        found = team_stats.team_stats(ctx, months=months, weeks=weeks, days=days)
        zone, us = ctx.policy.zone, ctx.policy.company
    company = Party(us.name, us.address, us.vat_number, us.phone, us.email)
    stem = files.stem_in(f"team-{team_month(found, zone)}", words, "pdf")
    written = files.export(
        where, stem, "pdf", lambda: team_pdf(found, company, zone, words), force=force
    )
    out.print(safe(str(written), one_line=True), soft_wrap=True)
