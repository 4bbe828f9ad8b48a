"""A health check's report as an A4 PDF in the work report's house style: the company and
the report's number and date; customer and machine side by side; the check; the table of
items with their outcomes and findings; the repeat a dangerous condition calls for; the
incidents opened; the note; the seed's statement; the signatures."""

from __future__ import annotations

from fpdf.util import Padding

from techconsole.reports.check_layout import CheckLayout, layout
from techconsole.reports.i18n import Lang
from techconsole.reports.pdf_doc import ACCENT, FONT, SHADE, ReportPdf
from techconsole.reports.pdf_parts import company_block, header_rule, side_by_side, signature_boxes
from techconsole.reports.pdf_text import pdf_safe
from techconsole.services.checks.views import CheckReport

RED = (176, 0, 32)
SIGNATURE_H = 22.0


def check_pdf(report: CheckReport, lang: Lang = "it") -> bytes:
    """The PDF file's bytes; the same check and language always give the same bytes."""
    doc = layout(report, lang)
    pdf = ReportPdf(footer_left=f"{doc.title} {doc.number}", page_label=doc.words["page"])
    pdf.describe(
        title=f"{doc.title} {doc.number}",
        author=doc.company[0] if doc.company else "",
        subject=doc.words["check_subject"],
        when=report.check.recorded_at,
    )
    pdf.add_page()
    _header(pdf, doc)
    w = doc.words
    side_by_side(pdf, (w["customer_section"], doc.customer), (w["machine_section"], doc.machine))
    pdf.heading(w["check_section"])
    pdf.fields([(f.label, f.value) for f in doc.check], x=pdf.l_margin, width=pdf.width)
    pdf.ln(2)
    pdf.heading(w["items_section"])
    grid = doc.items
    pdf.grid(grid.headers, grid.rows, widths=(52, 40, pdf.width - 92), align=grid.align)
    if doc.repeat:
        _box(pdf, doc.repeat, color=RED)
    if doc.incidents:
        pdf.heading(w["incidents"])
        for line in doc.incidents:
            pdf.text_line(line)
        pdf.ln(1.5)
    if doc.note:
        pdf.heading(w["note"])
        pdf.text_line(doc.note)
        pdf.ln(1.5)
    _box(pdf, doc.statement, color=ACCENT)
    _signatures(pdf, doc)
    return bytes(pdf.output())


def _header(pdf: ReportPdf, doc: CheckLayout) -> None:
    top = pdf.get_y()
    half = pdf.width * 0.55
    left_end = company_block(pdf, doc.company, half)
    right = pdf.l_margin + half
    pdf.set_xy(right, top)
    pdf.text_line(doc.title.upper(), size=13, style="B", width=pdf.width - half, align="R")
    for i, f in enumerate(doc.header):
        pdf.set_x(right)
        size, style = (11, "B") if i == 0 else (9, "")
        pdf.text_line(
            f"{f.label} {f.value}", size=size, style=style, width=pdf.width - half, align="R"
        )
    pdf.set_y(max(left_end, pdf.get_y()) + 1.5)
    header_rule(pdf)
    pdf.ln(3)


def _box(pdf: ReportPdf, text: str, *, color: tuple[int, int, int]) -> None:
    """A sentence that must not be missed: shaded, a bar of ``color`` on its left."""
    pdf.ln(1)
    pdf.set_fill_color(*SHADE)
    pdf.set_draw_color(*color)
    pdf.set_font(FONT, "B", 9.5)
    pdf.set_text_color(*color)
    pdf.multi_cell(
        pdf.width,
        5.5,
        pdf_safe(text),
        fill=True,
        border="L",
        padding=Padding(1.5, 3, 1.5, 3),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_text_color(0, 0, 0)
    pdf.ln(2)


def _signatures(pdf: ReportPdf, doc: CheckLayout) -> None:
    w = doc.words
    technician = (w["technician_sign"], [(w["name"], doc.technician), (w["signature"], "")])
    customer = (w["customer_sign"], [(w["name"], ""), (w["signature"], "")])
    signature_boxes(pdf, (technician, customer), SIGNATURE_H)
