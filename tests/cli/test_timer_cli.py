"""``techconsole timer|material|bill|month``: JSON field by field (plain numbers for
machines), Italian money for people, exit codes (0 done, 1 refused, 2 bad input)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

ROME = ZoneInfo("Europe/Rome")
NBSP = "\u00a0"  # babel puts a no-break space before the euro sign
MONDAY = "2025-03-03"  # Basic plan: office hours 09-13, 14-18


def at(hhmm: str, day: str = MONDAY) -> str:
    return f"{day}T{hhmm}"


def ok(result):
    assert result.code == 0, result.err
    return result


@pytest.fixture
def incident(tc, office) -> str:
    """2025-000001: Ottica (Basic contract), not urgent, promised on site by 10:00."""
    ok(tc("incident", "add", "PC non si accende", "-c", "1", "--at", at("10:00")))
    ok(tc("incident", "ack", "1", "--on-site-by", at("10:00"), "--at", at("10:00")))
    return "2025-000001"


@pytest.fixture
def work_report(tc, incident) -> str:
    """examples.md "A whole work report": arrived 11:30, 65 + 20 minutes, RAM 8 GB."""
    ok(tc("incident", "on-site", "1", "--at", at("11:30")))
    ok(tc("timer", "start", "1", "--kind", "on_site", "--at", at("11:30")))
    ok(tc("timer", "stop", "--at", at("12:35")))
    ok(tc("timer", "start", "1", "--kind", "on_site", "--at", at("14:00")))
    ok(tc("timer", "stop", "--at", at("14:20")))
    ok(tc("material", "add", "1", "RAM 8 GB", "--price", "35.00"))
    return incident


# --- timer ----------------------------------------------------------------------------------


def test_timer_start_status_stop_json(tc, incident):
    assert ok(tc("timer", "status", "--json")).json() is None

    started = ok(tc("timer", "start", "1", "--kind", "on_site", "--at", at("11:30"), "--json"))
    data = started.json()
    assert data["id"] == 1
    assert data["incident"] == incident
    assert data["technician"] == "anna"
    assert data["kind"] == "on_site"
    assert data["started_at"] == "2025-03-03T11:30:00+01:00"
    assert data["ended_at"] is None
    assert data["running"] is True
    assert isinstance(data["minutes"], int)
    assert data["minutes"] > 60 * 24 * 365  # started in 2025 and still running
    assert isinstance(data["units"], int)
    assert data["amount"] == f"{data['units'] * 40}.00"
    assert data["stale"] is True  # more than 10 h, and across midnight
    assert data["note"] == ""

    status = ok(tc("timer", "status", "--json")).json()
    assert status["id"] == 1
    assert status["running"] is True
    assert status["started_at"] == "2025-03-03T11:30:00+01:00"

    stopped = ok(tc("timer", "stop", "--at", at("12:35"), "--note", "RAM sostituita", "--json"))
    assert stopped.json() == {
        "id": 1,
        "incident": incident,
        "technician": "anna",
        "kind": "on_site",
        "started_at": "2025-03-03T11:30:00+01:00",
        "ended_at": "2025-03-03T12:35:00+01:00",
        "running": False,
        "minutes": 65,
        "units": 4,
        "amount": "160.00",
        "stale": False,
        "note": "RAM sostituita",
        "discarded": False,
        "free": False,
    }
    assert ok(tc("timer", "status", "--json")).json() is None


def test_timer_human_output(tc, incident):
    started = ok(tc("timer", "start", "1", "--at", at("11:30")))
    assert "timer started: #1 2025-000001 remote 03/03/2025 11:30–running" in started.out
    # a timer this old is flagged, and the person is asked for the real end
    assert "⚠ looks forgotten: stop it with --at the real end" in started.out
    assert "[yellow]" not in started.out  # markup, not text

    status = ok(tc("timer", "status"))
    assert "▶ PC non si accende" in status.out
    assert "#1 2025-000001 remote 03/03/2025 11:30–running" in status.out

    stopped = ok(tc("timer", "stop", "--at", at("12:35")))
    assert (
        f"timer stopped: #1 2025-000001 remote 03/03/2025 11:30–12:35 · 1h 05m · 4 scatti · "
        f"160,00{NBSP}€" in stopped.out
    )
    assert "looks forgotten" not in stopped.out
    assert ok(tc("timer", "status")).out.strip() == "No timer running."


def test_timer_list(tc, work_report):
    rows = ok(tc("timer", "list", "--json")).json()
    assert [(r["id"], r["started_at"], r["ended_at"], r["minutes"], r["units"]) for r in rows] == [
        (1, "2025-03-03T11:30:00+01:00", "2025-03-03T12:35:00+01:00", 65, 4),
        (2, "2025-03-03T14:00:00+01:00", "2025-03-03T14:20:00+01:00", 20, 1),
    ]
    assert [r["amount"] for r in rows] == ["160.00", "40.00"]
    assert len(ok(tc("timer", "list", "--month", "2025-03", "--json")).json()) == 2
    assert ok(tc("timer", "list", "--month", "2025-04", "--json")).json() == []
    assert ok(tc("timer", "list", "--tech", "bruno", "--json")).json() == []
    assert len(ok(tc("timer", "list", "--all", "--json")).json()) == 2
    assert len(ok(tc("timer", "list", "--incident", "1", "--json", as_="bruno")).json()) == 2

    table = ok(tc("timer", "list")).out
    assert "03/03/2025 11:30" in table
    assert f"160,00{NBSP}€" in table
    assert "2 sessions, 5 scatti" in table
    assert "free" not in table and all(r["free"] is False for r in rows)  # billed, all of it

    # a session of 40 min 30 s bills 3 scatti: it reads 41 min, as its work report says
    # (a started minute counts), not 40 min beside 3 scatti
    ok(tc("timer", "add", "1", "--from", "2025-03-04T09:00:00", "--to", "2025-03-04T09:40:30"))
    row = ok(tc("timer", "list", "--json")).json()[-1]
    assert (row["minutes"], row["units"]) == (41, 3)
    last = ok(tc("timer", "list")).out.splitlines()[-3]
    assert "0h 41m" in last and " 3 " in last, last

    bad = tc("timer", "list", "--month", "marzo")
    assert bad.code == 2
    assert "YYYY-MM" in bad.err


def test_timer_refusals_and_exit_codes(tc, incident):
    stop = tc("timer", "stop")
    assert stop.code == 1
    assert "no timer is running for you" in stop.err

    bad_kind = tc("timer", "start", "1", "--kind", "holiday")
    assert bad_kind.code == 2
    said = " ".join(bad_kind.err.split())
    assert "'holiday' is not one of the values accepted: remote, on_site, phone" in said

    unknown = tc("timer", "start", "2025-000999")
    assert unknown.code == 2

    ok(tc("timer", "start", "1", "--at", at("15:00")))
    before = tc("timer", "stop", "--at", at("14:59"))
    assert before.code == 2
    assert "the end 03/03/2025 14:59 is before the start 03/03/2025 15:00" in before.err
    assert ok(tc("timer", "status", "--json")).json()["running"] is True  # nothing written

    second = tc("timer", "start", "1")
    assert second.code == 1
    assert "your timer is running on 2025-000001" in second.err

    ok(tc("timer", "stop", "--at", at("16:00")))
    overlap = tc("timer", "start", "1", "--at", at("15:30"))
    assert overlap.code == 1
    assert "overlaps your session #1 (03/03/2025 15:00–16:00)" in overlap.err


def test_switch_and_edit(tc, incident):
    ok(tc("incident", "add", "Stampante", "-c", "1", "--at", at("10:00")))
    ok(tc("timer", "start", "1", "--at", at("11:00")))
    switched = ok(tc("timer", "start", "2", "--at", at("11:30"), "--switch", "--json")).json()
    assert switched["incident"] == "2025-000002"
    first = ok(tc("timer", "list", "--incident", "1", "--json")).json()[0]
    assert first["ended_at"] == "2025-03-03T11:30:00+01:00"
    assert first["note"] == "switched to 2025-000002"

    edited = ok(tc("timer", "edit", "1", "--end", at("11:25"), "--kind", "phone", "--json")).json()
    assert edited["ended_at"] == "2025-03-03T11:25:00+01:00"
    assert edited["kind"] == "phone"
    assert edited["units"] == 2

    other = tc("timer", "edit", "1", "--note", "mia", as_="bruno")
    assert other.code == 1
    assert "your own sessions" in other.err
    backwards = tc("timer", "edit", "1", "--end", at("10:00"))
    assert backwards.code == 2


# --- materials ------------------------------------------------------------------------------


def test_material_add_and_list(tc, incident):
    added = ok(
        tc(
            "material",
            "add",
            "1",
            "RAM 8 GB DDR4",
            "--price",
            "35.50",
            "--qty",
            "2",
            "--code",
            "KVR26",
            "--serial",
            "SN-1",
            "--json",
        )
    ).json()
    assert added["id"] == 1
    assert added["incident"] == incident
    assert added["description"] == "RAM 8 GB DDR4"
    assert added["code"] == "KVR26"
    assert added["serial"] == "SN-1"
    assert added["quantity"] == "2"
    assert added["unit_price"] == "35.50"
    assert added["amount"] == "71.00"
    assert added["warranty"] is False
    assert added["state"] == "fitted"  # a small part, accepted by the terms
    datetime.fromisoformat(added["used_on"])

    human = ok(tc("material", "add", "1", "Cavo", "--price", "3.33", "--qty", "1.5"))
    assert f"1,5 × Cavo at 3,33{NBSP}€ = 5,00{NBSP}€" in human.out
    ok(tc("material", "add", "1", "Disco", "--price", "89.90", "--warranty"))

    listed = ok(tc("material", "list", "1", "--json")).json()
    assert [(m["quantity"], m["unit_price"], m["amount"], m["warranty"]) for m in listed] == [
        ("2", "35.50", "71.00", False),
        ("1.5", "3.33", "5.00", False),
        ("1", "89.90", "0.00", True),
    ]
    table = ok(tc("material", "list", "1")).out
    assert "RAM 8 GB DDR4" in table
    assert f"71,00{NBSP}€" in table


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--price=-5",), "cannot be negative"),
        (("--price", "-35.00"), "cannot be negative"),
        (("--price", "10", "--qty", "-1"), "more than zero"),
        (("--price", "10", "--qty", "0"), "more than zero"),
        (("--price", "abc"), "is not a number"),
        (("--price", "35.505"), "more than 2 decimals"),
    ],
)
def test_bad_material_input_exits_2_and_writes_nothing(tc, incident, args, message):
    result = tc("material", "add", "1", "RAM", *args)
    assert result.code == 2
    assert message in result.err
    assert ok(tc("material", "list", "1", "--json")).json() == []


def test_a_customer_who_asked_to_be_told_gets_a_proposal(tc, office):
    """Seed 003: "Il cliente può comunque richiedere sempre di essere avvisato prima della
    sostituzione di qualunque parte di ricambio": proposed, not fitted (test_parts_cli)."""
    ok(tc("customer", "add", "Studio Attento", "--notify-before-parts"))
    ok(tc("incident", "add", "Alimentatore rotto", "-c", "Studio Attento", "--at", at("10:00")))
    human = ok(tc("material", "add", "1", "Alimentatore", "--price", "45"))
    said = " ".join(human.out.split())
    assert "proposed, awaiting confirmation" in said
    assert "the customer asked to be told before any spare part is replaced" in said
    data = ok(tc("material", "add", "1", "Cavo", "--price", "5", "--json")).json()
    assert (data["state"], data["proposed_because"]) == ("proposed", "asked")


