"""A long table across landscape pages: headings repeated at the top of every page, a
rule under each row, an italic note under a row when it has one, a bold totals row.

Cells of a ``wrap`` column take as many lines as their text needs; other cells are cut
to one line with ``…``.  A row moves whole to the next page when it does not fit; a row
taller than a page (a very long note) is split between pages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from techconsole.reports.pdf_doc import ACCENT, INK, LINE, MUTED, SHADE
from techconsole.reports.pdf_text import pdf_safe
from techconsole.reports.summary_pdf import SummaryPdf, fit, wrap

PAD_X = 1.2
PAD_Y = 0.7
TOTAL_SHADE = (222, 230, 238)


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    width: float  # mm
    align: str = "L"  # L or R
    wrap: bool = False


def table(
    pdf: SummaryPdf,
    columns: Sequence[Column],
    rows: Sequence[Sequence[str]],
    *,
    notes: Sequence[str] = (),
    total: Sequence[tuple[str, int]] = (),
    size: float = 8.0,
) -> None:
    """Draw the table from the current y; ``total`` is (text, columns spanned) cells."""
    line_h = size * 0.46
    _headings(pdf, columns, size)
    for i, cells in enumerate(rows):
        lines = [
            wrap(pdf, text, c.width - 2 * PAD_X, size=size)
            if c.wrap
            else [fit(pdf, text, c.width - 2 * PAD_X, size=size)]
            for c, text in zip(columns, cells, strict=True)
        ]
        note = notes[i] if i < len(notes) else ""
        _row(pdf, columns, lines, note, size, line_h)
    if total:
        _total(pdf, columns, total, size, line_h)
    pdf.ln(2)


def _headings(pdf: SummaryPdf, columns: Sequence[Column], size: float) -> None:
    height = size * 0.46 + 2 * PAD_Y + 0.6
    x, y = pdf.l_margin, pdf.get_y()
    pdf.set_fill_color(*SHADE)
    pdf.rect(x, y, sum(c.width for c in columns), height, style="F")
    pdf.use_font("B", size - 0.5)
    pdf.set_text_color(*ACCENT)
    for c in columns:
        text = fit(pdf, c.header, c.width - 2 * PAD_X, size=size - 0.5, style="B")
        pdf.put(x + PAD_X, y, c.width - 2 * PAD_X, height, text, c.align)
        x += c.width
    pdf.set_text_color(*INK)
    pdf.set_xy(pdf.l_margin, y + height)


def _row(
    pdf: SummaryPdf,
    columns: Sequence[Column],
    lines: list[list[str]],
    note: str,
    size: float,
    line_h: float,
) -> None:
    count = max(len(cell) for cell in lines)
    height = count * line_h + 2 * PAD_Y + (line_h if note else 0.0)
    if pdf.get_y() + height <= pdf.bottom:
        _draw(pdf, columns, lines, 0, count, size, line_h, note)
        return
    header_h = size * 0.46 + 2 * PAD_Y + 0.6
    if pdf.t_margin + header_h + height <= pdf.bottom:  # whole on the next page
        _next_page(pdf, columns, size)
        _draw(pdf, columns, lines, 0, count, size, line_h, note)
        return
    start = 0  # taller than a page: as many lines as fit on each
    while start < count:
        room = int((pdf.bottom - pdf.get_y() - 2 * PAD_Y) // line_h)
        if room < 1:
            _next_page(pdf, columns, size)
            continue
        end = min(count, start + room)
        _draw(pdf, columns, lines, start, end, size, line_h, "")
        start = end
        if start < count:
            _next_page(pdf, columns, size)
    if note:
        if pdf.get_y() + line_h + 2 * PAD_Y > pdf.bottom:
            _next_page(pdf, columns, size)
        _draw(pdf, columns, lines, count, count, size, line_h, note)


def _next_page(pdf: SummaryPdf, columns: Sequence[Column], size: float) -> None:
    pdf.new_page()
    _headings(pdf, columns, size)


def _draw(
    pdf: SummaryPdf,
    columns: Sequence[Column],
    lines: list[list[str]],
    start: int,
    end: int,
    size: float,
    line_h: float,
    note: str,
) -> None:
    """Lines ``start``..``end`` of each cell, the note under them, and the rule."""
    y = pdf.get_y() + PAD_Y
    pdf.use_font("", size)
    x = pdf.l_margin
    for c, cell in zip(columns, lines, strict=True):
        for j, text in enumerate(cell[start:end]):
            pdf.put(x + PAD_X, y + j * line_h, c.width - 2 * PAD_X, line_h, text, c.align)
        x += c.width
    y += (end - start) * line_h
    if note:
        pdf.use_font("I", size - 0.5)
        pdf.set_text_color(*MUTED)
        width = x - pdf.l_margin - 2 * PAD_X - 4
        text = fit(pdf, note, width, size=size - 0.5, style="I")
        pdf.put(pdf.l_margin + PAD_X + 4, y, width, line_h, text)
        pdf.set_text_color(*INK)
        y += line_h
    y += PAD_Y
    pdf.set_draw_color(*LINE)
    pdf.line(pdf.l_margin, y, x, y)
    pdf.set_xy(pdf.l_margin, y)


def _total(
    pdf: SummaryPdf,
    columns: Sequence[Column],
    total: Sequence[tuple[str, int]],
    size: float,
    line_h: float,
) -> None:
    height = line_h + 2 * PAD_Y + 0.6
    if pdf.get_y() + height > pdf.bottom:
        _next_page(pdf, columns, size)
    x, y = pdf.l_margin, pdf.get_y()
    width = sum(c.width for c in columns)
    pdf.set_fill_color(*TOTAL_SHADE)
    pdf.rect(x, y, width, height, style="F")
    pdf.use_font("B", size)
    pdf.set_text_color(*ACCENT)
    column = 0
    for text, span in total:
        span_w = sum(c.width for c in columns[column : column + span])
        align = columns[column + span - 1].align
        pdf.put(x + PAD_X, y, span_w - 2 * PAD_X, height, pdf_safe(text), align)
        x += span_w
        column += span
    pdf.set_text_color(*INK)
    pdf.set_draw_color(*ACCENT)
    pdf.line(pdf.l_margin, y + height, pdf.l_margin + width, y + height)
    pdf.set_draw_color(*LINE)
    pdf.set_xy(pdf.l_margin, y + height)
