"""A customer's monthly summary as an A4 PDF (landscape): what the month's invoice is
made of.

Top to bottom: the company and the month; the customer and the month's counts; a table
of every work report of the month (number with its revision, date, incident, subject cut
to one line, scatti, the price of a scatto, labour, discounts, materials, taxable amount,
IVA, total; why a report is free, and the plan whose own prices it was billed at, in a
note under it) ending with the month's totals row; then the totals with IVA at the
policy's rate, and how they are made; then the health checks of the customer's machines
done in the month (seed 004: part of the contract, no amount).  A long month runs onto
more pages, each with the table's headings and "Pagina n di N".
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from techconsole.domain.check_items import OUTCOME_NAMES
from techconsole.i18n import translate
from techconsole.reports.blocks import clean
from techconsole.reports.i18n import Lang
from techconsole.reports.pdf_doc import MUTED
from techconsole.reports.summary_pdf import SummaryPdf, facts, header, heading, para, totals_strip
from techconsole.reports.summary_table import Column, table
from techconsole.reports.summary_words import SummaryWords, customer_code
from techconsole.services.documents.summaries import MonthSummary

#: mm per column on a landscape page (267 mm between the margins); the subject takes
#: what is left
WIDTHS = {
    "report": 31.0,
    "date": 21.0,
    "incident": 21.0,
    "units": 11.0,
    "price": 16.0,
    "money": 19.5,
    "total": 21.0,
}
SIZE = 8.0


def month_pdf(summary: MonthSummary, lang: Lang = "it") -> bytes:
    """The PDF file's bytes; the same summary and language always give the same bytes."""
    w = SummaryWords(lang)
    first = month_start(summary.month)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    code = customer_code(summary.customer_id)
    pdf = SummaryPdf(
        footer_left=f"{w['month_title']} {w.month_name(first)} – {code}", page_label=w["page"]
    )
    pdf.describe(
        title=f"{w['month_title']} {summary.month} {code}",
        author=clean(summary.company.name, one_line=True),
        subject=w["month_subject"],
        when=datetime(first.year, first.month, first.day, tzinfo=UTC),
    )
    customer = summary.customer
    pdf.running = (
        clean(summary.company.name, one_line=True),
        f"{w['month_title']} {w.month_name(first)} – {clean(customer.name, one_line=True)} "
        f"({code})",
    )
    pdf.new_page()
    header(pdf, w, summary.company, w["month_title"], (w.month_name(first), w["month_subject"]))
    facts(
        pdf,
        (
            w["customer_section"],
            [
                (w["company_name"], clean(customer.name, one_line=True)),
                (w["address"], clean(customer.address, one_line=True) or "—"),
                (w["vat_number"], clean(customer.vat_number, one_line=True) or "—"),
                (w["customer_no"], code),
            ],
        ),
        (
            w["month"],
            [
                (w["period"], w.period(first, last)),
                (w["reports_count"], w.number(len(summary.rows))),
                *([(w["checks_count"], w.number(len(summary.checks)))] if summary.checks else []),
                (w["col_units"], w.units(summary.units)),
                (w["col_total"], w.money(summary.total)),
            ],
        ),
    )
    heading(pdf, w["reports_section"])
    if summary.rows:
        _reports(pdf, w, summary)
    else:
        para(pdf, w["no_reports"], color=MUTED)
        pdf.ln(2)
    _totals(pdf, w, summary)
    if summary.prepaid:
        _prepaid(pdf, w, summary)
    if summary.checks:
        _checks(pdf, w, summary)
    return bytes(pdf.output())


def month_start(month: str) -> date:
    year, mon = month.split("-")
    return date(int(year), int(mon), 1)


