from __future__ import annotations

import json
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from os_users import pretend
from techconsole.cli import main
from techconsole.store.database import Database

#: the office every ``office`` test starts from (see :func:`office`), made by anna: the
#: first person to open the database, she is its first lead
OFFICE: tuple[tuple[str, ...], ...] = (
    ("tech", "add", "bruno", "--name", "Bruno Neri"),
    ("customer", "add", "Ottica Esempio S.n.c.", "--vat", "IT01234567890"),
    (
        "customer",
        "contract-add",
        "1",
        "--plan",
        "basic",
        "--from",
        "2025-01-01",
        "--to",
        "2035-12-31",
    ),
    ("customer", "contact-add", "1", "Maria Bianchi", "--role", "titolare"),
    ("customer", "contact-add", "1", "Luca Verdi", "--role", "employee"),
    ("customer", "add", "Bar Sport"),
)


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI speaks English in these tests (``TECHCONSOLE_LANG=en``).

    techconsole speaks Italian by default; the tests of what the commands do assert the
    English words of the code (the msgids), which do not change when a translation is
    reworded. The entry point reads the settings at every call, so the variable is enough.
    ``test_language_cli.py`` runs the commands in the default language and checks the
    Italian; a test that wants Italian deletes the variable.
    """
    monkeypatch.setenv("TECHCONSOLE_LANG", "en")


@pytest.fixture(autouse=True)
def _anna_runs_the_commands(os_user) -> None:
    """The person running these in-process commands is anna unless a test says otherwise
    (``os_user("bruno")``, ``tc(..., as_="bruno")``): the test-only seam of ``os_users.py``.
    Tests of real processes run as the real OS user (``test_identity_cli.py``)."""
    os_user("anna")


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    """Run the real entry point in-process; return exit code, stdout and stderr."""
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.delenv("TECHCONSOLE_POLICY", raising=False)

    def invoke(*args: str) -> Result:
        code = 0
        try:
            main(list(args))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return invoke


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    return tmp_path / "techconsole.db"


@pytest.fixture
def tc(run, db_file: Path, monkeypatch: pytest.MonkeyPatch, os_user):
    """``tc("queue", as_="bruno")``: a command on the test database, run by bruno himself
    (the :func:`os_user` seam); ``as_=None`` leaves the person as it was."""
    monkeypatch.delenv("TECHCONSOLE_DB", raising=False)
    monkeypatch.delenv("TECHCONSOLE_USER", raising=False)

    def invoke(*args: str, as_: str | None = "anna") -> Result:
        if as_ is not None:
            os_user(as_)
        return run(*args, "--db", str(db_file))

    return invoke


def _settle(path: Path) -> None:
    """Fold the WAL into the file, so that copying the file copies the whole database."""
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database migrated once per session; tests get copies (:func:`migrated`)."""
    path = tmp_path_factory.mktemp("templates") / "migrated.db"
    db = Database(f"sqlite:///{path}")
    try:
        db.migrate()
    finally:
        db.dispose()
    _settle(path)
    return path


def made_by_commands(migrated_template: Path, folder: Path, commands: Any, *options: str) -> Path:
    """A copy of the migrated template at ``folder``/techconsole.db, changed by
    ``commands`` (each with ``--db`` and ``options``) run by anna in English, the WAL
    folded in: a template for tests to copy."""
    path = folder / "techconsole.db"
    shutil.copyfile(migrated_template, path)
    with pytest.MonkeyPatch.context() as env:
        for name in (
            "TECHCONSOLE_DB",
            "TECHCONSOLE_USER",
            "TECHCONSOLE_POLICY",
            "TECHCONSOLE_CONFIG",
        ):
            env.delenv(name, raising=False)
        env.setenv("TECHCONSOLE_LANG", "en")  # session-wide: before the autouse fixture
        env.setenv("XDG_CONFIG_HOME", str(folder / "config"))
        env.setenv("XDG_CONFIG_DIRS", str(folder / "site-config"))
        pretend(env, "anna")
        for args in commands:
            code: object = 0
            try:
                main([*args, "--db", str(path), *options])
            except SystemExit as exc:
                code = exc.code
            assert not code, args
    _settle(path)
    return path


@pytest.fixture(scope="session")
def office_template(migrated_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The office of :data:`OFFICE`, made once per session by the real commands."""
    return made_by_commands(migrated_template, tmp_path_factory.mktemp("office"), OFFICE)


@pytest.fixture
def migrated(migrated_template: Path, db_file: Path) -> Path:
    """The test database, already migrated (a copy of the session's template)."""
    shutil.copyfile(migrated_template, db_file)
    return db_file


@pytest.fixture
def office(tc, office_template: Path, db_file: Path) -> dict[str, Any]:
    """A lead (anna, who made it), a technician (bruno) and a Basic-contract customer with
    two contacts: Maria Bianchi, titolare (id 1), and Luca Verdi, employee (id 2); and
    Bar Sport.

    A copy of the session's :func:`office_template`, made by :data:`OFFICE`'s commands.
    """
    shutil.copyfile(office_template, db_file)
    return {"customer": 1, "titolare": 1, "employee": 2, "walk_in": 2}
