"""The terminal rendering (Rich) and the JSON form of a work report."""

from __future__ import annotations

import io
import json

from rich.console import Console

from techconsole.reports.work_json import work_json, work_json_text
from techconsole.reports.work_text import work_text
from techconsole.services.documents import work_reports
from techconsole.services.documents.report_views import ReportContent, from_json
from techconsole.services.work import materials

from .example import HOSTILE, whole_job


def _render(renderable, *, colour: bool = False, width: int = 110) -> str:
    stream = io.StringIO()
    console = Console(
        file=stream,
        width=width,
        force_terminal=colour,
        color_system="truecolor" if colour else None,
        highlight=False,
    )
    console.print(renderable)
    return stream.getvalue()


def test_the_example_on_the_terminal(ctx, clock):
    text = _render(work_text(work_reports.find(ctx, whole_job(ctx, clock))))
    for fact in (
        "RAPPORTO DI LAVORO",
        "N. RL-2026-0001",
        "Sì – Basic 8×5",
        "1 h 30 min",
        "Manodopera – presso il cliente, 65 min",
        "4 scatti",
        "160,00\xa0€",
        "Sconto ritardo 20 % su 230,00\xa0€",
        "↳ arrivo con 1 h di ritardo: 20 % per ogni ora",
        "SN-4471-A",
        "Imponibile",
        "219,00\xa0€",
        "IVA 22 %",
        "48,18\xa0€",
        "267,18\xa0€",
        "Il cliente – per accettazione",
    ):
        assert fact in text, fact


def test_english_on_the_terminal(ctx, clock):
    text = _render(work_text(work_reports.find(ctx, whole_job(ctx, clock)), "en"))
    for fact in ("WORK REPORT", "Taxable amount", "€219.00", "VAT 22 %", "€267.18", "4 units"):
        assert fact in text, fact
    assert "Imponibile" not in text


def test_markup_and_escape_sequences_from_customers_are_shown_not_obeyed(ctx, clock):
    number = whole_job(ctx, clock, subject=HOSTILE, description="prima\x1b[2J\x1b]0;titolo\x07riga")
    view = work_reports.find(ctx, number)
    plain = _render(work_text(view))
    assert "[red]x[/red] rosso | a | b * _c_ `d` <script>alert(1)</script> # [l](u)" in plain
    assert "primariga" in plain
    coloured = _render(work_text(view), colour=True)
    assert "\x1b[31mrosso" not in coloured  # the customer's own colour is gone
    assert "\x1b[2J" not in coloured and "\x1b]0;" not in coloured
    assert "[red]x[/red]" in coloured


def test_a_superseded_revision_says_so_on_the_terminal(ctx, clock):
    number = whole_job(ctx, clock)
    clock.advance(hours=1)
    materials.add_material(ctx, number, "Cavo SATA", quantity="1", unit_price="3,50")
    old = _render(work_text(work_reports.find(ctx, number, revision=0)))
    assert "SOSTITUITO il 23/11/2026 16:00" in old
    new = _render(work_text(work_reports.find(ctx, number)))
    assert "N. RL-2026-0001 rev. 1" in new and "SOSTITUITO" not in new


def test_json_reads_back_and_does_not_depend_on_the_language(ctx, clock, monkeypatch):
    view = work_reports.find(ctx, whole_job(ctx, clock))
    data = work_json(view)
    assert {k: data[k] for k in ("number", "revision", "title", "file_stem", "issued_by")} == {
        "number": "RL-2026-0001",
        "revision": 0,
        "title": "RL-2026-0001",
        "file_stem": "RL-2026-0001",
        "issued_by": "anna",
    }
    assert data["issued_at"] == "2026-11-23T14:00:00+00:00"
    assert (data["superseded"], data["superseded_at"]) == (False, None)
    content = data["content"]
    assert (content["taxable"], content["vat"], content["total"]) == ("219.00", "48.18", "267.18")
    assert content["lines"][3]["reason"] == "late_hours"
    assert from_json(ReportContent, content) == view.content
    text = work_json_text(view)
    assert json.loads(text) == data and text.endswith("\n")
    monkeypatch.setenv("TECHCONSOLE_LANG", "en")
    assert work_json_text(view) == text
