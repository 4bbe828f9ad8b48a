"""When the demo's team works: each incident's steps laid on its plan's business hours.

The timelines draw the gaps between an incident's steps (taken in charge, visited,
resolved…) in plain time, as if the team never slept.  :class:`Hours` lays those gaps
on the working time of the incident's plan: a gap up to :data:`WORKDAY` is that much
working time (two hours after taking it in charge is two office hours later), a longer
one counts the rest at the share of the week the plan covers (a customer who answers
"after a day" answers during the next working day, not 24 office hours later).  On
Enterprise (always open) nothing moves.

What was drawn stays drawn: the mapping uses no random numbers, so a seed still makes
the same incidents, only at office hours.  Each plan's open hours over the demo's span
are laid out once, in whole seconds, so that a step costs a binary search (the
calendar itself answers outside the span).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence

from techconsole.demo.times import DAY, HOUR
from techconsole.domain.calendar import BusinessCalendar
from techconsole.domain.policy import Policy

#: a drawn gap up to this long is laid as that much working time
WORKDAY = 8 * HOUR
#: how far past now a step's promise or estimate may fall inside the laid-out span
AHEAD = 30 * DAY
_WEEK = 7 * DAY
_US = 1_000_000


class _Plan:
    """One plan's open hours from ``begin`` to ``end`` (seconds): where each interval
    starts and ends, and the working seconds before it."""

    def __init__(self, calendar: BusinessCalendar, begin: int, end: int) -> None:
        self.calendar, self.begin, self.end = calendar, begin, end
        spans = calendar.intervals_us(begin * _US, end * _US)
        self.starts = [s // _US for s, _ in spans]
        self.ends = [e // _US for _, e in spans]
        self.before: list[int] = []
        self.after: list[int] = []
        worked = 0
        for start, stop in zip(self.starts, self.ends, strict=True):
            self.before.append(worked)
            worked += stop - start
            self.after.append(worked)
        week = begin + 4 * _WEEK if begin + 5 * _WEEK <= end else begin
        #: the share of an ordinary week the plan is open
        self.share = calendar.elapsed_us(week * _US, (week + _WEEK) * _US) / (_WEEK * _US)

    def position(self, t: int) -> int:
        """Working seconds from ``begin`` to ``t`` (inside the span)."""
        i = bisect_right(self.starts, t) - 1
        return 0 if i < 0 else self.before[i] + min(t, self.ends[i]) - self.starts[i]

    def add(self, t: int, worked: int) -> int:
        """The instant ``worked`` working seconds after ``t`` (as ``add_us`` gives it)."""
        if worked == 0:
            return t
        if self.begin <= t <= self.end:
            target = self.position(t) + worked
            j = bisect_left(self.after, target)
            if j < len(self.after):
                return self.starts[j] + target - self.before[j]
        return self.calendar.add_us(t * _US, worked * _US) // _US

    def elapsed(self, a: int, b: int) -> int:
        """Working seconds between ``a`` and ``b`` (``a`` ≤ ``b``)."""
        if self.begin <= a and b <= self.end:
            return self.position(b) - self.position(a)
        return self.calendar.elapsed_us(a * _US, b * _US) // _US

    def spent(self, gap: int) -> int:
        """The working seconds a drawn ``gap`` stands for."""
        if gap <= WORKDAY or self.share >= 1.0:
            return gap
        return WORKDAY + int((gap - WORKDAY) * self.share)


class Hours:
    """The working time of each plan of ``policy``, laid out from ``start_s`` (the demo's
    first arrival, seconds) to :data:`AHEAD` past ``now_s``."""

    def __init__(self, policy: Policy, start_s: int, now_s: int) -> None:
        self._policy = policy
        self._span = (start_s - 2 * DAY, now_s + AHEAD)
        self._plans: dict[str, _Plan] = {}

    def _plan(self, plan: str) -> _Plan:
        laid = self._plans.get(plan)
        if laid is None:
            calendar = self._policy.plan(plan).calendar
            laid = self._plans[plan] = _Plan(calendar, *self._span)
        return laid

    def spent(self, plan: str, gap: int) -> int:
        """The working seconds a drawn ``gap`` (seconds) stands for on ``plan``."""
        return self._plan(plan).spent(gap)

    def after(self, plan: str, at: int, gap: int) -> int:
        """The instant a drawn ``gap`` after ``at`` falls on, in ``plan``'s working time."""
        laid = self._plan(plan)
        if laid.share <= 0.0:
            return at + gap
        return laid.add(at, laid.spent(gap))

    def laying(
        self, plan: str, arrived: int, raws: Sequence[int], limit: int
    ) -> Callable[[int], int]:
        """Where each drawn instant (seconds, from ``arrived`` on) of an incident falls:
        its gaps from the steps before it (``raws``, ascending) laid on ``plan``'s working
        time from ``arrived``, all of them shrunk alike when the last step would fall
        after ``limit``.  A plan with no working time until ``limit`` (or always open)
        keeps the drawn times, shrunk alike the same way."""
        laid = self._plan(plan)
        available = 0 if laid.share <= 0.0 or laid.share >= 1.0 else laid.elapsed(arrived, limit)
        if available <= 0:
            drawn = (raws[-1] if raws else arrived) - arrived
            room = limit - arrived
            if drawn <= room or drawn <= 0:
                return _as_drawn
            shrink = max(room, 0) / drawn
            return lambda raw: arrived + int((raw - arrived) * shrink)
        marks = [arrived, *raws]
        worked = [0]
        for i in range(1, len(marks)):
            worked.append(worked[-1] + laid.spent(marks[i] - marks[i - 1]))
        last = worked[-1]
        squeeze = 1.0 if last <= available else available / last

        def at(raw: int) -> int:
            i = max(bisect_right(marks, raw) - 1, 0)
            position = worked[i] + laid.spent(raw - marks[i])
            return laid.add(arrived, int(position * squeeze))

        return at


def _as_drawn(raw: int) -> int:
    return raw
