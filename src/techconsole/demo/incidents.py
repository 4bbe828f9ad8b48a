"""The incident rows: numbered in arrival order, written in batches with their timelines,
the audit entry of their opening, and the queue columns ``clocks.apply`` would compute
from those timelines, with the clocks of the domain."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from functools import lru_cache
from operator import itemgetter
from typing import Any, NamedTuple

from sqlalchemy import func, select
from sqlmodel import Session

from techconsole.demo.arrivals import MASK, SHIFT, Arrivals
from techconsole.demo.clocks import Outcomes
from techconsole.demo.model import ORIGINALS, Original, Request, State
from techconsole.demo.requests import Requests
from techconsole.demo.setting import Setting
from techconsole.demo.summary import Counts
from techconsole.demo.timelines import Timelines
from techconsole.demo.times import FAR, dt, seconds
from techconsole.demo.work import Work
from techconsole.demo.writer import BATCH, Writer, table_of
from techconsole.domain.clock_log import CLOCK_FIELDS, CLOCK_KINDS, micros
from techconsole.domain.incident_clocks import ClockInputs
from techconsole.domain.search import fold
from techconsole.domain.sla import Changed, ClockEvent, Paused, Resumed
from techconsole.store.models import OPEN_STATUSES, Incident, NumberCounter

_US = 1_000_000
#: subjects repeat (a few hundred texts): each is folded once
_folded = lru_cache(maxsize=4096)(fold)

#: timeline kinds whose data take a handful of values (a login, a flag, a reason)
FEW_VALUES = frozenset(("claimed", "assigned", "resolved", "pause", "resume"))


class _Stopped(NamedTuple):
    """What ``clock_log.inputs`` and ``outcomes.row_values`` read of an incident row."""

    id: int
    plan: str
    customer_id: int
    severity: str
    urgent: bool
    arrived_at: datetime
    acknowledged_at: datetime | None
    on_site_at: datetime | None
    resolved_at: datetime | None


class Incidents:
    """Makes and writes the incidents, their events and audit entries, batch by batch."""

    def __init__(
        self,
        setting: Setting,
        writer: Writer,
        arrivals: Arrivals,
        requests: Requests,
        timelines: Timelines,
        work: Work,
    ) -> None:
        self.policy, self.rng = setting.policy, setting.rng
        self.now, self.now_s = setting.now, setting.now_s
        self.days, self.times, self.rank = setting.days, setting.times, setting.rank
        self.writer = writer
        self.arrivals = arrivals
        self.originals = requests.originals
        self._request = requests.request
        self._play = timelines.play
        self.work = work
        self.counts = Counts()
        #: the last number of each year
        self.seqs: dict[int, int] = {}
        self.next_id = 0
        self.encoded: dict[tuple[Any, ...], Any] = {}
        self.subjects: dict[str, str] = {}
        #: the batch's ``clock_outcome`` rows
        self.outcomes: list[tuple[Any, ...]] = []
        self.clocks = Outcomes(self.policy, micros(setting.now))

    def start(self, session: Session) -> int:
        """Read where the ids and the numbers of each year go on; the id of the first."""
        self.next_id = int(session.execute(select(func.max(table_of(Incident).c.id))).scalar() or 0)
        counter = table_of(NumberCounter)
        self.seqs = {row.year: row.last for row in session.execute(select(counter)).all()}
        return self.next_id + 1

    def make(self, progress: Callable[[int, int], None] | None) -> None:
        """Make and write every incident, numbered from where ``start`` found them."""
        keys = self.arrivals.skeleton()
        total = len(keys)
        writer, kinds = self.writer, self.arrivals.kinds
        for start in range(0, total, BATCH):
            incidents: list[tuple[Any, ...]] = []
            events: list[tuple[Any, ...]] = []
            audit: list[tuple[Any, ...]] = []
            self.outcomes = []
            for key in keys[start : start + BATCH]:
                index = key & MASK
                self._incident(index, kinds[index], key >> SHIFT, incidents, events, audit)
            writer.add("incident", incidents)
            writer.add("incident_event", events)
            writer.add("audit", audit)
            writer.add("clock_outcome", self.outcomes)
            self.work.rows.flush()
            if progress is not None:
                progress(min(total, start + BATCH), total)
        if progress is not None and not total:
            progress(0, 0)

    def _incident(
        self,
        index: int,
        kind: int,
        arrived: int,
        incidents: list[tuple[Any, ...]],
        events: list[tuple[Any, ...]],
        audit: list[tuple[Any, ...]],
    ) -> None:
        self.next_id += 1
        year = self.days.years[self.days.index(arrived)]
        seq = self.seqs[year] = self.seqs.get(year, 0) + 1
        number = f"{year}-{seq:06d}"
        request = self._request(index, kind, arrived)
        state = self._play(index, kind, arrived, request)
        self.work.plan(self.next_id, request, state)
        original = request.original
        if kind in ORIGINALS:
            assert state.assignee is not None
            assert state.resolved_at is not None
            self.originals[index] = Original(
                self.next_id,
                number,
                request.customer,
                request.requester,
                request.channel,
                request.subject,
                request.description,
                state.severity,
                request.category,
                request.plan,
                request.contract,
                state.assignee,
                state.resolved_at,
                request.story,
                request.place,
            )
        due = None
        counts = self.counts
        counts.first_number = counts.first_number or number
        counts.last_number = number
        counts.statuses[state.status] = counts.statuses.get(state.status, 0) + 1
        counts.follow_ups += original is not None
        is_open = state.status in OPEN_STATUSES
        if is_open:
            due = self._due(arrived, request, state)
            counts.breached += due is not None and due < self.now_s
            counts.urgent_open += state.urgent
            counts.unassigned += state.assignee is None
        db, to_json = self.times.db, self.writer.json
        clock_log = _clock_log(state.events)
        incident_id, assignee = self.next_id, state.assignee
        incidents.append(
            (  # LAYOUTS["incident"]
                incident_id,
                number,
                year,
                seq,
                request.customer.id,
                request.requester[0] if request.requester else None,
                request.channel,
                request.subject,
                _folded(request.subject),  # subject_folded: the store's copy, for search
                request.description,
                state.severity,
                state.urgent,
                not state.urgent and self.rng.random() < 0.01,  # urgent_on_request
                state.warranty,
                request.category.level,
                request.category.code,
                state.status,
                state.before if state.status == "waiting" else None,
                assignee.id if assignee else None,
                request.plan,
                request.contract,
                db(arrived),
                state.acknowledged_at and db(state.acknowledged_at),
                state.estimated_at and db(state.estimated_at),
                state.promised_at and db(state.promised_at),
                state.on_site_at and db(state.on_site_at),
                state.resolved_at and db(state.resolved_at),
                state.closed_at and db(state.closed_at),
                state.resolved,
                original.id if original else None,
                request.gated,
                state.authorised_by,
                state.authorised_at and db(state.authorised_at),
                state.authorised_via,
                state.authorised_until and db(state.authorised_until),
                state.account_at and db(state.account_at),
                state.account_by,
                is_open,
                0 if request.contract else 1,  # q_contract
                0 if state.urgent else 1,  # q_urgent
                self.rank[state.severity],
                due and db(due),
                db(FAR if due is None else due),  # due_sort
                1 + state.calls,  # version: clocks.apply counts every use case run on it
                db(state.updated),
                to_json(clock_log),  # records.event's
            )
        )
        if (state.acknowledged_at, state.on_site_at, state.resolved_at) != (None, None, None):
            self._outcomes(incident_id, arrived, request, state, clock_log)
        empty = self.writer.empty
        opened = state.events[0][4]
        opened_json = to_json(opened)
        encoded = self.encoded
        for when, actor_id, event_kind, note, data in state.events:
            if data is opened:
                value = opened_json
            elif not data:
                value = empty
            elif event_kind in FEW_VALUES:  # the same few data over and over: encode once
                key = (event_kind, *data.values())
                value = encoded.get(key)
                if value is None:
                    value = encoded[key] = to_json(data)
            else:
                value = to_json(data)
            events.append((incident_id, db(when), actor_id, event_kind, note, value))
        if original is not None:  # closing.resolve notes the follow-up on the original
            note_ = to_json({"follow_up": number})
            when_ = db(original.resolved_at)
            events.append((original.id, when_, original.assignee.id, "follow_up", "", note_))
        # records.event: the audit entry carries the number, the text and the event's data.
        if isinstance(opened_json, str):  # json.dumps of that dict, without making it
            subject = self.subjects.get(request.subject)  # a few thousand subjects at most
            if subject is None:
                subject = self.subjects[request.subject] = json.dumps(request.subject)
            entry: Any = f'{{"number": "{number}", "text": {subject}, '
            entry += opened_json[1:]
        else:
            entry = {"number": number, "text": request.subject, **opened}
        login = request.opener.login  # the story: each person enters their own (os_user)
        audit.append((db(arrived), login, login, "incident.opened", "incident", incident_id, entry))

    def _outcomes(
        self, incident_id: int, arrived: int, request: Request, state: State, log: list[Any]
    ) -> None:
        """The outcome of each clock stopped by now, as the services record it when a
        milestone is reached (``store.outcomes``: the same values, see ``clocks``)."""
        reached = {
            column: at * _US
            for column, at in (
                ("acknowledged_at", state.acknowledged_at),
                ("on_site_at", state.on_site_at),
                ("resolved_at", state.resolved_at),
            )
            if at is not None
        }
        db, plan, customer = self.times.db, request.plan, request.customer.id
        found = self.clocks.rows(arrived, plan, state.severity, state.urgent, log, reached)
        for clock, stopped_at, met, target, used in found:
            row = (incident_id, clock, plan, customer, db(stopped_at // _US), met, target, used)
            self.outcomes.append(row)  # LAYOUTS["clock_outcome"]

    def _due(self, arrived: int, request: Request, state: State) -> int | None:
        """The due of the primary clock now, as ``clocks.inputs`` and ``apply`` find it."""
        clock_events: list[ClockEvent] = []
        for when, _, kind, _, data in sorted(state.events, key=lambda e: e[0]):
            if kind == "pause":
                clock_events.append(Paused(dt(when)))
            elif kind == "resume":
                clock_events.append(Resumed(dt(when)))
            elif kind in ("triage", "plan"):
                plan, severity, urgent = data.get("plan"), data.get("severity"), data.get("urgent")
                if (plan, severity, urgent) != (None, None, None):
                    clock_events.append(Changed(dt(when), plan, severity, urgent))
        milestones = tuple(
            (name, dt(at))
            for name, at in (("acknowledged", state.acknowledged_at), ("on_site", state.on_site_at))
            if at is not None
        )
        opened = state.events[0][4]
        inputs = ClockInputs(
            arrived=dt(arrived),
            plan=opened["plan"],
            severity=opened["severity"],
            urgent=opened["urgent"],
            events=tuple(clock_events),
            milestones=milestones,
        )
        primary = inputs.primary(self.policy, self.now)
        return None if primary is None or primary.due is None else seconds(primary.due)


def _clock_log(events: list[tuple[Any, ...]]) -> list[Any]:
    """The incident's clock log (``domain.clock_log``), as ``records.event`` keeps it:
    its clock events in the timeline's order (time, then order of recording)."""
    return [
        [kind, when * 1_000_000, {key: data[key] for key in CLOCK_FIELDS if key in data}]
        for when, _, kind, _, data in sorted(events, key=itemgetter(0))
        if kind in CLOCK_KINDS
    ]
