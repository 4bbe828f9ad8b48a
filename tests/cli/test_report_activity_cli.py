"""``techconsole report activity``: one file per customer (our ADS customers by default),
named after the period and the customer's code; periods checked; --force."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest

from reports.example import pdf_text

from .month_db import fill


@pytest.fixture
def month(migrated: Path):
    return fill(migrated)


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def test_every_ads_customer_by_default(tc, month, out, monkeypatch):
    monkeypatch.delenv("TECHCONSOLE_LANG")  # the documents in the default language
    result = tc("report", "activity", "--month", "2026-11", "--out", str(out))
    assert result.code == 0, result.err
    assert os.listdir(out) == ["RA-2026-11-C0001.pdf"]  # only customer 1 has us as ADS
    assert result.out.strip() == str(out / "RA-2026-11-C0001.pdf")
    text = " ".join(pdf_text((out / "RA-2026-11-C0001.pdf").read_bytes()))
    assert "REGISTRO DELLE ATTIVITÀ Novembre 2026" in text
    assert "Ottica Esempio S.n.c." in text and "Sì – la nostra azienda (ADS)" in text
    assert "Autorizzazione ricevuta Maria Bianchi" in text
    assert "Farmacia" not in text


def test_one_customer_over_given_days_as_csv(tc, month, out, monkeypatch):
    monkeypatch.delenv("TECHCONSOLE_LANG")  # the documents in the default language
    result = tc(
        "report", "activity", "--customer", "Farmacia", "--from", "2026-11-01",
        "--to", "2026-11-15", "--format", "csv", "--out", str(out),
    )  # fmt: skip
    assert result.code == 0, result.err
    name = "RA-2026-11-01_2026-11-15-C0002.csv"
    assert os.listdir(out) == [name]
    text = (out / name).read_bytes().decode("utf-8-sig")
    lines = list(csv.DictReader(io.StringIO(text, newline="")))
    assert lines and all("2026-11-01" <= line["Data"] <= "2026-11-15" for line in lines)
    assert {line["Codice operazione"] for line in lines} >= {"opened", "timer_stopped", "report"}


def test_a_quiet_period_still_gets_its_report_and_force(tc, month, out, monkeypatch):
    monkeypatch.delenv("TECHCONSOLE_LANG")  # the documents in the default language
    args = ("report", "activity", "--customer", "1", "--month", "2027-01", "--out", str(out))
    assert tc(*args).code == 0
    text = pdf_text((out / "RA-2027-01-C0001.pdf").read_bytes())[0]
    assert "Nessuna operazione per il cliente nel periodo." in text
    again = tc(*args)
    assert again.code == 1 and "--force" in again.err
    assert tc(*args, "--force").code == 0
    assert (out / "RA-2027-01-C0001.pdf").read_bytes().startswith(b"%PDF")
    assert tc(*args, "--lang", "en").code == 0  # named apart: no --force needed
    english = (out / "RA-2027-01-C0001-en.pdf").read_bytes()
    assert "ACTIVITY REPORT" in pdf_text(english)[0]
    assert sorted(os.listdir(out)) == ["RA-2027-01-C0001-en.pdf", "RA-2027-01-C0001.pdf"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "give the period"),
        (("--from", "2026-11-01"), "give the period"),
        (("--month", "2026-11", "--from", "2026-11-01", "--to", "2026-11-02"), "not both"),
        (("--from", "2026-11-10", "--to", "2026-11-01"), "is before --from"),
        (("--from", "1/11/2026", "--to", "2026-11-30"), "is not a date"),
        (("--month", "2026-1"), "is not a month"),
        (("--month", "2026-11", "--format", "json"), "'json' is not one of the values"),
        (("--month", "2026-11", "--customer", "99"), "no customer with id 99"),
    ],
)
def test_bad_input_is_refused_with_nothing_written(tc, month, out, args, message):
    result = tc("report", "activity", *args, "--out", str(out))
    assert result.code == 2, result.err
    assert message in result.err and "Traceback" not in result.err
    assert os.listdir(out) == []


def test_without_ads_customers_nothing_is_written(tc, office, out):
    result = tc("report", "activity", "--month", "2026-11", "--out", str(out))
    assert result.code == 0
    assert "No customer has us as system administrator (ADS)" in result.err
    assert os.listdir(out) == []
