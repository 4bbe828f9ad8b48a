"""Which heavy libraries each kind of command imports, seen from a fresh interpreter.

``--version`` and ``--help`` answer without the database layer, the console UI or the PDF
library; a command that needs no database (``sla due``) does without SQLAlchemy; one that
lists incidents loads SQLAlchemy but neither Textual nor fpdf, nor Alembic (the schema
version is checked with plain SQL), nor the holiday tables of every country (a calendar
makes its own when first asked about a day), nor SQLAlchemy's PostgreSQL dialect on
SQLite, nor the work reports' services (imported when an incident changes) or words
(when one is shown), nor the services that change incidents or look customers up, nor the
work sessions' tables, once the database is there (creating it runs Alembic).  (Their
speed is measured by ``benchmarks/bench_cli.py``, by hand.)
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = (
    *("typer", "rich", "sqlalchemy", "sqlmodel", "alembic", "textual", "fpdf", "pydantic"),
    "holidays",  # the holidays of the years around now are kept with the checked policy
    "holidays.countries",  # all ~250 countries, imported when one is first used
    "sqlalchemy.dialects.postgresql",  # every PostgreSQL driver's dialect
    "techconsole.services.documents.work_reports",  # the documents' services
    "techconsole.reports",  # the documents' words and layout
    "techconsole.services.incidents.workflow",  # what changes an incident
    "techconsole.services.customers.registry",  # customers, looked up only when named
    "techconsole.store.work",  # work sessions' and parts' tables
    "techconsole.store.outcomes",  # the SLA outcomes' tables, for the month's compliance
    "typer.rich_utils",  # Typer's help and error panels (~50 ms), in our words when loaded
)

PROBE = """
import json, sys
from techconsole.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
heavy = {name: name in sys.modules for name in NAMES}
sys.stderr.write("\\nHEAVY=" + json.dumps(heavy) + "\\n")
""".replace("NAMES", repr(HEAVY))


def loaded(args: list[str], env_extra: dict[str, str]) -> dict[str, bool]:
    env = {**os.environ, **env_extra}
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    line = proc.stderr.rsplit("HEAVY=", 1)
    assert len(line) == 2, proc.stderr
    return json.loads(line[1])


def with_an_incident(extra: dict[str, str]) -> None:
    """The database of ``extra``, made by the person at the machine (its first lead), who
    adds ``anna`` (the one the probes run as), a customer and an incident of theirs."""
    env = {k: v for k, v in {**os.environ, **extra}.items() if k != "TECHCONSOLE_USER"}
    for args in (
        ["tech", "add", "anna", "--name", "Anna"],
        ["customer", "add", "Rossi"],
        ["incident", "add", "PC rotto", "--customer", "Rossi"],
    ):
        done = subprocess.run(
            [sys.executable, "-m", "techconsole", *args],
            capture_output=True,
            text=True,
            env=env,
            stdin=subprocess.DEVNULL,
            check=False,
        )
        assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def office_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database made once by :func:`with_an_incident` (three commands), for the tests
    that only need one to read: each copies it."""
    path = tmp_path_factory.mktemp("office") / "t.db"
    with_an_incident({"TECHCONSOLE_DB": str(path), "TECHCONSOLE_USER": "anna"})
    return path


def copy_of(template: Path, path: str) -> None:
    shutil.copyfile(template, path)
    os.chmod(path, 0o600)  # as the program makes it


@pytest.mark.parametrize(
    ("args", "present", "absent"),
    [
        (["--version"], [], list(HEAVY)),
        (["--help"], ["typer", "rich"], ["sqlalchemy", "sqlmodel", "alembic", "textual", "fpdf"]),
        (
            ["config", "path"],
            ["typer"],
            ["sqlalchemy", "sqlmodel", "textual", "fpdf", "typer.rich_utils"],
        ),
        (
            ["sla", "due", "--plan", "basic", "--severity", "A", "--at", "2026-11-27T17:00"],
            ["typer"],
            ["sqlalchemy", "sqlmodel", "alembic", "textual", "fpdf", "typer.rich_utils"],
        ),
        (
            ["incident", "list", "--json"],
            ["sqlalchemy"],
            [
                *("textual", "fpdf", "alembic", "holidays", "holidays.countries"),
                *("sqlalchemy.dialects.postgresql", "techconsole.services.documents.work_reports"),
                "techconsole.reports",
                "techconsole.services.incidents.workflow",
                "techconsole.services.customers.registry",
                "techconsole.store.work",
                "techconsole.store.outcomes",
                "typer.rich_utils",
            ],
        ),
    ],
    ids=["version", "help", "config-path", "sla-due", "incident-list"],
)
def test_heavy_modules_each_kind_of_command_imports(tmp_path, args, present, absent):
    extra = {"TECHCONSOLE_DB": str(tmp_path / "t.db"), "TECHCONSOLE_USER": "anna"}
    if "alembic" in absent and "sqlalchemy" in present:
        # the schema made first, something to list, and the policy checked and kept in
        # this test's cache folder by those first commands (a copied database would not)
        with_an_incident(extra)
    found = loaded(args, extra)
    assert [m for m in present if not found[m]] == []
    assert [m for m in absent if found[m]] == []


