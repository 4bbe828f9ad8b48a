from __future__ import annotations

import sqlite3
import sys

import pytest

from pg_schemas import NO_SERVER, PG_URL, schema
from techconsole.store import migrate
from techconsole.store.database import Database


def test_init_creates_the_database_and_says_where(tc, db_file):
    result = tc("db", "init", as_=None)
    assert result.code == 0, result.err
    assert db_file.is_file()
    assert str(db_file) in result.out
    assert "created" in result.out
    assert "Creating the database schema" in result.err
    again = tc("db", "init", "--json", as_=None)
    data = again.json()
    assert data["created"] is False
    assert data["revision"] == migrate.head()
    assert data["previous_revision"] == migrate.head()
    assert data["path"] == str(db_file)
    assert data["backend"] == "sqlite"
    assert data["url"] == f"sqlite:///{db_file}"


def test_init_creates_a_missing_folder(run, tmp_path):
    target = tmp_path / "new" / "folder" / "tc.db"
    result = run("db", "init", "--db", str(target), "--json")
    assert result.code == 0, result.err
    assert result.json()["created"] is True
    assert target.is_file()


def test_database_from_the_environment(run, tmp_path, monkeypatch):
    target = tmp_path / "env.db"
    monkeypatch.setenv("TECHCONSOLE_DB", str(target))
    assert run("db", "init").code == 0
    assert run("db", "status", "--json").json()["path"] == str(target)


def test_status_counts_and_revision(tc, office):
    tc("incident", "add", "Printer jammed", "-c", "1", "--at", "2025-03-03T10:00")
    data = tc("db", "status", "--json", as_=None).json()
    assert data["revision"] == data["newest"] == migrate.head()
    assert data["up_to_date"] is True
    assert data["bytes"] > 0
    assert data["counts"] == {
        "technicians": 2,
        "customers": 2,
        "contacts": 2,
        "contracts": 1,
        "incidents": 1,
        "open_incidents": 1,
        "timeline_events": 1,
        "audit_entries": data["counts"]["audit_entries"],
    }
    assert data["counts"]["audit_entries"] >= 8
    text = tc("db", "status", as_=None)
    assert "(newest)" in text.out
    assert "incidents: 1" in text.out


def test_an_unreachable_server_is_reported_without_the_password(run):
    result = run("db", "status", "--db", "postgresql+psycopg://tc:s3cret@127.0.0.1:1/tc")
    assert result.code == 2
    assert "cannot reach the database server" in result.err
    assert "s3cret" not in result.err + result.out
    # the driver's words alone: no SQLAlchemy wrapping, no link to its documentation
    assert "Connection refused" in result.err
    assert "sqlalche.me" not in result.err and "psycopg.OperationalError" not in result.err


def test_status_of_a_missing_database_says_how_to_create_it(tc, db_file):
    result = tc("db", "status", as_=None)
    assert result.code == 2
    assert "db init" in result.err
    assert not db_file.exists()  # looking does not create it


def _old_database(path):
    """A database left at the first schema revision by an older techconsole."""
    db = Database(str(path))
    migrate.upgrade(db.engine, "0001")
    db.dispose()


def test_upgrade_says_from_and_to(tc, db_file):
    _old_database(db_file)
    result = tc("db", "upgrade", "--json", as_=None)
    assert result.code == 0, result.err
    data = result.json()
    assert data["from"] == "0001"
    assert data["to"] == migrate.head()
    assert data["changed"] is True
    again = tc("db", "upgrade", as_=None)
    assert "nothing to do" in again.out


def test_any_command_upgrades_an_older_database_with_a_message(tc, db_file):
    _old_database(db_file)
    result = tc("tech", "list", "--json")
    assert result.code == 0, result.err
    assert f"Upgrading the database from schema 0001 to {migrate.head()}" in result.err
    assert "You (anna) are the first lead of this database" in result.err
    # stdout stays clean JSON: the team is the first lead, who just opened it
    assert [(t["login"], t["role"]) for t in result.json()] == [("anna", "lead")]


def test_backup_is_a_readable_copy_with_the_same_incidents(tc, office, tmp_path, run):
    for subject in ("Printer jammed", "Mail down"):
        assert tc("incident", "add", subject, "-c", "1", "--at", "2025-03-03T10:00").code == 0
    copy = tmp_path / "copy.db"
    result = tc("db", "backup", str(copy), "--json", as_=None)
    assert result.code == 0, result.err
    data = result.json()
    assert data["path"] == str(copy)
    assert data["incidents"] == 2
    assert data["check"] == "ok"
    assert data["revision"] == migrate.head()
    original = tc("incident", "list", "--json").json()
    copied = run("incident", "list", "--json", "--db", str(copy), "--as", "anna").json()
    assert [i["number"] for i in copied] == [i["number"] for i in original]
    assert [i["subject"] for i in copied] == [i["subject"] for i in original]
    assert {i["subject"] for i in copied} == {"Printer jammed", "Mail down"}
    assert not list(tmp_path.glob(".copy.db.*"))  # no partial file left behind


