from __future__ import annotations

import re


def test_demo_fills_an_empty_database(tc):
    result = tc("demo", "--incidents", "60", "--seed", "3", "--json")
    assert result.code == 0, result.err
    data = result.json()
    assert data["seed"] == 3
    assert data["incidents"] == 60
    assert data["lead"] == "anna"  # whoever runs it joins the team as a lead
    assert data["customers"] >= 8
    assert data["open_incidents"] > 0
    assert data["work_sessions"] > 0
    assert data["reports"] == data["resolved"] + data["closed"] > 0  # one per finished job
    queue = tc("queue", "--json").json()
    assert queue["total"] == data["open_incidents"]
    status = tc("db", "status", "--json", as_=None).json()
    assert status["counts"]["incidents"] == 60
    assert status["counts"]["customers"] == data["customers"]
    assert tc("tech", "whoami", "--json").json()["role"] == "lead"
    # anna opened the new database first (its first lead), then the demo's team joined
    # her: its summary says so ("lead": anna), not the note of a new database that tells
    # her to add her team with tech add (the demo has just made it)
    assert "first lead" not in result.err and "tech add" not in result.err
    assert status["counts"]["technicians"] == data["team"] == data["technicians"] + 1


def test_demo_plain_summary(tc):
    result = tc("demo", "--incidents", "30", as_="marco")
    assert result.code == 0, result.err
    assert "demo data (seed 1)" in result.out
    assert "marco is a lead" in result.out
    team = len(tc("tech", "list", "--json", as_="marco").json())
    assert f"{team} technicians (marco is a lead)" in result.out  # marco among them
    assert "30 incidents" in result.out
    assert "work reports" in result.out


def test_demo_refuses_a_database_that_holds_customers(tc, office):
    result = tc("demo", "--incidents", "10")
    assert result.code == 1
    assert "already holds" in result.err
    assert tc("db", "status", "--json", as_=None).json()["counts"]["incidents"] == 0


def test_demo_bad_numbers(tc):
    assert tc("demo", "--incidents", "-1").code == 2
    assert tc("demo", "--customers", "0").code == 2


def test_demo_without_db_rebuilds_its_own_database_each_time(run, monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    first = run("demo", "--incidents", "12", "--json")
    again = run("demo", "--incidents", "20", "--json")
    assert first.code == 0, first.err
    assert again.code == 0, again.err  # not refused: the demo's own database is replaced
    path = tmp_path / "techconsole" / "demo.db"
    assert path.is_file()
    listed = run("incident", "list", "--db", str(path), "--json")
    assert len(listed.json()) == 20


def test_demo_writes_the_last_days_mail_for_mail_fetch(tc, tmp_path):
    """Beside the demo's database, a Maildir of requests, replies and noise; mail fetch
    opens incidents, notes the replies on theirs, ignores the machines, keeps the stranger."""
    box = tmp_path / "posta"
    made = tc("demo", "--incidents", "40", "--maildir", str(box), "--json")
    assert made.code == 0, made.err
    data = made.json()
    assert data["maildir"] == str(box)
    assert data["mail_messages"] == len(list((box / "new").iterdir())) > 5
    fetched = tc("mail", "fetch", "--maildir", str(box), "--json")
    assert fetched.code == 0, fetched.err
    outcomes = [row["outcome"] for row in fetched.json()]
    assert outcomes.count("opened") == 5
    assert {"ignored", "unmatched"} <= set(outcomes)
    assert set(outcomes) - {"opened", "ignored", "unmatched"} <= {"note", "resumed", "authorised"}
    assert list((box / "new").iterdir()) == []
    urgent = [i for i in tc("queue", "--json").json()["rows"] if "URGENTE" in i["subject"]]
    assert urgent and all(i["urgent"] for i in urgent)


def test_demo_without_reports_leaves_them_to_report_issue(tc):
    result = tc("demo", "--incidents", "40", "--no-reports")
    assert result.code == 0, result.err
    assert "0 work reports" in result.out
    assert "techconsole report issue --all" in result.out
    made = tc("report", "issue", "--all", "--json")
    assert made.code == 0, made.err
    assert made.json()["issued"] > 0


def test_the_next_commands_name_the_policy_the_demo_was_made_with(tc, run, db_file):
    """The database does not keep the policy: the queue under ``default`` would not know
    the plans of a ``client-contract`` demo (and ``team outcomes`` fails on them)."""
    made = tc("demo", "--incidents", "12", "--policy", "client-contract")
    assert made.code == 0, made.err
    said = " ".join(made.out.split())
    assert f"Next: techconsole queue --db {db_file} --policy client-contract" in said
    assert f"techconsole mail fetch --db {db_file} --policy client-contract --maildir" in said
    plain = run("demo", "--incidents", "12", "--db", str(db_file.with_name("other.db")))
    assert plain.code == 0, plain.err
    assert "Next: techconsole queue --db" in plain.out
    assert "--policy" not in plain.out


def test_the_next_command_can_be_pasted_in_a_shell(run, db_file):
    """A database whose path has a space (or a URL with ``?``) is quoted in the hint."""
    spaced = db_file.with_name("demo ufficio.db")
    made = run("demo", "--incidents", "12", "--db", str(spaced))
    assert made.code == 0, made.err
    said = " ".join(made.out.split())
    assert f"Next: techconsole queue --db '{spaced}'" in said
    assert f"techconsole mail fetch --db '{spaced}' --maildir" in said


def test_the_summary_writes_its_counts_as_the_language_does(tc, run, monkeypatch, tmp_path):
    """1,234 in English, 1.234 in Italian: the counts of a large demo read at a glance
    (they came as 1234)."""
    made = tc("demo", "--incidents", "200", "--no-reports")
    assert made.code == 0, made.err
    english = re.search(r"; (\d{1,3}(?:,\d{3})+) timeline events", made.out)
    assert english is not None, made.out
    monkeypatch.delenv("TECHCONSOLE_LANG")
    other = tmp_path / "other.db"
    again = run("demo", "--incidents", "200", "--no-reports", "--db", str(other))
    assert again.code == 0, again.err
    italian = re.search(r"; (\d{1,3}(?:\.\d{3})+) eventi in cronologia", again.out)
    assert italian is not None, again.out
    assert english[1].replace(",", "") == italian[1].replace(".", "")  # the same seed
    assert int(english[1].replace(",", "")) > 999
