"""``techconsole timer stop --discard`` and ``timer discard``: a timer started by mistake
taken back within the policy's grace time (60 s), and ``timer stop`` saying how."""

from __future__ import annotations

import pytest


def ok(result):
    assert result.code == 0, result.err
    return result


@pytest.fixture
def incident(tc, office) -> str:
    ok(tc("incident", "add", "PC non si accende", "-c", "1", "--at", "2025-03-03T10:00"))
    return "2025-000001"


def test_stop_discard_takes_back_a_timer_started_by_mistake(tc, incident):
    ok(tc("timer", "start", "1"))
    gone = ok(tc("timer", "stop", "--discard"))
    assert gone.out.startswith("✗ timer discarded: #1 2025-000001 remote · ")
    assert gone.out.rstrip().endswith(" s · not billed")
    assert ok(tc("timer", "list", "--json")).json() == []
    shown = ok(tc("incident", "show", "1", "--json")).json()
    kinds = [e["kind"] for e in shown["timeline"]]
    assert kinds[-2:] == ["timer_started", "timer_discarded"]


def test_stop_says_a_short_session_may_still_be_discarded_and_discard_does(tc, incident):
    ok(tc("timer", "start", "1"))
    stopped = ok(tc("timer", "stop"))
    assert "timer stopped: #1 2025-000001 remote" in stopped.out
    assert "within the grace time of 1 min" in stopped.out
    assert "techconsole timer discard 1" in stopped.out
    data = ok(tc("timer", "discard", "1", "--json")).json()
    assert (data["id"], data["discarded"], data["units"], data["amount"]) == (1, True, 0, "0.00")
    assert ok(tc("timer", "list", "--json")).json() == []


def test_a_longer_session_is_kept_and_the_refusal_says_why(tc, incident):
    ok(tc("timer", "start", "1", "--at", "2025-03-03T11:30"))
    refused = tc("timer", "stop", "--discard")
    assert refused.code == 1
    assert "longer than the 1 min within which a session may be discarded" in refused.err
    assert "Traceback" not in refused.err
    assert ok(tc("timer", "status", "--json")).json()["running"] is True  # still running
    stopped = ok(tc("timer", "stop", "--at", "2025-03-03T11:35"))
    assert "grace time" not in stopped.out
    assert tc("timer", "discard").code == 1
    missing = tc("timer", "discard", "7")
    assert missing.code == 2 and "no work session #7" in missing.err
    assert len(ok(tc("timer", "list", "--json")).json()) == 1


def test_discard_in_italian(tc, incident, monkeypatch):
    monkeypatch.delenv("TECHCONSOLE_LANG")
    ok(tc("timer", "start", "1"))
    stopped = ok(tc("timer", "stop"))
    assert "entro il tempo di tolleranza di 1 min" in stopped.out
    assert "techconsole timer discard 1" in stopped.out
    gone = ok(tc("timer", "discard"))
    assert "timer scartato: #1 2025-000001 remoto" in gone.out and "non fatturata" in gone.out


def test_policy_check_says_the_grace_time(run):
    shown = run("policy", "check")
    assert shown.code == 0, shown.err
    assert "one of 1 min or less may be discarded" in shown.out
    data = run("policy", "check", "--json").json()
    assert data["timer"]["discard_within_seconds"] == 60
