"""Checked policies kept between runs, so that a command does not check its policy again.

Checking a policy file (TOML, every key validated, calendars and holiday countries looked
up) costs a command about a tenth of a second at start, most of it importing the checker
itself.  Once a file has passed, the :class:`Policy` built from it is kept in the user's
cache folder, under a name made from the file's bytes, its path and the code that reads it
(techconsole's version and its ``domain`` modules), so any change to either is checked
afresh.  A broken file is never kept: it is checked, and refused, every time.

The folder is the user's own: a cached policy is read only from a folder and a file that
belong to the user running the program and that nobody else may write.  Anything wrong
with the cache (missing, unreadable, from another version) means the file is checked
again, as if there were no cache.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from techconsole.domain.policy import Policy

#: how many entries a folder keeps: writing one more removes the oldest written (each
#: version of the program, each policy file and each queue view makes its own)
KEEP = 64
#: a temporary file left by a write that was killed is removed after this (seconds)
_STRAY_AFTER = 24 * 3600

#: bump when the way a cached policy is stored changes
_FORMAT = b"2"  # 2: holiday tables carry the years looked up


def _code_stamp() -> bytes:
    """techconsole's version and the size and time of each domain module (what builds a
    :class:`Policy`): a new version or an edited checkout never reads an older entry."""
    from techconsole import __version__, domain

    parts = [_FORMAT, __version__.encode()]
    folder = Path(domain.__file__).parent
    with os.scandir(folder) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            if entry.name.endswith(".py"):
                info = entry.stat()
                parts.append(f"{entry.name}:{info.st_size}:{info.st_mtime_ns}".encode())
    return b"\0".join(parts)


def key(path: Path, content: bytes) -> str:
    """The name of a file's entry: its content, its path and the code's stamp."""
    digest = hashlib.sha256()
    for part in (_code_stamp(), str(path).encode(), content):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def _private(info: os.stat_result) -> bool:
    """Owned by this user and writable by nobody else."""
    owner = os.getuid() if hasattr(os, "getuid") else info.st_uid
    return info.st_uid == owner and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def holds_file(folder: Path, filename: str) -> bool:
    """Whether ``folder`` keeps a file ``filename`` that :func:`read_bytes` would read."""
    try:
        return _private(os.stat(folder)) and _private(os.stat(folder / filename))
    except OSError:
        return False


def holds(folder: Path, name: str) -> bool:
    """Whether an entry ``name`` is kept in ``folder`` where :func:`read` would read it
    (its content is not looked at)."""
    return holds_file(folder, f"{name}.pickle")


def read_bytes(folder: Path, filename: str) -> bytes | None:
    """The content of ``filename`` kept in ``folder``, when the folder and the file are
    this user's own and nobody else may write them; else ``None``."""
    try:
        if not _private(os.stat(folder)):
            return None
        with open(folder / filename, "rb") as file:
            if not _private(os.fstat(file.fileno())):
                return None
            return file.read()
    except OSError:
        return None


def read(folder: Path, name: str) -> Policy | None:
    """The policy kept under ``name``, or ``None`` (absent, not ours, or unreadable)."""
    from techconsole.domain.policy import Policy

    data = read_bytes(folder, f"{name}.pickle")
    if data is None:
        return None
    try:
        policy = pickle.loads(data)  # a file only this user can write
    except Exception:  # any broken entry: check the file again
        return None
    return policy if isinstance(policy, Policy) else None


def write(folder: Path, name: str, policy: Policy) -> None:
    """Keep ``policy`` under ``name`` (0600 in a 0700 folder); a failure is ignored."""
    try:
        data = pickle.dumps(policy, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # the cache is an optimisation, never a failure
        return
    write_bytes(folder, f"{name}.pickle", data)


def write_bytes(folder: Path, filename: str, data: bytes) -> None:
    """Keep ``data`` as ``filename`` in ``folder`` (0600 in a 0700 folder, replaced in
    one step); a failure is ignored."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(os.stat(folder)):
            return
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            os.replace(temporary, folder / filename)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        _prune(folder, filename)
    except Exception:  # the cache is an optimisation, never a failure
        pass


def _prune(folder: Path, written: str) -> None:
    """Keep ``folder`` to :data:`KEEP` entries (the newest written, ``written`` always
    among them), and remove the temporary files of writes killed long ago."""
    entries: list[tuple[float, str]] = []
    now = time.time()
    with os.scandir(folder) as found:
        for entry in found:
            if not entry.is_file(follow_symlinks=False):
                continue
            when = entry.stat(follow_symlinks=False).st_mtime
            if entry.name.startswith(".") and entry.name.endswith(".tmp"):
                if now - when > _STRAY_AFTER:
                    Path(entry.path).unlink(missing_ok=True)
            elif entry.name != written:
                entries.append((when, entry.path))
    entries.sort(reverse=True)
    for _when, path in entries[KEEP - 1 :]:
        Path(path).unlink(missing_ok=True)
