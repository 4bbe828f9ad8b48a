from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize(
    ("plan", "severity", "at", "due", "minutes"),
    [
        ("basic", "A", "2026-11-27T17:00", "2026-11-30T12:00:00+01:00", 240),
        ("professional", "A", "2026-11-27T17:00", "2026-11-28T11:00:00+01:00", 180),
        ("enterprise", "C", "2026-10-24T20:00+02:00", "2026-10-25T07:00:00+01:00", 720),
        ("basic", "C", "2026-12-07T13:15", "2026-12-10T13:00:00+01:00", 960),
    ],
)
def test_due_json_has_the_documented_keys(run, plan, severity, at, due, minutes):
    result = run("sla", "due", "--plan", plan, "--severity", severity, "--at", at, "--json")
    assert result.code == 0, result.err
    data = result.json()
    assert set(data) == {"plan", "severity", "clock", "at", "due", "business_minutes"}
    assert data["due"] == due
    assert data["business_minutes"] == minutes
    assert data["clock"] == "response"


def test_due_plain_prints_iso_due_first(run):
    result = run("sla", "due", "-p", "basic", "-s", "A", "--at", "2026-11-27T17:00:00+01:00")
    assert result.code == 0
    assert result.out.splitlines()[0] == "2026-11-30T12:00:00+01:00"
    assert "240 business minutes" in result.out


def test_at_without_offset_is_read_in_the_policy_zone(run):
    summer = run("sla", "due", "-p", "enterprise", "-s", "A", "--at", "2026-07-01T10:00", "--json")
    assert summer.json()["at"] == "2026-07-01T10:00:00+02:00"


def test_at_with_an_offset_keeps_the_instant(run):
    result = run("sla", "due", "-p", "enterprise", "-s", "A", "--at", "2026-07-01T08:00Z", "--json")
    # 08:00 UTC is 10:00 in Rome; one hour on 24/7 later is 11:00 Rome.
    assert result.json()["due"] == "2026-07-01T11:00:00+02:00"


@pytest.mark.parametrize(
    ("at", "words"),
    [
        ("2026-03-29T02:30", "does not exist"),
        ("2026-10-25T02:30", "happens twice"),
        ("yesterday-ish", "is not a time; write it like"),
    ],
)
def test_bad_or_ambiguous_at_is_refused(run, at, words):
    result = run("sla", "due", "-p", "basic", "-s", "A", "--at", at)
    assert result.code == 2
    assert words in result.err
    assert "Traceback" not in result.err
    assert result.out == ""


def test_unknown_plan_severity_or_clock(run):
    plan = run("sla", "due", "-p", "gold", "-s", "A")
    assert plan.code == 2
    assert "unknown plan 'gold'; policy 'default' has: basic" in plan.err
    sev = run("sla", "due", "-p", "basic", "-s", "Z")
    assert sev.code == 2
    assert "unknown severity 'Z'" in sev.err
    clock = run("sla", "due", "-p", "basic", "-s", "A", "--clock", "resolution")
    assert clock.code == 2
    assert "unknown clock 'resolution'" in clock.err


def test_plan_without_target_is_refused_with_exit_1(run):
    result = run("sla", "due", "-p", "none", "-s", "A", "--at", "2026-11-27T17:00")
    assert result.code == 1
    assert "no response target" in result.err


def test_calendar_shows_holiday_and_lunch_break(run):
    result = run("sla", "calendar", "-p", "basic", "--from", "2026-12-07", "--days", "3")
    assert result.code == 0
    lines = result.out.splitlines()
    monday = next(line for line in lines if "07/12/2026" in line)
    assert "09:00–13:00, 14:00–18:00" in monday
    assert "8h 00m" in monday
    tuesday = next(line for line in lines if "08/12/2026" in line)
    assert "closed" in tuesday
    assert "Immaculate Conception" in tuesday  # the holiday is named


def test_calendar_json_counts_real_hours_on_dst_night(run):
    result = run(
        "sla", "calendar", "-p", "enterprise", "--from", "2026-10-24", "--days", "3", "--json"
    )
    days = {d["date"]: d["business_minutes"] for d in result.json()["days"]}
    assert days == {"2026-10-24": 24 * 60, "2026-10-25": 25 * 60, "2026-10-26": 24 * 60}


def test_calendar_rejects_bad_day(run):
    result = run("sla", "calendar", "-p", "basic", "--from", "31/12/2026")
    assert result.code == 2
    assert "is not a date" in result.err


def test_policy_env_var_and_option(run, monkeypatch, tmp_path):
    monkeypatch.setenv("TECHCONSOLE_POLICY", "mb-services")
    result = run("policy", "check", "--json")
    assert result.code == 0
    assert result.json()["name"] == "mb-services"
    explicit = run(
        "sla",
        "due",
        "-p",
        "basic",
        "-s",
        "A",
        "--at",
        "2026-11-27T17:00",
        "--policy",
        "default",
        "--json",
    )
    assert explicit.code == 0


def test_real_process_exit_code_and_no_traceback(tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text('name = "x"\nno_contract_plan = "none"\ncalender = 1\n', encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "techconsole", "policy", "check", str(broken)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert str(broken) in proc.stderr
    assert "calender" in proc.stderr


@pytest.mark.parametrize(
    ("plan", "severity", "clock"),
    [("Basic", "a", None), ("BASIC 8×5", "A", "Risposta"), ("basic", "A – grave", "RESPONSE")],
)
def test_plan_severity_and_clock_in_any_case_or_by_their_label(run, plan, severity, clock):
    """As a person types them: "Basic", "b", the labels the policy shows ("Basic 8×5")."""
    asked = ["--clock", clock] if clock else []
    result = run("sla", "due", "-p", plan, "-s", severity, "--at", "2026-11-27T17:00", *asked)
    assert result.code == 0, result.err
    data = run(
        "sla", "due", "-p", plan, "-s", severity, "--at", "2026-11-27T17:00", "--json", *asked
    ).json()
    assert (data["plan"], data["severity"], data["clock"]) == ("basic", "A", "response")
    assert data["due"] == "2026-11-30T12:00:00+01:00"  # as "basic", "A" above
    assert "of plan Basic 8×5, clock Risposta, severity A" in result.out
