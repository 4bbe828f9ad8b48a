"""``techconsole timer add``: work done without the timer, recorded with its start and its
end (a time alone is on the day it started) or how long it lasted; the timer's refusals
with their exit codes, nothing written."""

from __future__ import annotations

import pytest

MONDAY = "2025-03-03"  # Basic plan: office hours 09-13, 14-18


def ok(result):
    assert result.code == 0, result.err
    return result


@pytest.fixture
def incident(tc, office) -> str:
    ok(tc("incident", "add", "PC non si accende", "-c", "1", "--at", f"{MONDAY}T10:00"))
    return "2025-000001"


def _sessions(tc) -> list[dict]:
    return ok(tc("timer", "list", "--incident", "1", "--json")).json()


def test_work_is_recorded_with_an_end_or_a_duration(tc, incident):
    to = ok(
        tc("timer", "add", "1", "--from", "03/03/2025 10:30", "--to", "11:45", "--kind", "phone",
           "--note", "Guidato al telefono", "--json")
    ).json()  # fmt: skip
    assert to["incident"] == incident
    assert to["started_at"] == "2025-03-03T10:30:00+01:00"
    assert to["ended_at"] == "2025-03-03T11:45:00+01:00"  # 11:45 of the day it started
    assert (to["kind"], to["note"], to["units"], to["running"]) == (
        "phone", "Guidato al telefono", 4, False,
    )  # fmt: skip
    lasted = ok(tc("timer", "add", "1", "--from", f"{MONDAY}T14:00", "--for", "90'", "--json"))
    assert lasted.json()["ended_at"] == "2025-03-03T15:30:00+01:00"
    human = ok(tc("timer", "add", "1", "--from", f"{MONDAY}T16:00", "--for", "1h30"))
    assert "work recorded: #3 2025-000001 remote 03/03/2025 16:00–17:30" in human.out
    assert "free of charge" not in human.out and lasted.json()["free"] is False  # billed
    assert len(_sessions(tc)) == 3
    kinds = [e["kind"] for e in ok(tc("incident", "show", "1", "--json")).json()["timeline"]]
    assert kinds.count("session_added") == 3


def test_refusals_say_why_and_write_nothing(tc, incident):
    neither = tc("timer", "add", "1", "--from", f"{MONDAY}T10:30")
    assert neither.code == 2 and "--to" in neither.err and "--for" in neither.err
    both = tc("timer", "add", "1", "--from", f"{MONDAY}T10:30", "--to", "11:00", "--for", "1h")
    assert both.code == 2
    bad = tc("timer", "add", "1", "--from", f"{MONDAY}T10:30", "--for", "a while")
    assert bad.code == 2 and "--for: 'a while' is not a duration" in bad.err
    early = tc("timer", "add", "1", "--from", f"{MONDAY}T09:00", "--to", "09:30")
    assert early.code == 2
    assert "start 03/03/2025 09:00 is before 2025-000001 arrived (03/03/2025 10:00)" in early.err
    assert "Traceback" not in early.err
    ok(tc("timer", "add", "1", "--from", f"{MONDAY}T10:30", "--to", "11:00"))
    overlap = tc("timer", "add", "1", "--from", f"{MONDAY}T10:45", "--to", "12:00")
    assert overlap.code == 1 and "overlaps your session #1" in overlap.err
    long = tc("timer", "add", "1", "--from", f"{MONDAY}T11:00", "--for", "13h")
    assert long.code == 1 and "--force" in long.err
    assert len(_sessions(tc)) == 1
    kept = ok(tc("timer", "add", "1", "--from", f"{MONDAY}T11:00", "--for", "13h", "--force"))
    assert "13h 00m" in kept.out


def test_help_names_the_forms(run):
    shown = run("timer", "add", "--help")
    assert shown.code == 0
    for option in ("--from", "--to", "--for", "--kind", "--note", "--force"):
        assert option in shown.out


def test_work_on_a_free_incident_says_so_when_recorded_and_corrected(tc, incident):
    ok(tc("incident", "triage", "1", "--warranty"))  # under warranty: its labour is not billed
    added = ok(tc("timer", "add", "1", "--from", f"{MONDAY}T10:30", "--for", "40'"))
    assert "work recorded: #1" in added.out and "free of charge" in added.out
    edited = ok(tc("timer", "edit", "1", "--note", "Scheda madre sostituita", "--json")).json()
    assert edited["free"] is True and edited["units"] == 2
    assert "free of charge" in ok(tc("timer", "edit", "1", "--kind", "onsite")).out
