"""Reading a database one may not write: a SQLite file that is read-only for you or
whose folder you cannot write, or a PostgreSQL role that may only ``SELECT``.

Such a person can still read everything; any write is refused up front by
:meth:`Database.write <techconsole.store.database.Database.write>` with
:class:`~techconsole.store.errors.DatabaseReadOnly`, before the database is asked.

SQLite in WAL mode needs its ``-wal`` and ``-shm`` files to read.  A reader uses them
while they exist, i.e. while someone has the database open, and never makes them: it
may not be able to (the folder is not theirs), and files it left behind, read-only for
the others, would lock the writers out.  When they are not there, nobody is using the
database and its file alone holds all of it: it is then read as *immutable* (no locks,
nothing made).  The choice is made for each connection, and connections are not
pooled, so the next read uses the ``-wal`` once a writer has appeared.  The one risk
left is a read running while a writer who arrived meanwhile copies its ``-wal`` back
into the file (a checkpoint): that read may fail, or show a mix of before and after;
reading again is right.  Nothing is ever written.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from techconsole.i18n import _
from techconsole.store import migrate
from techconsole.store.errors import DatabaseReadOnly, translated
from techconsole.store.peek import unwritable


def sqlite_read_only(url: str, path: Path | None) -> bool:
    """Whether the SQLite database at ``path`` can be read but not written by this user:
    the URL asks for ``mode=ro``, the file is not writable for them, or its folder is not
    (SQLite makes its ``-wal``, ``-shm`` and ``-journal`` files there)."""
    if path is None:
        return False
    if make_url(url).query.get("mode") == "ro":
        return True
    if not path.is_file() or not os.access(path, os.R_OK):
        return False  # nothing to read: SQLite says what is wrong when it opens it
    return unwritable(path)


def sqlite_engine(path: Path, busy_timeout_ms: int) -> Engine:
    """An engine that reads ``path`` and never writes it, nor anything beside it."""
    timeout = busy_timeout_ms / 1000

    def connect() -> sqlite3.Connection:
        uri = f"{path.absolute().as_uri()}?mode=ro"
        if _immutable(path):
            uri += "&immutable=1"
        return sqlite3.connect(uri, uri=True, timeout=timeout, check_same_thread=False)

    engine = create_engine("sqlite://", creator=connect, poolclass=NullPool)

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        dbapi_connection.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")

    @event.listens_for(engine, "begin")
    def on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")

    return engine


def _immutable(path: Path) -> bool:
    """Whether ``path`` must be read as immutable: a WAL database whose ``-wal`` and
    ``-shm`` are not there.  A reader never makes them, not even in a folder it may write:
    files it left behind, its own and read-only, would lock the writers out."""
    if Path(f"{path}-wal").exists() and Path(f"{path}-shm").exists():
        return False
    try:
        with path.open("rb") as file:
            header = file.read(20)
    except OSError:
        return False
    return len(header) == 20 and header[18] == 2  # read version 2: WAL


def file_signature(path: Path) -> tuple[int, ...]:
    """What changes when someone commits to the SQLite database at ``path``: the file's
    and its ``-wal``'s size and time (for a reader that may not see ``data_version``)."""
    signature: list[int] = []
    for name in (str(path), f"{path}-wal"):
        try:
            found = os.stat(name)
        except OSError:
            signature += [-1, -1]
        else:
            signature += [found.st_size, found.st_mtime_ns]
    return tuple(signature)


_PRIVILEGES = """
SELECT CASE
    WHEN current_setting('transaction_read_only') = 'on' THEN false
    WHEN to_regclass('incident') IS NOT NULL
        THEN has_table_privilege('incident', 'INSERT')
            AND has_table_privilege('incident', 'UPDATE')
    ELSE coalesce(has_schema_privilege(current_schema(), 'CREATE'), false)
END
"""


def postgresql_read_only(engine: Engine) -> bool:
    """Whether this role may only read: a read-only server or session, no right to add or
    change incidents, or (an empty database) no right to create its tables."""
    with translated(), engine.connect() as connection:
        return not connection.exec_driver_sql(_PRIVILEGES).scalar()


def require_current(engine: Engine) -> None:
    """Refuse a database one may only read unless its schema is this program's: bringing
    it up to date (or creating it) would have to write."""
    found, newest = migrate.current(engine), migrate.head()
    if found == newest:
        return
    if found is None:
        said = _("the database is empty and read-only for you: there is nothing to read")
    elif found < newest:
        said = _(
            "the database has schema {found}, older than this techconsole's {newest}, and "
            "is read-only for you: ask someone who can write it to run techconsole db upgrade"
        )
    else:
        said = _(
            "the database has schema {found}, newer than this techconsole knows ({newest}): "
            "upgrade techconsole"
        )
    raise DatabaseReadOnly(said.format(found=found, newest=newest))
