"""A work report for the terminal: a Rich renderable (preview and ``--format text``).

Every string goes into a :class:`rich.text.Text`, never into markup, so a subject such as
``[red]x[/red]`` is printed as written; control sequences were removed by the layout.
"""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from techconsole.reports.blocks import Field, Grid
from techconsole.reports.i18n import Lang
from techconsole.reports.work_layout import WorkLayout, layout
from techconsole.services.documents.report_views import WorkReportView

JUSTIFY = {"L": "left", "R": "right"}


def work_text(view: WorkReportView, lang: Lang = "it") -> RenderableType:
    """The whole report as one renderable."""
    return render(layout(view, lang))


def render(doc: WorkLayout) -> RenderableType:
    w = doc.words
    parts: list[RenderableType] = [_header(doc)]
    if doc.superseded:
        parts.append(Panel(Text(doc.superseded, style="bold red"), border_style="red"))
    info = Text(doc.issued, style="dim")
    if doc.revision:
        info.append(" · " + doc.revision, style="dim")
    parts.append(info)
    columns = Table.grid(expand=True, padding=(0, 2))
    columns.add_column(ratio=1)
    columns.add_column(ratio=1)
    columns.add_row(
        _fields(w["customer_section"], doc.customer), _fields(w["job_section"], doc.job)
    )
    parts += [columns, _section(w["fault"])]
    parts.append(Padding(Text(doc.subject, style="bold"), (0, 0, 0, 2)))
    if doc.description:
        parts.append(Padding(Text(doc.description), (0, 0, 0, 2)))
    parts += [_section(w["sessions"]), _grid(doc.sessions, w["no_sessions"])]
    parts.append(_section(w["work_done"]))
    if doc.work_done:
        notes = Table.grid(padding=(0, 1))
        notes.add_column(style="dim", no_wrap=True)
        notes.add_column()
        for note in doc.work_done:
            notes.add_row(Text(f"{note.when} {note.author}".strip()), Text(note.text))
        parts.append(Padding(notes, (0, 0, 0, 2)))
    else:
        parts.append(Text("  " + w["no_work_done"], style="dim"))
    parts += [_section(w["outcome"]), _pairs(doc.outcome)]
    parts += [_section(w["charges"]), _grid(doc.charges, w["no_charges"])]
    parts.append(Text("  " + doc.unit_note, style="dim"))
    if doc.prepaid_note:
        parts.append(Text("  " + doc.prepaid_note, style="dim"))
    parts += [_section(w["materials"]), _grid(doc.materials, w["no_materials"]), _totals(doc)]
    if doc.free_note:
        parts.append(Panel(Text(doc.free_note, style="bold"), border_style="green"))
    parts += [_section(w["signatures"]), _signatures(doc)]
    return Group(*parts)


def _header(doc: WorkLayout) -> RenderableType:
    company = Text()
    for i, line in enumerate(doc.company):
        company.append(line + "\n", style="bold" if i == 0 else "dim")
    company.rstrip()
    right = Text(justify="right")
    right.append(doc.title.upper() + "\n", style="bold")
    right.append("\n".join(f"{f.label} {f.value}" for f in doc.header))
    grid = Table.grid(expand=True)
    grid.add_column(ratio=1)
    grid.add_column(justify="right")
    grid.add_row(company, right)
    return Panel(grid, box=box.HEAVY)


def _section(title: str) -> RenderableType:
    return Rule(Text(title, style="bold"), align="left", style="dim")


def _pairs(fields: tuple[Field, ...]) -> Table:
    table = Table.grid(padding=(0, 1))
    table.add_column(style="dim", no_wrap=True)
    table.add_column()
    for f in fields:
        table.add_row(Text(f.label), Text(f.value))
    return table


def _fields(title: str, fields: tuple[Field, ...]) -> RenderableType:
    return Group(Text(title, style="bold underline"), _pairs(fields))


def _grid(grid: Grid, empty: str) -> RenderableType:
    if not grid.rows:
        return Text("  " + empty, style="dim")
    table = Table(box=box.SIMPLE_HEAD, padding=(0, 1), show_edge=False)
    for header, align in zip(grid.headers, grid.align, strict=True):
        table.add_column(Text(header), justify="right" if align == "R" else "left")
    for i, row in enumerate(grid.rows):
        table.add_row(*(Text(cell) for cell in row))
        note = grid.notes[i] if i < len(grid.notes) else ""
        if note:
            table.add_row(Text("  ↳ " + note, style="italic dim"), *([""] * (len(row) - 1)))
    return table


def _totals(doc: WorkLayout) -> RenderableType:
    table = Table.grid(padding=(0, 2))
    table.add_column(justify="right")
    table.add_column(justify="right")
    last = len(doc.totals) - 1
    for i, f in enumerate(doc.totals):
        style = "bold" if i == last else ""
        table.add_row(Text(f.label, style=style), Text(f.value, style=style))
    grid = Table.grid(expand=True)
    grid.add_column(ratio=1)
    grid.add_column()
    grid.add_row("", table)
    return grid


def _signatures(doc: WorkLayout) -> RenderableType:
    w = doc.words
    blank = "_" * 24
    technician = Text()
    technician.append(w["technician_sign"] + "\n", style="bold")
    technician.append(f"{w['name']}: {', '.join(doc.technicians) or blank}\n")
    technician.append(f"{w['sign_date']}: {blank}\n")
    technician.append(f"{w['signature']}: {blank}")
    customer = Text()
    customer.append(w["customer_sign"] + "\n", style="bold")
    customer.append(f"{w['name']}: {blank}\n")
    customer.append(f"{w['sign_date']}: {blank}\n")
    customer.append(f"{w['signature']}: {blank}")
    grid = Table.grid(expand=True, padding=(0, 2))
    grid.add_column(ratio=1)
    grid.add_column(ratio=1)
    grid.add_row(technician, customer)
    return grid
