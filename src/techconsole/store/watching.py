"""Telling cheaply whether another connection committed: the console's change poll."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from techconsole.store import readonly
from techconsole.store.database import CHANNEL
from techconsole.store.engine import sqlite_file
from techconsole.store.errors import translated

if TYPE_CHECKING:
    from techconsole.store.database import Database


class ChangeWatcher:
    """Tells cheaply whether another connection committed since the last call.

    SQLite: ``PRAGMA data_version`` on a connection of its own.  PostgreSQL: every
    write transaction sends ``NOTIFY techconsole``; the watcher listens.
    """

    def __init__(self, database: Database) -> None:
        self._sqlite = database.sqlite
        self._raw: Any = database.engine.raw_connection()
        self._last: object = None
        # A read-only SQLite reader may be reading the file as immutable, where
        # data_version never moves: it watches the files' sizes and times instead.
        self._file = sqlite_file(database.url) if self._sqlite and database.read_only else None
        if not self._sqlite:
            driver: Any = self._raw.driver_connection
            driver.autocommit = True
            driver.execute(f"LISTEN {CHANNEL}")

    def changed(self) -> bool:
        with translated():
            if self._sqlite:
                version: object
                if self._file is not None:
                    version = readonly.file_signature(self._file)
                else:
                    cursor = self._raw.cursor()
                    version = cursor.execute("PRAGMA data_version").fetchone()[0]
                    cursor.close()
                seen, self._last = self._last, version
                return seen is not None and seen != version
            notices = list(self._raw.driver_connection.notifies(timeout=0))
            return bool(notices)

    def close(self) -> None:
        if not self._sqlite:
            # Never hand a LISTENing autocommit connection back to the pool: a later
            # write transaction on it would commit statement by statement.
            self._raw.detach()
        self._raw.close()
