"""The folder an export proposes: the last one written in, this session or an earlier one.

Every export of the console (a work report's PDF or Markdown, the monthly summaries)
proposes the folder the last export was written in — from any screen, not only the same
report — and, from one run to the next, the one remembered in the user state folder
(``export-folder`` in platformdirs' ``user_state_dir``, ``0600``: a path can say whose
customers these are).  The first time, the current folder.  What cannot be read or
written there is let go: the folder is then remembered for this session only.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from textual.dom import DOMNode

from techconsole.tui.signals import console

#: the file in the user state folder that keeps the folder between runs
STATE_FILE = "export-folder"


def state_path() -> Path:
    """Where the last folder is remembered between runs."""
    from platformdirs import user_state_dir

    return Path(user_state_dir("techconsole", appauthor=False)) / STATE_FILE


def remembered() -> Path | None:
    """The folder remembered from an earlier run, if any (and still an absolute path)."""
    with contextlib.suppress(OSError, UnicodeError):
        text = state_path().read_text(encoding="utf-8").strip()
        if text and "\n" not in text and Path(text).is_absolute():
            return Path(text)
    return None


def proposed(node: DOMNode) -> str:
    """The folder an export form proposes, as an absolute path."""
    used = console(node).export_folder
    if used is None:
        used = remembered()
    return str(used if used is not None else Path.cwd())


def used(node: DOMNode, folder: Path) -> None:
    """``folder`` (absolute, normal) was written in: propose it next, now and next run."""
    console(node).export_folder = folder
    path = state_path()
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(f"{folder}\n")
            os.replace(temporary, path)  # mkstemp made it 0600
        finally:
            if os.path.lexists(temporary):
                os.unlink(temporary)
