"""A work report as an A4 PDF: one page for a typical job, core fonts only.

Top to bottom: the company and the report's number and date; customer and job facts side
by side; the fault reported; work sessions; work done; outcome; labour lines with their
discounts and reasons; materials; totals; why nothing is charged (when it is not); the
technician's and the customer's signature boxes.
"""

from __future__ import annotations

from fpdf.util import Padding

from techconsole.reports.i18n import Lang
from techconsole.reports.pdf_doc import ACCENT, FONT, MUTED, SHADE, ReportPdf
from techconsole.reports.pdf_parts import (
    GAP,
    company_block,
    header_rule,
    side_by_side,
    signature_boxes,
)
from techconsole.reports.pdf_text import pdf_safe
from techconsole.reports.work_layout import WorkLayout, layout
from techconsole.services.documents.report_views import WorkReportView

SIGNATURE_H = 27.0
RED = (176, 0, 32)


def work_pdf(view: WorkReportView, lang: Lang = "it") -> bytes:
    """The PDF file's bytes; the same report and language always give the same bytes."""
    doc = layout(view, lang)
    pdf = ReportPdf(footer_left=f"{doc.title} {doc.number}", page_label=doc.words["page"])
    company = doc.company[0] if doc.company else ""
    pdf.describe(
        title=f"{doc.title} {doc.number}",
        author=company,
        subject=doc.subject,
        when=view.issued_at,
    )
    pdf.add_page()
    _header(pdf, doc)
    w = doc.words
    side_by_side(pdf, (w["customer_section"], doc.customer), (w["job_section"], doc.job))
    _fault(pdf, doc)
    _work(pdf, doc)
    _money(pdf, doc)
    _signatures(pdf, doc)
    return bytes(pdf.output())