# --- bill -----------------------------------------------------------------------------------


def test_bill_incident_json(tc, work_report):
    data = ok(tc("bill", "incident", "1", "--json")).json()
    assert data["incident"] == work_report
    assert data["customer"] == "Ottica Esempio S.n.c."
    assert data["plan"] == "basic"
    assert data["contract"] is True
    assert data["units"] == 5
    assert data["free_reason"] is None
    assert data["late_minutes"] == 90
    assert (data["late_term"], data["late_hours"]) == ("promise", 1)
    assert data["discount_percent"] == "20"
    assert [
        (ln["kind"], ln["quantity"], ln["unit_price"], ln["amount"]) for ln in data["lines"]
    ] == [
        ("labour", "4", "40.00", "160.00"),
        ("labour", "1", "40.00", "40.00"),
        ("callout", "1", "30.00", "30.00"),
        ("discount", "20", "230.00", "-46.00"),
        ("material", "1", "35.00", "35.00"),
    ]
    assert data["lines"][0]["description"] == "on_site 65 min"
    assert data["lines"][3]["reason"] == "late arrival after the promised time: 1 h of delay × 20 %"
    assert data["lines"][4]["description"] == "RAM 8 GB"
    assert data["taxable"] == "219.00"
    assert data["vat_percent"] == "22"
    assert data["vat"] == "48.18"
    assert data["total"] == "267.18"
    assert data["running_sessions"] == 0


