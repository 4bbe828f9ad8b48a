"""The console as its person left it: last view, sort and filter, saved views, theme.

Kept in one small JSON file of the user's state folder (``console.json``; the entry point
says where), written whole at each change through a temporary file, readable by its owner
only.  A missing, broken or foreign file is as no file: the console starts as new, and
says nothing (it is a convenience, never a reason not to start).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

#: the longest filter text and saved-view name kept
LONGEST = 120
#: at most this many saved views
MOST_SAVED = 20


@dataclass(frozen=True, slots=True)
class ViewState:
    """What the queue shows: a view, a sort column (``None``: the policy's order), a filter."""

    view: str = "all"
    sort: str | None = None
    reverse: bool = False
    text: str = ""


def _view(data: Any, views: Iterable[str], columns: Iterable[str]) -> ViewState | None:
    """A :class:`ViewState` from what a file holds, or ``None`` if anything is off."""
    if not isinstance(data, dict):
        return None
    view, sort = data.get("view", "all"), data.get("sort")
    reverse, text = data.get("reverse", False), data.get("text", "")
    if view not in set(views) or (sort is not None and sort not in set(columns)):
        return None
    if not isinstance(reverse, bool) or not isinstance(text, str) or len(text) > LONGEST:
        return None
    return ViewState(view, sort, reverse, text)


@dataclass
class ConsoleState:
    """The person's console; ``path`` ``None``: kept in memory only (tests, a bad folder)."""

    path: Path | None = None
    last: ViewState = field(default_factory=ViewState)
    saved: dict[str, ViewState] = field(default_factory=dict)
    theme: str | None = None
    #: the queue's columns chosen, in their order; ``None``: all, in the usual order
    columns: tuple[str, ...] | None = None

    @classmethod
    def load(cls, path: Path | None, views: Iterable[str], columns: Iterable[str]) -> ConsoleState:
        views, columns = list(views), list(columns)
        state = cls(path)
        if path is None:
            return state
        try:
            with open(path, encoding="utf-8") as file:
                data = json.load(file)
        except (OSError, ValueError, RecursionError):
            return state
        if not isinstance(data, dict):
            return state
        state.last = _view(data.get("last"), views, columns) or ViewState()
        saved = data.get("saved")
        if isinstance(saved, dict):
            for name, value in list(saved.items())[:MOST_SAVED]:
                found = _view(value, views, columns)
                if isinstance(name, str) and 0 < len(name) <= LONGEST and found:
                    state.saved[name] = found
        chosen = data.get("columns")
        if (
            isinstance(chosen, list)
            and chosen
            and all(isinstance(key, str) and key in columns for key in chosen)
            and len(set(chosen)) == len(chosen)
        ):
            state.columns = tuple(chosen)
        theme = data.get("theme")
        state.theme = theme if isinstance(theme, str) and len(theme) <= LONGEST else None
        return state

    def remember(self, last: ViewState) -> None:
        if last != self.last:
            self.last = last
            self.save()

    def save_view(self, name: str, view: ViewState) -> None:
        """Keep ``view`` under ``name`` (a name in use is replaced)."""
        if name not in self.saved and len(self.saved) >= MOST_SAVED:
            oldest = next(iter(self.saved))
            del self.saved[oldest]
        self.saved[name] = replace(view)
        self.save()

    def forget_view(self, name: str) -> None:
        if self.saved.pop(name, None) is not None:
            self.save()

    def remember_columns(self, chosen: tuple[str, ...]) -> None:
        if chosen != self.columns:
            self.columns = chosen
            self.save()

    def remember_theme(self, theme: str) -> None:
        if theme != self.theme:
            self.theme = theme
            self.save()

    def data(self) -> Mapping[str, Any]:
        return {
            "last": asdict(self.last),
            "saved": {name: asdict(view) for name, view in self.saved.items()},
            "theme": self.theme,
            "columns": list(self.columns) if self.columns is not None else None,
        }

    def save(self) -> None:
        """Write the file whole (owner only); a failure leaves the old one and is ignored."""
        if self.path is None:
            return
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".", suffix=".tmp")
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as file:
                    json.dump(self.data(), file, ensure_ascii=False, indent=1)
                os.replace(temporary, self.path)
            except BaseException:
                os.unlink(temporary)
                raise
        except OSError:
            return