def _reports(pdf: SummaryPdf, w: SummaryWords, summary: MonthSummary) -> None:
    money = WIDTHS["money"]
    fixed = sum(WIDTHS.values()) + 4 * money
    columns = (
        Column(w["col_report"], WIDTHS["report"]),
        Column(w["col_date"], WIDTHS["date"]),
        Column(w["col_incident"], WIDTHS["incident"]),
        Column(w["col_subject"], pdf.width - fixed),
        Column(w["col_units"], WIDTHS["units"], "R"),
        Column(w["col_unit_price"], WIDTHS["price"], "R"),
        *(
            Column(w[key], money, "R")
            for key in ("col_labour", "col_discounts", "col_materials", "col_taxable", "col_vat")
        ),
        Column(w["col_total"], WIDTHS["total"], "R"),
    )
    rows = [
        (
            r.title,
            w.date(r.report_date),
            r.incident,
            r.subject,
            w.number(r.units),
            "" if r.unit_price is None else w.amount(r.unit_price),
            w.amount(r.labour),
            w.amount(r.discounts),
            w.amount(r.materials),
            w.amount(r.taxable),
            w.amount(r.vat),
            w.amount(r.total),
        )
        for r in summary.rows
    ]
    sums = (
        summary.labour,
        summary.discounts,
        summary.materials,
        summary.taxable,
        summary.vat,
        summary.total,
    )
    total = [
        (w["month_total"], 4),
        (w.number(summary.units), 1),
        ("", 1),
        *((w.amount(value), 1) for value in sums),
    ]
    notes = [
        " · ".join(
            n
            for n in (w.free_short(r.free_reason), w.price_note(r.price_plan, r.mixed_prices))
            if n
        )
        for r in summary.rows
    ]
    table(pdf, columns, rows, notes=notes, total=total, size=SIZE)


def _totals(pdf: SummaryPdf, w: SummaryWords, summary: MonthSummary) -> None:
    vat = w.label("vat", percent=w.percent(summary.vat_percent))
    totals_strip(
        pdf,
        [
            (w["labour_total"], w.money(summary.labour)),
            (w["discounts"], w.money(summary.discounts)),
            (w["materials_total"], w.money(summary.materials)),
            (w["taxable"], w.money(summary.taxable)),
            (vat, w.money(summary.vat)),
            (w["total"], w.money(summary.total)),
        ],
    )
    para(pdf, w["amounts_note"], size=7.5, color=MUTED, height=3.6)


def prepaid_lines(w: SummaryWords, summary: MonthSummary) -> list[str]:
    """What the month's work took from each contract's prepaid hours and included
    training, and what was left at the month's end (seed 000)."""
    said = []
    for p in summary.prepaid:
        for key, used, left, block in (
            ("prepaid_month", p.used, p.left, p.block),
            ("training_month", p.training_used, p.training_left, p.allowance),
        ):
            if block:
                said.append(
                    w.label(
                        key,
                        start=w.date(p.starts_on),
                        used=w.units(used),
                        left=w.number(left),
                        block=w.number(block),
                    )
                )
    return said


def _prepaid(pdf: SummaryPdf, w: SummaryWords, summary: MonthSummary) -> None:
    pdf.ln(3)
    heading(pdf, w["prepaid_section"])
    for line in prepaid_lines(w, summary):
        para(pdf, line, size=8.5)


def _checks(pdf: SummaryPdf, w: SummaryWords, summary: MonthSummary) -> None:
    """The health checks of the customer's machines done in the month (seed 004)."""
    pdf.ln(3)
    heading(pdf, w["checks_section"])
    columns = (
        Column(w["col_check"], WIDTHS["report"]),
        Column(w["col_date"], WIDTHS["date"]),
        Column(w["col_machine"], pdf.width - WIDTHS["report"] - WIDTHS["date"] - 110),
        Column(w["col_outcome"], 80),
        Column(w["col_repeat"], 30),
    )
    rows = [
        (
            c.number,
            w.date(c.day),
            c.asset,
            translate(w.words, OUTCOME_NAMES.get(c.outcome, c.outcome)),
            w.date(c.repeat_by) if c.repeat_by else "",
        )
        for c in summary.checks
    ]
    table(pdf, columns, rows, size=SIZE)
    para(pdf, w["checks_note"], size=7.5, color=MUTED, height=3.6)
