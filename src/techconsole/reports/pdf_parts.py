"""Parts that the work report and a health check's report draw alike, in the house
style: the company at the top left and the rule under the header, customer and job (or
machine) side by side, and the technician's and the customer's signature boxes."""

from __future__ import annotations

from collections.abc import Sequence

from techconsole.reports.blocks import Field
from techconsole.reports.pdf_doc import ACCENT, FONT, MUTED, ReportPdf
from techconsole.reports.pdf_text import pdf_safe

#: the room between two columns, in mm
GAP = 6.0

#: a box to sign: its title, and its lines (a label, and what is written on it already)
SignatureBox = tuple[str, Sequence[tuple[str, str]]]


def company_block(pdf: ReportPdf, lines: Sequence[str], width: float) -> float:
    """The issuing company at the top left of a report, ``width`` mm wide: its name
    large, the rest small; the y under it."""
    for i, line in enumerate(lines):
        if i == 0:
            pdf.text_line(line, size=13, style="B", color=ACCENT, width=width, height=6)
        else:
            pdf.text_line(line, size=7.5, color=MUTED, width=width, height=3.6)
    return pdf.get_y()


def header_rule(pdf: ReportPdf) -> None:
    """The accent rule across the page under a report's header."""
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(0.6)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + pdf.width, pdf.get_y())
    pdf.set_line_width(0.2)


def side_by_side(
    pdf: ReportPdf, left: tuple[str, Sequence[Field]], right: tuple[str, Sequence[Field]]
) -> None:
    """Two sections of fields, each a heading and its label/value lines, in two columns;
    what follows starts under the longer."""
    column = (pdf.width - GAP) / 2
    top = pdf.get_y()
    ends = []
    for i, (title, fields) in enumerate((left, right)):
        x = pdf.l_margin + i * (column + GAP)
        pdf.set_xy(x, top)
        pdf.heading(title, width=column, x=x)
        ends.append(pdf.fields([(f.label, f.value) for f in fields], x=x, width=column))
    pdf.set_xy(pdf.l_margin, max(ends) + 2)


def signature_boxes(
    pdf: ReportPdf, boxes: tuple[SignatureBox, SignatureBox], height: float
) -> None:
    """The two ``boxes`` side by side, ``height`` mm tall, on a new page when there is
    no room for them; each line a label and a rule to write on, after what it holds."""
    if pdf.will_page_break(height + 2):
        pdf.add_page()
    column = (pdf.width - GAP) / 2
    top = pdf.get_y()
    for i, (title, lines) in enumerate(boxes):
        x = pdf.l_margin + i * (column + GAP)
        pdf.set_draw_color(*MUTED)
        pdf.rect(x, top, column, height)
        pdf.set_xy(x + 2, top + 1.5)
        pdf.set_font(FONT, "B", 8.5)
        pdf.set_text_color(*ACCENT)
        pdf.cell(column - 4, 4.5, pdf_safe(title))
        pdf.set_text_color(0, 0, 0)
        step = (height - 8) / len(lines)
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
    pdf.set_y(top + height + 2)
