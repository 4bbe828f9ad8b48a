"""The Markdown work report, checked through a CommonMark parser with HTML enabled (the
strictest reader: raw HTML would pass straight through)."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

from techconsole.reports.work_markdown import escape, work_markdown
from techconsole.services.documents import work_reports

from .example import HOSTILE, whole_job

PARSER = MarkdownIt("commonmark").enable("table")


def _tables(html: str) -> list[list[list[str]]]:
    """Each table as rows of cell texts."""
    tables = []
    for table in re.findall(r"<table>(.*?)</table>", html, re.S):
        rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
        tables.append([re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S) for r in rows])
    return tables


def test_the_example_in_markdown(ctx, clock):
    text = work_markdown(work_reports.find(ctx, whole_job(ctx, clock)))
    assert text.startswith("# Rapporto di lavoro RL-2026-0001\n")
    html = PARSER.render(text)
    tables = _tables(html)
    sessions, charges, parts, totals = tables
    assert sessions[0] == ["Data", "Inizio", "Fine", "Tipo", "Tecnico", "Durata"]
    assert sessions[1] == [
        "23/11/2026",
        "11:30",
        "12:35",
        "presso il cliente",
        "Anna Rossi",
        "1 h 5 min",
    ]
    assert charges[1] == [
        "Manodopera – presso il cliente, 65 min",
        "4 scatti",
        "40,00\xa0€",
        "160,00\xa0€",
    ]
    assert charges[4][0].startswith("Sconto ritardo 20 % su 230,00\xa0€ <br><em>arrivo con 1 h")
    assert charges[4][3] == "-46,00\xa0€"
    assert parts[1] == [
        "RAM8",
        "RAM 8 GB DDR4 2666",
        "SN-4471-A",
        "No",
        "1",
        "35,00\xa0€",
        "35,00\xa0€",
    ]
    assert totals[-3:] == [
        ["Imponibile", "219,00\xa0€"],
        ["IVA 22 %", "48,18\xa0€"],
        ["<strong>Totale</strong>", "<strong>267,18\xa0€</strong>"],
    ]
    for fact in (
        "Maria Bianchi (titolare)",
        "Sì – Basic 8×5",
        "1 h 30 min",
        "Il cliente – per accettazione",
        "Pérez &amp; C.",
    ):
        assert fact in html, fact


def test_hostile_customer_text_reads_as_written(ctx, clock):
    subject = HOSTILE + " - 1. ---"
    description = (
        "# non un titolo\n- non una lista\n1. nemmeno\n> né citazione\n<img src=x onerror=y>"
    )
    number = whole_job(ctx, clock, subject=subject, description=description)
    text = work_markdown(work_reports.find(ctx, number))
    assert "\x1b" not in text
    html = PARSER.render(text)
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "[red]x[/red] rosso | a | b * _c_ `d`" in html  # literal, no emphasis or code
    fault = html.split("<h2>Guasto segnalato</h2>")[1].split("<h2>")[0]
    assert "<em>" not in fault and "<strong>[red]" in fault
    assert "<code>" not in html and "<a " not in html
    assert "<h1>" in html and html.count("<h1>") == 1  # only the report's own title
    assert "<ol>" not in html and "<blockquote>" not in html
    assert "# non un titolo<br />" in html.replace("\n", "")
    # every table keeps its columns
    for table in _tables(html):
        assert len({len(row) for row in table}) == 1


def test_escape():
    assert escape("a|b") == "a\\|b"
    assert escape("<b>") == "\\<b\\>"
    assert escape("-46,00 €") == "-46,00 €"  # a minus is not a list
    assert escape("- x\n1. y\n===") == "\\- x\n1\\. y\n\\==="
    assert escape("S.n.c. 50% ok!") == "S.n.c. 50% ok!"  # readable where harmless
