"""When incidents arrive and what becomes of them, decided before any detail.

``Arrivals.skeleton`` gives the kind (done, an unsolved visit and its follow-up, open in
one state or another) and the arrival of every incident, in arrival order.
"""

from __future__ import annotations

from techconsole.demo.hours import Hours
from techconsole.demo.model import (
    DONE,
    DONE_FOLLOW,
    DONE_ORIGINAL,
    OPEN_AUTH,
    OPEN_FOLLOW,
    OPEN_LATE,
    OPEN_NEW,
    OPEN_ORIGINAL,
    OPEN_WAITING,
    OPEN_WORKING,
)
from techconsole.demo.picks import Weighted
from techconsole.demo.setting import Setting
from techconsole.demo.times import DAY, HOUR

#: share of the incidents still open at ``now``, and the least of them in a small demo
OPEN_SHARE = 0.05
MIN_OPEN = 24
#: share of the visits that did not solve the problem (a follow-up was opened)
UNSOLVED_SHARE = 0.012
#: sort key of an incident before numbering: arrival second << SHIFT | its index
SHIFT = 23
MASK = (1 << SHIFT) - 1


class Arrivals:
    """The kinds and arrivals of the incidents, and how originals and follow-ups pair."""

    day_pick: Weighted[int] | None

    def __init__(self, setting: Setting) -> None:
        self.rng = setting.rng
        self.n_incidents = setting.n_incidents
        self.policy = setting.policy
        self.gated_roles = setting.gated_roles
        self.now_s, self.start_s = setting.now_s, setting.start_s
        self.span_days = setting.span_days
        self.days = setting.days
        #: the working hours visits are laid on (shared with the timelines)
        self.hours = Hours(setting.policy, setting.start_s, setting.now_s)
        #: the plan whose hours an unsolved visit ends in, before a request has a plan
        self.office = setting.office
        self.day_pick = None
        self.kinds = bytearray()
        #: follow-up index → original index
        self.follow_of: dict[int, int] = {}
        #: original index → when its visit ended unsolved (the follow-up's arrival)
        self.resolve_at: dict[int, int] = {}
        #: the severity of a few open incidents, so that the queue shows each one
        self.severity_of: dict[int, str] = {}

    def skeleton(self) -> list[int]:
        """The kind and arrival of every incident, as sort keys in arrival order.

        A key is ``arrival second << SHIFT | index``; ``self.kinds[index]`` is the kind.
        Also fills ``follow_of`` (follow-up index → original index) and ``resolve_at``
        (original index → when its visit ended unsolved: the follow-up's arrival).
        """
        rng, n = self.rng, self.n_incidents
        n_open = min(n, max(round(n * OPEN_SHARE), min(MIN_OPEN, n // 2)))
        done = n - n_open
        shares = {OPEN_NEW: 24, OPEN_WORKING: 40, OPEN_WAITING: 14, OPEN_AUTH: 12}
        shares[OPEN_FOLLOW], shares[OPEN_LATE] = 6, 4
        if not self.gated_roles:
            del shares[OPEN_AUTH]
        cycle = list(shares)  # each state at least once, then at random
        pick = Weighted(cycle, list(shares.values()))
        open_kinds = cycle[:n_open] + [pick.pick(rng) for _ in range(n_open - len(cycle))]
        self.kinds = kinds = bytearray()
        arrivals: list[int] = []

        def add(kind: int, arrived: int) -> int:
            kinds.append(kind)
            arrivals.append(arrived)
            return len(kinds) - 1

        severities = [s.code for s in self.policy.severities]  # each one in the queue
        for kind in open_kinds:
            if kind == OPEN_FOLLOW and done < 1:
                kind = OPEN_NEW
            arrived = self.now_s - self._open_age(kind)
            if kind == OPEN_FOLLOW:
                done -= 1
                first = max(self.start_s, arrived - rng.randint(3 * HOUR, 4 * DAY))
                original = add(OPEN_ORIGINAL, first)
                self.resolve_at[original] = arrived
                self.follow_of[add(kind, arrived)] = original
            elif severities:
                self.severity_of[add(kind, arrived)] = severities.pop(0)
            else:
                add(kind, arrived)
        pairs = min(done // 2, int(done * UNSOLVED_SHARE))
        for _ in range(pairs):
            first = self._business_time(self.now_s - 6 * DAY)
            drawn = rng.randint(2 * HOUR, 3 * DAY)
            # the visit ends in office hours, when the technician opens its follow-up
            ended = self.hours.after(self.office, first, drawn)
            if ended > self.now_s - 15 * 60:  # past a long closure: as drawn
                ended = first + drawn
            original = add(DONE_ORIGINAL, first)
            self.resolve_at[original] = ended
            self.follow_of[add(DONE_FOLLOW, ended)] = original
        latest = self.now_s - 15 * 60
        for _ in range(done - 2 * pairs):
            add(DONE, self._business_time(latest))
        return sorted((arrived << SHIFT) | i for i, arrived in enumerate(arrivals))

    def _open_age(self, kind: int) -> int:
        rng, r = self.rng, self.rng.random()
        if kind == OPEN_NEW:  # most are fresh; the older ones breach their target
            age = rng.expovariate(1 / (6 * HOUR)) if r < 0.7 else rng.uniform(DAY, 12 * DAY)
        elif kind == OPEN_WORKING:
            age = rng.expovariate(1 / DAY) if r < 0.6 else rng.uniform(DAY, 20 * DAY)
        elif kind == OPEN_WAITING:
            age = rng.uniform(2 * HOUR, 15 * DAY)
        elif kind == OPEN_AUTH:
            age = rng.uniform(600, 4 * DAY)
        elif kind == OPEN_LATE:
            age = rng.uniform(2 * DAY, 10 * DAY)
        else:
            age = rng.uniform(1800, 3 * DAY)
        return int(min(max(age, 300), (self.span_days - 1) * DAY))

    def _business_time(self, latest: int) -> int:
        """An arrival between the start of the demo and ``latest``, mostly in office hours."""
        rng, days = self.rng, self.days
        if self.day_pick is None:
            indices = list(range(days.index(self.start_s), days.index(self.now_s) + 1))
            weekday = (1.0, 1.0, 1.0, 1.0, 1.0, 0.3, 0.12)
            self.day_pick = Weighted(indices, [weekday[days.weekdays[i]] for i in indices])
        while True:
            day = self.day_pick.pick(rng)
            if rng.random() < 0.85:
                moment = rng.randrange(8 * HOUR, 18 * HOUR + 1800)
            else:
                moment = rng.randrange(DAY)
            arrived = days.midnights[day] + moment
            if self.start_s <= arrived <= latest:
                return arrived
