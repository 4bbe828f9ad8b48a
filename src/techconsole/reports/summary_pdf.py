"""The pieces the monthly summary and the activity report share: landscape A4 pages in
the house style of :mod:`.pdf_doc`, the company header with the document's title, two
columns of facts, and paragraphs wrapped by words.

Text is measured straight from the core font's character widths (:mod:`.pdf_lines`), wrapped
by words and drawn line by line with ``text``: fpdf2's ``cell`` and ``multi_cell`` shape every
string on the way (a copy of the graphics state per call), which made a month of 500
customers' summaries take half a minute.  Tables are in :mod:`.summary_table`.
"""

from __future__ import annotations

from collections.abc import Sequence

from techconsole.reports.blocks import clean
from techconsole.reports.pdf_doc import ACCENT, FONT, INK, LINE, MUTED, SHADE, ReportPdf
from techconsole.reports.pdf_lines import longest_prefix, measure, put, wrap_lines
from techconsole.reports.pdf_text import pdf_safe
from techconsole.reports.summary_words import SummaryWords
from techconsole.services.documents.report_views import Party

GAP = 8.0
ELLIPSIS = "…"


class SummaryPdf(ReportPdf):
    """A4 landscape pages (the tables are wide), footer and fonts as the work report; from
    the second page on, a running head says whose document it is (``running``: left and
    right texts)."""

    running: tuple[str, str] = ("", "")

    def header(self) -> None:
        if self.page_no() < 2 or not any(self.running):
            return
        x, y = self.l_margin, self.t_margin - 7
        self.use_font("", 7.5)
        self.set_text_color(*MUTED)
        left, right = (fit(self, text, self.width / 2 - 2, size=7.5) for text in self.running)
        self.put(x, y, self.width / 2, 4, left)
        self.put(x + self.width / 2, y, self.width / 2, 4, right, "R")
        self.set_text_color(*INK)
        self.set_draw_color(*LINE)
        self.line(x, y + 4.6, x + self.width, y + 4.6)
        self.set_y(self.t_margin)

    def new_page(self) -> None:
        self.add_page(orientation="landscape")

    @property
    def bottom(self) -> float:
        """The lowest y a line may reach before the footer."""
        return float(self.page_break_trigger)

    def use_font(self, style: str, size: float) -> None:
        """``set_font`` of the house font, skipped when it is the current one already."""
        if self.font_style != style or self.font_size_pt != size or self.font_family != "helvetica":
            self.set_font(FONT, style, size)

    def measure(self, text: str) -> float:
        """The width of PDF-safe ``text`` in mm in the current font."""
        return measure(self, text)

    def put(
        self, x: float, y: float, width: float, height: float, text: str, align: str = "L"
    ) -> None:
        """PDF-safe ``text`` in the box at (``x``, ``y``), ``width`` × ``height`` mm,
        vertically centred like a cell's, flush left or right (``R``) without padding."""
        put(self, x, y, width, height, text, align)


def wrap(pdf: SummaryPdf, text: str, width: float, *, size: float, style: str = "") -> list[str]:
    """``text`` (PDF-safe) in lines no wider than ``width`` mm, broken between words; a
    word longer than a line is broken where it must.  Newlines are kept."""
    pdf.use_font(style, size)
    return wrap_lines(pdf, text, width)


def fit(pdf: SummaryPdf, text: str, width: float, *, size: float, style: str = "") -> str:
    """``text`` on one line of ``width`` mm, cut at a word with ``…`` when longer."""
    text = pdf_safe(clean(text, one_line=True))
    pdf.use_font(style, size)
    if pdf.measure(text) <= width:
        return text
    cut = text[: longest_prefix(pdf, text, width - pdf.measure(ELLIPSIS))]
    space = cut.rfind(" ")
    if space > len(cut) * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ,;.:-–") + ELLIPSIS


def para(
    pdf: SummaryPdf,
    text: str,
    *,
    width: float = 0,
    size: float = 8.5,
    style: str = "",
    color: Sequence[int] = INK,
    height: float = 4.1,
    align: str = "L",
) -> None:
    """A wrapped paragraph from the current x (at the left margin: the page's width)."""
    x = pdf.get_x()
    width = width or pdf.width
    lines = wrap(pdf, text, width, size=size, style=style)
    pdf.set_text_color(*color)
    y = pdf.get_y()
    for line in lines:
        if y + height > pdf.bottom:
            pdf.new_page()
            pdf.use_font(style, size)
            y = pdf.get_y()
        pdf.put(x, y, width, height, line, align)
        y += height
    pdf.set_text_color(*INK)
    pdf.set_xy(x, y)


