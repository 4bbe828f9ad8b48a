"""Warned before, not after: which changes of the queue a person is told about, once.

A console looks at the incidents that concern its person (their own and the unassigned
ones; a lead's, the whole team's) every few seconds and tells them, with a toast, the
terminal bell and their hooks:

* ``warning``: a clock entered its warning band (▲, the last quarter of its target);
* ``breach``: a clock ran past its due time (✖);
* ``new_incident``: an incident was recorded;
* ``resolved``: an incident was resolved.

Each is said once per incident, clock and band.  A clock's warning or breach is said only
while its plan's calendar is staffed (nobody wants the bell at midnight): one that
entered the band at night is said when the office opens, if it is still there.  What is
already so when the console starts is not said (no flood of old news at each start).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

#: the kinds of alert, in the order a person reads them
KINDS = ("breach", "warning", "new_incident", "resolved")
#: a clock's bands that are told
BANDS = {"warning": "warning", "breached": "breach"}


@dataclass(frozen=True, slots=True)
class Seen:
    """One incident as the alerts see it: its running clock's band and whether its plan's
    hours are staffed now."""

    number: str
    clock: str = ""
    band: str = ""  # "warning", "breached", or "" (nothing to say)
    staffed: bool = True


@dataclass(frozen=True, slots=True)
class Alert:
    kind: str  # one of KINDS
    number: str
    clock: str = ""


def _keys(
    clocks: Iterable[Seen], opened: Iterable[str], resolved: Iterable[str]
) -> list[tuple[tuple[str, str, str], Alert, bool]]:
    """Each thing worth saying: its key, its alert, and whether it may be said now."""
    found = []
    for seen in clocks:
        kind = BANDS.get(seen.band)
        if kind is not None:
            alert = Alert(kind, seen.number, seen.clock)
            found.append(((seen.number, seen.clock, kind), alert, seen.staffed))
    found += [((n, "", "new_incident"), Alert("new_incident", n), True) for n in opened]
    found += [((n, "", "resolved"), Alert("resolved", n), True) for n in resolved]
    return found


class AlertBook:
    """What was said already; :meth:`fresh` gives what is new and notes it as said."""

    def __init__(self) -> None:
        self.said: set[tuple[str, str, str]] = set()
        self.primed = False

    def fresh(
        self, clocks: Iterable[Seen], opened: Iterable[str] = (), resolved: Iterable[str] = ()
    ) -> list[Alert]:
        """The alerts to give now, breaches first; the first call only notes the state."""
        out = []
        for key, alert, may in _keys(clocks, opened, resolved):
            if key in self.said:
                continue
            if not self.primed:
                self.said.add(key)
            elif may:
                self.said.add(key)
                out.append(alert)
        self.primed = True
        return sorted(out, key=lambda a: (KINDS.index(a.kind), a.number))
