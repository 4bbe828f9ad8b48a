"""A first look into a SQLite file, with the standard library alone.

The console paints its first frame before it imports SQLAlchemy.  What would stop it
before its UI takes the terminal (a file that is not a whole techconsole database, a
schema to create, to upgrade or newer than this program, permissions to close, a file
this user may only read, a person who is not in the team) is looked at here first, in a
read-only transaction through :mod:`sqlite3`.  The answer is the rows of the technicians
asked about, or ``None`` when there is anything to say or to do, or anything unsure:
then the database is opened the usual way, which says and does what it always did.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from techconsole.i18n import _
from techconsole.store import migrate, permissions

HEADER = b"SQLite format 3\x00"
#: the header's read and write versions of a database in WAL mode (1: rollback journal)
_WAL = 2


@dataclass(frozen=True, slots=True)
class Member:
    """A technician's row, as far as who may run the program goes."""

    active: bool
    lead: bool


def in_use(path: Path) -> bool:
    """Whether the database at ``path`` has a write-ahead log or a rollback journal
    beside it: a program has it open, and may be writing its pages into the file now."""
    return any(path.with_name(path.name + end).exists() for end in ("-wal", "-journal"))


def header_problem(head: bytes, size: int, *, sized: bool = True) -> str | None:
    """Why a file of ``size`` bytes starting with ``head`` (its first 100 bytes) is not a
    whole SQLite database; ``None`` when it looks like one (or is empty).

    ``sized``: whether a file shorter than its header says is refused.  Not for a file
    in use (:func:`in_use`): a checkpoint writes the first page, the header with the new
    size, before the pages that make the file that long (a reader saw it so a fifth of
    the time while another process wrote)."""
    if size == 0:
        return None
    if len(head) < 100 or not head.startswith(HEADER):
        return _("it is not a SQLite file")
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(head[28:32], "big")
    counted = head[24:28] == head[92:96] and pages > 0  # the header's size is valid
    if page_size < 512 or size % page_size or (sized and counted and size < pages * page_size):
        return _("the file is truncated or damaged")
    return None


def unwritable(path: Path) -> bool:
    """Whether this user may not write the file at ``path`` or its folder (where SQLite
    makes its ``-wal``, ``-shm`` and ``-journal`` files)."""
    return not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK | os.X_OK)


def sqlite_path(url: str) -> Path | None:
    """The file of a plain ``sqlite:///PATH`` URL; ``None`` for anything else (another
    database, a URI filename, a query string, escapes), which is read the usual way."""
    prefix = "sqlite:///"
    path = url.removeprefix(prefix)
    if path == url or not path or any(c in path for c in "?#%") or path == ":memory:":
        return None
    return Path(path)


def members(path: Path, logins: Iterable[str], timeout_ms: int) -> dict[str, Member] | None:
    """The technicians ``logins`` of the database at ``path`` (those it has), when it is a
    WAL database of this program's newest schema, ours to write, with nothing to close
    to the others; ``None`` otherwise."""
    try:
        if not path.is_file() or unwritable(path) or permissions.open_files(path):
            return None
        with path.open("rb") as file:
            head = file.read(100)
            size = file.seek(0, 2)
    except (OSError, ValueError):
        return None
    if not size or header_problem(head, size, sized=not in_use(path)):
        return None
    if head[18] != _WAL or head[19] != _WAL:
        return None
    wanted = sorted(set(logins))
    try:
        connection = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=rw", uri=True, timeout=timeout_ms / 1000
        )
    except sqlite3.Error:
        return None
    try:
        with connection:  # one read transaction: the version and the rows agree
            connection.execute("BEGIN")
            tables = {
                row[0]
                for row in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' "
                    "AND name IN ('alembic_version', 'technician')"
                )
            }
            if tables != {"alembic_version", "technician"}:
                return None
            versions = connection.execute("SELECT version_num FROM alembic_version").fetchall()
            if versions != [(migrate.head(),)]:
                return None
            marks = ", ".join("?" * len(wanted))
            rows = connection.execute(
                f"SELECT login, active, role FROM technician WHERE login IN ({marks})",
                wanted,
            ).fetchall()
    except sqlite3.Error:
        return None
    finally:
        connection.close()
    return {str(login): Member(bool(active), role == "lead") for login, active, role in rows}


class Unreadable(Exception):
    """The file is not a database of this program's newest schema, or could not be read:
    read it the usual way."""


#: runs one SELECT with its parameters in the open read transaction: its rows
Run = Callable[[str, Sequence[object]], list[tuple[Any, ...]]]


@contextmanager
def reading(path: Path, timeout_ms: int) -> Iterator[Run]:
    """One read transaction on the database at ``path``, once it is seen to be of this
    program's newest schema (:func:`members` has looked at the file itself); raises
    :class:`Unreadable` otherwise, or when a statement fails."""
    try:
        connection = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=rw", uri=True, timeout=timeout_ms / 1000
        )
    except sqlite3.Error as error:
        raise Unreadable(str(error)) from None

    def run(sql: str, params: Sequence[object]) -> list[tuple[Any, ...]]:
        return connection.execute(sql, params).fetchall()

    try:
        with connection:
            connection.execute("BEGIN")
            try:
                versions = run("SELECT version_num FROM alembic_version", ())
            except sqlite3.Error:
                versions = []
            if versions != [(migrate.head(),)]:
                raise Unreadable("not of the newest schema")
            yield run
    except sqlite3.Error as error:
        raise Unreadable(str(error)) from None
    finally:
        connection.close()


def technician_id(run: Run, login: str) -> int | None:
    """The id of the active technician ``login``, in a :func:`reading`."""
    found = run("SELECT id FROM technician WHERE login = ? AND active", (login,))
    return int(found[0][0]) if found else None
