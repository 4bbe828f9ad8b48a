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


def test_the_reseller_s_first_year_counts_per_program(tc, monkeypatch):
    """Seed 001 (istes): "il primo anno di gestione del programma (per ogni programma)
    gratuitamente". The reseller since 10/01/2024, the hotel software since 01/06/2026:
    30 minutes on 01/07/2026 are free on the hotel software's incident only."""
    monkeypatch.setenv("TECHCONSOLE_POLICY", "istes")
    for args in (
        ("customer", "add", "Rivenditore Nord", "--reseller-since", "2024-01-10"),
        ("customer", "program-add", "1", "Gestionale Hotel", "--reseller-since", "2026-06-01"),
        ("incident", "add", "Errore", "-c", "1", "-s", "B", "--program", "gestionale hotel",
         "--at", "2026-07-01T09:00"),
        ("incident", "add", "Altro errore", "-c", "1", "-s", "B", "--at", "2026-07-01T09:00"),
    ):  # fmt: skip
        done = tc(*args)
        assert done.code == 0, (args, done.err)
    for number, start, end in (("1", "10:00", "10:30"), ("2", "11:00", "11:30")):
        for args in (
            ("timer", "start", number, "--at", f"2026-07-01T{start}"),
            ("timer", "stop", "--at", f"2026-07-01T{end}"),
        ):
            done = tc(*args)
            assert done.code == 0, (args, done.err)
    assert tc("incident", "show", "1", "--json").json()["program"] == "Gestionale Hotel"
    assert tc("bill", "incident", "1", "--json").json()["taxable"] == "0.00"
    assert tc("bill", "incident", "2", "--json").json()["taxable"] == "80.00"
    listed = tc("customer", "programs", "1", "--json").json()
    assert [(p["name"], p["reseller_since"]) for p in listed] == [
        ("Gestionale Hotel", "2026-06-01")
    ]
    wrong = tc("incident", "triage", "2", "--program", "Magazzino")
    assert wrong.code == 2 and "its programs: Gestionale Hotel" in wrong.err
    assert tc("incident", "triage", "2", "--program", "Gestionale Hotel").code == 0
    assert tc("bill", "incident", "2", "--json").json()["taxable"] == "0.00"
