"""The database's files closed to the other users of the machine, whatever the umask.

The rules are :mod:`techconsole.domain.file_modes`': a new file is ``0600``, or ``0660``
in a team folder (group-writable and setgid); SQLite gives the ``-wal``, ``-shm`` and
``-journal`` files it makes beside a database the database file's permissions.  A
database (or one of those files) that others could read is closed to them when its owner
opens it, and that is said once: the next time there is nothing left to close.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from techconsole.domain.file_modes import fixed_mode, new_file_mode, octal, open_to_others
from techconsole.i18n import _

#: the files SQLite keeps beside a database
COMPANIONS = ("-wal", "-shm", "-journal")


def new_file(path: Path) -> None:
    """An empty file at ``path`` with the permissions of a new file in its folder, set
    explicitly (the umask does not get a say); ``FileExistsError`` if one is there."""
    mode = new_file_mode(path.parent.stat().st_mode)
    descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, mode)
    os.close(descriptor)
    os.chmod(path, mode)  # what the umask took away


def secure_database(path: Path, *, create: bool = True) -> str | None:
    """Before SQLite opens ``path``: create it with its permissions when it is new (and
    ``create``), or close it and its companion files to the others when its owner opens it.

    Returns what to tell the person when permissions were changed, else ``None``.
    Anything that goes wrong is left for SQLite to say when it opens the file.
    """
    if create and not path.exists():
        try:
            new_file(path)
            return None  # an empty file is an empty SQLite database
        except FileExistsError:
            pass  # another process made it meanwhile
        except OSError:
            return None
    closed = [p for p in open_files(path) if _close(p)]
    if not closed:
        return None
    return _(
        "{path} could be read by every user of this machine: its permissions are now {mode}"
    ).format(path=path, mode=octal(path.stat().st_mode))


def open_files(path: Path) -> list[Path]:
    """The database at ``path`` and its companion files that are ours and open to the
    others: what :func:`secure_database` closes (and says it did)."""
    return [p for p in (path, *(Path(f"{path}{s}") for s in COMPANIONS)) if _closable(p)]


def _closable(path: Path) -> bool:
    owner = getattr(os, "geteuid", None)  # POSIX only: elsewhere modes mean little
    with contextlib.suppress(OSError):
        found = path.lstat()
        if owner is None or found.st_uid != owner() or not open_to_others(found.st_mode):
            return False
        return path.is_file() and not path.is_symlink()
    return False


def _close(path: Path) -> bool:
    """Take the others' permissions off ``path``; whether anything changed."""
    with contextlib.suppress(OSError):
        os.chmod(path, fixed_mode(path.lstat().st_mode, path.parent.stat().st_mode))
        return True
    return False
