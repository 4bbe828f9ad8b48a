"""Schema versions: Alembic, run from inside the package (no alembic.ini needed).

Checking the version at start is plain SQL and a folder listing; Alembic itself is
imported only when an upgrade runs, so every start of the program stays quick.  The
folder listing (:func:`head`, :func:`known`) imports no SQLAlchemy either.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from techconsole.i18n import _
from techconsole.store.errors import DatabaseUnavailable, SchemaTooNew, translated

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Engine

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
    return max(revisions())


def alembic_head() -> str | None:
    """The head as Alembic computes it (the tests check it agrees with :func:`head`)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config()).get_current_head()


def current(engine: Engine) -> str | None:
    """The database's revision; ``None`` for an empty database."""
    from sqlalchemy import inspect, text

    with translated(), engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        value = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        return None if value is None else str(value)


def upgrade(engine: Engine, target: str = "head", *, policy: Any = None) -> None:
    """Upgrade to ``target``.  ``policy`` (a ``domain.policy.Policy``) is what a migration
    that works out SLA clocks uses (0023 records the outcome of the clocks stopped
    before it); without one, such a migration leaves that work for later."""
    from alembic import command

    config = _config()
    config.attributes["policy"] = policy
    with translated(), engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # rewriting a big table may take longer than any one command's statement; the
            # lock timeout stays: an upgrade waiting for the others' locks gives up in time
            connection.exec_driver_sql("SET LOCAL statement_timeout = 0")
        config.attributes["connection"] = connection
        command.upgrade(config, target)


def known(revision: str) -> bool:
    """Whether ``revision`` is one of this program's (older or the newest)."""
    return revision in revisions()


@cache
def revisions() -> frozenset[str]:
    return frozenset(
        m[1] for p in (MIGRATIONS / "versions").iterdir() if (m := _REVISION_FILE.match(p.name))
    )


def refuse_newer(revision: str | None, label: str) -> None:
    """Refuse a database whose schema this program does not know: a newer techconsole
    upgraded it, and only a newer techconsole can read or write it."""
    if revision is None or known(revision):
        return
    raise SchemaTooNew(
        _(
            "{database} has schema version {revision}, newer than this techconsole knows "
            "({newest}): upgrade techconsole (pip install -U techconsole); nothing was changed"
        ).format(database=label, revision=revision, newest=head())
    )


def refuse_foreign(engine: Engine, label: str) -> None:
    """Refuse to create techconsole's tables in a database that holds someone else's."""
    from sqlalchemy import inspect

    with translated(), engine.connect() as connection:
        tables = [t for t in inspect(connection).get_table_names() if not t.startswith("sqlite_")]
    if tables:
        raise foreign(label, tables)


def foreign(label: str, tables: list[str]) -> DatabaseUnavailable:
    """The refusal of a database that holds ``tables`` but not techconsole's."""
    shown = ", ".join(sorted(tables)[:5]) + ("…" if len(tables) > 5 else "")
    return DatabaseUnavailable(
        _(
            "{database} is not a techconsole database (it holds other tables: {tables}); "
            "nothing was changed"
        ).format(database=label, tables=shown)
    )


def ensure_current(
    engine: Engine,
    say: Callable[[str], None] | None = None,
    label: str = "",
    *,
    policy: Any = None,
) -> bool:
    """Bring the database to the newest schema; return whether anything was done.
    ``policy``: see :func:`upgrade`.

    A schema newer than this program's, or a database holding other tables than
    techconsole's, is refused (``label`` names the database then) with nothing changed.
    """
    now, newest = current(engine), head()
    if now == newest:
        return False
    label = label or engine.url.render_as_string(hide_password=True)
    refuse_newer(now, label)
    if now is None:
        refuse_foreign(engine, label)
    if say is not None:
        if now is None:
            say(_("Creating the database schema…"))
        else:
            say(_("Upgrading the database from schema {old} to {new}…").format(old=now, new=newest))
    upgrade(engine, policy=policy)
    return True
