"""``techconsole checks``: the monthly health checks from the command line (seed 004), on
SQLite and PostgreSQL: the agreed day, what is due and overdue, recording a check with its
findings, a repeat after a dangerous finding, an incident from a finding, the report."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import pg_schemas

from .conftest import made_by_commands

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.skipif(
    not pg_schemas.PG_URL, reason=pg_schemas.NO_SERVER
))]  # fmt: skip


#: Studio Rossi under the client contract for 2026 (id 1) with PC-Reception (#1) and
#: PC-Ufficio (#2), both covered from Monday 5 January 2026; Bar Sport under contract
#: until Sunday 15 March 2026 (id 2) with PC-Banco (#3)
OFFICE = (
    ("tech", "add", "bruno", "--name", "Bruno Neri"),
    ("customer", "add", "Studio Rossi"),
    ("customer", "contract-add", "1", "--plan", "client",
     "--from", "2026-01-01", "--to", "2026-12-31"),
    ("customer", "add", "Bar Sport"),
    ("customer", "contract-add", "2", "--plan", "client",
     "--from", "2025-03-16", "--to", "2026-03-15"),
    ("asset", "add", "1", "PC-Reception", "--since", "2026-01-05"),
    ("asset", "add", "1", "PC-Ufficio", "--since", "2026-01-05"),
    ("asset", "add", "2", "PC-Banco", "--since", "2026-01-05"),
    *(
        ("asset", "verify", machine, "antivirus", "backup", "--at", "2026-01-05T09:00")
        for machine in ("1", "2", "3")
    ),
)  # fmt: skip


@pytest.fixture(scope="module")
def checks_office(migrated_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The SQLite office of :data:`OFFICE`, made once for the module by the commands."""
    folder = tmp_path_factory.mktemp("checks-office")
    return made_by_commands(migrated_template, folder, OFFICE, "--policy", "client-contract")


@pytest.fixture(params=BACKENDS)
def cc(request, run, tmp_path, os_user, monkeypatch, checks_office: Path):
    """Commands under the client-contract preset, by anna (lead), on the office of
    :data:`OFFICE` (SQLite: a copy of the module's; PostgreSQL: made by the commands in
    a schema of its own)."""
    monkeypatch.delenv("TECHCONSOLE_DB", raising=False)
    monkeypatch.delenv("TECHCONSOLE_USER", raising=False)
    if request.param == "sqlite":
        url = str(tmp_path / "techconsole.db")
        shutil.copyfile(checks_office, url)
        made = None
    else:
        made = pg_schemas.schema()
        url = made.__enter__().url

    def invoke(*args: str, as_: str = "anna"):
        os_user(as_)
        return run(*args, "--db", url, "--policy", "client-contract")

    if made is not None:
        for args in OFFICE:
            done = invoke(*args)
            assert done.code == 0, (args, done.err)
    yield invoke
    if made is not None:
        made.__exit__(None, None, None)


def test_the_agreed_day_set_and_shown(cc):
    shown = cc("checks", "schedule", "Studio", "--json").json()
    assert (shown["rule"], shown["agreed"]) == ("FIRST-WORKING-DAY", False)
    assert shown["words"] == "the first working day of the month"
    said = cc("checks", "schedule", "Studio", "primo martedì", "--tech", "bruno")
    assert said.code == 0, said.err
    assert "Studio Rossi: checks on the first Tuesday of the month · done by bruno" in said.out
    listed = cc("checks", "schedule", "--json").json()
    assert [(s["customer"], s["rule"], s["technician"]) for s in listed] == [
        ("Studio Rossi", "FREQ=MONTHLY;BYDAY=+1TU", "bruno")
    ]
    rrule = cc("checks", "schedule", "2", "RRULE:FREQ=MONTHLY;BYMONTHDAY=31", "--json").json()
    assert rrule["rule"] == "FREQ=MONTHLY;BYMONTHDAY=31"
    bad = cc("checks", "schedule", "2", "every other week")
    assert bad.code == 2
    assert "'every other week' is not a schedule" in " ".join(bad.err.split())
    assert "Traceback" not in bad.err


