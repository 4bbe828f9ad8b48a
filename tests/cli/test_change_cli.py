"""``techconsole change`` and ``incident release``: the customisations and releases of seeds
000 and 001 from the command line, under the istes preset — every command in ``--json``
too, refusals with their reason and exit code 1 (a rule) or 2 (what was typed), and
nothing written when refused.

The commands read today's date from the wall clock, so every day given here is explicit
(and outside March–August where the rule allows it): the expected days are counted on
the calendar by hand, the day of the delivery being day 0.
"""

from __future__ import annotations

from datetime import date

import pytest

from .test_language_cli import help_text


@pytest.fixture
def ist(tc, migrated):
    """Commands under the istes preset: anna (lead); Hotel Mare (#1) with its titolare
    Sig.ra Bianchi (contact #1, with an e-mail); customisation #1 (heavy, asked by her on
    01/10/2025) and #2 (not heavy, asked on 01/10/2025), both agreed for 01/10/2025 to
    14/11/2025."""

    def run(*args: str, as_: str | None = "anna"):
        return tc(*args, "--policy", "istes", as_=as_)

    for args in (
        ("customer", "add", "Hotel Mare"),
        ("customer", "contact-add", "1", "Sig.ra Bianchi", "--role", "titolare",
         "--email", "bianchi@hotelmare.example"),
        ("change", "add", "1", "Export presenze per la questura", "--heavy", "--contact", "1",
         "--requested", "2025-10-01"),
        ("change", "add", "Hotel Mare", "Stampa del conto in inglese", "--requested",
         "2025-10-01"),
        ("change", "schedule", "1", "--start", "2025-10-01", "--deliver", "2025-11-14"),
        ("change", "schedule", "2", "--start", "2025-10-01", "--deliver", "2025-11-14"),
    ):  # fmt: skip
        done = run(*args)
        assert done.code == 0, (args, done.err)
    return run


def test_a_request_in_json_and_in_words(ist):
    shown = ist("change", "show", "1", "--json").json()
    assert {k: shown[k] for k in ("id", "customer", "contact", "heavy", "status")} == {
        "id": 1,
        "customer": "Hotel Mare",
        "contact": "Sig.ra Bianchi",
        "heavy": True,
        "status": "agreed",
    }
    assert (shown["requested_on"], shown["start_on"], shown["due_on"]) == (
        "2025-10-01",
        "2025-10-01",
        "2025-11-14",
    )
    assert (shown["test_by"], shown["contest_until"]) == (None, None)
    words = " ".join(ist("change", "show", "1").out.split())
    assert "Customisation #1 Hotel Mare" in words
    assert "Agreed 01/10/2025 → 14/11/2025" in words
    listed = ist("change", "list", "--json").json()
    assert [v["id"] for v in listed] == [2, 1]
    assert "(heavy)" in ist("change", "list").out


def test_agreeing_work_in_march_to_august_is_refused_with_the_first_day_allowed(ist):
    """(000) "NON SI EFFETTUANO PERSONALIZZAZIONI SOFTWARE … da marzo ad agosto"."""
    before = ist("change", "show", "2", "--json").json()
    refused = ist("change", "schedule", "2", "--start", "2026-02-02", "--deliver", "2026-09-30")
    assert refused.code == 1
    said = " ".join(refused.err.split())
    assert (
        "the work from 02/02/2026 to 30/09/2026 runs through the high-work period (March to "
        "August): deliver by 28/02/2026, or start on 01/09/2026"
    ) in said
    refused = ist("change", "schedule", "2", "--start", "2026-04-01", "--deliver", "2026-10-30")
    assert refused.code == 1
    assert "the first day allowed is 01/09/2026" in " ".join(refused.err.split())
    assert ist("change", "show", "2", "--json").json() == before  # nothing written
    bad = ist("change", "schedule", "2", "--start", "2026-13-01", "--deliver", "2026-10-30")
    assert bad.code == 2
    assert "--start: '2026-13-01' is not a date" in bad.err


def test_a_heavy_delivery_not_tested_in_15_days_counts_as_accepted(ist):
    """(001) "devono testare il software personalizzato entro 15 giorni di calendario
    solare, dal ricevimento della release": delivered 14/11/2025, tested by 29/11/2025;
    long past now, so it counts as accepted and a contest is refused."""
    delivered = ist("change", "deliver", "1", "--on", "2025-11-14", "--json")
    assert delivered.code == 0, delivered.err
    data = delivered.json()
    assert (data["delivered_on"], data["test_by"], data["contest_until"]) == (
        "2025-11-14",
        "2025-11-29",
        "2025-12-14",
    )
    assert (data["status"], data["accepted_by"]) == ("accepted", "test_deadline")
    queued = ist("mail", "outbox", "--json").json()
    assert [(m["kind"], m["to"], m["subject"]) for m in queued] == [
        (
            "change_delivered",
            ["bianchi@hotelmare.example"],
            "Personalizzazione consegnata: Export presenze per la questura [#1]",
        )
    ]
    refused = ist("change", "contest", "1", "Non esporta i minori", "--on", "2025-12-01")
    assert refused.code == 1
    assert (
        "customisation #1 counts as accepted: it was not tested by 29/11/2025, 15 calendar "
        "days after its delivery on 14/11/2025"
    ) in " ".join(refused.err.split())
    tested = ist("change", "test", "1", "--on", "2025-11-29", "--json")  # told late
    assert tested.code == 0, tested.err
    assert tested.json()["tested_on"] == "2025-11-29"


