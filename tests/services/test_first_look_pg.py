"""The first look into a PostgreSQL database (``store.peek_pg``): clear only when opening
it would have nothing to say or do, with psycopg alone, so that the console on a team's
server paints its first frame before it imports SQLAlchemy, as it does on SQLite."""

from __future__ import annotations

import os
import pwd
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

import pg_schemas
from techconsole.services.first_look import Clear, first_look
from techconsole.services.setup import open_context
from techconsole.services.team import members as team
from techconsole.store import migrate, peek_pg


@pytest.fixture
def url(os_user: Callable[[str], None]) -> Iterator[str]:
    """A schema of the newest version: anna (its first lead), bruno, and carla who left."""
    if not pg_schemas.PG_URL:
        pytest.skip(pg_schemas.NO_SERVER)
    with pg_schemas.schema("tc_look") as made:
        os_user("anna")
        ctx = open_context(database=made.url)  # anna: its first lead
        team.add_technician(ctx, "bruno", "Bruno Neri")
        team.add_technician(ctx, "carla", "Carla Bruni")
        ctx.db.dispose()
        run(made.url, "UPDATE technician SET active = false WHERE login = 'carla'")
        yield made.url


@pytest.fixture
def cache(policy_cache: Path) -> Path:
    return policy_cache


def run(url: str, statement: str) -> None:
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text(statement))
    finally:
        engine.dispose()


def look(url: str, cache: Path, actor: str | None = None) -> Clear | None:
    return first_look(database=url, actor=actor, policy_cache=cache)


def test_a_usual_start_is_clear(url: str, cache: Path, os_user: Callable[[str], None]):
    assert look(url, cache) == Clear(url, "anna", "anna")
    assert look(url, cache, "bruno") == Clear(url, "bruno", "anna")  # a lead, for bruno
    os_user("bruno")
    assert look(url, cache) == Clear(url, "bruno", "bruno")
    plain = url.replace("postgresql+psycopg://", "postgresql://")
    assert look(plain, cache) == Clear(plain, "bruno", "bruno")


@pytest.mark.parametrize(
    ("who", "actor"),
    [("gianni", None), ("carla", None), ("bruno", "anna"), ("anna", "carla")],
)
def test_who_may_not_run_the_console_is_refused_before_the_ui(
    url: str, cache: Path, os_user: Callable[[str], None], who: str, actor: str | None
):
    os_user(who)
    assert look(url, cache, actor) is None


@pytest.mark.parametrize(
    "change", ["schema older", "schema newer", "no technician", "outcomes to record", "empty"]
)
def test_a_database_with_something_to_say_is_opened_before_the_ui(
    url: str, cache: Path, change: str
):
    assert look(url, cache) is not None
    if change == "schema older":
        run(url, "UPDATE alembic_version SET version_num = '0001'")
    elif change == "schema newer":
        run(url, f"UPDATE alembic_version SET version_num = '{int(migrate.head()) + 1:04d}'")
    elif change == "no technician":
        run(url, "ALTER TABLE audit DISABLE TRIGGER ALL")
        run(url, "DELETE FROM technician")
    elif change == "outcomes to record":  # an upgrade left them: opening records them
        run(url, "INSERT INTO clock_outcome_pending (since) VALUES (now())")
    elif change == "empty":
        run(url, "DROP TABLE alembic_version")
    assert look(url, cache) is None


def test_a_server_that_does_not_answer_is_left_to_the_usual_way(cache: Path):
    assert peek_pg.conninfo("sqlite:///x.db") is None
    assert look("postgresql+psycopg://postgres@127.0.0.1:1/test", cache) is None
    assert look("postgresql+psycopg://postgres@127.0.0.1:5432/test?nonesuch=1", cache) is None


def test_the_first_look_imports_no_sqlalchemy(url: str, cache: Path):
    me = pwd.getpwuid(os.getuid()).pw_name  # the process below runs as the real user
    ctx = open_context(database=url)  # anna, the lead
    team.add_technician(ctx, me, "Chi esegue i test")
    ctx.db.dispose()
    probe = (
        "import sys\n"
        "from pathlib import Path\n"
        "from techconsole.services.first_look import first_look\n"
        f"clear = first_look(database={url!r}, policy_cache=Path({str(cache)!r}))\n"
        "print(clear is not None,"
        " sorted(m for m in ('sqlalchemy', 'sqlmodel', 'pydantic') if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "True []"
