"""``techconsole report month`` obeys the service: every customer's summaries (the month's
invoicing) only for a lead; one customer's summary for anyone on the team."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .month_db import fill


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def test_a_technician_is_refused_every_customers_summaries(tc, db_file, out):
    fill(db_file)
    for fmt in ("pdf", "csv", "json"):
        result = tc("report", "month", "2026-11", "-f", fmt, "--out", str(out), as_="bruno")
        assert result.code == 1  # NotAllowed
        assert (
            "only a team lead can write every customer's monthly summaries; ask your lead"
            in " ".join(result.err.split())
        )
    assert os.listdir(out) == []


def test_a_technician_still_gets_one_customers_summary(tc, db_file, out):
    fill(db_file)
    result = tc("report", "month", "2026-11", "--customer", "2", "--out", str(out), as_="bruno")
    assert result.code == 0, result.err
    assert os.listdir(out) == ["RM-2026-11-C0002-en.pdf"]  # in English (these tests')


def test_a_lead_gets_them_all(tc, db_file, out):
    fill(db_file)
    result = tc("report", "month", "2026-11", "-f", "csv", "--out", str(out), as_="anna")
    assert result.code == 0, result.err
    assert os.listdir(out) == ["RM-2026-11-en.csv"]
