"""Key descriptions in the console's language.

Textual reads ``BINDINGS`` when a class is made, before the language is known, so the
descriptions there are English msgids (marked for the catalogue, as any string passed to
``Binding`` is, by :data:`TEXTUAL_WORDS` or by ``N_`` where they are written);
:func:`speak` rewrites a node's own copy of its bindings in the language in use, once,
when the node is made. The footer, the help screen and the palette then show them.
Textual's own widgets get the same once their screen is mounted (:func:`speak_within`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode

from techconsole.i18n import N_, language, translate, translator

#: the words of Textual's own keys in the widgets the console uses (the tables, the
#: scrolled bodies, the mail's tabs, the forms' fields, lists and menus): the help lists
#: them, and a form's footer shows an open menu's ``esc``
TEXTUAL_WORDS = (
    N_("Bottom"),
    N_("Copy"),
    N_("Copy selected text"),
    N_("Cursor down"),
    N_("Cursor down select"),
    N_("Cursor left"),
    N_("Cursor left select"),
    N_("Cursor left word select"),
    N_("Cursor line end"),
    N_("Cursor line end select"),
    N_("Cursor line start"),
    N_("Cursor line start select"),
    N_("Cursor page down"),
    N_("Cursor page up"),
    N_("Cursor right"),
    N_("Cursor right select"),
    N_("Cursor right word select"),
    N_("Cursor up"),
    N_("Cursor up select"),
    N_("Cursor word left"),
    N_("Cursor word right"),
    N_("Cut"),
    N_("Cut selected text"),
    N_("Delete all to the left"),
    N_("Delete all to the right"),
    N_("Delete character left"),
    N_("Delete character right"),
    N_("Delete left to start of word"),
    N_("Delete line"),
    N_("Delete right to start of word"),
    N_("Delete to line end"),
    N_("Delete to line start"),
    N_("Dismiss menu"),
    N_("Down"),
    N_("End"),
    N_("First"),
    N_("Focus Next"),
    N_("Focus Previous"),
    N_("Go to end"),
    N_("Go to start"),
    N_("Home"),
    N_("Last"),
    N_("Move cursor left"),
    N_("Move cursor left a word"),
    N_("Move cursor left a word and select"),
    N_("Move cursor left and select"),
    N_("Move cursor right a word"),
    N_("Move cursor right a word and select"),
    N_("Move cursor right and select"),
    N_("Move cursor right or accept the completion suggestion"),
    N_("Next tab"),
    N_("Page Down"),
    N_("Page Left"),
    N_("Page Right"),
    N_("Page Up"),
    N_("Page down"),
    N_("Page Left"),
    N_("Page Right"),
    N_("Page up"),
    N_("Palette"),
    N_("Paste"),
    N_("Paste text from the clipboard"),
    N_("Press button"),
    N_("Previous tab"),
    N_("Quit"),
    N_("Redo"),
    N_("Scroll Down"),
    N_("Scroll End"),
    N_("Scroll Home"),
    N_("Scroll Left"),
    N_("Scroll Right"),
    N_("Scroll Up"),
    N_("Select"),
    N_("Select all"),
    N_("Select line"),
    N_("Select line end"),
    N_("Select line start"),
    N_("Show menu"),
    N_("Submit"),
    N_("Toggle"),
    N_("Top"),
    N_("Undo"),
    N_("Up"),
)

#: the titles and lines of Textual's own commands in the palette
#: (``App.get_system_commands``), and the hints of its search fields
TEXTUAL_COMMANDS = (
    N_("Theme"),
    N_("Change the current theme"),
    N_("Quit the application as soon as possible"),
    N_("Keys"),
    N_("Show help for the focused widget and a summary of available keys"),
    N_("Hide the keys and widget help panel"),
    N_("Maximize"),
    N_("Maximize the focused widget"),
    N_("Minimize"),
    N_("Minimize the widget and restore to normal size"),
    N_("Screenshot"),
    N_("Save an SVG 'screenshot' of the current screen"),
    N_("Search for commands…"),
    N_("Search for themes…"),
)


#: the attribute that says a node's keys already speak the language in use
SPOKEN = "_techconsole_spoken"


def words(marked: str) -> str:
    """A description marked with ``N_`` or ``NP_`` (a context), in the language in use."""
    return translate(translator(language()), marked) if marked else ""


def said(binding: Binding) -> Binding:
    """``binding`` with its description, tooltip and group in the language in use."""
    group = binding.group
    if group is not None:
        group = replace(group, description=words(group.description))
    return replace(
        binding,
        description=words(binding.description),
        tooltip=words(binding.tooltip),
        group=group,
    )


def speak(node: DOMNode, actions: Mapping[str, str] | None = None) -> None:
    """Put ``node``'s key descriptions in the language in use (call it in ``__init__``).

    ``actions`` gives some actions other words (msgids) than their class's bindings: a
    form's ``ctrl+s`` says what its button says ("Open", "Resolve"), not "Save".
    """
    renamed = actions or {}
    keys = {
        key: [
            said(replace(binding, description=renamed[binding.action]))
            if binding.action in renamed
            else said(binding)
            for binding in bindings
        ]
        for key, bindings in node._bindings.key_to_bindings.items()
    }
    node._bindings = BindingsMap.from_keys(keys)
    setattr(node, SPOKEN, True)


def speak_within(root: DOMNode) -> None:
    """Speak the keys of every widget under ``root`` not spoken yet: Textual's own (a
    form's menus say ``esc`` in the footer), each once."""
    for node in root.query("*"):
        if not getattr(node, SPOKEN, False) and node._bindings.key_to_bindings:
            speak(node)