def test_bill_incident_human_output_is_italian(tc, work_report, monkeypatch):
    monkeypatch.delenv("TECHCONSOLE_LANG")  # the default language
    out = ok(tc("bill", "incident", "1")).out
    assert "2025-000001 — Ottica Esempio S.n.c. · Basic 8×5" in out
    for amount in ("160,00", "40,00", "30,00", "-46,00", "35,00", "219,00", "48,18", "267,18"):
        assert f"{amount}{NBSP}€" in out
    assert f"20 % │ 230,00{NBSP}€" in out  # the discount: a percentage of its base
    assert "Imponibile" in out
    assert "IVA 22 %" in out
    assert "Totale" in out
    assert "267.18" not in out


def test_bill_with_a_running_session_and_a_free_reason(tc, incident, monkeypatch):
    ok(tc("incident", "triage", "1", "--warranty"))
    started = ok(tc("timer", "start", "1", "--at", at("11:00"))).out
    assert "free of charge" in started
    assert ok(tc("timer", "status", "--json")).json()["free"] is True
    out = ok(tc("bill", "incident", "1")).out
    assert "1 session still running is not billed yet" in out
    stopped = ok(tc("timer", "stop", "--at", at("11:30"))).out
    assert "free of charge" in stopped
    assert ok(tc("timer", "list", "--json")).json()[0]["free"] is True
    listed = ok(tc("timer", "list")).out  # worth 80 €, billed nothing: said on its line
    assert "80,00" in listed and "free of charge" in listed
    assert "1 session, 2 scatti (2 free of charge)" in listed
    data = ok(tc("bill", "incident", "1", "--json")).json()
    assert data["free_reason"] == "warranty – not billed"
    assert data["total"] == "0.00"
    assert "Free of charge: warranty – not billed" in ok(tc("bill", "incident", "1")).out
    monkeypatch.setenv("TECHCONSOLE_LANG", "it")  # the same reason, said in Italian
    assert ok(tc("bill", "incident", "1", "--json")).json()["free_reason"] == (
        "garanzia – non fatturato"
    )
    assert "garanzia – non fatturato" in ok(tc("bill", "incident", "1")).out


