"""``techconsole report month``: one PDF per customer or one CSV/JSON for all, names made
of the month and customer codes, --force, bad input refused with nothing written."""

from __future__ import annotations

import csv
import io
import json
import os
from decimal import Decimal
from pathlib import Path

import pytest

from reports.example import pdf_text

from .month_db import fill, summary_of

PDFS = ["RM-2026-11-C0001.pdf", "RM-2026-11-C0002.pdf", "RM-2026-11-C0003.pdf"]


@pytest.fixture
def month(migrated: Path):
    return fill(migrated)


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def test_a_pdf_per_customer_named_after_month_and_code(tc, month, out, db_file, monkeypatch):
    monkeypatch.delenv("TECHCONSOLE_LANG", raising=False)
    result = tc("report", "month", "2026-11", "--out", str(out))
    assert result.code == 0, result.err
    assert sorted(os.listdir(out)) == PDFS  # never the customer's name ("../../etc/passwd")
    # one path a line, the customers in name order ("../../etc/passwd" sorts first)
    assert result.out.splitlines() == [str(out / PDFS[i]) for i in (2, 1, 0)]
    assert "3 file: 3 clienti, 8 rapporti di lavoro di novembre 2026" in result.err
    pharmacy = summary_of(db_file, month.farmacia)
    [page] = pdf_text((out / "RM-2026-11-C0002.pdf").read_bytes())
    assert "RIEPILOGO MENSILE Novembre 2026" in page
    assert f"Rapporti di lavoro {len(pharmacy.rows)}" in page
    total = f"{pharmacy.total:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    assert f"Totale {total} €" in page
    assert "Farmacia Sant'Antonio" in page and "Ottica" not in page


def test_one_customer_by_name_or_id(tc, month, out):
    result = tc("report", "month", "2026-11", "--customer", "Farmacia", "--out", str(out))
    assert result.code == 0, result.err
    assert os.listdir(out) == ["RM-2026-11-C0002-en.pdf"]  # in English (these tests')
    result = tc("report", "month", "2026-11", "--customer", "1", "-f", "json", "--out", str(out))
    assert result.code == 0, result.err
    data = json.loads((out / "RM-2026-11-C0001.json").read_text(encoding="utf-8"))
    assert [c["customer_id"] for c in data["customers"]] == [1]


def test_one_csv_and_one_json_for_every_customer(tc, month, out, db_file, monkeypatch):
    monkeypatch.delenv("TECHCONSOLE_LANG")  # the documents in the default language
    for fmt in ("csv", "json"):
        result = tc("report", "month", "2026-11", "--format", fmt, "--out", str(out))
        assert result.code == 0, result.err
        assert result.out.strip() == str(out / f"RM-2026-11.{fmt}")
    assert sorted(os.listdir(out)) == ["RM-2026-11.csv", "RM-2026-11.json"]
    text = (out / "RM-2026-11.csv").read_bytes().decode("utf-8-sig")
    lines = list(csv.DictReader(io.StringIO(text, newline="")))
    assert {line["Codice cliente"] for line in lines} == {"C0001", "C0002", "C0003"}
    for customer in (1, 2, 3):
        summary = summary_of(db_file, customer)
        mine = [line for line in lines if line["Codice cliente"] == f"C{customer:04d}"]
        assert len(mine) == len(summary.rows)
        assert sum((Decimal(line["Totale"]) for line in mine), Decimal(0)) == summary.total
    odd = next(line for line in lines if line["Codice cliente"] == "C0003")
    assert odd["Cliente"] == "../../etc/passwd; rm -rf ~"
    data = json.loads((out / "RM-2026-11.json").read_text(encoding="utf-8"))
    assert len(data["customers"]) == 3


def test_an_existing_file_stops_everything_unless_forced(tc, month, out, monkeypatch):
    monkeypatch.delenv("TECHCONSOLE_LANG")  # the documents in the default language
    (out / "RM-2026-11-C0002.pdf").write_bytes(b"old")
    result = tc("report", "month", "2026-11", "--out", str(out))
    assert result.code == 1
    assert "esiste già" in result.err and "--force" in result.err
    assert os.listdir(out) == ["RM-2026-11-C0002.pdf"]  # nothing else written either
    assert (out / "RM-2026-11-C0002.pdf").read_bytes() == b"old"
    result = tc("report", "month", "2026-11", "--out", str(out), "--force")
    assert result.code == 0, result.err
    assert sorted(os.listdir(out)) == PDFS
    assert (out / "RM-2026-11-C0002.pdf").read_bytes().startswith(b"%PDF")


def test_english_by_option_or_environment(tc, month, out, monkeypatch):
    monkeypatch.delenv("TECHCONSOLE_LANG")
    result = tc("report", "month", "2026-11", "--customer", "2", "--lang", "en", "--out", str(out))
    assert result.code == 0, result.err
    english = out / "RM-2026-11-C0002-en.pdf"  # named apart from the Italian one
    assert "MONTHLY SUMMARY November 2026" in pdf_text(english.read_bytes())[0]
    result = tc("report", "month", "2026-11", "--customer", "2", "--out", str(out))
    assert result.code == 0, result.err  # the Italian one does not replace it
    assert "RIEPILOGO MENSILE" in pdf_text((out / PDFS[1]).read_bytes())[0]
    monkeypatch.setenv("TECHCONSOLE_LANG", "en")
    result = tc("report", "month", "2026-11", "-f", "csv", "--out", str(out))
    assert result.code == 0, result.err
    assert (out / "RM-2026-11-en.csv").read_bytes().decode("utf-8-sig").startswith("Month,")
    assert sorted(os.listdir(out)) == ["RM-2026-11-C0002-en.pdf", PDFS[1], "RM-2026-11-en.csv"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("2026-13",), "is not a month"),
        (("11-2026",), "is not a month"),
        (("2026-11", "--customer", "99"), "no customer with id 99"),
        (("2026-11", "--customer", "Nessuno"), "no customer matches"),
        (("2026-11", "--format", "xls"), "'xls' is not one of the values accepted: pdf, csv, json"),
        (("2026-11", "--lang", "de"), "--lang"),
    ],
)
def test_bad_input_is_refused_with_nothing_written(tc, month, out, args, message):
    result = tc("report", "month", *args, "--out", str(out))
    assert result.code == 2
    assert message in result.err and "Traceback" not in result.err
    assert os.listdir(out) == []


def test_a_missing_folder_and_a_month_without_reports(tc, month, out, tmp_path):
    result = tc("report", "month", "2026-11", "--out", str(tmp_path / "nowhere"))
    assert (result.code, "does not exist" in result.err) == (2, True)
    result = tc("report", "month", "2026-10", "--out", str(out))
    assert result.code == 0
    assert "No work report dated October 2026: nothing written." in result.err
    result = tc("report", "month", "2026-10", "--customer", "2", "--out", str(out))
    assert "for Farmacia Sant'Antonio di Pérez & C. S.a.s. (C0002)" in result.err
    assert os.listdir(out) == []


def test_a_bad_month_does_not_create_a_database(run, tmp_path, out):
    fresh = tmp_path / "fresh.db"
    result = run("report", "month", "2026-00", "--db", str(fresh), "--out", str(out))
    assert result.code == 2 and not fresh.exists()
