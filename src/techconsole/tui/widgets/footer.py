"""The keys' line, composed again only when the keys it shows change.

Textual's ``Footer`` composes its keys again each time its screen says the bindings
changed (the focus moved, a binding was refreshed): one recompose per signal, even when
they show the same keys.  The queue's start sent seven, ~50 ms each on a busy machine,
while the first page was being read (issue 15).  :class:`KeysFooter` recomposes only
when what it would show differs from what it shows.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable
from dataclasses import replace
from typing import Any

from textual.app import ComposeResult
from textual.binding import BindingsMap
from textual.screen import Screen
from textual.widgets import Footer


def roomy_keys(screen: Screen[Any], width: int, room: int, actions: Collection[str]) -> None:
    """Show the bindings of ``actions`` in the footer only when ``width`` is at least
    ``room`` columns: on a narrow terminal the other keys (quit, the help) stay whole.
    The keys still work, and ``?`` lists them."""
    roomy = width >= room
    keys = {
        key: [
            replace(binding, show=roomy) if binding.action in actions else binding
            for binding in bindings
        ]
        for key, bindings in screen._bindings.key_to_bindings.items()
    }
    screen._bindings = BindingsMap.from_keys(keys)
    screen.refresh_bindings()


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
