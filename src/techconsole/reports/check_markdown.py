"""A health check's report as Markdown (CommonMark with a GitHub table), escaped as the
work report is (:mod:`.work_markdown`): text typed by a technician reads as written."""

from __future__ import annotations

from techconsole.reports.check_layout import CheckLayout, layout
from techconsole.reports.i18n import Lang
from techconsole.reports.work_markdown import cell, escape, fields, paragraph, signatures
from techconsole.services.checks.views import CheckReport


def check_markdown(report: CheckReport, lang: Lang = "it") -> str:
    return render(layout(report, lang))


def render(doc: CheckLayout) -> str:
    w = doc.words
    out: list[str] = [f"# {escape(doc.title)} {escape(doc.number)}", ""]
    out += [paragraph("\n".join(doc.company)), ""]
    out += [" · ".join(f"**{escape(f.label)}** {escape(f.value)}" for f in doc.header)]
    out += ["", f"## {escape(w['customer_section'])}", "", *fields(doc.customer)]
    out += ["", f"## {escape(w['machine_section'])}", "", *fields(doc.machine)]
    out += ["", f"## {escape(w['check_section'])}", "", *fields(doc.check)]
    out += ["", f"## {escape(w['items_section'])}", ""]
    grid = doc.items
    out.append("| " + " | ".join(cell(h) for h in grid.headers) + " |")
    out.append("|" + "|".join("---" for _ in grid.headers) + "|")
    for row in grid.rows:
        out.append("| " + " | ".join(cell(c) for c in row) + " |")
    if doc.repeat:
        out += ["", f"**{escape(doc.repeat)}**"]
    if doc.incidents:
        out += ["", f"## {escape(w['incidents'])}", ""]
        out += [f"- {cell(line)}" for line in doc.incidents]
    if doc.note:
        out += ["", f"## {escape(w['note'])}", "", paragraph(doc.note)]
    out += ["", f"> **{escape(doc.statement)}**"]
    out += signatures(w, w["sign_title"], cell(doc.technician), dated=False)
    return "\n".join(out) + "\n"
