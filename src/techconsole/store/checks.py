"""What is checked before a database is opened: its kind, and that a SQLite file is one.

A ``--db`` naming a kind of database techconsole does not run on (``mysql://…``), a
folder, or a file that is not SQLite (a text file, random bytes, a truncated copy) is
refused with the reason before SQLite or a driver touches it, so the file is left as it
was and no traceback reaches a person.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from techconsole.i18n import _
from techconsole.store.errors import DatabaseUnavailable
from techconsole.store.migrate import foreign, refuse_newer
from techconsole.store.peek import header_problem, in_use

#: the database URLs techconsole opens, for messages
SUPPORTED = "sqlite:///PATH (or a file path), postgresql+psycopg://USER@HOST/NAME"
#: SQLAlchemy's driver names → the one techconsole uses for that kind
_DRIVERS = {
    "sqlite": "sqlite",
    "sqlite+pysqlite": "sqlite",
    "postgresql": "postgresql+psycopg",
    "postgres": "postgresql+psycopg",
    "postgresql+psycopg": "postgresql+psycopg",
}


def check_url(url: str) -> str:
    """``url`` as techconsole opens it (``postgresql://`` goes through psycopg), or a
    refusal naming the kinds it supports."""
    try:
        parsed: URL = make_url(url)
    except ArgumentError:
        raise DatabaseUnavailable(
            _("'{url}' is not a database URL; use {supported}").format(url=url, supported=SUPPORTED)
        ) from None
    driver = _DRIVERS.get(parsed.drivername)
    if driver is None:
        raise DatabaseUnavailable(
            _("techconsole does not run on '{kind}' databases; use {supported}").format(
                kind=parsed.drivername, supported=SUPPORTED
            )
        )
    if driver == parsed.drivername:
        return url
    return parsed.set(drivername=driver).render_as_string(hide_password=False)


def check_sqlite_file(path: Path) -> None:
    """Refuse a path that is not a SQLite database: a folder, or a file whose first bytes
    are not SQLite's header or that is shorter than its own header says (when no program
    has it open: see :func:`~techconsole.store.peek.header_problem`).

    A missing or empty file is fine: SQLite makes it a new database.
    """
    if path.is_dir():
        raise _not_ours(path, _("it is a folder"))
    try:
        with path.open("rb") as file:
            head = file.read(100)
            size = file.seek(0, 2)
    except FileNotFoundError:
        return
    except OSError as error:
        raise DatabaseUnavailable(
            _("cannot read {path}: {error}").format(path=path, error=error.strerror or error)
        ) from None
    if size == 0:
        return
    problem = header_problem(head, size, sized=not in_use(path))
    if problem is not None:
        raise _not_ours(path, problem)
    if head[18] == 1:  # a rollback-journal file: opening it for techconsole makes it WAL
        _peek(path)


def _peek(path: Path) -> None:
    """Look into a SQLite file read-only before techconsole writes to it: another
    program's database, or a newer techconsole's, is refused as it is."""
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return  # SQLite says what is wrong when the database is opened
    try:
        names = [r[0] for r in connection.execute("SELECT name FROM sqlite_master")]
        tables = [n for n in names if not n.startswith("sqlite_")]
        revision = None
        if "alembic_version" in tables:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = None if row is None else str(row[0])
    except sqlite3.DatabaseError as error:
        raise _not_ours(path, _("SQLite says: {error}").format(error=error)) from None
    finally:
        connection.close()
    if "alembic_version" in tables:
        refuse_newer(revision, str(path))
    elif tables:
        raise foreign(str(path), tables)


def _not_ours(path: Path, reason: str) -> DatabaseUnavailable:
    return DatabaseUnavailable(
        _("{path} is not a techconsole database ({reason}); nothing was changed").format(
            path=path, reason=reason
        )
    )
