"""Who acts, through the real entry point: the real OS user, and a lead acting for someone.

In-process, the person is set with the test-only seam (``os_user``, see
``tests/os_users.py``); ``test_identity_os_users.py`` runs real processes as real OS
users.  The office (``conftest.py``) was made by anna, its first lead; bruno is a
technician.
"""

from __future__ import annotations

import os
import pwd
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

MONDAY = "2025-03-03T10:00"


def dump(path: Path) -> list[str]:
    """Everything the database holds, as SQL: equal dumps, nothing written."""
    connection = sqlite3.connect(path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def audit_rows(path: Path) -> list[tuple[str, str, str | None, str | None]]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(
            "SELECT action, actor, os_user, db_user FROM audit ORDER BY id"
        ).fetchall()
    finally:
        connection.close()


def one_line(text: str) -> str:
    return " ".join(text.split())  # Rich wraps long messages at the terminal's width


# ------------------------------------------------------------------ a lead acts for someone
def test_a_lead_acts_on_a_technicians_behalf_and_the_audit_has_both(tc, office, db_file):
    added = tc("--as", "bruno", "incident", "add", "Printer", "-c", "1", "--at", MONDAY)
    assert added.code == 0, added.err
    claimed = tc("incident", "claim", "1", "--as", "bruno", "--json")
    assert claimed.code == 0, claimed.err
    assert claimed.json()["assignee"] == "bruno"  # acted as bruno: his incident
    shown = tc("incident", "show", "1", "--json").json()
    assert [e["actor"] for e in shown["timeline"]] == ["bruno", "bruno"]
    rows = audit_rows(db_file)[-2:]
    assert rows == [
        ("incident.opened", "bruno", "anna", None),  # for bruno, run by anna; SQLite: no db_user
        ("incident.claimed", "bruno", "anna", None),
    ]


def test_acting_for_someone_the_checks_are_theirs(tc, office):
    """anna is a lead, bruno is not: on his behalf she cannot do what only a lead does."""
    result = tc("month", "close", "2025-02", "--as", "bruno")
    assert result.code == 1
    assert "only a team lead" in result.err


def test_whoami_shows_both_people(tc, office):
    said = tc("tech", "whoami", "--as", "bruno")
    assert said.code == 0, said.err
    assert "anna on behalf of bruno — Bruno Neri (technician)" in said.out
    data = tc("tech", "whoami", "--as", "bruno", "--json").json()
    assert (data["login"], data["os_user"], data["role"]) == ("bruno", "anna", "technician")
    alone = tc("tech", "whoami", "--json", as_="bruno").json()
    assert (alone["login"], alone["os_user"]) == ("bruno", "bruno")
    assert "on behalf" not in tc("tech", "whoami", as_="bruno").out


def test_as_naming_yourself_needs_no_lead(tc, office):
    result = tc("tech", "whoami", "--as", "bruno", "--json", as_="bruno")
    assert result.code == 0, result.err
    assert result.json()["login"] == "bruno"


# ------------------------------------------------------------------ anyone else is refused
@pytest.mark.parametrize(
    "command",
    [
        ("customer", "add", "Nuovo Cliente"),  # a write
        ("incident", "add", "Printer", "-c", "1"),
        ("queue",),  # and a read
        ("tech", "list"),
    ],
)
def test_as_from_a_technician_is_refused_and_nothing_is_written(tc, office, db_file, command):
    before = dump(db_file)
    result = tc(*command, "--as", "anna", as_="bruno")
    assert result.code == 2
    assert result.out == ""
    message = one_line(result.err)
    assert "--as anna: only an active team lead of this database may act on someone" in message
    assert "you (bruno) are not one; nothing was done" in message
    assert "Traceback" not in result.err
    assert dump(db_file) == before


def test_techconsole_user_from_a_technician_is_refused(tc, office, db_file, monkeypatch):
    monkeypatch.setenv("TECHCONSOLE_USER", "anna")
    before = dump(db_file)
    result = tc("customer", "add", "Nuovo Cliente", as_="bruno")
    assert result.code == 2
    assert "TECHCONSOLE_USER=anna: only an active team lead" in one_line(result.err)
    assert dump(db_file) == before
    # the same variable is honoured for anna, a lead
    assert tc("tech", "whoami", "--json", as_="anna").json()["login"] == "anna"


def test_the_config_files_user_from_a_technician_is_refused(
    tc, office, db_file, monkeypatch, tmp_path
):
    config = tmp_path / "config.toml"
    config.write_text('user = "anna"\n', encoding="utf-8")
    monkeypatch.setenv("TECHCONSOLE_CONFIG", str(config))
    before = dump(db_file)
    result = tc("incident", "add", "Printer", "-c", "1", as_="bruno")
    assert result.code == 2
    assert f'{config}: user = "anna": only an active team lead' in one_line(result.err)
    assert dump(db_file) == before
    config.write_text('user = "bruno"\n', encoding="utf-8")
    me = tc("tech", "whoami", "--json", as_="anna").json()  # a lead: honoured
    assert (me["login"], me["os_user"]) == ("bruno", "anna")


def test_the_refusal_is_in_italian(tc, office, monkeypatch):
    monkeypatch.delenv("TECHCONSOLE_LANG")
    result = tc("queue", "--as", "anna", as_="bruno")
    assert result.code == 2
    message = one_line(result.err)
    assert "errore" in message
    assert "--as anna: solo un responsabile del team attivo in questo database può agire" in (
        message
    )
    assert "tu (bruno) non lo sei; non è stato fatto nulla" in message


def test_someone_outside_the_team_cannot_act_for_a_member(tc, office, db_file):
    before = dump(db_file)
    result = tc("tech", "add", "zoe", "--name", "Zoe", "--role", "lead", "--as", "anna", as_="zoe")
    assert result.code == 2
    assert "you (zoe) are not one" in one_line(result.err)
    assert dump(db_file) == before


# ------------------------------------------------------------------ the first lead
def test_db_init_makes_whoever_creates_the_database_its_first_lead(run, db_file, os_user):
    os_user("bruno")
    made = run("db", "init", "--db", str(db_file), "--json")
    assert made.code == 0, made.err
    assert made.json()["first_lead"] == "bruno"
    assert "You (bruno) are the first lead of this database" in made.err
    assert audit_rows(db_file) == [("technician.add", "bruno", "bruno", None)]
    os_user("anna")  # the next person is nobody yet, and cannot make herself a lead
    again = run("db", "init", "--db", str(db_file), "--json")
    assert again.json()["first_lead"] is None
    refused = run("tech", "add", "anna", "--name", "Anna", "--role", "lead", "--db", str(db_file))
    assert refused.code == 2
    assert "'anna' is not a technician" in refused.err
    leads = run("tech", "list", "--json", "--db", str(db_file), "--as", "bruno")
    assert leads.code == 2  # nor act as the lead who is


def test_the_first_lead_gets_the_name_of_their_passwd_entry(tc, os_user):
    os_user("carla")
    me = tc("tech", "whoami", "--json", as_=None).json()
    assert (me["login"], me["name"], me["role"]) == ("carla", "Carla Bruni", "lead")


def test_the_first_lead_may_act_for_anyone_they_add(tc):
    assert tc("tech", "add", "bruno", "--name", "Bruno Neri").code == 0  # anna: first lead
    me = tc("tech", "whoami", "--as", "bruno", "--json").json()
    assert (me["login"], me["os_user"]) == ("bruno", "anna")


# ------------------------------------------------------------------ real processes
def test_logname_and_user_are_not_who_you_are(tmp_path: Path):
    """A real process: the environment cannot make anyone someone else."""
    db = str(tmp_path / "tc.db")
    real = pwd.getpwuid(os.getuid()).pw_name  # not the seam: this process's real user
    if real == "anna":
        pytest.skip("the tests run as an OS user called anna: pick another name to pretend")
    env = {
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": ":".join(sys.path),
        "TECHCONSOLE_LANG": "en",
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_CONFIG_DIRS": str(tmp_path / "site"),
        "HOME": str(tmp_path),
        "LOGNAME": "anna",
        "USER": "anna",
        "USERNAME": "anna",
        "LNAME": "anna",
    }
    done = subprocess.run(
        [sys.executable, "-m", "techconsole", "tech", "whoami", "--json", "--db", db],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert '"login": "anna"' not in done.stdout
    assert f'"os_user": "{real}"' in done.stdout
    assert f'"login": "{real}"' in done.stdout