def test_a_json_listing_skips_the_policy_checker_and_richs_console_once_the_policy_is_kept(
    tmp_path,
):
    """The first run checks the policy file and keeps it in the user's cache folder, with
    the holidays of the years around now; the next ones read it back without importing
    the checker (pydantic's models of the file, every holiday country's code) nor the
    holiday package to read an incident's clocks, and ``--json`` never makes a Rich
    console."""
    cache = tmp_path / "cache"
    extra = {
        "TECHCONSOLE_DB": str(tmp_path / "t.db"),
        "TECHCONSOLE_USER": "anna",
        "XDG_CACHE_HOME": str(cache),
    }
    names = ["techconsole.domain.policy_build", "holidays", "rich.console"]
    probe = PROBE.replace(repr(HEAVY), repr((*HEAVY, *names)))
    with_an_incident(extra)  # whose clocks the listing reads
    kept = list((cache / "techconsole" / "policies").glob("*.pickle"))
    assert len(kept) == 1
    env = {**os.environ, **extra}
    proc = subprocess.run(
        [sys.executable, "-c", probe, "incident", "list", "--json"],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert [row["subject"] for row in json.loads(proc.stdout)] == ["PC rotto"]
    found = json.loads(proc.stderr.rsplit("HEAVY=", 1)[1])
    assert [name for name in names if found[name]] == []


@pytest.mark.parametrize(
    ("launch", "args", "code"),
    [
        (["-m", "techconsole"], ["incident", "list", "--json"], 0),
        (["-m", "techconsole"], ["tech", "add", "anna", "--name", "Anna"], 1),
        (["-c", "import sys; from techconsole.cli import script; sys.exit(script())"], [], 2),
    ],
    ids=["python-m", "python-m-refused", "installed-command-bad-usage"],
)
def test_the_program_keeps_its_exit_code_and_leaves_its_objects_to_the_end(
    tmp_path, office_db, launch, args, code
):
    """``python -m techconsole`` and the installed command (:func:`techconsole.cli.script`)
    end with the command's exit code and output, having moved what the command left into
    the collector's permanent generation: the interpreter's shutdown does not walk it (a
    short command's ~70 ms, measured by ``benchmarks/bench_cli.py``)."""
    extra = {"TECHCONSOLE_DB": str(tmp_path / "t.db"), "TECHCONSOLE_USER": "anna"}
    copy_of(office_db, extra["TECHCONSOLE_DB"])
    probe = (
        "import atexit, gc, sys\n"
        "atexit.register(lambda: sys.stderr.write(f'\\nFROZEN={gc.get_freeze_count()}\\n'))\n"
    )
    if launch[0] == "-m":
        probe += "import runpy\nrunpy.run_module('techconsole', run_name='__main__')\n"
    else:
        probe += launch[1] + "\n"
    proc = subprocess.run(
        [sys.executable, "-c", probe, *(args or ["incident", "nonsense"])],
        capture_output=True,
        text=True,
        env={**os.environ, **extra},
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert proc.returncode == code, proc.stderr
    if code == 0:
        assert [row["subject"] for row in json.loads(proc.stdout)] == ["PC rotto"]
    else:
        assert "Traceback" not in proc.stderr and proc.stderr.strip()
    frozen = int(proc.stderr.rsplit("FROZEN=", 1)[1])
    assert frozen > 10_000, frozen  # Typer's, SQLAlchemy's, the tables' objects
