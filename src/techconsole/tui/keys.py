"""Every key binding of the console has an id (``queue.new_incident``, ``incident.claim``),
so that a person can give it other keys in their config file::

    [keys]
    "queue.new_incident" = "N"
    "incident.resolve" = "ctrl+r"

``techconsole config keys`` lists the ids, their keys and what each does.  The ids are
``SCREEN.ACTION``: the screen (or widget) the key works on and the action it runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from textual.binding import Binding, BindingType

#: every id given so far, with its binding (the screens register theirs as they load)
KNOWN: dict[str, Binding] = {}


def binding_id(scope: str, action: str) -> str:
    """``queue`` + ``view('all')`` → ``queue.view_all``."""
    words = re.sub(r"[^a-z0-9]+", "_", action.lower()).strip("_")
    return f"{scope}.{words}"


def named(scope: str, bindings: Iterable[BindingType]) -> list[BindingType]:
    """``bindings`` with an id each (one given already is kept), registered in :data:`KNOWN`."""
    out: list[BindingType] = []
    for binding in bindings:
        if isinstance(binding, Binding):
            if binding.id is None:
                binding = replace(binding, id=binding_id(scope, binding.action))
            assert binding.id is not None
            KNOWN.setdefault(binding.id, binding)
        out.append(binding)
    return out


def all_bindings() -> dict[str, Binding]:
    """Every binding of the console by id: its screens are loaded to say theirs."""
    import techconsole.tui.screens  # noqa: F401 - they register their keys

    return dict(sorted(KNOWN.items()))
