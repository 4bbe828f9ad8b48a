"""Priority for faults in our own software (seed 000: "i predetti malfunzionamenti, sono
presi in considerazione con 'priorità elevata'"), through the command line: the istes
preset's queue puts them first in their class and says its order under the queue."""

from __future__ import annotations

import pytest

OFFICE = (
    ("customer", "add", "Hotel Mare"),
    ("customer", "contract-add", "1", "--plan", "basic", "--from", "2025-01-01",
     "--to", "2035-12-31"),
    ("incident", "add", "Stampante", "-c", "1", "-s", "A", "--at", "2026-03-02T09:00"),
    ("incident", "add", "Errore gestionale", "-c", "1", "-s", "C", "--category", "software",
     "--at", "2026-03-02T10:00"),
)  # fmt: skip


@pytest.fixture
def istes(tc, monkeypatch):
    monkeypatch.setenv("TECHCONSOLE_POLICY", "istes")
    for args in OFFICE:
        done = tc(*args)
        assert done.code == 0, (args, done.err)
    return tc


def test_the_queue_puts_the_software_fault_first_and_says_why(istes):
    data = istes("queue", "--json").json()
    assert [r["number"][-1] for r in data["rows"]] == ["2", "1"]
    assert data["order"] == ["contract", "category", "severity", "due", "arrival"]
    assert data["priority_categories"] == ["software"]
    said = " ".join(istes("queue").out.split())
    assert (
        "Order: contract customers first, then category software, then severity, then the "
        "SLA due time, then arrival (first in, first out)"
    ) in said


def test_policy_check_names_the_priority_categories(istes):
    shown = " ".join(istes("policy", "check", "istes").out.split())
    assert "Queue order: contract → category (software) → severity → due → arrival" in shown
    data = istes("policy", "check", "istes", "--json").json()
    assert data["priority_categories"] == ["software"]
