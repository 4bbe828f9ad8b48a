from __future__ import annotations

import sqlite3

import pytest

MONDAY = "2025-03-03T10:00"  # Basic plan: office hours 09-13, 14-18


@pytest.fixture
def opened(tc, office):
    """2025-000001: Ottica, severity A, arrived Monday 3 March 2025 10:00."""
    result = tc(
        "incident", "add", "Server down", "-c", "Ottica", "-s", "A", "--at", MONDAY, "--json"
    )
    assert result.code == 0, result.err
    return result.json()


def test_add_json_field_by_field(opened):
    data = opened
    assert data["number"] == "2025-000001"
    assert data["customer"] == "Ottica Esempio S.n.c."
    assert data["customer_id"] == 1
    assert data["subject"] == "Server down"
    assert data["severity"] == "A"
    assert data["urgent"] is False
    assert data["level"] == 1
    assert data["channel"] == "email"
    assert data["status"] == "open"
    assert data["assignee"] is None
    assert data["plan"] == "basic"
    assert data["contract"] is True
    assert data["needs_authorisation"] is False
    assert data["arrived_at"] == "2025-03-03T10:00:00+01:00"
    # 4 business hours: 10-13, then 14-15 after lunch
    assert data["due_at"] == "2025-03-03T15:00:00+01:00"
    (clock,) = data["clocks"]
    assert clock["clock"] == "response"
    assert clock["status"] == "breached"
    assert clock["target_minutes"] == 240
    assert clock["due"] == "2025-03-03T15:00:00+01:00"
    assert clock["countdown"].startswith("\u2212")


def test_add_plain_output(tc, office):
    result = tc("incident", "add", "URGENTE: mail down", "-c", "1", "--at", MONDAY)
    assert result.code == 0, result.err
    assert "opened 2025-000001 for Ottica Esempio S.n.c.: URGENTE: mail down" in result.out
    data = tc("incident", "show", "1", "--json").json()
    assert data["urgent"] is True  # the policy's urgent keyword
    assert data["severity"] == "C"  # the least severe unless told


def test_without_contract_the_no_contract_plan_applies(tc, office):
    data = tc("incident", "add", "Coffee machine", "-c", "Bar Sport", "--json").json()
    assert data["plan"] == "none"
    assert data["contract"] is False


def test_an_employee_request_waits_for_authorisation(tc, office):
    data = tc(
        "incident", "add", "New user", "-c", "1", "--requester", "2", "--at", MONDAY, "--json"
    ).json()
    assert data["status"] == "awaiting_authorisation"
    assert data["needs_authorisation"] is True
    assert data["requester"] == "Luca Verdi"
    assert data["clocks"][0]["status"] == "paused"
    refused = tc("incident", "authorise", "1", "--contact", "2", "--via", "phone")
    assert refused.code == 1
    assert "only the titolare or ads" in refused.err
    bad_via = tc("incident", "authorise", "1", "--contact", "1", "--via", "pigeon")
    assert bad_via.code == 2
    done = tc(
        "incident",
        "authorise",
        "1",
        "--contact",
        "1",
        "--via",
        "phone",
        "--until",
        "2035-12-31T18:00",
        "--json",
    ).json()
    assert done["status"] == "open"
    assert done["authorised_by"] == "Maria Bianchi"
    assert done["authorised_via"] == "phone"
    assert done["authorised_until"] == "2035-12-31T18:00:00+01:00"
    account = tc("incident", "account", "1", "--contact", "1", "--json").json()
    assert account["account_provided_by"] == "Maria Bianchi"
    assert account["account_provided_at"] is not None


@pytest.mark.parametrize("lang", ["en", "it"])
def test_list_on_an_80_column_terminal_shows_whole_numbers_customer_and_subject(
    tc, office, monkeypatch, lang
):
    from techconsole.cli import output

    tc("incident", "add", "Printer jammed on the second floor", "-c", "1", "--at", MONDAY)
    tc("incident", "add", "New user", "-c", "1", "--requester", "2", "--at", MONDAY)
    monkeypatch.setenv("TECHCONSOLE_LANG", lang)
    monkeypatch.setattr(output.out, "width", 80)
    lines = tc("incident", "list").out.splitlines()
    assert max(len(line) for line in lines) <= 80
    # awaiting authorisation: the longest status, in Italian too
    first = next(line for line in lines if "2025-000002" in line)
    second = next(line for line in lines if "2025-000001" in line)
    assert "Ottica" in first and "New user" in first
    assert "Ottica" in second and "Printer jammed" in second


