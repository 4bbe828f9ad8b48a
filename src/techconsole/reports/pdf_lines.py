"""Text measured, wrapped and drawn line by line, fast enough for the longest texts.

fpdf2's ``multi_cell`` works out a line's width again for every character it adds
(``CurrentLine.width`` sums the whole line each time), and a table measures a cell's
text once to size its row and once more to draw it: a 20,000-character note took half
a second per pass, and a megabyte-long description 133 s.  Here text is measured from
the core font's character widths once per word, wrapped by words and drawn with
``text`` one line at a time: linear in the length of the text.

A line is drawn by :func:`draw_text`: the bytes fpdf2's ``text`` writes, without its
checks and conversions on every call (a month of 500 summaries draws 40,000 lines).
"""

from __future__ import annotations

from collections.abc import Sequence

from fpdf import FPDF
from fpdf.enums import TextMode
from fpdf.fonts import CoreFont
from fpdf.util import escape_parens

from techconsole.reports.pdf_text import ENCODING, pdf_safe


def measure(pdf: FPDF, text: str) -> float:
    """The width of PDF-safe ``text`` in mm in the current font."""
    font = pdf.current_font
    assert isinstance(font, CoreFont)
    raw = text.encode(ENCODING, "replace").decode("latin-1")
    return sum(map(font.cw.__getitem__, raw)) * float(pdf.font_size) * 0.001


def longest_prefix(pdf: FPDF, text: str, width: float) -> int:
    """How many characters of ``text`` fit in ``width`` mm (at least one)."""
    low, high = 1, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if measure(pdf, text[:middle]) <= width:
            low = middle
        else:
            high = middle - 1
    return low


def wrap_lines(pdf: FPDF, text: str, width: float) -> list[str]:
    """``text`` in lines no wider than ``width`` mm in the current font, broken between
    words; a word longer than a line is broken where it must.  Newlines are kept."""
    space = measure(pdf, " ")
    lines: list[str] = []
    for paragraph in pdf_safe(text).split("\n"):
        line, used = "", 0.0
        for word in paragraph.split():
            size = measure(pdf, word)
            if line and used + space + size <= width:
                line, used = f"{line} {word}", used + space + size
                continue
            if line:
                lines.append(line)
            if size > width:  # a very long word: as much as fits on each line
                *whole, word = _cut(pdf, word, width)
                lines += whole
                size = measure(pdf, word)
            line, used = word, size
        lines.append(line)
    return lines


def _cut(pdf: FPDF, word: str, width: float) -> list[str]:
    """``word`` in pieces no wider than ``width`` mm (each at least a character)."""
    font = pdf.current_font
    assert isinstance(font, CoreFont)
    scale = float(pdf.font_size) * 0.001
    raw = word.encode(ENCODING, "replace").decode("latin-1")
    pieces, start, used = [], 0, 0.0
    for i, char in enumerate(raw):
        char_width = font.cw[char] * scale
        if used + char_width > width and i > start:
            pieces.append(word[start:i])
            start, used = i, 0.0
        used += char_width
    pieces.append(word[start:])
    return pieces


def put(
    pdf: FPDF, x: float, y: float, width: float, height: float, text: str, align: str = "L"
) -> None:
    """PDF-safe ``text`` in the box at (``x``, ``y``), ``width`` × ``height`` mm,
    vertically centred like a cell's, flush left or right (``R``) without padding."""
    if not text:
        return
    if align == "R":
        x += width - measure(pdf, text)
    draw_text(pdf, x, y + 0.5 * height + 0.3 * float(pdf.font_size), text)


def draw_text(pdf: FPDF, x: float, y: float, text: str) -> None:
    """``pdf.text(x, y, text)`` for PDF-safe ``text`` in a core font, filled: the same
    bytes (a test compares them) for a third of the time; anything else (underline, a
    text mode, quad points being recorded) goes through ``pdf.text``."""
    font = pdf.current_font
    if (
        not isinstance(font, CoreFont)
        or pdf.underline
        or pdf.strikethrough
        or pdf.text_mode != TextMode.FILL
        or pdf._record_text_quad_points
        or not pdf.page
    ):
        pdf.text(x, y, text)
        return
    raw = text.encode(ENCODING).decode("latin-1")  # what normalize_text makes of it
    if not pdf.current_font_is_set_on_page:
        pdf._out(pdf._set_font_for_page(font, pdf.font_size_pt))
    k = pdf.k
    line = f"BT {x * k:.2f} {(pdf.h - y) * k:.2f} Td ({escape_parens(raw)}) Tj ET"
    if pdf.fill_color != pdf.text_color:
        assert pdf.text_color is not None
        line = f"q {pdf.text_color.serialize().lower()} {line} Q"
    pdf._out(line)


def flow(
    pdf: FPDF,
    lines: Sequence[str],
    *,
    x: float,
    width: float,
    height: float = 4.1,
    align: str = "L",
) -> None:
    """Wrapped ``lines`` one under the other from the current y at ``x``, onto the next
    pages as needed, in the current font and colour; the current y is then under them."""
    family, style, size = pdf.font_family, pdf.font_style, pdf.font_size_pt
    colour = pdf.text_color
    y = pdf.get_y()
    for line in lines:
        if y + height > pdf.page_break_trigger:
            pdf.add_page()
            pdf.set_font(family, style, size)
            pdf.text_color = colour
            y = pdf.get_y()
        put(pdf, x, y, width, height, line, align)
        y += height
    pdf.set_xy(x, y)