def test_a_contest_after_30_days_is_refused_with_the_day_the_right_ended(ist):
    """(000) "Scaduti 30 gg dalla consegna … non ha più alcun diritto di contestazione":
    delivered 14/11/2025, contestable until 14/12/2025."""
    assert ist("change", "deliver", "2", "--on", "2025-11-14", "--no-notice").code == 0
    late = ist("change", "contest", "2", "Manca la lingua tedesca", "--on", "2025-12-15")
    assert late.code == 1
    assert (
        "customisation #2 can no longer be contested: the right to contest it ended on "
        "14/12/2025, 30 days after its delivery on 14/11/2025; it counts as accepted"
    ) in " ".join(late.err.split())
    taken = ist("change", "contest", "2", "Manca la lingua tedesca", "--on", "2025-12-14")
    assert taken.code == 0, taken.err
    assert "customisation #2 contested" in taken.out
    shown = ist("change", "show", "2", "--json").json()
    assert (shown["status"], shown["contested_on"], shown["contest_reason"]) == (
        "contested",
        "2025-12-14",
        "Manca la lingua tedesca",
    )
    again = ist("change", "schedule", "2", "--start", "2025-12-15", "--deliver", "2026-01-15")
    assert again.code == 0, again.err
    redelivered = ist("change", "deliver", "2", "--on", "2026-01-15", "--no-notice", "--json")
    assert (redelivered.json()["deliveries"], redelivered.json()["contest_until"]) == (
        2,
        "2026-02-14",
    )
    accepted = ist("change", "accept", "2", "--on", "2026-01-20", "--json").json()
    assert (accepted["status"], accepted["accepted_on"]) == ("accepted", "2026-01-20")


def test_steps_out_of_order_and_typos_change_nothing(ist):
    assert ist("change", "accept", "1").code == 1
    assert "not been delivered yet" in ist("change", "accept", "1").err
    assert ist("change", "show", "99").code == 2
    assert "no customisation #99" in ist("change", "show", "99").err
    future = ist("change", "develop", "1", "--on", "2099-01-04")
    assert future.code == 2
    assert "development day 04/01/2099 is in the future" in future.err
    assert ist("change", "show", "1", "--json").json()["status"] == "agreed"


def test_the_release_calendar(ist, run):
    """(001) "due aggiornamenti l'anno": evenly spaced from 1 January — 01/01 and 01/07."""
    found = ist("change", "releases", "--count", "3", "--json").json()
    today = date.fromisoformat(found["today"])
    days = [date.fromisoformat(d) for d in found["next"]]
    assert found["releases_per_year"] == 2
    assert len(days) == 3
    assert all(d > today and (d.month, d.day) in ((1, 1), (7, 1)) for d in days)
    assert days == sorted(days)
    assert "Next releases:" in ist("change", "releases").out
    none = run("change", "releases", "--policy", "default")
    assert none.code == 0
    assert "This policy has no release calendar" in none.out


def test_an_incident_shows_the_release_its_fix_comes_with(ist):
    """(001) "in seguito al rilascio della versione aggiornata, esporra' la soluzione"."""
    assert ist("incident", "add", "Export presenze errato", "-c", "1").code == 0
    linked = ist("incident", "release", "1", "--json")
    assert linked.code == 0, linked.err
    day = date.fromisoformat(linked.json()["fixed_in_release"])
    assert (day.month, day.day) in ((1, 1), (7, 1))
    wrong = ist("incident", "release", "1", "--date", "2099-02-01")
    assert wrong.code == 1
    assert "01/02/2099 is not a release day; the next releases are on" in wrong.err
    moved = ist("incident", "release", "1", "--date", "2099-07-01", "--note", "serve il DB nuovo")
    assert moved.code == 0, moved.err
    assert "the fix comes with the release of 01/07/2099" in moved.out
    shown = " ".join(ist("incident", "show", "1").out.split())
    assert "Fix in release 01/07/2099 (in " in shown
    assert ist("incident", "show", "1", "--json").json()["fixed_in_release"] == "2099-07-01"
    both = ist("incident", "release", "1", "--date", "2099-07-01", "--none")
    assert both.code == 2
    gone = ist("incident", "release", "1", "--none", "--json")
    assert gone.json()["fixed_in_release"] is None


def test_the_commands_help_in_italian():
    """Help is built when a module is imported: read in a fresh interpreter."""
    said = help_text("change", "--help")
    assert "Personalizzazioni: concordate, consegnate, collaudate, accettate o contestate" in said
    said = help_text("change", "releases", "--help")
    assert "[changes] releases_per_year" in said
    said = help_text("incident", "release", "--help")
    assert "La soluzione arriva con un rilascio del calendario della policy" in said


def test_refusals_in_italian(ist, monkeypatch):
    monkeypatch.delenv("TECHCONSOLE_LANG")
    refused = ist("change", "schedule", "2", "--start", "2026-04-01", "--deliver", "2026-10-30")
    assert refused.code == 1
    assert (
        "nessun lavoro di personalizzazione inizia il 01/04/2026: marzo–agosto è il periodo di "
        "alto lavoro; il primo giorno possibile è il 01/09/2026"
    ) in " ".join(refused.err.split())