def company_lines(words: SummaryWords, company: Party) -> list[str]:
    """Name, address, then VAT number, phone and e-mail on one line."""
    contacts = [
        f"{label} {clean(value, one_line=True)}"
        for label, value in (
            (words["vat_number"], company.vat_number),
            (words["phone"], company.phone),
            (words["email"], company.email),
        )
        if value.strip()
    ]
    lines = [clean(company.name, one_line=True), clean(company.address, one_line=True)]
    lines.append(" · ".join(contacts))
    return [line for line in lines if line]


def header(
    pdf: SummaryPdf, words: SummaryWords, company: Party, title: str, lines: Sequence[str]
) -> None:
    """The company on the left, the title and ``lines`` (the month, the period) on the
    right, an accent rule under both."""
    top = pdf.get_y()
    half = pdf.width * 0.55
    for i, line in enumerate(company_lines(words, company)):
        if i == 0:
            para(pdf, line, size=14, style="B", color=ACCENT, width=half, height=6.5)
        else:
            para(pdf, line, size=8, color=MUTED, width=half, height=3.8)
    left_end = pdf.get_y()
    pdf.set_xy(pdf.l_margin + half, top)
    rest = pdf.width - half
    para(pdf, title.upper(), size=15, style="B", width=rest, align="R", height=7)
    for i, line in enumerate(lines):
        size, style = (11.5, "B") if i == 0 else (8.5, "")
        para(pdf, line, size=size, style=style, width=rest, align="R", height=5)
    pdf.set_xy(pdf.l_margin, max(left_end, pdf.get_y()) + 1.5)
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(0.6)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + pdf.width, pdf.get_y())
    pdf.set_line_width(0.2)
    pdf.set_draw_color(*LINE)
    pdf.ln(4)


def heading(pdf: SummaryPdf, title: str, *, width: float = 0) -> None:
    """A shaded bar with a section's title, from the current x."""
    x, y = pdf.get_x(), pdf.get_y()
    pdf.use_font("B", 8.5)
    pdf.set_fill_color(*SHADE)
    pdf.rect(x, y, width or pdf.width, 5.2, style="F")
    pdf.set_text_color(*ACCENT)
    pdf.put(x + 1.5, y, width or pdf.width, 5.2, pdf_safe(title.upper()))
    pdf.set_text_color(*INK)
    pdf.set_xy(x, y + 6)


def facts(
    pdf: SummaryPdf,
    left: tuple[str, Sequence[tuple[str, str]]],
    right: tuple[str, Sequence[tuple[str, str]]],
    *,
    label_width: float = 38,
) -> None:
    """Two columns of label/value rows under a shaded title each."""
    column = (pdf.width - GAP) / 2
    top = pdf.get_y()
    ends = []
    for i, (title, pairs) in enumerate((left, right)):
        x = pdf.l_margin + i * (column + GAP)
        pdf.set_xy(x, top)
        heading(pdf, title, width=column)
        for label, value in pairs:
            pdf.use_font("", 7.5)
            pdf.set_text_color(*MUTED)
            pdf.put(x + 1.5, pdf.get_y(), label_width, 4.1, pdf_safe(label))
            pdf.set_text_color(*INK)
            pdf.set_x(x + label_width)
            para(pdf, value, width=column - label_width, size=8.5)
        ends.append(pdf.get_y())
    pdf.set_xy(pdf.l_margin, max(ends) + 4)


def totals_strip(pdf: SummaryPdf, pairs: Sequence[tuple[str, str]]) -> None:
    """The totals side by side across the page, each a small label over its amount; the
    last one (the total) white on the accent colour."""
    height = 11.0
    if pdf.get_y() + height > pdf.bottom:
        pdf.new_page()
    x, y = pdf.l_margin, pdf.get_y()
    width = pdf.width / len(pairs)
    last = len(pairs) - 1
    pdf.set_fill_color(*SHADE)
    pdf.rect(x, y, width * last, height, style="F")
    pdf.set_fill_color(*ACCENT)
    pdf.rect(x + width * last, y, width, height, style="F")
    for i, (label, value) in enumerate(pairs):
        left = x + i * width
        colour = (255, 255, 255) if i == last else MUTED
        pdf.use_font("", 7.5)
        pdf.set_text_color(*colour)
        pdf.put(left + 2.5, y + 1.2, width - 5, 4, pdf_safe(label), "R")
        pdf.use_font("B", 11.5 if i == last else 10)
        pdf.set_text_color(*((255, 255, 255) if i == last else INK))
        pdf.put(left + 2.5, y + 5, width - 5, 5.2, pdf_safe(value), "R")
        if 0 < i < last:
            pdf.set_draw_color(255, 255, 255)
            pdf.set_line_width(0.6)
            pdf.line(left, y + 1.5, left, y + height - 1.5)
            pdf.set_line_width(0.2)
    pdf.set_text_color(*INK)
    pdf.set_draw_color(*LINE)
    pdf.set_xy(pdf.l_margin, y + height + 2)
