"""A work report as Markdown (CommonMark with GitHub tables).

Customer text is escaped so that it reads as written: a ``|`` cannot split a table cell,
``<script>`` is not HTML, ``*``, ``_``, backticks, ``#`` and brackets are not formatting
or links, and a line of it cannot start a heading, a list or a quote.
"""

from __future__ import annotations

import re

from techconsole.reports.blocks import Field, Grid
from techconsole.reports.i18n import Lang, Words
from techconsole.reports.work_layout import WorkLayout, layout
from techconsole.services.documents.report_views import WorkReportView

# Backslash-escapable ASCII punctuation (CommonMark) that can start or change markup
# anywhere in a line.
_INLINE = re.compile(r"([\\`*_\[\]<>#|~&])")
# What only matters at the start of a line: a list item ("- x", "+ x"), a rule or a
# heading's underline ("---", "==="), an ordered item ("1. x", "2)").
_BULLET = re.compile(r"^(\s*)([-+])(?=\s|$)")
_UNDERLINE = re.compile(r"^(\s*)([-=])(?=[-=\s]*$)")
_ORDERED = re.compile(r"^(\s*\d+)([.)])(?=\s|$)")
_SPACES = re.compile(r"[ \t\r\n]+")  # a no-break space in an amount stays one


def escape(text: str) -> str:
    """``text`` as literal Markdown, each of its lines."""
    return "\n".join(_line(ln) for ln in text.split("\n"))


def _line(text: str) -> str:
    text = _INLINE.sub(r"\\\1", text)
    text = _BULLET.sub(r"\1\\\2", text)
    text = _UNDERLINE.sub(r"\1\\\2", text)
    return _ORDERED.sub(r"\1\\\2", text)


def cell(text: str) -> str:
    """``text`` in one table cell: escaped, on one line."""
    return escape(_SPACES.sub(" ", text).strip())


def paragraph(text: str) -> str:
    """``text`` as one paragraph, its line breaks kept (hard breaks)."""
    lines = [escape(ln.strip()) for ln in text.split("\n") if ln.strip()]
    return "\\\n".join(lines)


def work_markdown(view: WorkReportView, lang: Lang = "it") -> str:
    return render(layout(view, lang))


def render(doc: WorkLayout) -> str:
    w = doc.words
    out: list[str] = [f"# {escape(doc.title)} {escape(doc.number)}", ""]
    out += [paragraph("\n".join(doc.company)), ""]
    out += [" · ".join(f"**{escape(f.label)}** {escape(f.value)}" for f in doc.header), ""]
    if doc.superseded:
        out += [f"> **{escape(doc.superseded)}**", ""]
    out += [f"_{escape(doc.issued)}_" + (f" · _{escape(doc.revision)}_" if doc.revision else "")]
    out += ["", f"## {escape(w['customer_section'])}", "", *fields(doc.customer)]
    out += ["", f"## {escape(w['job_section'])}", "", *fields(doc.job)]
    out += ["", f"## {escape(w['fault'])}"]
    if doc.subject:
        out += ["", f"**{cell(doc.subject)}**"]
    if doc.description:
        out += ["", paragraph(doc.description)]
    out += ["", f"## {escape(w['sessions'])}", "", *_table(doc.sessions, w["no_sessions"])]
    out += ["", f"## {escape(w['work_done'])}", ""]
    if doc.work_done:
        for note in doc.work_done:
            who = f" {cell(note.author)}" if note.author else ""
            text = paragraph(note.text).replace("\\\n", "\\\n  ")
            out.append(f"- {escape(note.when)}{who} — {text}")
    else:
        out.append(escape(w["no_work_done"]))
    out += ["", f"## {escape(w['outcome'])}", "", *fields(doc.outcome)]
    out += ["", f"## {escape(w['charges'])}", "", *_table(doc.charges, w["no_charges"])]
    out += ["", f"_{escape(doc.unit_note)}_"]
    if doc.prepaid_note:
        out += ["", f"_{escape(doc.prepaid_note)}_"]
    out += ["", f"## {escape(w['materials'])}", "", *_table(doc.materials, w["no_materials"])]
    out += ["", *_totals(doc.totals)]
    if doc.free_note:
        out += ["", f"**{escape(doc.free_note)}**"]
    names = ", ".join(cell(t) for t in doc.technicians)
    out += signatures(w, w["signatures"], names)
    return "\n".join(out) + "\n"


def fields(shown: tuple[Field, ...]) -> list[str]:
    """Label/value fields as a list, one a line."""
    return [f"- **{escape(f.label)}:** {cell(f.value)}" for f in shown]


def signatures(w: Words, title: str, technician: str, *, dated: bool = True) -> list[str]:
    """The section ``title`` with the lines to sign on: the technician's, named
    ``technician`` (Markdown already) and ``dated`` or not, and the customer's."""
    blank = "\\_" * 24
    mine = [f"{escape(w['name'])}: {technician or blank}\\"]
    if dated:
        mine.append(f"{escape(w['sign_date'])}: {blank}\\")
    return [
        "",
        f"## {escape(title)}",
        "",
        f"**{escape(w['technician_sign'])}**\\",
        *mine,
        f"{escape(w['signature'])}: {blank}",
        "",
        f"**{escape(w['customer_sign'])}**\\",
        f"{escape(w['name'])}: {blank}\\",
        f"{escape(w['sign_date'])}: {blank}\\",
        f"{escape(w['signature'])}: {blank}",
    ]


def _table(grid: Grid, empty: str) -> list[str]:
    if not grid.rows:
        return [escape(empty)]
    rule = {"L": "---", "R": "---:"}
    lines = [
        "| " + " | ".join(cell(h) for h in grid.headers) + " |",
        "|" + "|".join(rule[a] for a in grid.align) + "|",
    ]
    for i, row in enumerate(grid.rows):
        cells = [cell(c) for c in row]
        note = grid.notes[i] if i < len(grid.notes) else ""
        if note:
            cells[0] += f" <br>_{cell(note)}_"
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def _totals(fields: tuple[Field, ...]) -> list[str]:
    lines = ["| | |", "|---|---:|"]
    last = len(fields) - 1
    for i, f in enumerate(fields):
        label, value = cell(f.label), cell(f.value)
        if i == last:
            label, value = f"**{label}**", f"**{value}**"
        lines.append(f"| {label} | {value} |")
    return lines
