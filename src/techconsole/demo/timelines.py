"""The timeline of each incident: the use cases run on it, as the services record them.

Every incident gets the timeline the services would have written (opened, authorised,
claimed, acknowledged, paused and resumed, resolved, closed…) and the columns those
events set.
"""

from __future__ import annotations

from typing import Any

from techconsole.demo.arrivals import Arrivals
from techconsole.demo.model import (
    OPEN_AUTH,
    OPEN_FOLLOW,
    OPEN_ORIGINAL,
    OPEN_WAITING,
    OPEN_WORKING,
    ORIGINALS,
    Event,
    Request,
    State,
    Tech,
)
from techconsole.demo.picks import Weighted, one
from techconsole.demo.requests import Requests
from techconsole.demo.setting import Setting
from techconsole.demo.stories import Story, told
from techconsole.demo.times import DAY, HOUR


class Timelines:
    """Plays each incident's steps: its events, its status and columns (``State``)."""

    def __init__(
        self, setting: Setting, arrivals: Arrivals, requests: Requests, team: list[Tech]
    ) -> None:
        self.rng, self.texts = setting.rng, setting.texts
        self.now_s = setting.now_s
        self.times = setting.times
        self.rank = setting.rank
        self.severity_of = arrivals.severity_of
        self.resolve_at = arrivals.resolve_at
        self.hours = arrivals.hours
        self._fill = requests.fill
        leads = [t for t in team if t.role == "lead"] or team
        self.lead_pick = Weighted(leads, [1.0] * len(leads))

    def steps(
        self, index: int, kind: int, arrived: int, request: Request
    ) -> tuple[list[tuple[str, int]], int | None, int | None]:
        """The use cases run on the incident after it was opened, with raw times.

        Also the estimated resolution and the promised arrival on site, if any.
        """
        rng = self.rng
        done = kind <= OPEN_ORIGINAL
        follow = request.original is not None
        steps: list[tuple[str, int]] = []
        t = arrived

        def after(mean: float, name: str) -> None:
            nonlocal t
            t += int(rng.expovariate(1 / mean)) + 60
            steps.append((name, t))

        if kind == OPEN_AUTH:  # nothing but a lead's assignment, triage and notes yet
            if request.tech is not None:
                after(2400, "assigned")
            if rng.random() < 0.06:
                after(1800, "triage")
            if rng.random() < 0.3:
                after(HOUR, "note")
            return steps, None, None
        if request.gated:
            after(2 * HOUR, "authorised")
        if not follow and index not in self.severity_of and rng.random() < 0.06:
            after(1800, "triage")
        if request.category.level == 2 and not follow and rng.random() < 0.12:
            after(1800, "warranty")  # a repair under the manufacturer's warranty: free
        chance = {OPEN_WORKING: 0.55, OPEN_WAITING: 0.35, OPEN_FOLLOW: 0.4}.get(kind, 0.0)
        acked = done or rng.random() < chance
        if request.tech is not None and not follow:
            r = rng.random()
            claim, assign = (0.3, 0.36) if done else (0.6, 0.85)
            if r < claim or (not acked and r >= assign):
                after(2400, "claimed")
            elif r < assign:
                after(2400, "assigned")
        estimate = promise = None
        if acked:
            after(90 * 60, "acknowledged")
            if rng.random() < 0.5:
                estimate = t + rng.randint(2 * HOUR, 2 * DAY)
            if request.category.level == 2:
                promise = t + rng.randint(HOUR, DAY)
        working = request.tech is not None
        if request.category.server and working and rng.random() < (0.4 if done else 0.3):
            after(HOUR, "account")
        if promise is not None and (done or rng.random() < 0.4):
            if rng.random() < 0.15:
                visit = promise + rng.randint(600, 4 * HOUR)  # late: a discount is due
            else:
                visit = promise - rng.randint(0, 2 * HOUR)
            t = max(t + 60, visit)
            steps.append(("on_site", t))
        if working and kind != OPEN_WAITING and rng.random() < (0.08 if done else 0.1):
            after(2 * HOUR, "pause")
            after(DAY, "resume")
        if rng.random() < 0.33:
            after(2 * HOUR, "note")
        if kind == OPEN_WAITING:
            after(3 * HOUR, "pause")
        if done:
            after(2 * HOUR if request.category.level == 2 else 4 * HOUR, "resolved")
        return steps, estimate, promise

    def play(self, index: int, kind: int, arrived: int, request: Request) -> State:
        """Run the steps as the use cases would: events, status and columns."""
        rng, texts, iso = self.rng, self.texts, self.times.iso
        steps, estimate, promise = self.steps(index, kind, arrived, request)
        unsolved = kind in ORIGINALS
        limit = self.resolve_at[index] if unsolved else self.now_s - 60
        at = self.hours.laying(request.plan, arrived, [raw for _, raw in steps], limit)
        follow = request.original is not None
        opener, tech = request.opener, request.tech
        worker = tech or opener
        state = State(
            status="awaiting_authorisation" if request.gated else "open",
            severity=request.severity,
            urgent=request.urgent,
            updated=arrived,
        )
        if follow:
            assert request.original is not None
            state.assignee, state.status = tech, "in_progress"
            opened: dict[str, Any] = {
                "plan": request.plan,
                "severity": request.severity,
                "urgent": True,
                "follow_up_of": request.original.number,
                "channel": request.channel,
            }
        else:
            opened = {
                "plan": request.plan,
                "severity": request.severity,
                "urgent": request.urgent,
                "channel": request.channel,
                "customer": request.customer.name,
                "arrived_at": iso(arrived),
            }
        events = state.events
        events.append((arrived, opener.id, "opened", request.subject, opened))
        if request.gated:
            assert request.requester is not None
            _, name, role = request.requester
            why = {"reason": "authorisation", "contact": name, "role": role}
            events.append((arrived, opener.id, "pause", "", why))
        customer = request.customer
        for step, raw in steps:
            when = limit if step == "resolved" and unsolved else at(raw)
            state.calls += 1
            state.updated = when
            data: dict[str, Any] = {}
            note = ""
            if step == "authorised":
                who = one(rng, customer.titolari + customer.ads)
                via = one(rng, ("email", "email", "phone", "whatsapp", "signed_form"))
                until = when + 7 * DAY if rng.random() < 0.5 else None
                state.authorised_by, state.authorised_at = who[0], when
                state.authorised_via, state.authorised_until = via, until
                state.status = "in_progress" if state.assignee else "open"
                data = {"contact": who[1], "role": who[2], "via": via, "until": iso(until)}
                events.append((when, worker.id, "authorised", "", data))
                step, note, data = "resume", "", {"reason": "authorisation"}
            elif step == "triage":
                others = [s for s in self.rank if s != state.severity]
                if others and (state.urgent or rng.random() < 0.8):
                    data = {"severity": one(rng, others), "old_severity": state.severity}
                    state.severity = data["severity"]
                else:
                    data = {"urgent": True, "old_urgent": False}
                    state.urgent = True
            elif step == "warranty":  # workflow.triage(warranty=True)
                step, data, state.warranty = (
                    "triage",
                    {"warranty": True, "old_warranty": False},
                    True,
                )
            elif step == "claimed":
                state.assignee = tech
                data = {"assignee": worker.login}
            elif step == "assigned":
                state.assignee = tech
                if state.status == "open":
                    state.status = "in_progress"
                data = {"assignee": worker.login, "old_assignee_id": None}
                events.append((when, self.lead_pick.pick(rng).id, step, "", data))
                step = ""  # recorded by the lead
            elif step == "acknowledged":
                state.acknowledged_at = when
                if estimate is not None:
                    state.estimated_at = max(at(estimate), when + 60)
                if promise is not None:
                    state.promised_at = max(at(promise), when + 60)
                state.assignee = state.assignee or worker
                note = one(rng, texts.acknowledgements)
                data = {"estimate": iso(state.estimated_at), "on_site_by": iso(state.promised_at)}
            elif step == "account":
                who = one(rng, customer.titolari + customer.ads)
                state.account_at, state.account_by = when, who[0]
                step = "account_provided"
                data = {"contact": who[1]}  # the services write no text: fields only
            elif step == "on_site":
                state.on_site_at = when
                state.assignee = state.assignee or worker
            elif step == "pause":
                state.before, state.status = state.status, "waiting"
                note, data = one(rng, texts.waiting), {"reason": "customer"}
            elif step == "resume":
                state.status, state.before = state.before or "open", None
                note = one(rng, texts.resumed)
            elif step == "note":
                pool = request.category.notes if rng.random() < 0.6 else texts.notes
                note = self._fill(one(rng, pool))  # drawn either way: the seed's data stays
                if pool is request.category.notes and request.story is not None:
                    note = self._story_note(request.story, request, events)
            elif step == "resolved":
                state.status, state.before = "resolved", None
                state.resolved, state.resolved_at = not unsolved, when
                state.assignee = state.assignee or worker
                pool = request.category.unresolved if unsolved else request.category.resolutions
                note = one(rng, pool or request.category.resolutions)  # drawn either way
                story = request.story
                if story is not None and (story.unresolved or not unsolved):
                    note = told(story.unresolved if unsolved else story.resolution, request.place)
                data = {"resolved": not unsolved}
            if step in ("claimed", "acknowledged") and state.status == "open":
                state.status = "in_progress"
            if step:
                events.append((when, worker.id, step, note, data))
        if state.resolved_at is not None:
            self._close(state, worker, request.plan)
        return state

    def _story_note(self, story: Story, request: Request, events: list[Event]) -> str:
        """The note of the subject's ``story``; said once: a second note of the category
        is one of the notes any incident can have (chosen without a draw, by its place)."""
        note = told(story.note, request.place)
        if any(event[3] == note for event in events):
            common = self.texts.notes
            return told(common[len(events) % len(common)], request.place)
        return note

    def _close(self, state: State, worker: Tech, plan: str) -> None:
        """Most resolved incidents are closed a day or two later (in the plan's working
        time); recent ones may wait."""
        rng = self.rng
        assert state.resolved_at is not None
        gap = int(rng.expovariate(1 / (36 * HOUR))) + 600
        closing = self.hours.after(plan, state.resolved_at, gap)
        recent = state.resolved_at > self.now_s - 3 * DAY
        if closing > self.now_s - 60 or (recent and rng.random() < 0.5):
            return
        state.status, state.closed_at = "closed", closing
        state.calls += 1
        state.updated = closing
        state.events.append((closing, worker.id, "closed", one(rng, self.texts.closing), {}))