def test_backup_refuses_to_overwrite_without_force(tc, office, tmp_path):
    copy = tmp_path / "copy.db"
    copy.write_text("precious", encoding="utf-8")
    refused = tc("db", "backup", str(copy), as_=None)
    assert refused.code == 1
    assert "--force" in refused.err
    assert copy.read_text(encoding="utf-8") == "precious"
    forced = tc("db", "backup", str(copy), "--force", as_=None)
    assert forced.code == 0, forced.err
    with sqlite3.connect(copy) as conn:
        assert conn.execute("SELECT COUNT(*) FROM technician").fetchone()[0] == 2


def test_backup_never_overwrites_the_database_itself(tc, office, db_file):
    result = tc("db", "backup", str(db_file), "--force", as_=None)
    assert result.code == 2
    assert "cannot overwrite the database" in result.err


def test_backup_while_someone_else_is_writing(tc, office, db_file, tmp_path):
    """A writer holding the lock neither blocks the copy nor leaks into it."""
    writer = sqlite3.connect(db_file, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute(
        "INSERT INTO customer (name, vat_number, address, deployment, reseller, we_are_ads, "
        "notify_before_parts, notes, created_at) "
        "VALUES ('Uncommitted', '', '', 'cloud', 0, 0, 0, '', '2026-01-01 00:00:00')"
    )
    try:
        copy = tmp_path / "copy.db"
        result = tc("db", "backup", str(copy), as_=None)
        assert result.code == 0, result.err
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    with sqlite3.connect(copy) as conn:
        names = {row[0] for row in conn.execute("SELECT name FROM customer")}
    assert names == {"Ottica Esempio S.n.c.", "Bar Sport"}


def test_backup_of_postgresql_suggests_pg_dump(run):
    result = run("db", "backup", "copy.db", "--db", "postgresql+psycopg://u@localhost/tc")
    assert result.code == 1
    assert "pg_dump" in result.err


def test_backup_into_a_missing_folder(tc, office, tmp_path):
    result = tc("db", "backup", str(tmp_path / "nope" / "copy.db"), as_=None)
    assert result.code == 2
    assert "does not exist" in result.err


def test_bad_database_url_is_bad_input(run):
    result = run("tech", "list", "--db", "nosuchdb://x/y")
    assert result.code == 2
    assert "does not run on 'nosuchdb' databases" in result.err
    assert "sqlite:///PATH" in result.err and "postgresql+psycopg://" in result.err
    assert "Traceback" not in result.err


def test_missing_folder_is_reported(run, tmp_path):
    result = run("tech", "list", "--db", str(tmp_path / "nope" / "tc.db"))
    assert result.code == 2
    assert "does not exist" in result.err


@pytest.fixture
def pg_url():
    """A PostgreSQL schema of its own for the test (skipped without a server)."""
    if not PG_URL:
        pytest.skip(NO_SERVER)
    with schema("tc_cli") as made:
        yield made.url


def test_the_commands_work_on_postgresql(run, pg_url):
    def pg(*args, as_="anna"):
        return run(*args, "--db", pg_url, *(("--as", as_) if as_ else ()))

    made = pg("db", "init", "--json", as_=None)
    assert made.code == 0, made.err
    assert made.json()["first_lead"] == "anna"  # she made it
    assert pg("tech", "add", "bruno", "--name", "Bruno Neri").code == 0
    assert pg("customer", "add", "Ottica").code == 0
    added = pg("incident", "add", "Server down", "-c", "1", "--at", "2025-03-03T10:00", "--json")
    assert added.code == 0, added.err
    assert added.json()["number"] == "2025-000001"
    assert pg("incident", "claim", "1").code == 0
    rows = pg("queue", "--view", "mine", "--json").json()["rows"]
    assert [r["number"] for r in rows] == ["2025-000001"]
    status = pg("db", "status", "--json", as_=None).json()
    assert status["backend"] == "postgresql"
    assert status["up_to_date"] is True
    assert status["counts"]["incidents"] == 1
    assert status["path"] is None


def test_postgresql_without_its_driver_says_what_to_install(run, monkeypatch):
    """pip install techconsole, then --db postgresql+psycopg://…: not an internal error
    to report, but the extra to install (exit code 2)."""
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if it were not installed
    result = run("db", "status", "--db", "postgresql+psycopg://tc:secret@dbserver/techconsole")
    assert result.code == 2, result.err
    said = " ".join(result.err.split())
    assert "its driver (psycopg) is not installed" in said
    assert 'pip install "techconsole[postgres]"' in said
    assert "secret" not in said
    assert "Traceback" not in result.err
