"""Schema versions: Alembic, run from inside the package (no alembic.ini needed).

Checking the version at start is plain SQL and a folder listing; Alembic itself is
imported only when an upgrade runs, so every start of the program stays quick.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

from techconsole.i18n import _
from techconsole.store.errors import translated

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
_REVISION_FILE = re.compile(r"^(\d{4})_\w+\.py$")


def _config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


@cache
def head() -> str:
    """The newest revision: revisions are numbered 0001, 0002… in one straight line."""
    numbers = [
        m[1] for p in (MIGRATIONS / "versions").iterdir() if (m := _REVISION_FILE.match(p.name))
    ]
    return max(numbers)


def alembic_head() -> str | None:
    """The head as Alembic computes it (the tests check it agrees with :func:`head`)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config()).get_current_head()


def current(engine: Engine) -> str | None:
    """The database's revision; ``None`` for an empty database."""
    with translated(), engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        value = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        return None if value is None else str(value)


def upgrade(engine: Engine, target: str = "head") -> None:
    from alembic import command

    config = _config()
    with translated(), engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # rewriting a big table may take longer than any one command's statement; the
            # lock timeout stays: an upgrade waiting for the others' locks gives up in time
            connection.exec_driver_sql("SET LOCAL statement_timeout = 0")
        config.attributes["connection"] = connection
        command.upgrade(config, target)


def ensure_current(engine: Engine, say: Callable[[str], None] | None = None) -> bool:
    """Bring the database to the newest schema; return whether anything was done."""
    now, newest = current(engine), head()
    if now == newest:
        return False
    if say is not None:
        if now is None:
            say(_("Creating the database schema…"))
        else:
            say(_("Upgrading the database from schema {old} to {new}…").format(old=now, new=newest))
    upgrade(engine)
    return True
