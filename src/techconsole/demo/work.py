"""The work done on the demo's incidents: timer sessions, parts, a few running timers.

Resolved and closed incidents, and some in progress (taken in charge), get the sessions
of their assignee from when they had it: a trip and a visit at the recorded arrival on site, and
remote, phone or lab sessions inside the plan's business hours, clear of the customer's
pauses and of the technician's other sessions.  Some get parts (a few under warranty);
some technicians, never the person running the demo, have a timer running now.

All of it draws from a random stream of its own (``"<seed>-work"``), so the rows the
demo made before it had any work stay exactly as they were for the same seed.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from techconsole.demo.agenda import Agenda, cut
from techconsole.demo.model import Request, State, Tech
from techconsole.demo.picks import one
from techconsole.demo.setting import Setting
from techconsole.demo.texts import PartDef
from techconsole.demo.times import DAY
from techconsole.demo.work_rows import WorkRows

#: in-progress incidents (taken in charge) with sessions, and of those with a timer running
WORKING_SHARE = 0.7
RUNNING_SHARE = 0.5
#: chance of parts on an incident whose category has some, by level
PARTS_CHANCE = {1: 0.1, 2: 0.6}
#: share of the parts with a serial number replaced under warranty on other incidents
WARRANTY_SHARE = 0.05
#: shortest session worth recording (seconds), and of a quick call out of hours
SHORTEST = 5 * 60
BRIEFEST = 60
_US = 1_000_000

#: the timeline entries after which the assignee works on the incident
TAKING = frozenset(("claimed", "assigned", "acknowledged"))
#: a session made: kind, start, end
Made = tuple[str, int, int]


class Job(NamedTuple):
    """What the work on one incident depends on, taken from it as it is made."""

    incident_id: int
    #: the assignee's id, and when they had it to work on
    tech: int
    begin: int
    status: str
    resolved_at: int | None
    on_site_at: int | None
    #: when it waited on the customer (``None``: still waiting)
    pauses: list[tuple[int, int | None]]
    warranty: bool
    plan: str
    category: str
    level: int
    #: who agrees to the parts by phone before they are fitted (seed 003), if anyone
    told: tuple[int, str] | None
    #: the parts that fit its subject (its story's); ``None``: any of its category's
    fits: tuple[str, ...] | None = None


class Work:
    """Plans each incident's work as it is made; ``rows`` keeps and writes it."""

    def __init__(self, setting: Setting, rows: WorkRows, team: list[Tech]) -> None:
        self.rng = random.Random(f"{setting.seed}-work")
        self.rows = rows
        self.policy = setting.policy
        self.now_s = setting.now_s
        self.days = setting.days
        self.agenda = Agenda()
        #: what books each incident's work: ``place``, or another (``demo.producer``)
        self.placing: Callable[[Job], None] = self.place
        #: plan → the open hours of its calendar over ``span`` (starts, ends in seconds)
        self.hours: dict[str, tuple[list[int], list[int]]] = {}
        self.span = (setting.start_s - DAY, setting.now_s + DAY)
        self.actor = next((t.id for t in team if t.login == setting.ctx.actor), None)
        self.notes = dict(setting.texts.session_notes)
        self.parts: dict[str, list[PartDef]] = {}
        self.by_code = {part.code: part for part in setting.texts.parts}
        for part in setting.texts.parts:
            for category in part.categories:
                self.parts.setdefault(category, []).append(part)

    def _open(self, plan: str, begin: int, limit: int) -> list[tuple[int, int]]:
        """The open hours of ``plan``'s calendar between ``begin`` and ``limit`` (seconds),
        as ``calendar.intervals_us`` gives them: cut from the demo's whole span, laid
        out once per plan."""
        laid = self.hours.get(plan)
        if laid is None:
            calendar = self.policy.plan(plan).calendar
            spans = calendar.intervals_us(self.span[0] * _US, self.span[1] * _US)
            laid = self.hours[plan] = ([s // _US for s, _ in spans], [e // _US for _, e in spans])
        starts, ends = laid
        if begin < self.span[0] or limit > self.span[1]:  # not in the demo's span
            spans = self.policy.plan(plan).calendar.intervals_us(begin * _US, limit * _US)
            return [(s // _US, e // _US) for s, e in spans]
        out: list[tuple[int, int]] = []
        i = bisect_right(ends, begin)  # the first that ends after ``begin``
        while i < len(starts) and starts[i] < limit:
            start, end = max(starts[i], begin), min(ends[i], limit)
            if start < end:
                out.append((start, end))
            i += 1
        return out

    def _length(self, low: int, high: int) -> int:
        """Seconds of a session of ``low`` to ``high`` minutes, the shorter more likely."""
        rng = self.rng
        return (low + int((high - low) * rng.random() ** 1.5)) * 60 + rng.randrange(60)

    def plan(self, incident_id: int, request: Request, state: State) -> None:
        """The sessions and parts of one incident, booked in its assignee's agenda (by
        ``placing``: ``place`` here, a list of them in the demo's second process)."""
        job = self.job(incident_id, request, state)
        if job is not None:
            self.placing(job)

    def job(self, incident_id: int, request: Request, state: State) -> Job | None:
        """What the work on the incident depends on, if someone had it to work on (no
        random draw: those are ``place``'s)."""
        tech, begin = state.assignee, _taken(state)
        if tech is None or state.acknowledged_at is None or begin is None:
            return None
        customer, told = request.customer, None
        # seed 003: a customer who asked to be told first agrees to each part (by phone,
        # their titolare or ADS or whoever is there) before it is fitted
        if customer.notify:
            people = customer.titolari or customer.ads or customer.employees
            told = (people[0][0], people[0][1]) if people else (0, "")
        return Job(
            incident_id,
            tech.id,
            begin,
            state.status,
            state.resolved_at,
            state.on_site_at,
            _pauses(state),
            state.warranty,
            request.plan,
            request.category.code,
            request.category.level,
            told,
            request.story.parts if request.story else None,
        )

    def place(self, job: Job) -> None:
        """Book the incident's sessions and parts, from the work's random stream."""
        rng, tech, begin = self.rng, job.tech, job.begin
        if job.status in ("resolved", "closed"):
            assert job.resolved_at is not None
            limit, working = job.resolved_at - 60, False
        elif job.status == "in_progress" and rng.random() < WORKING_SHARE:
            limit, working = self.now_s - 600, True
        else:
            return
        if limit - begin < BRIEFEST:
            return
        pauses = [(start, limit if end is None else end) for start, end in job.pauses]
        made = self._visit(tech, job.on_site_at, begin, limit, pauses)
        wanted = self._wanted(job.level, bool(made))
        hours = cut(self._open(job.plan, begin, limit), pauses)
        placed = self._place(tech, hours, begin, limit, wanted, SHORTEST)
        if not made and not placed and wanted:  # the timeline has it solved out of hours
            anytime = cut([(begin, limit)], pauses)
            placed = self._place(tech, anytime, begin, limit, wanted[:1], BRIEFEST)
        made = sorted(made + placed, key=lambda m: m[1])
        for kind, start, end in made:
            note = one(rng, self.notes[kind]) if rng.random() < 0.5 else ""
            self.rows.add_session(job.incident_id, tech, kind, start, end, note)
        if made:
            self._parts(job, made)
        if working and rng.random() < RUNNING_SHARE:
            self._running(job, pauses)

    def _visit(
        self,
        tech: int,
        visit: int | None,
        begin: int,
        limit: int,
        pauses: list[tuple[int, int]],
    ) -> list[Made]:
        """The trip and the visit, at the arrival on site the timeline records (the visit
        ends when the customer makes them wait, if they do)."""
        made = list[Made]()
        if visit is None or not begin <= visit < limit:
            return made
        trip = cut([(max(begin, visit - self._length(15, 50)), visit)], pauses)[-1:]
        stay = cut([(visit, min(visit + self._length(30, 150), limit))], pauses)[:1]
        for kind, pieces in (("travel", trip), ("on_site", stay)):
            if not pieces:
                continue
            start, end = pieces[0]
            if (end if kind == "travel" else start) != visit:
                continue  # the customer's pause reaches the arrival: no trip, no visit
            if end - start >= SHORTEST and self.agenda.clash(tech, start, end) is None:
                made.append((kind, start, end))
                self.agenda.book(tech, start, end)
        return made

    def _place(
        self,
        tech: int,
        windows: list[tuple[int, int]],
        begin: int,
        limit: int,
        wanted: list[tuple[str, int]],
        shortest: int,
    ) -> list[Made]:
        """``wanted`` one after the other from ``begin``, where ``windows`` and the
        technician's agenda leave room (shortened to fit, or left out)."""
        placed: list[Made] = []
        cursor = begin + min(self._length(2, 40), (limit - begin) // 4)
        for kind, length in wanted:
            slot = self.agenda.fit(tech, windows, cursor, length, shortest)
            if slot is None:
                continue
            placed.append((kind, *slot))
            self.agenda.book(tech, *slot)
            cursor = slot[1] + self._length(10, 120)
        return placed

    def _wanted(self, level: int, visited: bool) -> list[tuple[str, int]]:
        """The kinds and lengths of the sessions not tied to a visit, in order."""
        rng, length = self.rng, self._length
        if level == 2:
            if visited:  # a call before the visit, the device taken to the lab after it
                wanted = [("phone", length(5, 20))] if rng.random() < 0.35 else []
                return wanted + ([("lab", length(40, 180))] if rng.random() < 0.3 else [])
            first = ("lab", length(40, 180)) if rng.random() < 0.65 else ("remote", length(20, 90))
            return [first, ("phone", length(5, 15))] if rng.random() < 0.4 else [first]
        wanted = [("remote", length(15, 100)) if rng.random() < 0.7 else ("phone", length(5, 25))]
        if rng.random() < 0.3:
            wanted.append(("remote", length(10, 45)) if rng.random() < 0.6 else ("phone", 600))
        if rng.random() < 0.08:
            wanted.append(("remote", length(10, 60)))
        return wanted

    def _parts(self, job: Job, made: list[Made]) -> None:
        """Parts fitted during the visit or the lab session (else the last session)."""
        rng = self.rng
        parts = self.parts.get(job.category)
        if not parts or rng.random() >= PARTS_CHANCE.get(job.level, 0.0):
            return
        hosts = [m for m in made if m[0] in ("on_site", "lab")] or made[-1:]
        _, start, end = hosts[-1]
        chosen = rng.sample(parts, 2 if len(parts) > 1 and rng.random() < 0.15 else 1)
        fitting: set[str] = set()
        for part in chosen:
            at = end - rng.randint(60, max(60, min(600, (end - start) // 2)))
            serial = f"{part.serial}{rng.randrange(16**8):08X}" if part.serial else ""
            warranty = bool(serial) and (job.warranty or rng.random() < WARRANTY_SHARE)
            day = date.fromordinal(self.days.ordinal(at))
            quantity: Decimal = one(rng, part.quantities)
            fitted = self._fitting(part, job.fits)  # after the draws: the stream stays
            if fitted is None or fitted.code in fitting:  # none fits, or fitted already
                continue
            fitting.add(fitted.code)
            if fitted is not part:
                kept = serial[len(part.serial) :] or f"{job.incident_id:08X}"
                serial = f"{fitted.serial}{kept}" if fitted.serial else ""
                warranty = bool(serial) and (warranty or job.warranty)
                quantity = quantity if quantity in fitted.quantities else fitted.quantities[0]
            self.rows.add_material(
                job.incident_id, job.tech, at, day, fitted, quantity, serial, warranty, job.told
            )

    def _fitting(self, part: PartDef, fits: tuple[str, ...] | None) -> PartDef | None:
        """``part`` if it fits the subject (``fits``: its story's parts), else the first
        that does; ``None`` when none does."""
        if fits is None or part.code in fits:
            return part
        return self.by_code[fits[0]] if fits else None

    def _running(self, job: Job, pauses: list[tuple[int, int]]) -> None:
        """A timer running now, started today in business hours (never the demo user's)."""
        now, tech = self.now_s, job.tech
        start = now - self._length(8, 75)
        if tech == self.actor or tech in self.agenda.running or start < job.begin:
            return
        if cut([(start, now)], pauses) != [(start, now)]:
            return
        if self.days.index(start) != self.days.index(now):
            return  # the console would call a timer running across midnight forgotten
        calendar = self.policy.plan(job.plan).calendar
        if calendar.intervals_us(start * _US, now * _US) != [(start * _US, now * _US)]:
            return
        if self.agenda.clash(tech, start, now) is not None:
            return
        self.agenda.book(tech, start, now)
        self.agenda.running.add(tech)
        self.rows.add_session(job.incident_id, tech, running_kind(job.level), start, None, "")


def running_kind(level: int) -> str:
    """What a running timer is doing: a bench repair for hardware, remote work otherwise."""
    return "lab" if level == 2 else "remote"


def _taken(state: State) -> int | None:
    """When the assignee had it to work on: claimed, assigned or taken in charge (the
    first of these), and authorised if it had to be."""
    taken = next((e[0] for e in state.events if e[2] in TAKING), None)
    if taken is None or state.authorised_at is None:
        return taken
    return max(taken, state.authorised_at)


def _pauses(state: State) -> list[tuple[int, int | None]]:
    """When the incident waited on the customer: nobody works on it then (``None``: it
    still waits, until the end of the work)."""
    holes: list[tuple[int, int | None]] = []
    since = None
    for when, _, kind, _, data in state.events:
        if kind == "pause" and data.get("reason") == "customer":
            since = when
        elif kind == "resume" and since is not None:
            holes.append((since, when))
            since = None
    if since is not None:
        holes.append((since, None))
    return holes
