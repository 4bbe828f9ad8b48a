from __future__ import annotations

import subprocess
import sys


def test_the_first_person_to_open_the_database_is_its_lead(tc):
    result = tc("tech", "whoami", "--json")
    assert result.code == 0, result.err
    assert result.json() == {
        "id": 1,
        "login": "anna",
        "name": "Anna Rossi",  # from her passwd entry
        "role": "lead",
        "active": True,
        "os_user": "anna",
    }
    assert "You (anna) are the first lead of this database" in result.err
    again = tc("tech", "add", "bruno", "--name", "Bruno Neri", "--json")
    assert again.json()["role"] == "technician"
    assert "first lead" not in again.err  # said once


def test_a_lead_adds_technicians_and_leads(tc, office):
    lead = tc("tech", "add", "carla", "--name", "Carla Bruni", "--role", "lead", "--json").json()
    assert lead["role"] == "lead"
    assert lead["login"] == "carla"
    listed = tc("tech", "list", "--json").json()
    assert [(t["login"], t["role"]) for t in listed] == [
        ("anna", "lead"),
        ("bruno", "technician"),
        ("carla", "lead"),
    ]
    table = tc("tech", "list")
    assert "Bruno Neri" in table.out


def test_a_technician_cannot_add_people(tc, office):
    result = tc("tech", "add", "dario", "--name", "Dario", as_="bruno")
    assert result.code == 1
    assert "only a team lead" in result.err


def test_adding_someone_twice_is_refused(tc, office):
    result = tc("tech", "add", "bruno", "--name", "Bruno Neri")
    assert result.code == 1
    assert "already a technician" in result.err


def test_bad_role_or_login_is_bad_input(tc, office):
    assert tc("tech", "add", "dario", "--name", "D", "--role", "boss").code == 2
    assert tc("tech", "add", "da rio", "--name", "D").code == 2


def test_whoami(tc, office):
    data = tc("tech", "whoami", "--json", as_="bruno").json()
    assert data["login"] == "bruno"
    assert data["role"] == "technician"
    assert "bruno — Bruno Neri (technician)" in tc("tech", "whoami", as_="bruno").out


def test_unknown_login_exits_2_with_how_to_be_added(tc, office):
    result = tc("tech", "whoami", as_="zoe")
    assert result.code == 2
    assert "'zoe' is not a technician" in result.err
    assert 'techconsole tech add zoe --name "Your Name"' in result.err.replace("\n", " ")
    assert result.out == ""


def test_a_lead_acts_on_behalf_of_the_login_in_techconsole_user(tc, office, monkeypatch):
    monkeypatch.setenv("TECHCONSOLE_USER", "bruno")
    me = tc("tech", "whoami", "--json", as_="anna").json()
    assert (me["login"], me["os_user"]) == ("bruno", "anna")
    said = tc("tech", "whoami", as_="anna").out
    assert "anna on behalf of bruno — Bruno Neri (technician)" in said


def test_hostile_name_is_shown_verbatim(tc, office):
    tc("tech", "add", "eve", "--name", "[red]Eve[/red]\x1b[2J")
    out = tc("tech", "list").out
    assert "[red]Eve[/red]" in out
    assert "\x1b" not in out


def test_real_process_unknown_login_exits_2_without_traceback(tmp_path):
    db = str(tmp_path / "tc.db")
    command = [sys.executable, "-m", "techconsole"]
    first = subprocess.run(  # whoever runs the tests becomes the first lead
        [*command, "tech", "add", "anna", "--name", "Anna", "--db", db],
        capture_output=True,
        text=True,
        check=False,
    )
    assert first.returncode == 0, first.stderr
    proc = subprocess.run(
        [*command, "queue", "--view", "mine", "--db", db, "--as", "nobody"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    message = " ".join(proc.stderr.split())  # Rich wraps at the terminal width
    assert "'nobody' is not a technician" in message
    assert 'a lead adds them with: techconsole tech add nobody --name "Their Name"' in message
    assert proc.stdout == ""


def test_a_lead_deactivates_someone_who_left_and_activates_them_again(tc, office):
    tc("incident", "add", "Stampante", "-c", "1")
    assert tc("incident", "assign", "1", "bruno").code == 0
    gone = tc("tech", "deactivate", "bruno")
    assert gone.code == 0, gone.err
    assert "bruno (Bruno Neri) deactivated" in gone.out
    assert "1 open incident is still assigned to them" in gone.out
    assert "techconsole incident assign" in gone.out
    assert [t["login"] for t in tc("tech", "list", "--json").json()] == ["anna"]
    gone_away = tc("tech", "whoami", as_="bruno")  # no longer one of us
    assert gone_away.code == 2
    assert "'bruno' is no longer active" in gone_away.err
    assert "techconsole tech activate bruno" in gone_away.err
    refused = tc("incident", "assign", "1", "bruno")
    assert refused.code == 1
    assert "bruno is not active" in refused.err
    again = tc("tech", "deactivate", "bruno")
    assert again.code == 1
    assert "already inactive" in again.err
    back = tc("tech", "activate", "bruno", "--json")
    assert back.code == 0, back.err
    assert back.json()["active"] is True
    assert tc("tech", "whoami", as_="bruno").code == 0


def test_acting_for_someone_deactivated_or_unknown_speaks_of_them_to_the_lead(
    tc, office, monkeypatch
):
    """anna (a lead) reads the refusal, not bruno: it speaks of bruno; bruno himself is
    still addressed."""
    assert tc("tech", "deactivate", "bruno").code == 0
    for lang, said, not_said in (
        ("en", "'bruno' is no longer active on this database: a lead lets them in again "
         "with: techconsole tech activate bruno", "lets you in"),
        ("it", "'bruno' non è più attivo in questo database: un responsabile lo riattiva "
         "con: techconsole tech activate bruno", "ti riattiva"),
    ):  # fmt: skip
        monkeypatch.setenv("TECHCONSOLE_LANG", lang)
        refused = tc("tech", "whoami", "--as", "bruno")
        assert refused.code == 2
        message = " ".join(refused.err.split())
        assert said in message and not_said not in message
    monkeypatch.setenv("TECHCONSOLE_LANG", "it")
    himself = " ".join(tc("tech", "whoami", as_="bruno").err.split())
    assert "Un responsabile ti riattiva con: techconsole tech activate bruno" in himself
    monkeypatch.setenv("TECHCONSOLE_LANG", "en")
    nobody = tc("tech", "whoami", "--as", "zeno")
    assert nobody.code == 2
    message = " ".join(nobody.err.split())
    assert "'zeno' is not a technician of this database: a lead adds them with" in message
    assert 'techconsole tech add zeno --name "Their Name"' in message
    assert "adds you" not in message


def test_a_lead_cannot_deactivate_themselves(tc, office):
    """So an active lead is always left to undo a deactivation."""
    yourself = tc("tech", "deactivate", "anna")
    assert yourself.code == 1
    assert "you cannot deactivate yourself" in yourself.err
    assert tc("tech", "deactivate", "bruno", as_="bruno").code == 1  # a lead's step
    assert tc("tech", "deactivate", "zorro").code == 2
    tc("tech", "add", "carla", "--name", "Carla Bruni", "--role", "lead")
    assert tc("tech", "deactivate", "anna", as_="carla").code == 0
