"""An A4 document in the house style: core fonts only, headings, label/value fields,
ruled tables and a footer with the page count.  Every string drawn goes through
:func:`~techconsole.reports.pdf_text.pdf_safe`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from fpdf import FPDF
from fpdf.fonts import FontFace

from techconsole.reports.pdf_text import ENCODING, pdf_safe

FONT = "Helvetica"
ACCENT = (31, 78, 121)  # dark blue: rules and headings
INK = (33, 33, 33)
MUTED = (110, 110, 110)
SHADE = (235, 240, 245)  # heading bars, table headings
LINE = (190, 190, 190)
MARGIN = 15.0
LINE_H = 4.1  # mm for 8.5 pt text


class ReportPdf(FPDF):
    """A4 portrait, 15 mm margins; ``footer_left`` and ``page_label`` ("Pagina {n} di
    {total}") make the footer."""

    def __init__(self, *, footer_left: str, page_label: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.core_fonts_encoding = ENCODING
        self.footer_left = pdf_safe(footer_left)
        self.page_label = page_label
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=16)
        self.set_text_color(*INK)
        self.set_draw_color(*LINE)
        self.set_line_width(0.2)
        self.set_font(FONT, size=8.5)

    @property
    def width(self) -> float:
        return float(self.epw)

    def describe(self, *, title: str, author: str, subject: str, when: datetime) -> None:
        """Document properties; the creation date is fixed so the same report gives the
        same file."""
        self.set_title(pdf_safe(title))
        self.set_author(pdf_safe(author))
        self.set_subject(pdf_safe(subject))
        self.set_creator("techconsole")
        self.set_creation_date(when)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, size=7)
        self.set_text_color(*MUTED)
        self.cell(self.width / 2, 4, self.footer_left)
        label = self.page_label.format(n=self.page_no(), total="{nb}")
        self.cell(self.width / 2, 4, pdf_safe(label), align="R")
        self.set_text_color(*INK)

    # ------------------------------------------------------------------ text
    def text_line(
        self,
        text: str,
        *,
        size: float = 8.5,
        style: str = "",
        color: Sequence[int] = INK,
        align: str = "L",
        width: float = 0,
        height: float = LINE_H,
    ) -> None:
        """One paragraph (wrapped) at the left margin, or in ``width`` from the current x."""
        self.set_font(FONT, style, size)
        self.set_text_color(*color)
        self.multi_cell(
            width or self.width,
            height,
            pdf_safe(text),
            align=align,
            new_x="LMARGIN" if not width else "LEFT",
            new_y="NEXT",
        )
        self.set_text_color(*INK)

    def heading(self, title: str, *, width: float = 0, x: float | None = None) -> None:
        """A shaded bar with the section's title."""
        if x is not None:
            self.set_x(x)
        self.set_font(FONT, "B", 8.5)
        self.set_fill_color(*SHADE)
        self.set_text_color(*ACCENT)
        self.cell(
            width or self.width, 5.2, pdf_safe(title.upper()), fill=True, new_x="LEFT", new_y="NEXT"
        )
        self.set_text_color(*INK)
        self.ln(0.8)

    def fields(
        self, pairs: Sequence[tuple[str, str]], *, x: float, width: float, label_width: float = 31
    ) -> float:
        """Label/value rows in a column starting at ``x``; returns the y after them."""
        for label, value in pairs:
            self.set_x(x)
            top = self.get_y()
            self.set_font(FONT, "", 7.5)
            self.set_text_color(*MUTED)
            self.cell(label_width, LINE_H, pdf_safe(label))
            self.set_font(FONT, "", 8.5)
            self.set_text_color(*INK)
            self.set_xy(x + label_width, top)
            self.multi_cell(
                width - label_width,
                LINE_H,
                pdf_safe(value),
                align="L",
                new_x="LEFT",
                new_y="NEXT",
            )
        return float(self.get_y())

    def grid(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        *,
        widths: Sequence[float],
        align: str,
        notes: Sequence[str] = (),
    ) -> None:
        """A ruled table; ``align`` is ``L``/``R`` per column; a row's note (a reason)
        is printed in italics on a line of its own under it."""
        self.set_font(FONT, "", 8.5)
        self.set_draw_color(*LINE)
        self.set_fill_color(0)  # the default: fpdf2 fills no body cell then
        heading = FontFace(emphasis="BOLD", size_pt=7.5, color=ACCENT, fill_color=SHADE)
        note_style = FontFace(emphasis="ITALICS", size_pt=7.5, color=MUTED)
        aligns = ["RIGHT" if a == "R" else "LEFT" for a in align]
        with self.table(
            width=self.width,
            col_widths=tuple(widths),
            text_align=tuple(aligns),
            headings_style=heading,
            borders_layout="HORIZONTAL_LINES",
            line_height=LINE_H,
            padding=(0.35, 1.2),
            v_align="TOP",
        ) as table:
            head = table.row()
            for text in headers:
                head.cell(pdf_safe(text))
            for i, cells in enumerate(rows):
                row = table.row()
                for text in cells:
                    row.cell(pdf_safe(text))
                note = notes[i] if i < len(notes) else ""
                if note:
                    table.row().cell(
                        "    " + pdf_safe(note),
                        colspan=len(headers),
                        style=note_style,
                        align="LEFT",
                    )
        self.ln(1)

    def notes(self, rows: Sequence[tuple[str, str]], *, stamp_width: float = 46) -> None:
        """Dated notes: a muted stamp, then the text wrapped beside it; a long note flows
        onto the next page like a table row."""
        self.set_font(FONT, "", 8.5)
        self.set_fill_color(0)
        stamp = FontFace(size_pt=7.5, color=MUTED)
        with self.table(
            width=self.width,
            col_widths=(stamp_width, self.width - stamp_width),
            text_align=("LEFT", "LEFT"),
            borders_layout="NONE",
            first_row_as_headings=False,
            line_height=LINE_H,
            padding=(0.15, 0),
            v_align="TOP",
        ) as table:
            for when, text in rows:
                row = table.row()
                row.cell(pdf_safe(when), style=stamp)
                row.cell(pdf_safe(text))