def test_due_record_and_overdue(cc):
    cc("checks", "schedule", "1", "first tuesday")
    due = cc("checks", "due", "--at", "2026-01-06", "--customer", "1", "--json").json()
    assert [(c["asset"], c["day"], c["state"]) for c in due["checks"]] == [
        ("PC-Reception", "2026-01-06", "due"),
        ("PC-Ufficio", "2026-01-06", "due"),
    ]
    assert due["every_months"] == 1
    done = cc(
        "checks", "record", "1", "--at", "2026-01-06T15:00", "--all-ok",
        "--item", "backup=fixed:il job notturno era fermo, riavviato",
        "--note", "Tutto in ordine", "--json",
    )  # fmt: skip
    assert done.code == 0, done.err
    data = done.json()
    assert (data["number"], data["due_on"], data["outcome"]) == (
        "CP-2026-0001",
        "2026-01-06",
        "fixed",
    )
    assert data["no_personal_access"] is True
    assert data["statement"]["it"].startswith("Le operazioni svolte non hanno richiesto")
    # February's check of PC-Reception not done: overdue in March; PC-Ufficio since January
    march = cc("checks", "due", "--at", "2026-03-02", "--customer", "1", "--json").json()
    assert [(c["asset"], c["day"], c["state"]) for c in march["checks"]] == [
        ("PC-Ufficio", "2026-01-06", "overdue"),
        ("PC-Reception", "2026-02-03", "overdue"),
    ]
    assert march["overdue"] == 2
    words = cc("checks", "due", "--at", "2026-03-02", "--customer", "1").out
    assert "overdue" in words and "PC-Ufficio" in words and "2 overdue" in words
    shown = cc("checks", "show", "CP-2026-0001")
    assert "il job notturno era fermo, riavviato" in shown.out
    assert "The check did not require access to personal documents" in " ".join(shown.out.split())
    assert cc("checks", "list", "--json").json()[0]["number"] == "CP-2026-0001"


def test_months_of_different_lengths_and_a_contract_ending_mid_month(cc):
    cc("checks", "schedule", "2", "day 31")
    jan = cc("checks", "due", "--at", "2026-01-31", "--customer", "2", "--json").json()
    assert [(c["day"], c["state"]) for c in jan["checks"]] == [("2026-01-31", "due")]
    assert cc("checks", "record", "3", "--all-ok", "--at", "2026-01-31T10:00").code == 0
    feb = cc("checks", "due", "--at", "2026-02-28", "--customer", "2", "--json").json()
    assert [(c["day"], c["state"]) for c in feb["checks"]] == [("2026-02-28", "due")]
    assert cc("checks", "record", "3", "--all-ok", "--at", "2026-02-28T10:00").code == 0
    # the contract ends on 15 March: the 31st finds it out of contract, and so on
    after = cc("checks", "due", "--at", "2026-04-10", "--customer", "2", "--upcoming", "--json")
    assert after.json()["checks"] == []
    assert after.json()["uncovered"] == []  # no contract: not a machine left out


def test_a_machine_not_covered_is_listed_apart(cc):
    lost = cc("asset", "verify", "2", "backup", "--missing", "--at", "2026-01-20T10:00")
    assert lost.code == 0, lost.err
    feb = cc("checks", "due", "--at", "2026-02-02", "--customer", "1", "--json").json()
    assert [c["asset"] for c in feb["checks"]] == ["PC-Reception"]
    assert [(u["asset"], u["reasons"]) for u in feb["uncovered"]] == [
        ("PC-Ufficio", ["backup not installed since 20/01/2026"])
    ]
    words = " ".join(cc("checks", "due", "--at", "2026-02-02", "--customer", "1").out.split())
    assert "Not covered: no check" in words and "backup not installed since 20/01/2026" in words
    # the backup put back and checked: the check verifies it, and the machine is covered
    done = cc(
        "checks", "record", "2", "--at", "2026-02-03T10:00", "--all-ok",
        "--item", "backup=fixed:reinstallato il client di backup",
        "--item", "antivirus=problem:firme non aggiornate",
    )  # fmt: skip
    assert done.code == 0, done.err
    said = " ".join(done.out.split())
    assert "found installed, recorded as verified on the machine: backup" in said
    march = cc("checks", "due", "--at", "2026-03-02", "--customer", "1", "--json").json()
    assert march["uncovered"] == []
    assert sorted(c["asset"] for c in march["checks"]) == ["PC-Reception", "PC-Ufficio"]
    again = cc("checks", "record", "2", "--at", "2026-03-02T10:00", "--all-ok", "--json")
    assert again.json()["software_verified"] == ["antivirus", "backup"]


