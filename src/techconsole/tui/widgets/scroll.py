"""Moving a screen's scrolling body by one line, for the ``j``/``k`` keys."""

from __future__ import annotations

from textual.containers import ScrollableContainer


def scroll_line(body: ScrollableContainer, direction: str) -> None:
    """One line ``down`` or up, at once: each key moves a line even when keys come faster
    than the screen is drawn (a held key); Textual's default waits for the next frame and
    starts from where the body was before it."""
    body.scroll_relative(y=1 if direction == "down" else -1, animate=False, immediate=True)
