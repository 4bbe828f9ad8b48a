"""Copying an incident's number or subject to the clipboard of the person's terminal.

Textual sends the text as an OSC 52 sequence, which the terminal puts on its clipboard:
it works over SSH too, where the program's machine has no clipboard of the person's.  A
terminal that does not support OSC 52 ignores it; the toast shows what was copied.
"""

from __future__ import annotations

from textual.app import App

from techconsole.i18n import _
from techconsole.tui.widgets.text import plain


def copy(app: App[object], text: str, what: str) -> None:
    """Put ``text`` on the clipboard and say so; ``what`` names it (translated)."""
    shown = plain(text)
    app.copy_to_clipboard(shown)
    app.notify(shown, title=_("Copied: {what}").format(what=what), timeout=3, markup=False)
