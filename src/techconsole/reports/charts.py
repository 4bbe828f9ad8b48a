"""Bar charts drawn with fpdf2's own primitives (``rect``, ``line``, text): vertical bars
grouped or stacked per slot on a ruled value axis, horizontal bars with a name and a
figure per row, and a legend.

Colours go from dark to light (:data:`PALETTE`) so the series stay apart when the page is
printed in grey; a bar wider than a millimetre has a thin outline, so a light one still
shows on white.  A value of ``None`` draws no bar (nothing to show that slot); a zero
draws a hairline on the baseline.  Labels are PDF-safe text measured from the core font
(:mod:`.pdf_lines`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from math import ceil, floor, log10

from techconsole.reports.pdf_doc import INK, LINE, MUTED
from techconsole.reports.pdf_lines import measure
from techconsole.reports.pdf_text import pdf_safe
from techconsole.reports.summary_pdf import SummaryPdf, fit

Colour = tuple[int, int, int]

#: series colours, the first ones furthest apart in lightness (L* 18, 60, 77, 42, 86, 36)
PALETTE: tuple[Colour, ...] = (
    (20, 45, 80),
    (214, 120, 40),
    (150, 195, 230),
    (0, 110, 110),
    (245, 215, 110),
    (120, 60, 130),
)
OUTLINE = (60, 60, 60)
GRID = (222, 222, 222)
SIZE = 6.5  # pt: axis labels and figures
LABEL_H = 2.9  # mm per line of an axis label
AXIS_W = 13.0  # mm left of the plot for the value axis


@dataclass(frozen=True, slots=True)
class Series:
    label: str
    values: tuple[float | None, ...]  # one per slot
    colour: Colour


@dataclass(frozen=True, slots=True)
class Box:
    x: float
    y: float
    w: float
    h: float


def colour(i: int) -> Colour:
    return PALETTE[i % len(PALETTE)]


def scale(most: float, ticks: int = 4) -> tuple[float, float]:
    """A round top for a count axis reaching ``most``, and the step between its rules:
    1, 2, 2.5 or 5 times a power of ten, a whole number, at most ``ticks`` rules."""
    if most <= 0:
        return 1.0, 1.0
    power = 10 ** floor(log10(most / ticks))
    for factor in (1, 2, 2.5, 5, 10):
        step = max(factor * power, 1.0)
        if step == int(step) and step * ticks >= most:
            break
    return step * ceil(most / step), step


def thinned(pdf: SummaryPdf, labels: Sequence[str], slot: float) -> list[str]:
    """The labels of a slot axis, every n-th one kept (counting back from the last) so
    that none overlaps its neighbour; a label may have two lines."""
    pdf.use_font("", SIZE)
    parts = [pdf_safe(line) for t in labels for line in t.split("\n")]
    widest = max((measure(pdf, part) for part in parts), default=0)
    step = max(1, ceil((widest + 1.5) / slot)) if slot > 0 else 1
    last = len(labels) - 1
    return [t if (last - i) % step == 0 else "" for i, t in enumerate(labels)]


def _text(pdf: SummaryPdf, x: float, y: float, w: float, text: str, align: str = "C") -> None:
    """``text`` in ``SIZE`` muted at (x, y), centred (``C``), flush right or left in ``w``."""
    text = pdf_safe(text)
    if not text:
        return
    width = measure(pdf, text)
    left = {"C": x + (w - width) / 2, "R": x + w - width, "L": x}[align]
    pdf.text(left, y + 0.5 * LABEL_H + 0.3 * float(pdf.font_size), text)


def _bar(pdf: SummaryPdf, x: float, y: float, w: float, h: float, fill: Colour) -> None:
    """A bar, outlined unless it is too thin for the outline to leave its colour seen."""
    pdf.set_fill_color(*fill)
    pdf.rect(x, y, w, max(h, 0.25), style="DF" if w >= 1.2 else "F")


def columns(
    pdf: SummaryPdf,
    box: Box,
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    stacked: bool = False,
    top: float,
    step: float,
    tick: Callable[[float], str],
    figure: Callable[[float], str] | None = None,
) -> None:
    """Vertical bars in ``box``: one slot per label (thinned to fit; ``\\n`` for a second
    line), the series side by side in a slot or ``stacked`` (the first at the bottom); the
    value axis from 0 to ``top`` ruled every ``step``, its labels by ``tick``; ``figure``
    writes each slot's total above its bar when it fits."""
    lines = max((t.count("\n") + 1 for t in labels), default=1)
    plot = Box(box.x + AXIS_W, box.y + 3, box.w - AXIS_W, box.h - 3 - lines * LABEL_H - 1)
    base = plot.y + plot.h
    pdf.use_font("", SIZE)
    pdf.set_text_color(*MUTED)
    pdf.set_line_width(0.15)
    value = 0.0
    while value <= top + 1e-9:
        y = base - plot.h * value / top
        pdf.set_draw_color(*GRID)
        pdf.line(plot.x, y, plot.x + plot.w, y)
        _text(pdf, box.x, y - LABEL_H / 2, AXIS_W - 1.5, tick(value), "R")
        value += step
    slot = plot.w / max(len(labels), 1)
    shown = thinned(pdf, labels, slot)
    pdf.set_draw_color(*OUTLINE)
    pdf.set_line_width(0.1)
    for i, label in enumerate(shown):
        left = plot.x + i * slot
        _slot(pdf, left, slot, base, plot.h / top, [s.values[i] for s in series], series, stacked)
        for n, line in enumerate(label.split("\n") if label else ()):
            pdf.set_text_color(*MUTED)
            _text(pdf, left - slot, base + 0.8 + n * LABEL_H, 3 * slot, line)
        total = sum(v for s in series if (v := s.values[i]) is not None)
        if figure is not None and any(s.values[i] for s in series):
            said = pdf_safe(figure(total))
            if measure(pdf, said) <= slot + 0.5:
                pdf.set_text_color(*INK)
                high = base - plot.h * (total if stacked else _most(series, i)) / top
                _text(pdf, left, high - LABEL_H - 0.2, slot, said)
    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.3)
    pdf.line(plot.x, base, plot.x + plot.w, base)
    pdf.set_line_width(0.2)
    pdf.set_draw_color(*LINE)
    pdf.set_text_color(*INK)