def test_life_of_an_incident(tc, opened):
    claimed = tc("incident", "claim", "--next", "--json", as_="bruno").json()
    assert claimed["number"] == "2025-000001"
    assert claimed["assignee"] == "bruno"
    assert claimed["status"] == "in_progress"

    acked = tc(
        "incident",
        "ack",
        "2025-000001",
        "--estimate",
        "2035-03-04T12:00",
        "--on-site-by",
        "2035-03-04T10:00",
        "--json",
        as_="bruno",
    ).json()
    assert acked["acknowledged_at"] is not None
    assert acked["estimated_resolution_at"] == "2035-03-04T12:00:00+01:00"
    assert acked["promised_on_site_at"] == "2035-03-04T10:00:00+01:00"
    assert acked["clocks"][0]["status"] == "missed"  # taken in charge too late
    assert acked["clocks"][0]["stopped_at"] == acked["acknowledged_at"]

    paused = tc("incident", "pause", "1", "--reason", "waiting for the password", "--json")
    assert paused.json()["status"] == "waiting"
    assert tc("incident", "resume", "1", "--json").json()["status"] == "in_progress"
    assert tc("incident", "note", "1", "Rebooted the switch", "--json").code == 0
    on_site = tc("incident", "on-site", "1", "--json", as_="bruno").json()
    assert on_site["on_site_at"] is not None

    resolved = tc("incident", "resolve", "1", "--yes", "--note", "fixed", "--json").json()
    assert resolved["status"] == "resolved"
    assert resolved["resolved"] is True
    assert resolved["clocks"] == []
    closed = tc("incident", "close", "1", "--json").json()
    assert closed["status"] == "closed"
    assert closed["closed_at"] is not None

    shown = tc("incident", "show", "2025-000001", "--json").json()
    kinds = [e["kind"] for e in shown["timeline"]]
    assert kinds == [
        "opened",
        "claimed",
        "acknowledged",
        "pause",
        "resume",
        "note",
        "on_site",
        "resolved",
        "report",  # the work report is issued on resolution
        "closed",
    ]
    assert shown["timeline"][5]["text"] == "Rebooted the switch"
    assert shown["timeline"][1]["actor"] == "bruno"
    listed = tc("incident", "list", "--status", "closed", "--json").json()
    assert [i["number"] for i in listed] == ["2025-000001"]


def test_plain_show_uses_the_policy_zone(tc, opened):
    out = tc("incident", "show", "1").out
    assert "2025-000001" in out
    assert "Server down" in out
    assert "03/03/2025 10:00" in out  # arrival, Rome time
    assert "03/03/2025 15:00" in out  # due
    assert "Timeline" in out


def test_not_solved_opens_a_follow_up(tc, opened):
    tc("incident", "claim", "1", as_="bruno")
    result = tc("incident", "resolve", "1", "--no", "--json", as_="bruno")
    assert result.code == 0, result.err
    data = result.json()
    assert data["resolved"] is False
    follow_up = data["follow_up"]
    again = tc("incident", "show", follow_up, "--json").json()
    assert again["follow_up_of"] == "2025-000001"
    assert again["urgent"] is True
    assert again["assignee"] == "bruno"
    assert tc("incident", "show", "2025-000001", "--json").json()["follow_ups"] == [follow_up]
    text = tc("incident", "resolve", follow_up, "--yes", as_="bruno")
    assert f"{follow_up} resolved" in text.out


def test_claim_twice_and_assign(tc, opened):
    assert tc("incident", "claim", "1", as_="bruno").code == 0
    again = tc("incident", "claim", "1", as_="bruno")
    assert again.code == 1
    assert "already yours" in again.err
    nothing = tc("incident", "claim", "--next", as_="anna")
    assert nothing.code == 1
    assert "nothing to claim" in nothing.err
    assigned = tc("incident", "assign", "1", "anna", "--json").json()
    assert assigned["assignee"] == "anna"
    assert tc("incident", "assign", "1", "--unassign", "--json").json()["assignee"] is None
    not_lead = tc("incident", "assign", "1", "anna", as_="bruno")
    assert not_lead.code == 1
    assert "only a team lead" in not_lead.err
    unknown = tc("incident", "assign", "1", "zoe")
    assert unknown.code == 2
    assert "no technician with login 'zoe'" in unknown.err


