"""A line drawn by pdf_lines.draw_text is what fpdf2's ``text`` writes, byte for byte
(the quick path depends on fpdf2's internals: this says when an upgrade changes them)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from fpdf import FPDF

from techconsole.reports.pdf_lines import draw_text
from techconsole.reports.pdf_text import ENCODING

TEXTS = ["Totale 1.234,50 €", "(parentesi) e \\ barra", "Città — perché “così”", "x", " "]


def _document(draw: Callable[[FPDF, float, float, str], None]) -> bytes:
    pdf = FPDF(orientation="landscape", unit="mm", format="A4")
    pdf.core_fonts_encoding = ENCODING
    pdf.set_creation_date(datetime(2026, 11, 1, tzinfo=UTC))  # the same bytes each time
    for page in range(2):
        pdf.add_page()
        for i, (style, size) in enumerate([("", 8.5), ("B", 11.5), ("I", 7.5), ("", 8.5)]):
            pdf.set_font("helvetica", style, size)
            pdf.set_text_color(*((33, 33, 33) if i % 2 else (255, 255, 255)))
            pdf.set_fill_color(*((31, 78, 121) if page else (235, 240, 245)))
            for j, text in enumerate(TEXTS):
                draw(pdf, 15 + 20 * j, 20 + 10 * i, text)
        pdf.set_font("helvetica", "U", 9)  # underlined: fpdf2's own text
        draw(pdf, 15, 100, "sottolineato")
    return bytes(pdf.output())


def test_draw_text_writes_what_fpdf_text_writes():
    assert _document(draw_text) == _document(lambda pdf, x, y, text: pdf.text(x, y, text))