def _most(series: Sequence[Series], i: int) -> float:
    return max((v for s in series if (v := s.values[i]) is not None), default=0.0)


def _slot(
    pdf: SummaryPdf,
    left: float,
    slot: float,
    base: float,
    per_unit: float,
    values: Sequence[float | None],
    series: Sequence[Series],
    stacked: bool,
) -> None:
    """One slot's bars: 75 % of the slot side by side, or 60 % of it stacked."""
    if stacked:
        width = slot * 0.6
        x, y = left + (slot - width) / 2, base
        for v, s in zip(values, series, strict=True):
            if v:
                _bar(pdf, x, y - v * per_unit, width, v * per_unit, s.colour)
                y -= v * per_unit
        return
    group = slot * 0.75
    width = group / max(len(series), 1)
    for n, (v, s) in enumerate(zip(values, series, strict=True)):
        if v is not None:
            x = left + (slot - group) / 2 + n * width
            _bar(pdf, x, base - v * per_unit, width, v * per_unit, s.colour)


def rows(
    pdf: SummaryPdf,
    box: Box,
    items: Sequence[tuple[str, int]],
    fill: Colour,
    *,
    name_w: float = 62.0,
    row_h: float = 4.3,
    figure: Callable[[int], str] = str,
) -> float:
    """Horizontal bars, one row each: the name cut to ``name_w`` (verbatim, on one line),
    the bar in proportion to the most, the figure after it.  Returns the y under them."""
    most = max((n for _name, n in items), default=0) or 1
    room = box.w - name_w - 12
    y = box.y
    pdf.set_line_width(0.1)
    pdf.set_draw_color(*OUTLINE)
    for name, n in items:
        pdf.set_text_color(*INK)
        pdf.use_font("", 7.5)
        pdf.put(box.x, y, name_w - 2, row_h, fit(pdf, name, name_w - 2, size=7.5))
        width = room * n / most
        _bar(pdf, box.x + name_w, y + 0.7, width, row_h - 1.4, fill)
        pdf.use_font("B", 7.5)
        pdf.put(box.x + name_w + width + 1.2, y, 12, row_h, pdf_safe(figure(n)))
        y += row_h
    pdf.set_line_width(0.2)
    pdf.set_draw_color(*LINE)
    return y


def legend(pdf: SummaryPdf, x: float, y: float, width: float, series: Sequence[Series]) -> float:
    """A swatch and a label per series, left to right, onto more lines when needed;
    returns the y under it."""
    pdf.use_font("", 7)
    pdf.set_line_width(0.1)
    pdf.set_draw_color(*OUTLINE)
    at, line_h = x, 4.0
    for s in series:
        text = fit(pdf, s.label, 55, size=7)
        need = 4.2 + measure(pdf, text) + 4
        if at > x and at + need > x + width:
            at, y = x, y + line_h
        pdf.set_fill_color(*s.colour)
        pdf.rect(at, y + 0.6, 2.8, 2.8, style="DF")
        pdf.set_text_color(*INK)
        pdf.put(at + 4.2, y, need, line_h, text)
        at += need
    pdf.set_line_width(0.2)
    pdf.set_draw_color(*LINE)
    return y + line_h
