"""Key descriptions in the console's language.

Textual reads ``BINDINGS`` when a class is made, before the language is known, so the
descriptions there are English msgids (marked for the catalogue, as any string passed to
``Binding`` is, by :data:`TEXTUAL_WORDS` or by ``N_`` where they are written);
:func:`speak` rewrites a node's own copy of its bindings in the language in use, once,
when the node is made. The footer, the help screen and the palette then show them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode

from techconsole.i18n import N_, _

#: the words of Textual's own keys that the console shows (footer, help)
TEXTUAL_WORDS = (
    N_("Bottom"),
    N_("Copy selected text"),
    N_("Cursor down"),
    N_("Cursor left"),
    N_("Cursor right"),
    N_("Cursor up"),
    N_("End"),
    N_("Focus Next"),
    N_("Focus Previous"),
    N_("Home"),
    N_("Page down"),
    N_("Page Left"),
    N_("Page Right"),
    N_("Page up"),
    N_("Select"),
    N_("Top"),
    N_("Quit"),
    N_("Palette"),
)


def said(binding: Binding) -> Binding:
    """``binding`` with its description, tooltip and group in the language in use."""
    group = binding.group
    if group is not None:
        group = replace(group, description=_(group.description))
    return replace(
        binding,
        description=_(binding.description) if binding.description else "",
        tooltip=_(binding.tooltip) if binding.tooltip else "",
        group=group,
    )


def speak(node: DOMNode, actions: Mapping[str, str] | None = None) -> None:
    """Put ``node``'s key descriptions in the language in use (call it in ``__init__``).

    ``actions`` gives some actions other words (msgids) than their class's bindings: a
    form's ``ctrl+s`` says what its button says ("Open", "Resolve"), not "Save".
    """
    words = actions or {}
    keys = {
        key: [
            said(replace(binding, description=words[binding.action]))
            if binding.action in words
            else said(binding)
            for binding in bindings
        ]
        for key, bindings in node._bindings.key_to_bindings.items()
    }
    node._bindings = BindingsMap.from_keys(keys)
