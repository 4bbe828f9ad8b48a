"""The activity report as an A4 PDF (landscape), for the customer's data controller
(seed 001: we report our operations on an ADS customer's systems periodically).

Top to bottom: the company and the period; the customer (and whether we are its system
administrator) and the period's counts; what the report is; then every operation in time
order — date and time in the policy's zone, technician, incident (or the customer's own
records), the action worded, the text as written, the details (time worked, scatti,
parts, who authorised and how).  Long periods run onto more pages with the headings.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from techconsole.reports.blocks import clean
from techconsole.reports.i18n import Lang
from techconsole.reports.pdf_doc import MUTED
from techconsole.reports.summary_pdf import SummaryPdf, facts, header, heading, para
from techconsole.reports.summary_table import Column, table
from techconsole.reports.summary_words import SummaryWords, customer_code
from techconsole.services.documents.activity import ActivityReport

SIZE = 8.0


def activity_pdf(report: ActivityReport, lang: Lang = "it") -> bytes:
    """The PDF file's bytes; the same report and language always give the same bytes."""
    w = SummaryWords(lang)
    code = customer_code(report.customer_id)
    period = w.period(report.start, report.end)
    pdf = SummaryPdf(footer_left=f"{w['activity_title']} {period} – {code}", page_label=w["page"])
    pdf.describe(
        title=f"{w['activity_title']} {report.start.isoformat()} {code}",
        author=clean(report.company.name, one_line=True),
        subject=w["activity_subject"],
        when=datetime(report.start.year, report.start.month, report.start.day, tzinfo=UTC),
    )
    customer = report.customer
    pdf.running = (
        clean(report.company.name, one_line=True),
        f"{w['activity_title']} {period} – {clean(customer.name, one_line=True)} ({code})",
    )
    pdf.new_page()
    header(pdf, w, report.company, w["activity_title"], (_when(w, report), w["activity_subject"]))
    technicians = sorted({w.actor(r) for r in report.rows if r.actor != "system"})
    facts(
        pdf,
        (
            w["customer_section"],
            [
                (w["company_name"], clean(customer.name, one_line=True)),
                (w["address"], clean(customer.address, one_line=True) or "—"),
                (w["vat_number"], clean(customer.vat_number, one_line=True) or "—"),
                (w["customer_no"], code),
                (w["ads"], w["ads_yes"] if report.we_are_ads else w["ads_no"]),
            ],
        ),
        (
            w["overview"],
            [
                (w["period"], period),
                (w["operations"], w.number(len(report.rows))),
                (w["incidents"], w.number(len(report.incidents))),
                (w["technicians"], ", ".join(technicians) or "—"),
            ],
        ),
    )
    intro = w.label("activity_intro", zone=report.zone)
    if report.we_are_ads:
        intro = f"{intro} {w['ads_note']}"
    para(pdf, intro, size=8, color=MUTED, height=3.9)
    pdf.ln(3)
    heading(pdf, w["operations"])
    if report.rows:
        _operations(pdf, w, report)
    else:
        para(pdf, w["no_activity"], color=MUTED)
    return bytes(pdf.output())


def _when(w: SummaryWords, report: ActivityReport) -> str:
    """The month's name for a whole month, else the period."""
    after = report.end + timedelta(days=1)
    if report.start.day == 1 and after.day == 1 and _months(report.start, after) == 1:
        return w.month_name(report.start)
    return w.period(report.start, report.end)


def _months(start: date, after: date) -> int:
    return (after.year - start.year) * 12 + after.month - start.month


def _operations(pdf: SummaryPdf, w: SummaryWords, report: ActivityReport) -> None:
    zone = ZoneInfo(report.zone)
    fixed = {"when": 29.0, "who": 32.0, "incident": 22.0, "action": 36.0, "details": 58.0}
    columns = (
        Column(w["col_when"], fixed["when"]),
        Column(w["col_who"], fixed["who"], wrap=True),
        Column(w["col_incident"], fixed["incident"]),
        Column(w["col_action"], fixed["action"], wrap=True),
        Column(w["col_text"], pdf.width - sum(fixed.values()), wrap=True),
        Column(w["col_details"], fixed["details"], wrap=True),
    )
    rows = [
        (
            w.when(r.at, zone),
            w.actor(r),
            r.incident or w["records"],
            w.action(r.action),
            w.text(r),
            w.details(r),
        )
        for r in report.rows
    ]
    table(pdf, columns, rows, size=SIZE)
