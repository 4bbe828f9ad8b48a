"""When the demo's team works: each incident's steps laid on its plan's business hours.

The timelines draw the gaps between an incident's steps (taken in charge, visited,
resolved…) in plain time, as if the team never slept.  :class:`Hours` lays those gaps
on the working time of the incident's plan: a gap up to :data:`WORKDAY` is that much
working time (two hours after taking it in charge is two office hours later), a longer
one counts the rest at the share of the week the plan covers (a customer who answers
"after a day" answers during the next working day, not 24 office hours later).  On
Enterprise (always open) nothing moves.

What was drawn stays drawn: the mapping uses no random numbers, so a seed still makes
the same incidents, only at office hours.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from itertools import pairwise

from techconsole.demo.times import HOUR
from techconsole.domain.policy import Policy

#: a drawn gap up to this long is laid as that much working time
WORKDAY = 8 * HOUR
_WEEK_US = 7 * 24 * HOUR * 1_000_000
_US = 1_000_000
_Plan = tuple[Callable[[int, int], int], Callable[[int, int], int], float]


class Hours:
    """The working time of each plan of ``policy``, as the demo lays steps on it."""

    def __init__(self, policy: Policy, start_s: int) -> None:
        self._policy = policy
        self._start_us = start_s * _US
        #: plan → its calendar's add_us and elapsed_us, the share of the week it is open
        self._plans: dict[str, _Plan] = {}

    def _plan(self, plan: str) -> _Plan:
        known = self._plans.get(plan)
        if known is None:
            calendar = self._policy.plan(plan).calendar
            # a whole week, four weeks in: the share the plan is open in an ordinary week
            week = self._start_us + 4 * _WEEK_US
            share = calendar.elapsed_us(week, week + _WEEK_US) / _WEEK_US
            known = self._plans[plan] = (calendar.add_us, calendar.elapsed_us, share)
        return known

    def spent(self, plan: str, gap: int) -> int:
        """The working seconds a drawn ``gap`` (seconds) stands for on ``plan``."""
        share = self._plan(plan)[2]
        if gap <= WORKDAY or share >= 1.0:
            return gap
        return WORKDAY + int((gap - WORKDAY) * share)

    def after(self, plan: str, at: int, gap: int) -> int:
        """The instant a drawn ``gap`` after ``at`` falls on, in ``plan``'s working time."""
        add, _elapsed, share = self._plan(plan)
        if share <= 0.0:
            return at + gap
        return add(at * _US, self.spent(plan, gap) * _US) // _US

    def laying(
        self, plan: str, arrived: int, raws: Sequence[int], limit: int
    ) -> Callable[[int], int]:
        """Where each drawn instant (seconds, from ``arrived`` on) of an incident falls:
        its gaps from the steps before it (``raws``, ascending) laid on ``plan``'s working
        time from ``arrived``, all of them shrunk alike when the last step would fall
        after ``limit``.  A plan with no working time until ``limit`` keeps the drawn
        times, shrunk alike the same way."""
        add, elapsed, share = self._plan(plan)
        marks = [arrived, *raws]
        worked = [0]
        for before, mark in pairwise(marks):
            worked.append(worked[-1] + self.spent(plan, mark - before))
        start = arrived * _US
        available = elapsed(start, limit * _US) // _US if share > 0.0 else 0
        last = worked[-1]
        if available <= 0 or share >= 1.0:
            drawn = marks[-1] - arrived
            room = limit - arrived
            squeeze = 1.0 if drawn <= room or drawn <= 0 else max(room, 0) / drawn
            return lambda raw: arrived + int((raw - arrived) * squeeze)
        squeeze = 1.0 if last <= available else available / last

        def at(raw: int) -> int:
            i = max(bisect_right(marks, raw) - 1, 0)
            position = worked[i] + self.spent(plan, raw - marks[i])
            return add(start, int(position * squeeze) * _US) // _US

        return at
