"""The palette's "Screenshot": the screen as an SVG, kept as a report is kept.

A screenshot of the console shows customers' names, subjects and notes, so it is written
as an export is (:mod:`techconsole.reports.files`): into the folder the exports propose
(:mod:`.folders`: the last one written in, else the current folder), ``0600`` (``0660``
in a team folder) whatever the umask, all at once or not at all, never over another
file.  Textual's own would put it in the Downloads folder, as the umask makes it.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from techconsole.i18n import _
from techconsole.reports import files
from techconsole.tui import folders
from techconsole.tui.signals import ConsoleApp
from techconsole.tui.widgets.text import markup_safe


def file_name(at: datetime) -> str:
    """``techconsole-2026-12-06_10-53-26.svg``: local time, no character a file system
    refuses."""
    return f"techconsole-{at:%Y-%m-%d_%H-%M-%S}.svg"


def save(app: ConsoleApp, filename: str | None = None, path: str | None = None) -> Path | None:
    """Write the screen as an SVG (in ``path`` as ``filename``, or where and as said
    above) and say where; ``None`` when it could not be written, which is said too."""
    where = files.normal(path) if path else Path(folders.proposed(app))
    name = Path(filename).name if filename else file_name(datetime.now().astimezone())
    try:
        written = files.write(where / name, app.export_screenshot().encode("utf-8"))
    except files.ExportError as refused:
        app.notify(markup_safe(str(refused)), title=_("Screenshot"), severity="error")
        return None
    folders.used(app, where)
    app.notify(markup_safe(str(written)), title=_("Screenshot saved"))
    return written
