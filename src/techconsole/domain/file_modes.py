"""Who may read the files techconsole writes: never every user of the machine.

The database (and the ``-wal``/``-shm`` files SQLite keeps beside it), backups, exports
and logs hold customers' data.  A new file is private, ``0600`` (its owner only), unless
it is made in a *team folder*: one its group may write, with the setgid bit (``chmod
g+ws``, or ``install -d -m 2775``) so that every file made there keeps the folder's group;
there it is ``0660``, for the team.  A database others could read is closed to them when
its owner opens it (:func:`fixed_mode`).  These are the rules; the layers that write files
apply them.
"""

from __future__ import annotations

import stat

PRIVATE = 0o600
TEAM = 0o660


def is_team_folder(folder_mode: int) -> bool:
    """Whether a folder with ``folder_mode`` is a team's: group-writable and setgid."""
    return bool(folder_mode & stat.S_IWGRP) and bool(folder_mode & stat.S_ISGID)


def new_file_mode(folder_mode: int) -> int:
    """The permissions of a new file in a folder with ``folder_mode``."""
    return TEAM if is_team_folder(folder_mode) else PRIVATE


def open_to_others(file_mode: int) -> bool:
    """Whether a file with ``file_mode`` grants anything to users outside its group."""
    return bool(file_mode & stat.S_IRWXO)


def fixed_mode(file_mode: int, folder_mode: int) -> int:
    """An existing file's permissions closed to the others: in a group-writable folder
    the group keeps what it had (``0664`` → ``0660``, a team created it so), anywhere else
    only the owner keeps anything (``0644`` → ``0600``)."""
    kept = stat.S_IRWXU | (stat.S_IRWXG if folder_mode & stat.S_IWGRP else 0)
    return stat.S_IMODE(file_mode) & kept


def octal(mode: int) -> str:
    """``0600``: permissions as people write them."""
    return f"{stat.S_IMODE(mode):04o}"
