"""The first look: clear only when opening the context would have nothing to say or do.

``first_look`` lets the console paint before it opens its database; whenever
``open_context`` would say something, change something or refuse (a policy to check, a
schema to create or upgrade, a file to close to the others, a stranger, ``--as`` from
someone who is not a lead), it must answer ``None`` so that the console opens the
database before its UI, as it always did.  It imports no SQLAlchemy.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from techconsole.services import policies
from techconsole.services.first_look import Clear, first_look
from techconsole.services.setup import open_context
from techconsole.services.team import members as team
from techconsole.store import migrate


@pytest.fixture
def path(_sqlite_template: Path, tmp_path: Path, os_user: Callable[[str], None]) -> Path:
    """A database of the newest schema, closed to the others: anna (its first lead),
    bruno, and carla who left the team."""
    path = tmp_path / "team.db"
    shutil.copyfile(_sqlite_template, path)
    path.chmod(0o600)
    os_user("anna")
    ctx = open_context(database=str(path))  # anna: its first lead
    team.add_technician(ctx, "bruno", "Bruno Neri")
    team.add_technician(ctx, "carla", "Carla Bruni")
    ctx.db.dispose()
    run(path, "UPDATE technician SET active = 0 WHERE login = 'carla'")
    return path


@pytest.fixture
def cache(policy_cache: Path) -> Path:
    return policy_cache


def run(path: Path, statement: str) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute(statement)
    connection.close()


def look(path: Path | str, cache: Path | None, actor: str | None = None) -> Clear | None:
    return first_look(database=str(path), actor=actor, policy_cache=cache)


def test_a_usual_start_is_clear(path: Path, cache: Path, os_user: Callable[[str], None]):
    assert look(path, cache) == Clear(f"sqlite:///{path}", "anna", "anna")
    assert look(f"sqlite:///{path}", cache) == Clear(f"sqlite:///{path}", "anna", "anna")
    assert look(path, cache, "bruno") == Clear(f"sqlite:///{path}", "bruno", "anna")
    os_user("bruno")
    assert look(path, cache) == Clear(f"sqlite:///{path}", "bruno", "bruno")


def test_a_policy_not_kept_as_it_is_is_checked_before_the_ui(
    path: Path, cache: Path, tmp_path: Path
):
    assert look(path, None) is None  # no cache folder
    assert look(path, tmp_path / "empty") is None
    mine = tmp_path / "mine.toml"
    shutil.copyfile(policies.resolve("default"), mine)
    assert first_look(database=str(path), policy=str(mine), policy_cache=cache) is None
    policies.load(str(mine), cache=cache)
    assert first_look(database=str(path), policy=str(mine), policy_cache=cache) is not None
    mine.write_text(mine.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert first_look(database=str(path), policy=str(mine), policy_cache=cache) is None
    assert first_look(database=str(path), policy="nonesuch", policy_cache=cache) is None


@pytest.mark.parametrize(
    ("who", "actor"),
    [
        ("gianni", None),  # not in the team: told how a lead adds them
        ("carla", None),  # no longer active
        ("bruno", "anna"),  # acting for someone without being a lead
        ("anna", "carla"),  # a lead acting for someone who left
        ("anna", "nobody"),  # … or for a stranger
    ],
)
def test_who_may_not_run_the_console_is_refused_before_the_ui(
    path: Path, cache: Path, os_user: Callable[[str], None], who: str, actor: str | None
):
    os_user(who)
    assert look(path, cache, actor) is None


@pytest.mark.parametrize(
    "change",
    [
        "schema older",
        "schema newer",
        "no technician",
        "open to the others",
        "rollback journal",
        "not sqlite",
        "missing",
    ],
)
def test_a_database_with_something_to_say_is_opened_before_the_ui(
    path: Path, cache: Path, change: str
):
    assert look(path, cache) is not None
    if change == "schema older":
        run(path, "UPDATE alembic_version SET version_num = '0001'")
    elif change == "schema newer":
        run(path, f"UPDATE alembic_version SET version_num = '{int(migrate.head()) + 1:04d}'")
    elif change == "no technician":
        run(path, "DELETE FROM technician")
    elif change == "open to the others":
        path.chmod(0o644)
    elif change == "rollback journal":
        run(path, "PRAGMA journal_mode = DELETE")
    elif change == "not sqlite":
        path.write_bytes(b"hello " * 1000)
    elif change == "missing":
        path.unlink()
    assert look(path, cache) is None


def test_other_databases_are_opened_before_the_ui(path: Path, cache: Path):
    assert look(f"sqlite:///{path}?mode=ro", cache) is None
    assert look(f"sqlite:///file:{path}?uri=true", cache) is None
    # PostgreSQL: tests/services/test_first_look_pg.py
    assert look(path.parent / "nothing" / "x.db", cache) is None


def test_the_first_look_imports_no_sqlalchemy(path: Path, cache: Path):
    probe = (
        "import sys\n"
        "from pathlib import Path\n"
        "from techconsole.services.first_look import first_look\n"
        f"assert first_look(database={str(path)!r}, policy_cache=Path({str(cache)!r})) is None\n"
        "print(sorted(m for m in ('sqlalchemy', 'sqlmodel', 'pydantic') if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