def _header(pdf: ReportPdf, doc: WorkLayout) -> None:
    top = pdf.get_y()
    half = pdf.width * 0.58
    left_end = company_block(pdf, doc.company, half)
    right = pdf.l_margin + half
    pdf.set_xy(right, top)
    pdf.text_line(doc.title.upper(), size=14, style="B", width=pdf.width - half, align="R")
    pdf.set_x(right)
    pdf.text_line(
        f"{doc.header[0].label} {doc.number}",
        size=11,
        style="B",
        width=pdf.width - half,
        align="R",
        height=5.5,
    )
    for f in doc.header[1:]:
        pdf.set_x(right)
        pdf.text_line(f"{f.label} {f.value}", size=9, width=pdf.width - half, align="R")
    for extra in (doc.issued, doc.revision):
        if extra:
            pdf.set_x(right)
            pdf.text_line(extra, size=7, color=MUTED, width=pdf.width - half, align="R", height=3.4)
    pdf.set_y(max(left_end, pdf.get_y()) + 1.5)
    header_rule(pdf)
    pdf.ln(1.5)
    if doc.superseded:
        pdf.set_fill_color(*RED)
        pdf.set_text_color(255, 255, 255)
        pdf.set_font(FONT, "B", 9.5)
        pdf.multi_cell(
            pdf.width,
            6,
            pdf_safe(doc.superseded),
            fill=True,
            align="C",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.set_text_color(0, 0, 0)
    pdf.ln(1.5)


def _fault(pdf: ReportPdf, doc: WorkLayout) -> None:
    pdf.heading(doc.words["fault"])
    if doc.subject:
        pdf.text_line(doc.subject, size=9.5, style="B", height=4.8)
    if doc.description:
        pdf.text_line(doc.description)
    pdf.ln(2)


def _work(pdf: ReportPdf, doc: WorkLayout) -> None:
    w = doc.words
    pdf.heading(w["sessions"])
    if doc.sessions.rows:
        s = doc.sessions
        pdf.grid(s.headers, s.rows, widths=(24, 16, 16, 38, 62, 24), align=s.align)
    else:
        pdf.text_line(w["no_sessions"], color=MUTED)
    pdf.ln(1)
    pdf.heading(w["work_done"])
    if not doc.work_done:
        pdf.text_line(w["no_work_done"], color=MUTED)
    else:
        pdf.notes([(f"{n.when}  {n.author}".strip(), n.text) for n in doc.work_done])
    pdf.ln(1.5)


def _money(pdf: ReportPdf, doc: WorkLayout) -> None:
    w = doc.words
    pdf.heading(w["charges"])
    c = doc.charges
    if c.rows:
        pdf.grid(c.headers, c.rows, widths=(105, 25, 25, 25), align=c.align, notes=c.notes)
    else:
        pdf.text_line(w["no_charges"], color=MUTED)
    pdf.ln(1)
    pdf.heading(w["materials"])
    m = doc.materials
    if m.rows:
        pdf.grid(m.headers, m.rows, widths=(22, 58, 30, 16, 12, 20, 22), align=m.align)
    else:
        pdf.text_line(w["no_materials"], color=MUTED)
    pdf.ln(1)
    _totals(pdf, doc)


def _totals(pdf: ReportPdf, doc: WorkLayout) -> None:
    label_w, value_w = 48.0, 27.0
    x = pdf.l_margin + pdf.width - label_w - value_w
    height = max(4.4 * len(doc.totals) + 8, 26.0)
    if pdf.will_page_break(height):
        pdf.add_page()
    top = pdf.get_y()
    left = x - pdf.l_margin - GAP
    # beside the totals: the outcome, how labour is counted, why nothing is charged
    pdf.heading(doc.words["outcome"], width=left, x=pdf.l_margin)
    pdf.fields([(f.label, f.value) for f in doc.outcome], x=pdf.l_margin, width=left)
    pdf.ln(0.5)
    pdf.text_line(doc.unit_note, size=7, color=MUTED, height=3.4, width=left)
    if doc.prepaid_note:
        pdf.text_line(doc.prepaid_note, size=7, color=MUTED, height=3.4, width=left)
    if doc.free_note:
        pdf.ln(1.5)
        pdf.set_fill_color(*SHADE)
        pdf.set_font(FONT, "B", 9.5)
        pdf.set_text_color(*ACCENT)
        pdf.multi_cell(
            left,
            6,
            pdf_safe(doc.free_note),
            fill=True,
            border="L",
            padding=Padding(1.5, 3, 1.5, 3),
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.set_text_color(0, 0, 0)
    free_end = pdf.get_y()
    pdf.set_y(top)
    last = len(doc.totals) - 1
    for i, f in enumerate(doc.totals):
        pdf.set_x(x)
        if i == last:
            pdf.set_draw_color(*ACCENT)
            pdf.set_line_width(0.4)
            pdf.line(x, pdf.get_y() + 0.5, x + label_w + value_w, pdf.get_y() + 0.5)
            pdf.set_line_width(0.2)
            pdf.ln(1)
            pdf.set_x(x)
        size, style = (10.5, "B") if i == last else (8.5, "")
        pdf.set_font(FONT, style, size)
        pdf.cell(label_w, 4.4 if i < last else 6, pdf_safe(f.label))
        pdf.cell(
            value_w,
            4.4 if i < last else 6,
            pdf_safe(f.value),
            align="R",
            new_x="LMARGIN",
            new_y="NEXT",
        )
    pdf.set_y(max(free_end, pdf.get_y()) + 3)


def _signatures(pdf: ReportPdf, doc: WorkLayout) -> None:
    w = doc.words
    names = ", ".join(doc.technicians)
    technician = (
        w["technician_sign"],
        [(w["name"], names), (w["sign_date"], ""), (w["signature"], "")],
    )
    customer = (w["customer_sign"], [(w["name"], ""), (w["sign_date"], ""), (w["signature"], "")])
    signature_boxes(pdf, (technician, customer), SIGNATURE_H)
