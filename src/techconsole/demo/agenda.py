"""Each technician's agenda: the sessions booked so far, never two at once.

The store refuses overlapping sessions of one technician (``session_rules.check_overlap``) and
a second running timer (a partial unique index); the demo's bulk writer bypasses the
services, so it keeps those rules here.  Sessions are half-open ``[start, end)`` in
seconds: one may start the second another ends, as the services allow.
"""

from __future__ import annotations

from bisect import bisect_left

#: the gap left after a clashing session before trying again (seconds)
GAP = 120
#: tries before a session that finds no room is given up
TRIES = 12


class Agenda:
    """Booked sessions per technician, sorted by start (so their ends are sorted too)."""

    def __init__(self) -> None:
        self.starts: dict[int, list[int]] = {}
        self.ends: dict[int, list[int]] = {}
        #: technicians with a running timer
        self.running: set[int] = set()

    def clash(self, tech: int, start: int, end: int) -> int | None:
        """The end of ``tech``'s session overlapping ``[start, end)``, if any."""
        starts = self.starts.get(tech)
        if not starts:
            return None
        i = bisect_left(starts, end)  # the sessions that start before ``end``
        if i and self.ends[tech][i - 1] > start:
            return self.ends[tech][i - 1]
        return None

    def book(self, tech: int, start: int, end: int) -> None:
        assert start < end, (start, end)
        assert self.clash(tech, start, end) is None, (tech, start, end)
        starts = self.starts.setdefault(tech, [])
        i = bisect_left(starts, start)
        starts.insert(i, start)
        self.ends.setdefault(tech, []).insert(i, end)

    def fit(
        self, tech: int, windows: list[tuple[int, int]], after: int, length: int, shortest: int
    ) -> tuple[int, int] | None:
        """The first ``[start, end)`` of up to ``length`` seconds (at least ``shortest``)
        from ``after`` on, inside one of ``windows`` (sorted) and clear of ``tech``'s
        sessions; ``None`` when there is no room."""
        tries = 0
        for first, last in windows:
            t = max(first, after)
            while t + shortest <= last and tries < TRIES:
                end = min(t + length, last)
                busy = self.clash(tech, t, end)
                if busy is None:
                    return t, end
                t, tries = busy + GAP, tries + 1
            if tries >= TRIES:
                return None
        return None


def cut(windows: list[tuple[int, int]], holes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``windows`` without ``holes`` (both sorted, half-open)."""
    out: list[tuple[int, int]] = []
    for start, end in windows:
        for hole_start, hole_end in holes:
            if hole_end <= start or hole_start >= end:
                continue
            if hole_start > start:
                out.append((start, hole_start))
            start = max(start, hole_end)
            if start >= end:
                break
        if start < end:
            out.append((start, end))
    return out
