"""How the team did, as an A4 PDF (portrait) for the lead: the figures of
:func:`techconsole.services.team.stats.team_stats` drawn as charts (:mod:`.charts`).

Top to bottom: the company and the title with the month and when the figures were read;
SLA compliance per plan month by month (bars side by side, 0–100 %, one colour per plan);
the customers with most missed clocks (horizontal bars, the first ten, names as written
and cut to fit); each technician's scatti week by week (stacked bars, the week's total over
each); the open incidents at the end of each day (a bar a day).  A chart that does not fit
under the one before goes to a second page, with a running head.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date
from zoneinfo import ZoneInfo

from techconsole.reports.blocks import clean
from techconsole.reports.charts import Box, Series, colour, columns, legend, rows, scale
from techconsole.reports.i18n import Lang
from techconsole.reports.pdf_doc import ACCENT, MUTED
from techconsole.reports.summary_pdf import SummaryPdf, header, heading, para
from techconsole.reports.team_words import TeamWords
from techconsole.services.documents.report_views import Party
from techconsole.services.team.stats import TeamStats

#: how many customers the chart of missed clocks names
CUSTOMERS = 10
MISSED = (196, 90, 40)
CHART_H = 46.0  # mm of a column chart, its axis labels included


class TeamPdf(SummaryPdf):
    """:class:`SummaryPdf` on portrait pages."""

    def new_page(self) -> None:
        self.add_page(orientation="portrait")


def team_month(stats: TeamStats, zone: ZoneInfo) -> str:
    """The month the figures were read in (``2026-11``): the file's name and the title's."""
    day = stats.now.astimezone(zone).date()
    return f"{day.year:04d}-{day.month:02d}"


def team_pdf(stats: TeamStats, company: Party, zone: ZoneInfo, lang: Lang = "it") -> bytes:
    """The PDF file's bytes; the same figures and language always give the same bytes."""
    w = TeamWords(lang)
    month = w.month_of(team_month(stats, zone))
    title = f"{w['team_title']} — {month}"
    pdf = TeamPdf(footer_left=title, page_label=w["page"])
    pdf.describe(
        title=title,
        author=clean(company.name, one_line=True),
        subject=w["team_subject"],
        when=stats.now.astimezone(zone).replace(microsecond=0),
    )
    pdf.running = (clean(company.name, one_line=True), title)
    pdf.new_page()
    said = w.label("team_as_of", when=w.when(stats.now, zone))
    header(pdf, w, company, w["team_title"], (month, said))
    _compliance(pdf, w, stats)
    _misses(pdf, w, stats)
    _scatti(pdf, w, stats)
    _queue(pdf, w, stats, zone)
    return bytes(pdf.output())


def _section(pdf: TeamPdf, title: str, height: float) -> None:
    """A section's heading, on a new page when the heading and ``height`` mm under it
    do not fit on this one."""
    if pdf.get_y() + 6 + height > pdf.bottom:
        pdf.new_page()
    pdf.set_x(pdf.l_margin)
    heading(pdf, title)


def _note(pdf: TeamPdf, text: str) -> None:
    pdf.set_x(pdf.l_margin)
    para(pdf, text, size=7, color=MUTED, height=3.4)
    pdf.ln(3.5)


def _compliance(pdf: TeamPdf, w: TeamWords, stats: TeamStats) -> None:
    labels: dict[str, str] = {}
    shares: dict[tuple[str, str], float | None] = {}
    for c in stats.compliance:
        labels.setdefault(c.plan, clean(c.label, one_line=True))
        shares[(c.month, c.plan)] = None if c.percent is None else float(c.percent)
    series = [
        Series(label, tuple(shares.get((m, plan)) for m in stats.months), colour(i))
        for i, (plan, label) in enumerate(labels.items())
    ]
    every = len(stats.months) > 12  # some labels are left out: each says its year
    slots = [
        w.short_month(m) + (f"\n{m[:4]}" if every or i == 0 or m.endswith("-01") else "")
        for i, m in enumerate(stats.months)
    ]
    _section(pdf, w["team_compliance"], CHART_H + 8)
    y = legend(pdf, pdf.l_margin, pdf.get_y(), pdf.width, series)
    box = Box(pdf.l_margin, y, pdf.width, CHART_H)
    columns(pdf, box, slots, series, top=100, step=25, tick=lambda v: w.percent(str(int(v))))
    pdf.set_y(y + CHART_H + 0.5)
    _note(pdf, w["team_compliance_note"])


def _misses(pdf: TeamPdf, w: TeamWords, stats: TeamStats) -> None:
    shown = stats.misses[:CUSTOMERS]
    _section(pdf, w["team_misses"], 4.3 * max(len(shown), 1) + 8)
    if not shown:
        para(pdf, w["team_no_misses"], color=MUTED)
    else:
        items = [(m.customer, m.missed) for m in shown]
        box = Box(pdf.l_margin, pdf.get_y(), pdf.width, 0)
        pdf.set_y(rows(pdf, box, items, MISSED, figure=w.number) + 0.5)
        rest = stats.misses[CUSTOMERS:]
        if rest:
            pdf.set_x(pdf.l_margin)
            para(pdf, w.more_customers(len(rest), sum(m.missed for m in rest)), size=7.5)
    start, end = (w.month_in_text(m) for m in (stats.months[0], stats.months[-1]))
    _note(pdf, w.label("team_misses_note", start=start, end=end))


def _scatti(pdf: TeamPdf, w: TeamWords, stats: TeamStats) -> None:
    logins = sorted({s.login for s in stats.scatti})
    by: dict[tuple[str, date], float] = defaultdict(float)
    for s in stats.scatti:
        by[(s.login, s.week)] += s.scatti
    series = [
        Series(login, tuple(by.get((login, week)) for week in stats.weeks), colour(i))
        for i, login in enumerate(logins)
    ]
    _section(pdf, w["team_scatti"], CHART_H + 4)
    if not series:
        para(pdf, w["team_no_scatti"], color=MUTED)
        _note(pdf, w["team_scatti_note"])
        return
    y = legend(pdf, pdf.l_margin, pdf.get_y(), pdf.width, series)
    totals = [sum(by.get((login, week), 0) for login in logins) for week in stats.weeks]
    top, step = scale(max(totals, default=0))
    box = Box(pdf.l_margin, y, pdf.width, CHART_H - 4)
    slots = [w.day_month(week) for week in stats.weeks]
    count = _count(w)
    columns(pdf, box, slots, series, stacked=True, top=top, step=step, tick=count, figure=count)
    pdf.set_y(y + CHART_H - 3.5)
    _note(pdf, w["team_scatti_note"])


def _queue(pdf: TeamPdf, w: TeamWords, stats: TeamStats, zone: ZoneInfo) -> None:
    values = tuple(float(d.open) for d in stats.queue)
    top, step = scale(max(values, default=0))
    _section(pdf, w["team_queue"], CHART_H)
    box = Box(pdf.l_margin, pdf.get_y(), pdf.width, CHART_H - 4)
    slots = [w.day_month(d.day) for d in stats.queue]
    series = [Series(w["team_queue"], values, ACCENT)]
    count = _count(w)
    columns(pdf, box, slots, series, top=top, step=step, tick=count, figure=count)
    pdf.set_y(box.y + box.h + 0.5)
    first, last = stats.queue[0].day, stats.queue[-1].day
    _note(pdf, w.label("team_queue_note", zone=zone.key, start=w.date(first), end=w.date(last)))


def _count(w: TeamWords) -> Callable[[float], str]:
    """A count on an axis or over a bar: ``1.250`` in Italian."""
    return lambda value: w.number(round(value))
