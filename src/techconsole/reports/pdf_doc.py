"""An A4 document in the house style: core fonts only, headings, label/value fields,
ruled tables and a footer with the page count.  Every string drawn goes through
:func:`~techconsole.reports.pdf_text.pdf_safe`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from fpdf import FPDF
from fpdf.fonts import FontFace

from techconsole.reports.pdf_lines import flow, wrap_lines
from techconsole.reports.pdf_text import ENCODING, pdf_safe

FONT = "Helvetica"
ACCENT = (31, 78, 121)  # dark blue: rules and headings
INK = (33, 33, 33)
MUTED = (110, 110, 110)
SHADE = (235, 240, 245)  # heading bars, table headings
LINE = (190, 190, 190)
MARGIN = 15.0
LINE_H = 4.1  # mm for 8.5 pt text
GRID_PAD = 1.2  # mm left and right of a table's text
#: a text longer than this (in characters) is wrapped and drawn by :mod:`.pdf_lines`
LONG_TEXT = 1500
#: the lines of a long text kept in its table row; the rest runs on below the row
ROW_LINES = 8


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
        if len(text) > LONG_TEXT:  # fpdf2's wrapping is slow on long texts
            x = self.get_x() if width else self.l_margin
            lines = wrap_lines(self, text, width or self.width)
            flow(self, lines, x=x, width=width or self.width, height=height, align=align)
            self.set_text_color(*INK)
            return
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
        is printed in italics on a line of its own under it.  A cell's long text keeps
        its first lines in the row and runs on below it, in its column (see
        :meth:`_long_cells`)."""
        part: list[tuple[list[str], str]] = []
        headed = False
        for i, cells in enumerate(rows):
            shown, rest = self._long_cells([pdf_safe(t) for t in cells], widths, GRID_PAD)
            part.append((shown, notes[i] if i < len(notes) else ""))
            if rest:
                self._grid_part(None if headed else headers, part, widths, align)
                headed, part = True, []
                self._run_on(rest, sum(widths))
        if part or not headed:
            self._grid_part(None if headed else headers, part, widths, align)
        self.ln(1)

    def _grid_part(
        self,
        headers: Sequence[str] | None,
        rows: Sequence[tuple[Sequence[str], str]],
        widths: Sequence[float],
        align: str,
    ) -> None:
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
            first_row_as_headings=headers is not None,
            borders_layout="HORIZONTAL_LINES",
            line_height=LINE_H,
            padding=(0.35, GRID_PAD),
            v_align="TOP",
        ) as table:
            if headers is not None:
                head = table.row()
                for text in headers:
                    head.cell(pdf_safe(text))
            for cells, note in rows:
                row = table.row()
                for text in cells:
                    row.cell(text)
                if note:
                    table.row().cell(
                        "    " + pdf_safe(note),
                        colspan=len(widths),
                        style=note_style,
                        align="LEFT",
                    )

    def notes(self, rows: Sequence[tuple[str, str]], *, stamp_width: float = 46) -> None:
        """Dated notes: a muted stamp, then the text wrapped beside it; a long note runs
        on below its row and onto the next pages."""
        widths = (stamp_width, self.width - stamp_width)
        part: list[list[str]] = []
        for when, text in rows:
            shown, rest = self._long_cells([pdf_safe(when), pdf_safe(text)], widths, 0)
            part.append(shown)
            if rest:
                self._notes_part(part, widths)
                part = []
                self._run_on(rest, 0)
        if part:
            self._notes_part(part, widths)

    def _notes_part(self, rows: Sequence[Sequence[str]], widths: Sequence[float]) -> None:
        self.set_font(FONT, "", 8.5)
        self.set_fill_color(0)
        stamp = FontFace(size_pt=7.5, color=MUTED)
        with self.table(
            width=self.width,
            col_widths=tuple(widths),
            text_align=("LEFT", "LEFT"),
            borders_layout="NONE",
            first_row_as_headings=False,
            line_height=LINE_H,
            padding=(0.15, 0),
            v_align="TOP",
        ) as table:
            for when, text in rows:
                row = table.row()
                row.cell(when, style=stamp)
                row.cell(text)

    def _long_cells(
        self, cells: list[str], widths: Sequence[float], pad: float
    ) -> tuple[list[str], list[tuple[float, float, list[str]]]]:
        """A table row whose long texts keep their first :data:`ROW_LINES` lines; the
        rest of each, as (x, width, lines), is drawn under the row by :meth:`_run_on`.

        fpdf2 measures a cell's text twice (to size the row, then to draw it) at a cost
        that grows with the square of a line's length, and refuses a row taller than a
        page: a 20,000-character note took seconds, or stopped the export."""
        rest: list[tuple[float, float, list[str]]] = []
        x = self.l_margin
        for i, (text, width) in enumerate(zip(cells, widths, strict=True)):
            if len(text) > LONG_TEXT:
                self.set_font(FONT, "", 8.5)
                lines = wrap_lines(self, text, width - 2 * pad)
                cells[i] = "\n".join(lines[:ROW_LINES])
                if lines[ROW_LINES:]:
                    rest.append((x + pad, width - 2 * pad, lines[ROW_LINES:]))
            x += width
        return cells, rest

    def _run_on(self, rest: Sequence[tuple[float, float, list[str]]], rule: float) -> None:
        """The rest of long cells, each in its column under the row; a rule ``rule`` mm
        long under them (none: 0)."""
        for x, width, lines in rest:
            self.set_font(FONT, "", 8.5)
            flow(self, lines, x=x, width=width)
        if rule:
            self.set_draw_color(*LINE)
            self.line(self.l_margin, self.get_y() + 0.35, self.l_margin + rule, self.get_y() + 0.35)
            self.set_y(self.get_y() + 0.7)
