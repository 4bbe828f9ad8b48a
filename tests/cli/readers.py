"""Someone who may read the database but not write it, as a real OS process.

Root may write any file whatever its mode, so a test running as root needs someone else
to read: an OS user made for the test (``useradd``, removed at the end) when that user
can run this Python, else root itself without the capabilities that let it ignore file
permissions (``setpriv``: ``CAP_DAC_OVERRIDE``, ``CAP_DAC_READ_SEARCH``, ``CAP_FOWNER``,
``CAP_CHOWN``), reading files that belong to ``nobody``.  A test running as an ordinary
user is that reader itself, on files whose write permission it took away.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cli.processes import me

#: the capabilities that let root ignore a file's permissions
OVERRIDES = "-dac_override,-dac_read_search,-fowner,-chown"
NOBODY = 65534


@dataclass
class Reader:
    """How to run a process that may only read the files :meth:`protect` prepared."""

    kind: str
    login: str
    prefix: tuple[str, ...]
    owner: int | None = None  # the uid the files are given (None: they stay the test's)

    def protect(self, folder: Path, *, folder_writable: bool = False) -> None:
        """``folder`` and every file in it readable, not writable, for this reader (the
        folder itself stays writable when ``folder_writable``)."""
        files = [p for p in folder.iterdir() if p.is_file()]
        if self.kind == "yourself":  # your own files, without your write permission
            for path in files:
                path.chmod(0o400)
            folder.chmod(0o700 if folder_writable else 0o500)
            return
        for path in files:  # another's files that everyone may read
            path.chmod(0o644)
            if self.owner is not None:
                os.chown(path, self.owner, self.owner)
        folder.chmod(0o777 if folder_writable and self.owner is None else 0o755)
        if self.owner is not None:  # root's folder is root's to write, nobody's is not
            os.chown(folder, 0 if folder_writable else self.owner, 0)

    def release(self, folder: Path) -> None:
        """Everything back to the test's, writable (to clean up)."""
        for path in [folder, *folder.iterdir()]:
            if self.owner is not None:
                os.chown(path, os.getuid(), os.getgid())
            path.chmod(0o755 if path.is_dir() else 0o644)


def _can_run_python(prefix: tuple[str, ...]) -> bool:
    probe = subprocess.run(
        [*prefix, sys.executable, "-c", "import sqlalchemy"],
        capture_output=True,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    return probe.returncode == 0


def another_user() -> Iterator[Reader | str]:
    """An OS user made for the test (yields why not, as a string, when there is none)."""
    if os.geteuid() != 0:
        yield "not root: cannot make another OS user"
        return
    if not (shutil.which("useradd") and shutil.which("userdel") and shutil.which("runuser")):
        yield "useradd, userdel or runuser is missing"
        return
    login = f"tcro{uuid.uuid4().hex[:8]}"
    made = subprocess.run(
        ["useradd", "--no-create-home", "--shell", "/usr/sbin/nologin", login],
        capture_output=True,
        check=False,
    )
    if made.returncode != 0:
        yield f"useradd failed: {made.stderr.decode(errors='replace').strip()}"
        return
    try:
        prefix = ("runuser", "-u", login, "--")
        if not _can_run_python(prefix):
            yield f"{login} cannot run {sys.executable} (its folders are not open to others)"
        else:
            yield Reader("another user", login, prefix)
    finally:
        subprocess.run(["userdel", login], capture_output=True, check=False)


def root_without_overrides() -> Iterator[Reader | str]:
    if os.geteuid() != 0:
        yield "not root"
        return
    if not shutil.which("setpriv"):
        yield "setpriv is missing"
        return
    prefix = ("setpriv", f"--bounding-set={OVERRIDES}", f"--inh-caps={OVERRIDES}", "--")
    if not _can_run_python(prefix):
        yield "setpriv cannot drop root's capabilities here"
        return
    yield Reader("root without its overrides", me(), prefix, NOBODY)


def yourself() -> Iterator[Reader | str]:
    if os.geteuid() == 0:
        yield "running as root: file permissions do not stop root (the other readers do)"
        return
    yield Reader("yourself", me(), ())


READERS = {
    "another-user": another_user,
    "root-without-overrides": root_without_overrides,
    "yourself": yourself,
}
