"""When techconsole itself fails: the details go to a log file, one line to the person.

A failure nobody foresaw (a bug) is never a wall of frames on the terminal: the entry
points (:mod:`techconsole.cli.entry`, :mod:`techconsole.tui.launch`) write its traceback
to ``errors.log`` in the user's state folder (on Linux
``~/.local/state/techconsole/errors.log``, readable by its owner only), say in one line
what failed and where the details are, and exit with :data:`EXIT_INTERNAL`.
"""

from __future__ import annotations

import contextlib
import os
import sys
import traceback
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from techconsole import __version__
from techconsole.i18n import _

#: the exit code of a failure of the program itself (BSD's EX_SOFTWARE)
EXIT_INTERNAL = 70
#: past this size the log is moved to ``errors.log.1`` (the one before is dropped)
_KEEP_BYTES = 1_000_000


def log_path() -> Path:
    """Where the details of internal errors are written."""
    from platformdirs import user_state_dir

    return Path(user_state_dir("techconsole", appauthor=False)) / "errors.log"


def record(error: BaseException, argv: Sequence[str] = ()) -> Path | None:
    """Append ``error``'s traceback to the log (created ``0600``); its path, or ``None``
    when it could not be written (the one line then says so)."""
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with contextlib.suppress(OSError):
            if path.stat().st_size > _KEEP_BYTES:
                path.replace(path.with_name(path.name + ".1"))
        descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with contextlib.suppress(OSError):
            os.fchmod(descriptor, 0o600)  # an older file, made under another umask
        with os.fdopen(descriptor, "a", encoding="utf-8", errors="replace") as log:
            log.write(
                f"--- {datetime.now(UTC).isoformat(timespec='seconds')} techconsole "
                f"{__version__}, Python {sys.version.split()[0]}, pid {os.getpid()}\n"
                f"command: techconsole {' '.join(argv)}\n"
            )
            log.write("".join(traceback.format_exception(error)))
    except OSError:
        return None
    return path


def summary(error: BaseException) -> str:
    """The error on one short line: its kind and the first line of its message."""
    text = str(error).strip().splitlines()
    first = text[0] if text else ""
    first = first if len(first) <= 200 else first[:199] + "…"
    return f"{type(error).__name__}: {first}" if first else type(error).__name__


def message(error: BaseException, path: Path | None) -> str:
    """The one line a person reads (in the language in use)."""
    if path is None:
        return _(
            "internal error: {error} (please report it; the details could not be logged)"
        ).format(error=summary(error))
    return _("internal error: {error} (please report it with the details in {path})").format(
        error=summary(error), path=path
    )


def report(error: BaseException, argv: Sequence[str] = ()) -> str:
    """Log ``error`` and return the line to say."""
    return message(error, record(error, argv))
