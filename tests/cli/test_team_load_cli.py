"""``techconsole team load``: the lead's figures as a table for people and JSON for
machines, refused to a technician (exit code 1).  The clock is frozen at Monday
23/11/2026 10:00 in Rome; the figures are worked out in each test's comments."""

from __future__ import annotations

import os
from datetime import UTC, datetime

import pytest

from reports.example import pdf_text
from techconsole.cli import output
from techconsole.services import setup
from techconsole.services.context import Context

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # 10:00 in Rome


def ok(result):
    assert result.code == 0, result.err
    return result


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every command runs at NOW."""
    monkeypatch.setattr(
        setup,
        "Context",
        lambda db, policy, actor, **kw: Context(db, policy, actor, lambda: NOW, **kw),
    )


@pytest.fixture
def busy(tc, office, frozen) -> None:
    """Bruno holds 2026-000001 (Basic A since Fri 15:30: 30 min left, at risk) and
    2026-000002 (Basic B since Thu 09:00: breached); 2026-000003 is unassigned (1h of
    4h used); 2026-000004 was taken in charge in 3h of 4h (met).  Bruno worked 21 min on
    Friday (2 scatti) and his timer runs on 2026-000001 since 09:20 (40 min: 2)."""
    for subject, severity, arrived in (
        ("Server fermo", "A", "2026-11-20T15:30"),
        ("Stampante", "B", "2026-11-19T09:00"),
        ("Rete lenta", "A", "2026-11-23T07:00"),
        ("VPN", "A", "2026-11-16T09:00"),
    ):
        ok(tc("incident", "add", subject, "-c", "1", "--severity", severity, "--at", arrived))
    ok(tc("incident", "assign", "1", "bruno"))
    ok(tc("incident", "assign", "2", "bruno"))
    ok(tc("incident", "ack", "4", "--at", "2026-11-16T12:00"))
    ok(tc("incident", "resolve", "4", "--yes"))
    ok(tc("timer", "start", "2", "--at", "2026-11-20T14:00", as_="bruno"))
    ok(tc("timer", "stop", "--at", "2026-11-20T14:21", as_="bruno"))
    ok(tc("timer", "start", "1", "--kind", "on_site", "--at", "2026-11-23T09:20", as_="bruno"))


def test_team_load_json(tc, busy):
    data = ok(tc("team", "load", "--json")).json()
    assert data["at"] == "2026-11-23T10:00:00+01:00"
    assert data["day"] == "2026-11-23"
    assert data["month"] == "2026-11"
    anna, bruno = data["technicians"]
    assert anna == {
        "login": "anna",
        "name": "Anna Rossi",
        "role": "lead",
        "active": True,
        "open": 0,
        "at_risk": 0,
        "breached": 0,
        "timer": None,
        "scatti_today": 0,
        "scatti_month": 0,
    }
    assert bruno == {
        "login": "bruno",
        "name": "Bruno Neri",
        "role": "technician",
        "active": True,
        "open": 2,
        "at_risk": 1,
        "breached": 1,
        "timer": {
            "incident": "2026-000001",
            "subject": "Server fermo",
            "kind": "on_site",
            "started_at": "2026-11-23T09:20:00+01:00",
            "minutes": 40,
        },
        "scatti_today": 2,
        "scatti_month": 4,
    }
    assert data["unassigned"] == {"open": 1, "at_risk": 0, "breached": 0}
    assert data["compliance"] == [
        {"plan": "basic", "label": "Basic 8×5", "stopped": 1, "met": 1, "percent": "100.0"},
        {
            "plan": "professional",
            "label": "Professional 8×7",
            "stopped": 0,
            "met": 0,
            "percent": None,
        },
        {"plan": "enterprise", "label": "Enterprise 24×7", "stopped": 0, "met": 0, "percent": None},
    ]


def test_team_load_for_people(tc, busy):
    text = ok(tc("team", "load")).out
    assert "Team load — Mon 23/11/2026 10:00" in text
    bruno = next(line for line in text.splitlines() if "Bruno Neri (bruno)" in line)
    for shown in ("2", "▲ 1", "✖ 1", "▶ 2026-000001 0h 40m Server fermo", "4"):
        assert shown in bruno
    assert "Anna Rossi (anna) ★" in text  # a lead, as the caption says
    ok(tc("tech", "add", "carla", "--name", "carla"))
    plain = ok(tc("team", "load")).out
    assert "carla (carla)" not in plain and "carla " in plain  # the login said once
    assert "★ lead · Today, Month: scatti worked" in " ".join(text.split())
    assert "unassigned" in text
    assert "SLA compliance 2026-11" in text
    basic = next(line for line in text.splitlines() if "Basic 8×5" in line)
    assert "100.0 %" in basic  # English: a decimal point (Italian: 100,0 %)
    professional = next(line for line in text.splitlines() if "Professional 8×7" in line)
    assert "—" in professional


def test_a_technician_is_refused(tc, busy):
    result = tc("team", "load", as_="bruno")
    assert result.code == 1
    assert "only a team lead can see the team's load; ask your lead" in result.err
    assert result.out == ""


def test_names_are_shown_as_written(tc, office, frozen):
    ok(tc("tech", "add", "dario", "--name", "[red]Dario[/red] \x1b[2J"))
    text = ok(tc("team", "load")).out
    assert "[red]Dario[/red]" in text
    assert "\x1b" not in text


def test_team_stats_json(tc, busy):
    """The busy week over time: 2026-000004 was taken in charge in 3 h of its 4 (met, in
    November); bruno's 21 minutes on Friday are 2 scatti of the week of 16/11, his 40
    running minutes 2 of this week; open at the end of Sunday 22/11: 000001, 000002 and
    000004 (resolved Monday 10:00); at the end of today: 000001–000003."""
    data = ok(tc("team", "stats", "--months", "2", "--weeks", "2", "--days", "2", "--json")).json()
    assert data["months"] == ["2026-10", "2026-11"]
    basic = [c for c in data["compliance"] if c["plan"] == "basic"]
    assert basic == [
        {"month": "2026-10", "plan": "basic", "stopped": 0, "met": 0},
        {"month": "2026-11", "plan": "basic", "stopped": 1, "met": 1},
    ]
    assert data["missed_by_customer"] == []
    assert data["weeks"] == ["2026-11-16", "2026-11-23"]
    assert data["scatti"] == [
        {"week": "2026-11-16", "login": "bruno", "scatti": 2},
        {"week": "2026-11-23", "login": "bruno", "scatti": 2},
    ]
    assert data["queue"] == [{"day": "2026-11-22", "open": 3}, {"day": "2026-11-23", "open": 3}]


def test_team_stats_for_people_and_refused_to_a_technician(tc, busy):
    said = ok(tc("team", "stats")).out
    assert "SLA compliance per plan, month by month" in said
    assert "Scatti per technician, week by week" in said
    result = tc("team", "stats", as_="bruno")
    assert result.code == 1 and result.out == ""


def test_team_stats_before_any_clock_stopped_says_none(tc, office, frozen):
    """A new team: no table of empty rows under the compliance heading, but "none", as
    under the missed clocks."""
    said = ok(tc("team", "stats", "--months", "2", "--weeks", "1", "--days", "1")).out
    heading = "SLA compliance per plan, month by month\nnone\n"
    assert heading in said
    assert "Missed clocks per customer\nnone\n" in said


def test_team_stats_bars_are_whole_on_a_narrow_terminal(tc, busy, monkeypatch):
    """November's only clock was met: its bar is 15 blocks, never cut to "…" however
    narrow the terminal (the demo's "Contratto Client" cut it on 80 columns in Italian)."""
    monkeypatch.setenv("COLUMNS", "64")
    monkeypatch.delenv("TECHCONSOLE_LANG", raising=False)
    for console in (output.out, output.err):  # made anew, as wide as COLUMNS says now
        object.__setattr__(console, "_console", None)
    said = ok(tc("team", "stats", "--months", "1", "--weeks", "1", "--days", "1")).out
    assert "█" * 15 in said
    assert "█…" not in said


def test_team_stats_as_a_pdf_of_charts(tc, busy, tmp_path, monkeypatch):
    """``--format pdf`` writes team-2026-11.pdf (the month of now in Rome) in --out, in
    the document language (``-en`` in English); an existing file is kept without --force."""
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.delenv("TECHCONSOLE_LANG")  # the document in Italian, the default
    result = ok(tc("team", "stats", "--format", "pdf", "--out", str(out)))
    assert result.out.strip() == str(out / "team-2026-11.pdf")
    [page] = pdf_text((out / "team-2026-11.pdf").read_bytes())
    assert "COME È ANDATO IL TEAM Novembre 2026 Dati al 23/11/2026 10:00" in page
    assert "Basic 8×5 Professional 8×7 Enterprise 24×7" in page
    assert "dic 2025 gen 2026 feb mar" in page  # the last 12 months
    assert "Nessun orologio SLA mancato in questi mesi." in page
    assert "SCATTI PER TECNICO" in page and "bruno" in page
    assert "dal 25/10/2026 al 23/11/2026" in page  # the last 30 days
    result = ok(tc("team", "stats", "-f", "pdf", "--out", str(out), "--lang", "en"))
    english = out / "team-2026-11-en.pdf"
    assert result.out.strip() == str(english)
    assert "HOW THE TEAM DID November 2026" in pdf_text(english.read_bytes())[0]
    (out / "team-2026-11.pdf").write_bytes(b"old")
    result = tc("team", "stats", "--format", "pdf", "--out", str(out))
    assert result.code == 1 and "--force" in result.err
    assert (out / "team-2026-11.pdf").read_bytes() == b"old"
    ok(tc("team", "stats", "--format", "pdf", "--out", str(out), "--force"))
    assert (out / "team-2026-11.pdf").read_bytes().startswith(b"%PDF")
    assert sorted(os.listdir(out)) == ["team-2026-11-en.pdf", "team-2026-11.pdf"]


def test_team_stats_pdf_refusals(tc, busy, tmp_path):
    """A technician (exit 1), a missing folder, a format of no use, --json with a PDF
    (exit 2): nothing written."""
    out = tmp_path / "out"
    out.mkdir()
    result = tc("team", "stats", "--format", "pdf", "--out", str(out), as_="bruno")
    assert (result.code, result.out) == (1, "")
    assert "only a team lead" in result.err
    result = tc("team", "stats", "--format", "pdf", "--out", str(tmp_path / "nowhere"))
    assert result.code == 2 and "does not exist" in result.err
    result = tc("team", "stats", "--format", "csv", "--out", str(out))
    assert result.code == 2 and "'csv' is not one of the values accepted: table, pdf" in result.err
    result = tc("team", "stats", "--format", "pdf", "--json", "--out", str(out))
    assert result.code == 2 and "choose one" in result.err
    result = tc("team", "stats", "--format", "pdf", "--lang", "de", "--out", str(out))
    assert result.code == 2 and "--lang" in result.err
    assert os.listdir(out) == []
    assert "Traceback" not in result.err


def test_team_outcomes_measures_the_months_gone_against_a_changed_policy(tc, busy, tmp_path):
    """2026-000004 was taken in charge in 3 h of Basic A's 4 h: met.  Under a policy whose
    Basic A is 2 h, the month keeps what was recorded until a lead records it again."""
    from techconsole.services.policies import resolve

    strict = tmp_path / "strict.toml"
    source = resolve("default").read_text().replace('name = "default"', 'name = "strict"', 1)
    strict.write_text(source.replace('{ A = "4h", B', '{ A = "2h", B', 1))

    def basic(*policy: str) -> tuple[int, int]:
        plans = ok(tc("team", "load", "--json", *policy)).json()["compliance"]
        found = next(p for p in plans if p["plan"] == "basic")
        return found["stopped"], found["met"]

    assert basic("--policy", str(strict)) == (1, 1)
    result = tc("team", "outcomes", "--policy", str(strict), as_="bruno")
    assert result.code == 1 and result.out == ""
    assert ok(tc("team", "outcomes", "--json", "--policy", str(strict))).json() == {
        "outcomes": 1,
        "policy": "strict",
    }
    assert basic("--policy", str(strict)) == (1, 0)
    said = ok(tc("team", "outcomes")).out  # the default policy again
    assert "1 stopped SLA clock recorded under the policy default" in said
    assert basic() == (1, 1)
