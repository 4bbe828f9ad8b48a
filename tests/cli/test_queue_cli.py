from __future__ import annotations

import pytest


@pytest.fixture
def busy(tc, office):
    """Five incidents of 2025 plus one that arrives now; returns subject → number."""
    numbers = {}
    for subject, customer, severity, at in (
        ("Coffee machine", "Bar Sport", "A", "2025-03-03T09:30"),
        ("Mail slow", "1", "C", "2025-03-03T10:00"),
        ("URGENTE server down", "1", "A", "2025-03-03T10:00"),
        ("Printer jammed", "1", "A", "2025-03-03T11:00"),
        ("VPN flaky", "1", "B", "2025-03-03T10:00"),
        ("New laptop", "1", "C", None),
    ):
        args = ["incident", "add", subject, "-c", customer, "-s", severity, "--json"]
        if at:
            args += ["--at", at]
        result = tc(*args)
        assert result.code == 0, result.err
        numbers[subject] = result.json()["number"]
    return numbers


def _subjects(result):
    return [row["subject"] for row in result.json()["rows"]]


def test_queue_order_contract_urgent_severity_due(tc, busy):
    result = tc("queue", "--json")
    assert result.code == 0, result.err
    data = result.json()
    assert data["view"] == "all"
    assert data["total"] == 6
    assert _subjects(result) == [
        "URGENTE server down",  # contract, urgent
        "Printer jammed",  # contract, A
        "VPN flaky",  # contract, B
        "Mail slow",  # contract, C, due first
        "New laptop",  # contract, C, due later
        "Coffee machine",  # no contract: last whatever its severity
    ]
    first = data["rows"][0]
    assert first["number"] == busy["URGENTE server down"]
    assert first["severity"] == "A"
    assert first["urgent"] is True
    assert first["customer"] == "Ottica Esempio S.n.c."
    assert first["plan"] == "basic"
    assert first["contract"] is True
    assert first["status"] == "open"
    assert first["assignee"] is None
    assert first["arrived_at"] == "2025-03-03T10:00:00+01:00"
    assert first["due_at"] == "2025-03-03T15:00:00+01:00"  # A on Basic: 4 business hours
    assert first["sla"]["status"] == "breached"
    assert first["sla"]["countdown"].startswith("\u2212")
    assert first["age"].endswith("h")


def test_plain_table_columns_and_lines_in_queue_order(tc, busy):
    out = tc("queue").out
    lines = out.splitlines()
    header = lines[0].split()
    assert header == [
        "Number",
        "Sev",
        "!",
        "Customer",
        "Plan",
        "Subject",
        "Status",
        "Assignee",
        "Age",
        "SLA",
    ]
    body = [line for line in lines if line.strip().startswith(("2025-", "2026-", "20"))]
    order = [
        "URGENTE server down",
        "Printer jammed",
        "VPN flaky",
        "Mail slow",
        "New laptop",
        "Coffee machine",
    ]
    assert [next(s for s in order if s in line) for line in body] == order
    urgent = body[0]
    assert " ! " in urgent
    assert "✖ \u2212" in urgent  # reads as overdue without colour
    # the plan by the policy's label, not its key; Bar Sport has no contract
    assert "Basic 8×5" in urgent and "basic" not in urgent.split()
    assert "Senza contratto" in body[-1] and "none" not in body[-1].split()
    assert "\x1b" not in out  # no colour codes when not a terminal
    assert "6 open incidents, view all" in out


def test_views(tc, busy):
    tc("incident", "claim", busy["Printer jammed"], as_="bruno")
    tc("incident", "pause", busy["New laptop"])
    assert _subjects(tc("queue", "--view", "mine", "--json", as_="bruno")) == ["Printer jammed"]
    assert _subjects(tc("queue", "--view", "mine", "--json")) == []
    unassigned = _subjects(tc("queue", "--view", "unassigned", "--json"))
    assert "Printer jammed" not in unassigned
    assert len(unassigned) == 5
    assert _subjects(tc("queue", "--view", "waiting", "--json")) == ["New laptop"]
    breached = tc("queue", "--view", "breached", "--json").json()["rows"]
    assert {r["subject"] for r in breached} >= {"URGENTE server down", "Printer jammed"}
    assert "New laptop" not in {r["subject"] for r in breached}
    assert all(r["sla"]["status"] == "breached" for r in breached)
    waiting = tc("queue", "--view", "waiting").out
    assert "‖ paused" in waiting  # the countdown in the CLI's language (domain.display)


def test_filters_and_limit(tc, busy):
    assert _subjects(tc("queue", "--customer", "Bar", "--json")) == ["Coffee machine"]
    assert _subjects(tc("queue", "--customer", "2", "--json")) == ["Coffee machine"]
    assert _subjects(tc("queue", "--search", "printer", "--json")) == ["Printer jammed"]
    limited = tc("queue", "--limit", "2", "--json").json()
    assert limited["total"] == 6
    assert len(limited["rows"]) == 2
    assert "2 of 6 open incidents" in tc("queue", "--limit", "2").out


def test_empty_queue_and_bad_view(tc, office):
    assert "Nothing in the queue" in tc("queue").out
    bad = tc("queue", "--view", "everything")
    assert bad.code == 2
    said = " ".join(bad.err.split())
    assert "'everything' is not one of the values accepted: all, mine, unassigned" in said


def test_a_clock_met_in_time_reads_met(tc, busy):
    """A request taken in charge in time reads 'met', not a blank."""
    number = busy["New laptop"]
    tc("incident", "ack", number)
    row = next(r for r in tc("queue", "--json").json()["rows"] if r["number"] == number)
    assert row["sla"] is None  # no clock left running…
    line = next(line for line in tc("queue").out.splitlines() if number in line)
    assert "✓ met" in line  # …but the line says the response was in time


def test_narrow_terminal_keeps_number_subject_and_sla(tc, busy, monkeypatch):
    from techconsole.cli import output

    monkeypatch.setattr(output.out, "width", 60)
    out = tc("queue").out
    assert max(len(line) for line in out.splitlines()) <= 60
    first = next(line for line in out.splitlines() if busy["URGENTE server down"] in line)
    assert "URGENTE" in first
    assert "✖ \u2212" in first
