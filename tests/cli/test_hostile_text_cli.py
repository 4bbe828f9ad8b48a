"""Customers' text with invisible characters in every output of the command line:
tables, ``show``, messages, and the exported CSV, Markdown and PDF.

``abc\\u202etxt.exe`` (a right-to-left override) must never reach an output raw, where
it would read "abcexe.txt": it shows as ``abc⟨U+202E⟩txt.exe`` (``<U+202E>`` in the PDF),
so the text stays recognisable.  ``--json`` and the JSON export keep the text as typed.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from reports.example import customer, pdf_text, whole_job
from services.conftest import FrozenClock
from techconsole.reports.month_csv import text_cell
from techconsole.services.context import Context
from techconsole.services.policies import load
from techconsole.services.team import members as team
from techconsole.store.database import Database

EVIL = "abc\u202etxt.exe"
SHOWN = "abc⟨U+202E⟩txt.exe"
SUBJECT = f"Allegato {EVIL} \u2066isolato\u2069 zero\u200bwidth"
DESCRIPTION = f"Il cliente ha aperto {EVIL}\nseconda\u00adriga\ufeff fine"
CUSTOMER = "Ottica \u202eacitto\u202c S.r.l."
NOTE = f"Richiamato: {EVIL} \u200fmark"
#: what must never reach a person's output
INVISIBLE = set("\u202e\u202c\u2066\u2069\u200b\u00ad\ufeff\u200f")


def raw(text: str) -> set[str]:
    return INVISIBLE & set(text)


@pytest.fixture
def hostile(migrated: Path) -> str:
    """A resolved job (report RL-2026-0001) for a customer, subject, description and note
    full of invisible characters."""
    db = Database(f"sqlite:///{migrated}")
    try:
        clock = FrozenClock(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
        ctx = Context(db, load("default"), "anna", clock)
        team.add_technician(ctx, "anna", "Anna Rossi")
        who = customer(ctx, CUSTOMER)
        return whole_job(ctx, clock, subject=SUBJECT, description=DESCRIPTION, who=who)
    finally:
        db.dispose()


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def test_tables_show_and_messages(tc, hostile):
    added = tc("incident", "add", SUBJECT, "-c", "1", "--description", DESCRIPTION)
    assert added.code == 0, added.err
    noted = tc("incident", "note", hostile, NOTE)
    assert noted.code == 0, noted.err
    outputs = {
        "add": added.out,
        "note": noted.out,
        "list": tc("incident", "list").out,
        "queue": tc("queue").out,
        "show": tc("incident", "show", hostile).out,
        "customers": tc("customer", "list").out,
        "customer": tc("customer", "show", "1").out,
        "report list": tc("report", "list").out,
    }
    for name, text in outputs.items():
        assert not raw(text), name
        assert "U+202E" in text or name == "note", name
    shown = outputs["show"]
    assert SHOWN in shown and "⟨U+2066⟩isolato⟨U+2069⟩" in shown and "zero⟨U+200B⟩width" in shown
    assert "seconda⟨U+00AD⟩riga⟨U+FEFF⟩ fine" in shown
    assert "Richiamato: abc⟨U+202E⟩txt.exe ⟨U+200F⟩mark" in shown  # the timeline
    assert "Ottica ⟨U+202E⟩acitto⟨U+202C⟩ S.r.l." in outputs["customer"]
    # an error quoting what was typed
    missing = tc("customer", "show", f"Nessuno {EVIL}")
    assert missing.code == 2 and not raw(missing.err) and SHOWN in missing.err


def test_json_keeps_the_text_as_typed(tc, hostile):
    shown = tc("incident", "show", hostile, "--json")
    assert shown.code == 0, shown.err
    data = shown.json()
    assert data["subject"] == SUBJECT and data["description"] == DESCRIPTION


def test_work_report_as_text_markdown_pdf_and_json(tc, hostile, out):
    printed = tc("report", "work", hostile, "--format", "text")
    assert printed.code == 0, printed.err
    assert not raw(printed.out) and SHOWN in printed.out
    for fmt in ("md", "pdf", "json"):
        made = tc("report", "work", hostile, "--format", fmt, "--out", str(out))
        assert made.code == 0, made.err
    markdown = (out / "RL-2026-0001-en.md").read_text(encoding="utf-8")  # in English
    assert not raw(markdown) and SHOWN in markdown and "⟨U+202E⟩acitto" in markdown
    pages = pdf_text((out / "RL-2026-0001-en.pdf").read_bytes())
    assert not raw(" ".join(pages))
    assert "abc<U+202E>txt.exe" in pages[0] and "<U+202E>acitto<U+202C>" in pages[0]
    document = json.loads((out / "RL-2026-0001.json").read_text(encoding="utf-8"))
    assert document["content"]["subject"] == SUBJECT  # for programs: as typed


def test_month_and_activity_csv(tc, hostile, out):
    month = tc("report", "month", "2026-11", "--format", "csv", "--out", str(out))
    assert month.code == 0, month.err
    activity = tc(
        "report", "activity", "--customer", "1", "--month", "2026-11", "--format", "csv",
        "--out", str(out),
    )  # fmt: skip
    assert activity.code == 0, activity.err
    for path in sorted(out.iterdir()):
        text = path.read_text(encoding="utf-8-sig")
        assert not raw(text), path.name
        assert "⟨U+202E⟩acitto⟨U+202C⟩" in text, path.name
    assert SHOWN in (out / "RM-2026-11-en.csv").read_text(encoding="utf-8-sig")  # English


def test_a_formula_behind_an_invisible_character_is_still_no_formula():
    """The spreadsheet guard still works: an invisible character in front of "=" is shown,
    so the cell starts with a visible ⟨, and a plain "=" still gets its apostrophe."""
    assert text_cell('\u200b=HYPERLINK("http://x")') == '⟨U+200B⟩=HYPERLINK("http://x")'
    assert text_cell("=SUM(A1)") == "'=SUM(A1)"
    assert text_cell("\u202e=1+1") == "⟨U+202E⟩=1+1"
