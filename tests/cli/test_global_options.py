"""The global options work before the command's name as after it, for every command group.

Before, ``techconsole --db X timer status`` ignored X and used (and created) the default
database; ``--as`` and ``--policy`` before the command were ignored the same way.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from techconsole.cli.app import COMMANDS

# One command of every group, run with the global options before the command's name.
# Each one reads the office's database (anna is a lead in it, nobody in a new one).
EVERY_GROUP: dict[str, tuple[str, ...]] = {
    "console": ("--as", "nessuno", "console"),
    "queue": ("queue", "--json"),
    "incident": ("incident", "list", "--json"),
    "timer": ("timer", "status", "--json"),
    "material": ("material", "list", "1", "--json"),
    "bill": ("bill", "incident", "1", "--json"),
    "month": ("month", "list", "--json"),
    "customer": ("customer", "list", "--json"),
    "asset": ("asset", "list", "--json"),
    "loaner": ("loaner", "list", "--json"),
    "change": ("change", "list", "--json"),
    "checks": ("checks", "due", "--json"),
    "report": ("report", "list", "--json"),
    "tech": ("tech", "list", "--json"),
    "team": ("team", "load", "--json"),
    "sla": ("sla", "due", "--plan", "basic", "--severity", "A", "--at", "2026-11-27T17:00"),
    "policy": ("policy", "check", "--json"),
    "db": ("db", "status", "--json"),
    "demo": ("demo", "--incidents", "3", "--json"),
    "mail": ("mail", "outbox", "--json"),
    "config": ("config", "show", "--json"),
}


def test_every_command_group_is_tried():
    assert set(EVERY_GROUP) == set(COMMANDS)


@pytest.fixture
def elsewhere(tc, office, db_file: Path, tmp_path: Path) -> Path:
    """The office's database with one incident, under a name no default would give."""
    assert tc("incident", "add", "Server fermo", "-c", "1", "-s", "A").code == 0
    target = tmp_path / "elsewhere" / "office.db"
    target.parent.mkdir()
    shutil.move(db_file, target)
    return target


def _defaults() -> list[Path]:
    data = Path(os.environ["XDG_DATA_HOME"]) / "techconsole"
    return [data / "techconsole.db", data / "demo.db"]


@pytest.mark.parametrize("group", sorted(EVERY_GROUP))
def test_db_before_the_command_is_the_database_used(run, elsewhere: Path, tmp_path, group):
    args = EVERY_GROUP[group]
    db = tmp_path / "empty.db" if group == "demo" else elsewhere  # the demo wants it empty
    prefix = () if args[0] == "--as" else ("--as", "anna")
    result = run("--db", str(db), *prefix, *args)
    if group == "console":  # nobody of that name in the office: said before the UI starts
        assert result.code == 2 and "techconsole tech add nessuno" in result.err
    else:
        assert result.code == 0, result.err
    assert db.is_file()
    for default in _defaults():
        assert not default.exists(), f"{group} created {default}"
    if group == "db":
        assert result.json()["path"] == str(elsewhere)
    if group in ("customer", "tech", "incident"):
        assert result.json(), "the office's rows, read from --db"
    if group == "config":
        db_row = next(row for row in result.json() if row["key"] == "db")
        assert db_row == {"key": "db", "value": str(db), "source": "--db", "env": "TECHCONSOLE_DB"}


def test_as_and_policy_before_the_command(run, elsewhere: Path):
    result = run("--as", "bruno", "--db", str(elsewhere), "--json", "tech", "whoami")
    assert result.code == 0, result.err
    assert result.json()["login"] == "bruno"
    assert run("--policy", "mb-services", "policy", "check", "--json").json()["name"] == (
        "mb-services"
    )
    assert run("policy", "check", "--json").json()["name"] == "default"
    due = ("sla", "due", "--plan", "basic", "--severity", "A", "--at", "2026-11-27T17:00")
    assert run(*due).code == 0
    onsite = run("--policy", "onsite-tech", *due)  # a policy without that plan
    assert onsite.code == 2 and "policy 'onsite-tech' has: contract, none" in onsite.err


def test_after_the_command_still_works_and_wins_over_before(run, elsewhere: Path, tmp_path):
    result = run(
        "--db",
        str(tmp_path / "other.db"),
        "tech",
        "list",
        "--json",
        "--db",
        str(elsewhere),
        "--as",
        "anna",
    )
    assert result.code == 0, result.err
    assert [t["login"] for t in result.json()] == ["anna", "bruno"]
    assert not (tmp_path / "other.db").exists()


def test_json_is_not_taken_by_a_command_that_writes_files(run, elsewhere: Path):
    result = run("report", "work", "1", "--json", "--db", str(elsewhere))
    assert result.code == 2 and "--json" in result.err
