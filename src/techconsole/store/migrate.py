"""Schema versions: Alembic, run from inside the package (no alembic.ini needed)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from techconsole.store.errors import translated

MIGRATIONS = Path(__file__).parent / "migrations"


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head() -> str:
    revision = ScriptDirectory.from_config(_config()).get_current_head()
    assert revision is not None
    return revision


def current(engine: Engine) -> str | None:
    """The database's revision; ``None`` for an empty database."""
    with translated(), engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, target: str = "head") -> None:
    config = _config()
    with translated(), engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, target)


def ensure_current(engine: Engine, say: Callable[[str], None] | None = None) -> bool:
    """Bring the database to the newest schema; return whether anything was done."""
    now, newest = current(engine), head()
    if now == newest:
        return False
    if say is not None:
        if now is None:
            say("Creating the database schema…")
        else:
            say(f"Upgrading the database from schema {now} to {newest}…")
    upgrade(engine)
    return True
