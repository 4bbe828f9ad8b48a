"""The keys' line, composed again only when the keys it shows change.

Textual's ``Footer`` composes its keys again each time its screen says the bindings
changed (the focus moved, a binding was refreshed): one recompose per signal, even when
they show the same keys.  The queue's start sent seven, ~50 ms each on a busy machine,
while the first page was being read (issue 15).  :class:`KeysFooter` recomposes only
when what it would show differs from what it shows.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from textual.app import ComposeResult
from textual.widgets import Footer


class KeysFooter(Footer):
    """A ``Footer`` that skips recomposing the same keys."""

    _shown: tuple[Any, ...] | None = None

    def _keys(self) -> tuple[Any, ...]:
        """What the footer would show now: every active binding as it would be drawn."""
        shown: list[Hashable] = [
            self.compact,
            self.show_command_palette,
            self._bindings_ready,
        ]
        if self._bindings_ready:
            for key, (_node, binding, enabled, tooltip) in self.screen.active_bindings.items():
                display = self.app.get_key_display(binding)
                shown.append((key, binding.action, binding.description, binding.show))
                shown.append((binding.group, enabled, tooltip, display))
        return tuple(shown)

    def compose(self) -> ComposeResult:
        self._shown = self._keys()
        yield from super().compose()

    async def recompose(self) -> None:
        if self.is_attached and self._shown is not None and self._keys() == self._shown:
            return
        await super().recompose()
