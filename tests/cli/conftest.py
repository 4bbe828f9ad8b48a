from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from techconsole.cli import main


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
def tc(run, db_file: Path, monkeypatch: pytest.MonkeyPatch):
    """``tc("queue", as_="bruno")``: a command on the test database, acting as someone."""
    monkeypatch.delenv("TECHCONSOLE_DB", raising=False)
    monkeypatch.delenv("TECHCONSOLE_USER", raising=False)

    def invoke(*args: str, as_: str | None = "anna") -> Result:
        extra = ["--db", str(db_file)]
        if as_ is not None:
            extra += ["--as", as_]
        return run(*args, *extra)

    return invoke


@pytest.fixture
def office(tc) -> dict[str, Any]:
    """A lead (anna), a technician (bruno) and a Basic-contract customer with two contacts:
    Maria Bianchi, titolare (id 1), and Luca Verdi, employee (id 2)."""
    for args in (
        ("tech", "add", "anna", "--name", "Anna Rossi"),
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
    ):
        result = tc(*args)
        assert result.code == 0, result.err
    return {"customer": 1, "titolare": 1, "employee": 2, "walk_in": 2}
