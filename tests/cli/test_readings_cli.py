"""Smaller readings of the seeds through the command line (issue 14).

Seed 001: "il livello di gravità viene attribuito dal personale tecnico": a request added
without a severity shows the policy's default as not yet triaged, until triage sets one.
Seed 003: "un'ulteriore uscita, con priorità massima": ``resolve --at`` opens the
follow-up at that time.
"""

from __future__ import annotations


def test_a_severity_not_given_is_said_not_yet_triaged(tc, office):
    assert tc("incident", "add", "Posta lenta", "-c", "1").code == 0
    shown = tc("incident", "show", "1")
    said = " ".join(shown.out.split())
    assert "C (the policy's default: not yet triaged)" in said
    assert tc("incident", "show", "1", "--json").json()["severity_triaged"] is False
    assert tc("incident", "triage", "1", "--severity", "C").code == 0
    assert tc("incident", "show", "1", "--json").json()["severity_triaged"] is True
    assert "not yet triaged" not in tc("incident", "show", "1").out


def test_resolve_at_opens_the_follow_up_at_that_time(tc, office):
    added = tc("incident", "add", "PC", "-c", "1", "-s", "B", "--at", "2026-03-02T09:00")
    assert added.code == 0, added.err
    done = tc("incident", "resolve", "1", "--no", "--at", "2026-03-02T11:30")
    assert done.code == 0, done.err
    follow = tc("incident", "show", "2", "--json").json()
    assert follow["follow_up_of"].endswith("-000001")
    assert follow["arrived_at"] == "2026-03-02T11:30:00+01:00"