def test_a_dangerous_finding_a_repeat_and_an_incident(cc, tmp_path: Path):
    done = cc(
        "checks", "record", "1", "--at", "2026-02-02T17:00", "--all-ok",
        "--item", "disk_health=danger:SMART in allarme, 120 settori riallocati",
        "--item", "os_updates=problem:aggiornamento in errore",
        "--incident", "disk_health",
    )  # fmt: skip
    assert done.code == 0, done.err
    said = " ".join(done.out.split())
    assert "dangerous condition: a repeat check is due by 09/02/2026" in said
    assert "incident 2026-000001 opened: Disk health" in said
    due = cc("checks", "due", "--at", "2026-02-10", "--customer", "1", "--json").json()
    repeat = [c for c in due["checks"] if c["kind"] == "repeat"]
    assert [(c["day"], c["state"], c["repeat_of"]) for c in repeat] == [
        ("2026-02-09", "overdue", "CP-2026-0001")
    ]
    opened = cc("checks", "incident", "CP-2026-0001", "os_updates", "--json")
    assert opened.json() == {
        "check": "CP-2026-0001",
        "item": "os_updates",
        "incident": "2026-000002",
    }
    incident = cc("incident", "show", "2026-000001", "--json").json()
    assert incident["machine"]["name"] == "PC-Reception"
    assert incident["channel"] == "health_check"
    again = cc("checks", "incident", "CP-2026-0001", "os_updates")
    assert again.code == 1 and "has an incident already" in again.err
    folder = tmp_path / "reports"
    folder.mkdir()
    for fmt, lang in (("pdf", "it"), ("md", "en"), ("json", "it")):
        written = cc("checks", "report", "CP-2026-0001", "--format", fmt, "--lang", lang,
                     "--out", str(folder))  # fmt: skip
        assert written.code == 0, written.err
    assert sorted(p.name for p in folder.iterdir()) == [
        "CP-2026-0001-en.md",
        "CP-2026-0001.json",
        "CP-2026-0001.pdf",
    ]
    markdown = (folder / "CP-2026-0001-en.md").read_text(encoding="utf-8")
    assert "The check did not require access to personal documents" in markdown
    assert "repeated by 9 Feb 2026" in markdown


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("checks", "record", "1", "--item", "backup"), "write an item as KEY=OUTCOME"),
        (("checks", "record", "1", "--item", "backup=ok"), "missing: system_logs"),
        (("checks", "record", "1", "--all-ok", "--item", "printer=ok"), "not on the checklist"),
        (("checks", "record", "1", "--all-ok", "--at", "2099-01-01T10:00"), "in the future"),
        (("checks", "record", "0", "--all-ok"), "is not a whole number"),
        (("checks", "show", "CP-2026-0099"), "no health check CP-2026-0099"),
        (("checks", "due", "--at", "yesterday-ish"), "is not a date"),
        (
            ("checks", "report", "CP-2026-0001", "--format", "docx"),
            "'docx' is not one of the values accepted: pdf, md, json",
        ),
    ],
)
def test_bad_input_is_refused_with_a_message(cc, args, said):
    result = cc(*args)
    assert result.code == 2, (result.out, result.err)
    assert said in " ".join(result.err.split())
    assert "Traceback" not in result.err
    assert cc("checks", "list", "--json").json() == []  # nothing half-written


def test_in_italian_by_default(cc, monkeypatch):
    monkeypatch.delenv("TECHCONSOLE_LANG")
    cc("checks", "schedule", "1", "primo martedì")
    said = " ".join(cc("checks", "schedule", "1").out.split())
    assert "Studio Rossi: controlli il primo martedì del mese" in said
    due = " ".join(cc("checks", "due", "--at", "2026-03-02", "--customer", "1").out.split())
    assert "scaduto" in due and "Controlli periodici al 02/03/2026" in due
    # the overdue are among those to do, not more of them
    assert "2 controlli da fare, di cui 2 scaduti" in due
    bad = cc("checks", "record", "1", "--item", "backup=forse")
    assert bad.code == 2
    assert "'forse' non è un esito" in " ".join(bad.err.split())
    done = cc("checks", "record", "1", "--at", "2026-03-02T10:00", "--all-ok")
    assert done.code == 0, done.err
    said = " ".join(done.out.split())
    assert "rapporto: techconsole checks report CP-2026-0001" in said, said  # not "report:"
