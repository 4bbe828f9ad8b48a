"""``techconsole report``: work, list, issue — formats, folders, overwriting, bad input."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from reports.example import HOSTILE, pdf_text, whole_job
from services.conftest import FrozenClock
from techconsole.services.context import Context
from techconsole.services.policies import load
from techconsole.services.team import members as team
from techconsole.store.database import Database


@pytest.fixture
def job(migrated: Path) -> str:
    """The examples.md whole job, resolved (report RL-2026-0001) in the command's database."""
    db = Database(f"sqlite:///{migrated}")
    try:
        clock = FrozenClock(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
        ctx = Context(db, load("default"), "anna", clock)
        team.add_technician(ctx, "anna", "Anna Rossi")
        return whole_job(ctx, clock, subject=f"PC non parte {HOSTILE}")
    finally:
        db.dispose()


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def test_pdf_by_default_named_after_the_report(tc, job, out, monkeypatch):
    monkeypatch.delenv("TECHCONSOLE_LANG", raising=False)
    result = tc("report", "work", "RL-2026-0001", "--out", str(out))
    assert result.code == 0, result.err
    path = out / "RL-2026-0001.pdf"
    assert result.out.strip() == str(path)
    assert os.listdir(out) == ["RL-2026-0001.pdf"]
    [page] = pdf_text(path.read_bytes())
    assert "Totale 267,18 €" in page and "[red]x[/red]" in page


def test_by_incident_number_in_each_format(tc, job, out):
    # the documents in English (these tests' language) are named so; JSON has no language
    for fmt, name in (("md", "RL-2026-0001-en.md"), ("json", "RL-2026-0001.json")):
        result = tc("report", "work", job, "--format", fmt, "--out", str(out))
        assert result.code == 0, result.err
        assert result.out.strip() == str(out / name)
    data = json.loads((out / "RL-2026-0001.json").read_text(encoding="utf-8"))
    assert data["content"]["total"] == "267.18"
    markdown = (out / "RL-2026-0001-en.md").read_text(encoding="utf-8")
    assert "\\[red\\]x\\[/red\\]" in markdown and "\x1b" not in markdown
    assert sorted(os.listdir(out)) == ["RL-2026-0001-en.md", "RL-2026-0001.json"]


def test_text_prints_on_the_terminal_and_writes_nothing(tc, job, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TECHCONSOLE_LANG")  # the document in the default language
    before = sorted(os.listdir(tmp_path))
    result = tc("report", "work", "1", "--format", "text")
    assert result.code == 0, result.err
    assert "RAPPORTO DI LAVORO" in result.out and "267,18" in result.out
    assert "[red]x[/red]" in result.out and "\x1b[31m" not in result.out
    assert sorted(os.listdir(tmp_path)) == before


def test_english_by_option_or_environment(tc, job, out, monkeypatch):
    monkeypatch.delenv("TECHCONSOLE_LANG")  # Italian unless --lang says otherwise
    result = tc("report", "work", job, "-f", "text", "--lang", "en")
    assert "WORK REPORT" in result.out and "€267.18" in result.out
    monkeypatch.setenv("TECHCONSOLE_LANG", "en")
    result = tc("report", "work", job, "--out", str(out))
    assert result.code == 0, result.err
    assert "Total €267.18" in pdf_text((out / "RL-2026-0001-en.pdf").read_bytes())[0]
    result = tc("report", "work", job, "-f", "text", "--lang", "it")
    assert "RAPPORTO DI LAVORO" in result.out


def test_the_italian_and_english_files_of_a_report_do_not_replace_each_other(tc, job, out):
    italian = tc("report", "work", job, "--out", str(out), "--lang", "it")
    english = tc("report", "work", job, "--out", str(out), "--lang", "en")
    assert (italian.code, english.code) == (0, 0), italian.err + english.err
    assert italian.out.strip() == str(out / "RL-2026-0001.pdf")
    assert english.out.strip() == str(out / "RL-2026-0001-en.pdf")
    assert sorted(os.listdir(out)) == ["RL-2026-0001-en.pdf", "RL-2026-0001.pdf"]
    assert "RAPPORTO DI LAVORO" in pdf_text((out / "RL-2026-0001.pdf").read_bytes())[0]
    assert "WORK REPORT" in pdf_text((out / "RL-2026-0001-en.pdf").read_bytes())[0]


def test_the_folder_typed_is_said_absolute_and_normal(tc, job, out, monkeypatch):
    monkeypatch.chdir(out)
    (out / "sub").mkdir()
    result = tc("report", "work", job, "-f", "md", "--out", "sub/../sub/./..")
    assert result.code == 0, result.err
    assert result.out.strip() == str(out.resolve() / "RL-2026-0001-en.md")
    monkeypatch.setenv("HOME", str(out / "sub"))
    result = tc("report", "work", job, "-f", "json", "--out", "~/..")
    assert result.code == 0, result.err
    assert result.out.strip() == str(out.resolve() / "RL-2026-0001.json")
    missing = tc("report", "work", job, "--out", "~/../nope/..//nope")
    assert missing.code == 2
    assert f"the folder {out.resolve() / 'nope'} does not exist" in missing.err


def test_the_current_folder_by_default(tc, job, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = tc("report", "work", job, "-f", "md")
    assert result.code == 0, result.err
    assert (tmp_path / "RL-2026-0001-en.md").is_file()


def test_an_existing_file_is_not_overwritten_without_force(tc, job, out):
    existing = out / "RL-2026-0001-en.pdf"
    existing.write_bytes(b"the signed copy")
    result = tc("report", "work", job, "--out", str(out))
    assert result.code == 1
    assert "exists already; add --force to overwrite it" in result.err
    assert result.out == ""
    assert existing.read_bytes() == b"the signed copy"
    assert os.listdir(out) == ["RL-2026-0001-en.pdf"]  # no partial file either
    result = tc("report", "work", job, "--out", str(out), "--force")
    assert result.code == 0, result.err
    assert existing.read_bytes().startswith(b"%PDF-")


def test_a_missing_folder_is_exit_2(tc, job, tmp_path):
    result = tc("report", "work", job, "--out", str(tmp_path / "nope"))
    assert result.code == 2
    assert "does not exist" in result.err


@pytest.mark.parametrize(
    "ref", ["../../etc/passwd", "RL-2026-0001/../../x", "../RL-2026-0001", "/tmp/RL-2026-0001"]
)
def test_a_crafted_ref_cannot_pick_the_path(tc, job, out, ref):
    result = tc("report", "work", ref, "--out", str(out))
    assert result.code == 2
    assert "error:" in result.err
    assert os.listdir(out) == []
    assert not (out.parent / "x.pdf").exists()


def test_a_stored_number_that_is_not_a_plain_name_is_not_written(tc, job, out, db_file):
    """Even a number altered in the database cannot steer the file outside --out."""
    db = Database(f"sqlite:///{db_file}")
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE work_report SET number = 'RL-../../evil'"))
    db.dispose()
    result = tc("report", "work", job, "--out", str(out))
    assert result.code == 2
    assert "cannot be used as a file name" in result.err
    assert os.listdir(out) == [] and not (out.parent.parent / "evil.pdf").exists()


def test_bad_language_or_format_is_exit_2_with_the_choices(tc, job, out, monkeypatch):
    result = tc("report", "work", job, "--lang", "fr", "--out", str(out))
    assert result.code == 2
    said = " ".join(result.err.split())
    assert "Invalid value for '--lang': 'fr' is not one of the values accepted:" in said
    assert "Italian (it), English (en)" in said
    result = tc("report", "work", job, "--format", "docx", "--out", str(out))
    assert result.code == 2
    said = " ".join(result.err.split())
    assert "Invalid value for '--format' / '-f': 'docx' is not one of the values accepted:" in said
    assert "pdf, md, json, text" in said
    monkeypatch.setenv("TECHCONSOLE_LANG", "klingon")
    result = tc("report", "work", job, "-f", "text")
    assert result.code == 2 and "$TECHCONSOLE_LANG" in result.err
    assert os.listdir(out) == []


def test_unknown_report_or_revision(tc, job, out):
    for ref, message in (
        ("RL-2026-0099", "no work report for RL-2026-0099"),
        ("2026-000077", "no incident 2026-000077"),
        ("boh", "neither a report number"),
    ):
        result = tc("report", "work", ref, "--out", str(out))
        assert (result.code, message in result.err) == (2, True), (ref, result.err)
    result = tc("report", "work", job, "--revision", "3", "--out", str(out))
    assert result.code == 2 and "no revision 3" in result.err
    assert os.listdir(out) == []


def test_an_earlier_revision_is_named_and_marked(tc, job, out, monkeypatch):
    monkeypatch.delenv("TECHCONSOLE_LANG")  # the documents in the default language
    assert tc("material", "add", job, "Cavo SATA", "--qty", "1", "--price", "3,50").code == 0
    result = tc("report", "work", job, "--out", str(out), "--revision", "0")
    assert result.code == 0, result.err
    assert "sostituito da una revisione successiva" in result.err
    old = pdf_text((out / "RL-2026-0001.pdf").read_bytes())[0]
    assert "SOSTITUITO" in old
    result = tc("report", "work", job, "--out", str(out))
    assert result.out.strip() == str(out / "RL-2026-0001-rev1.pdf")


def test_list(tc, job):
    result = tc("report", "list")
    assert result.code == 0, result.err
    assert "RL-2026-0001" in result.out and "267,18\xa0€" in result.out
    assert "[red]x[/red]" in result.out
    data = tc("report", "list", "--json", "--month", "2026-11", "--customer", "1").json()
    assert [(r["number"], r["incident"], r["total"]) for r in data] == [
        ("RL-2026-0001", job, "267.18")
    ]
    assert tc("report", "list", "--month", "2026-10").out.startswith("No work report")
    bad = tc("report", "list", "--month", "novembre")
    assert bad.code == 2 and "YYYY-MM" in bad.err


def test_issue_one_or_all(tc, job, db_file):
    result = tc("report", "issue", job)
    assert result.code == 0, result.err
    assert "RL-2026-0001 is up to date" in result.out
    db = Database(f"sqlite:///{db_file}")
    with db.engine.begin() as conn:  # as in a database from before work reports
        conn.execute(text("DELETE FROM work_report"))
    db.dispose()
    result = tc("report", "issue", "--all", "--json")
    assert result.code == 0, result.err
    assert result.json() == {"issued": 1, "revised": 0, "unchanged": 0}
    result = tc("report", "issue", "--all")
    assert "0 issued, 0 revised, 1 up to date" in result.out


def test_issue_needs_one_incident_or_all(tc, job):
    assert tc("report", "issue").code == 2
    both = tc("report", "issue", job, "--all")
    assert both.code == 2 and "either an incident number or --all" in both.err
    assert tc("incident", "add", "aperto", "--customer", "1").code == 0
    still_open = tc("report", "issue", "2")
    assert still_open.code == 1 and "not resolved" in still_open.err