def test_bill_of_an_unknown_incident_exits_2(tc, office):
    result = tc("bill", "incident", "2025-000999")
    assert result.code == 2
    assert "no incident 2025-000999" in result.err
    assert tc("bill", "incident", "nonsense").code == 2


# --- months ---------------------------------------------------------------------------------


def test_month_close_list_reopen(tc, office):
    closed = ok(tc("month", "close", "2025-03", "--json")).json()
    assert closed == {"month": "2025-03", "closed": True, "closed_by": "anna"}
    (listed,) = ok(tc("month", "list", "--json")).json()
    assert listed["month"] == "2025-03"
    assert listed["closed_by"] == "anna"
    datetime.fromisoformat(listed["closed_at"])
    assert "2025-03 closed by anna" in ok(tc("month", "list")).out

    again = tc("month", "close", "2025-03")
    assert again.code == 1
    assert "already closed" in again.err

    reopened = ok(tc("month", "reopen", "2025-03"))
    assert "2025-03 reopened" in reopened.out
    assert "No month is closed." in ok(tc("month", "list")).out
    assert tc("month", "close", "2025-13").code == 2


def test_only_a_lead_closes_a_month(tc, office):
    result = tc("month", "close", "2025-03", as_="bruno")
    assert result.code == 1
    assert "only a team lead can close a month for invoicing" in result.err
    assert ok(tc("month", "list", "--json")).json() == []
    ok(tc("month", "close", "2025-03"))
    result = tc("month", "reopen", "2025-03", as_="bruno")
    assert result.code == 1
    assert "only a team lead can reopen a month" in result.err


def test_a_closed_month_refuses_changes_with_exit_1(tc, incident):
    ok(tc("timer", "start", "1", "--at", at("11:00")))
    running = tc("month", "close", "2025-03")
    assert running.code == 1
    assert "still running" in running.err
    ok(tc("timer", "stop", "--at", at("11:30")))
    ok(tc("month", "close", "2025-03"))

    start = tc("timer", "start", "1", "--at", at("15:00"))
    assert start.code == 1
    assert "2025-03 is closed for invoicing" in start.err
    assert "techconsole month reopen 2025-03" in start.err
    edit = tc("timer", "edit", "1", "--end", at("11:40"))
    assert edit.code == 1

    # materials are dated the day they are recorded: close this month (a month that has
    # not begun cannot be closed, so a run across the end of a month proves nothing)
    this_month = f"{datetime.now(ROME):%Y-%m}"
    ok(tc("month", "close", this_month))
    material = tc("material", "add", "1", "RAM", "--price", "35")
    if f"{datetime.now(ROME):%Y-%m}" != this_month:
        pytest.skip("the month ended while the test ran")
    assert material.code == 1
    assert "materials cannot change" in material.err
    assert ok(tc("material", "list", "1", "--json")).json() == []