def test_triage(tc, opened):
    data = tc(
        "incident",
        "triage",
        "1",
        "-s",
        "C",
        "--urgent",
        "--level",
        "2",
        "--category",
        "network",
        "--json",
    ).json()
    assert data["severity"] == "C"
    assert data["urgent"] is True
    assert data["level"] == 2
    assert data["category"] == "network"
    nothing = tc("incident", "triage", "1", "-s", "C")
    assert nothing.code == 2
    assert "nothing to change" in nothing.err
    out = tc("incident", "show", "1").out
    assert "severity C (was A)" in out


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (("incident", "show", "2025-999999"), 2, "no incident 2025-999999"),
        (("incident", "show", "abc"), 2, "not an incident number"),
        (("incident", "close", "1"), 1, "cannot close 2025-000001: it is open"),
        (("incident", "resume", "1"), 1, "cannot resume"),
        (("incident", "resolve", "1"), 2, "--yes"),
        (("incident", "claim", "1", "--next"), 2, "not both"),
        (("incident", "claim"), 2, "--next"),
        (("incident", "assign", "1"), 2, "--unassign"),
        (("incident", "ack", "1", "--estimate", "tomorrow"), 2, "--estimate"),
        (("incident", "pause", "1", "--at", "2025-03-30T02:30"), 2, "does not exist"),
        (("incident", "note", "1", "  "), 2, "empty"),
        (("incident", "add", "x", "-c", "1", "-s", "Z"), 2, "unknown severity"),
        (("incident", "add", "x", "-c", "nobody"), 2, "no customer matches"),
        (("incident", "add", "x", "-c", "1", "--at", "2099-01-01T10:00"), 2, "in the future"),
        (
            ("incident", "list", "--status", "lost"),
            2,
            "Invalid value for '--status': 'lost' is not one of the values accepted: open",
        ),
    ],
)
def test_bad_input_and_illegal_transitions(tc, opened, args, code, words):
    result = tc(*args)
    assert result.code == code, result.err
    assert words in " ".join(result.err.split())
    assert "Traceback" not in result.err
    assert result.out == ""


def test_unknown_actor_changes_nothing(tc, opened):
    result = tc("incident", "claim", "1", as_="mallory")
    assert result.code == 2
    assert "tech add mallory" in result.err
    assert tc("incident", "show", "1", "--json").json()["assignee"] is None


HOSTILE = "[red]x[/red]\x1b[2J"


def test_hostile_subject_is_shown_verbatim_without_the_escape(tc, office):
    added = tc("incident", "add", HOSTILE, "-c", "1", "--description", "see\x1b]0;t\x07 here")
    assert added.code == 0, added.err
    for result in (
        added,
        tc("incident", "show", "1"),
        tc("incident", "list"),
        tc("queue"),
        tc("incident", "note", "1", "[blink]hi[/blink]\x1b[5m"),
    ):
        assert "\x1b" not in result.out
        assert "\x07" not in result.out
    assert "[red]x[/red]" in tc("incident", "show", "1").out
    assert "[red]x[/red]" in tc("queue").out
    assert "[blink]hi[/blink]" in tc("incident", "show", "1").out
    assert tc("incident", "show", "1", "--json").json()["subject"] == HOSTILE  # as written


@pytest.mark.parametrize("json", [False, True])
def test_a_plan_the_policy_does_not_know_prints_the_error_alone(tc, opened, db_file, json):
    """A database made under another policy (``demo --policy client-contract`` read with
    the default one): ``show`` says so, and prints nothing of the incident before it."""
    with sqlite3.connect(db_file) as connection:
        connection.execute(
            "UPDATE incident SET plan = 'gold', clock_log = replace(clock_log, ?, ?) "
            "WHERE number = '2025-000001'",
            ('"plan": "basic"', '"plan": "gold"'),
        )
    connection.close()
    shown = tc("incident", "show", "1", *(["--json"] if json else []))
    assert shown.code != 0
    assert "unknown plan 'gold'; policy 'default' has: basic" in shown.err
    assert shown.out == ""
