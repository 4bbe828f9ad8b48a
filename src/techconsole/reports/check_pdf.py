"""A health check's report as an A4 PDF in the work report's house style: the company and
the report's number and date; customer and machine side by side; the check; the table of
items with their outcomes and findings; the repeat a dangerous condition calls for; the
incidents opened; the note; the seed's statement; the signatures."""

from __future__ import annotations

from fpdf.util import Padding

from techconsole.reports.check_layout import CheckLayout, layout
from techconsole.reports.i18n import Lang
from techconsole.reports.pdf_doc import ACCENT, FONT, MUTED, SHADE, ReportPdf
from techconsole.reports.pdf_text import pdf_safe
from techconsole.services.checks.views import CheckReport

GAP = 6.0
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
    _facts(pdf, doc)
    w = doc.words
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
    for i, line in enumerate(doc.company):
        if i == 0:
            pdf.text_line(line, size=13, style="B", color=ACCENT, width=half, height=6)
        else:
            pdf.text_line(line, size=7.5, color=MUTED, width=half, height=3.6)
    left_end = pdf.get_y()
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
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(0.6)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + pdf.width, pdf.get_y())
    pdf.set_line_width(0.2)
    pdf.ln(3)


def _facts(pdf: ReportPdf, doc: CheckLayout) -> None:
    w = doc.words
    column = (pdf.width - GAP) / 2
    left, right = pdf.l_margin, pdf.l_margin + column + GAP
    top = pdf.get_y()
    pdf.heading(w["customer_section"], width=column, x=left)
    end_left = pdf.fields([(f.label, f.value) for f in doc.customer], x=left, width=column)
    pdf.set_xy(right, top)
    pdf.heading(w["machine_section"], width=column, x=right)
    end_right = pdf.fields([(f.label, f.value) for f in doc.machine], x=right, width=column)
    pdf.set_xy(pdf.l_margin, max(end_left, end_right) + 2)


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
    if pdf.will_page_break(SIGNATURE_H + 2):
        pdf.add_page()
    column = (pdf.width - GAP) / 2
    top = pdf.get_y()
    boxes = (
        (w["technician_sign"], [(w["name"], doc.technician), (w["signature"], "")]),
        (w["customer_sign"], [(w["name"], ""), (w["signature"], "")]),
    )
    for i, (title, lines) in enumerate(boxes):
        x = pdf.l_margin + i * (column + GAP)
        pdf.set_draw_color(*MUTED)
        pdf.rect(x, top, column, SIGNATURE_H)
        pdf.set_xy(x + 2, top + 1.5)
        pdf.set_font(FONT, "B", 8.5)
        pdf.set_text_color(*ACCENT)
        pdf.cell(column - 4, 4.5, pdf_safe(title))
        pdf.set_text_color(0, 0, 0)
        step = (SIGNATURE_H - 8) / len(lines)
        for j, (label, value) in enumerate(lines):
            base = top + 8 + step * (j + 1) - 1.5
            pdf.set_font(FONT, "", 7.5)
            pdf.set_text_color(*MUTED)
            pdf.set_xy(x + 2, base - 4)
            pdf.cell(24, 4, pdf_safe(label))
            pdf.set_text_color(0, 0, 0)
            if value:
                pdf.set_font(FONT, "", 9)
                pdf.cell(column - 28, 4, pdf_safe(value))
            pdf.line(x + 26, base, x + column - 3, base)
    pdf.set_y(top + SIGNATURE_H + 2)
