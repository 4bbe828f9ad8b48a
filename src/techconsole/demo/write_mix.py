"""Technicians writing at once: the population and the mix of operations they play.

One definition for the two places that race technicians against each other, each in its
own OS process on one database, so that both measure the same thing:

- ``tests/services/test_concurrency.py`` checks that the database agrees exactly with
  every record the workers wrote down (no error, no lost update, never two owners, one
  audit row per successful write);
- ``benchmarks/bench_writes.py`` times it (committed writes per second, how long a write
  holds the lock).

:func:`populate` fills an empty database (a lead, the technicians ``tech1`` …
``techN``, a customer on each plan and one without a contract, open unassigned
incidents); :func:`play` runs the mix (:data:`MIX`) as one technician through the
services and returns one record per operation.  Whoever runs it decides the counts and
the seeds; the processes, their start together and what is measured are theirs too.
"""

from __future__ import annotations

import random
import time
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from techconsole.services.context import Context, utc_now
from techconsole.services.customers import registry as customers
from techconsole.services.errors import Conflict, InvalidTransition
from techconsole.services.incidents import intake, ownership, queue, workflow
from techconsole.services.policies import load
from techconsole.services.team import members as team
from techconsole.services.views import IncidentView
from techconsole.store.database import Database

#: the population's random stream (the workers' own seeds are their runner's choice)
SEED = 20261123
INCIDENTS = 150
SEVERITIES = ("A", "B", "C")
#: (name, plan) of the customers; ``None``: no contract
CUSTOMERS: tuple[tuple[str, str | None], ...] = (
    ("Studio Basic S.r.l.", "basic"),
    ("Farmacia Professional S.a.s.", "professional"),
    ("Ospedale Enterprise S.p.A.", "enterprise"),
    ("Bar Senza Contratto", None),
)
URGENT_SHARE = 0.15

#: operation -> weight in the mix; ``pause_resume`` is recorded as ``pause`` or ``resume``
#: (of an incident of its own; with none yet it is a ``note``)
MIX: dict[str, int] = {
    "claim_next": 12,
    "claim": 18,
    "triage": 22,
    "note": 25,
    "pause_resume": 18,
    "queue_mine": 5,
}
#: the writes (as recorded) -> what each writes in the audit trail; the rest only reads
ACTIONS: dict[str, str] = {
    "claim_next": "incident.claimed",
    "claim": "incident.claimed",
    "triage": "incident.triage",
    "note": "incident.note",
    "pause": "incident.pause",
    "resume": "incident.resume",
}
WRITES = frozenset(ACTIONS)
#: the refusals the mix expects (the incident was claimed meanwhile, is in the wrong
#: state…) -> their outcome; any other exception is the outcome ``error``
REFUSALS: tuple[tuple[type[Exception], str], ...] = (
    (Conflict, "conflict"),
    (InvalidTransition, "invalid_transition"),
)
#: every outcome but ``error``
EXPECTED = frozenset({"ok", *(outcome for _kind, outcome in REFUSALS)})


def login(n: int) -> str:
    """The login of technician ``n`` (from 1)."""
    return f"tech{n}"


def populate(
    db: Database, technicians: int, *, incidents: int = INCIDENTS, seed: int = SEED
) -> list[str]:
    """Migrate the empty ``db`` and fill it: the lead ``lead``, ``technicians``
    technicians (:func:`login`), :data:`CUSTOMERS` (contracts running from 200 days ago
    to 200 days ahead) and ``incidents`` open unassigned incidents, some urgent, opened by
    the lead.  Their numbers, in the order opened."""
    db.migrate()
    ctx = Context(db, load("default"), "lead")
    team.add_technician(ctx, "lead", "Lea Capo")
    for n in range(1, technicians + 1):
        team.add_technician(ctx, login(n), f"Tecnico {n}")
    today = utc_now().date()
    ids = []
    for name, plan in CUSTOMERS:
        customer = customers.add_customer(ctx, customers.NewCustomer(name))
        if plan:
            customers.add_contract(
                ctx, customer.id, plan, today - timedelta(days=200), today + timedelta(days=200)
            )
        ids.append(customer.id)
    rng = random.Random(seed)
    numbers = []
    for n in range(incidents):
        urgent = rng.random() < URGENT_SHARE
        opened = intake.open_incident(
            ctx,
            intake.NewIncident(
                rng.choice(ids),
                f"{'URGENTE: ' if urgent else ''}problem {n}",
                severity=rng.choice(SEVERITIES),
                urgent=urgent,
            ),
        )
        numbers.append(opened.number)
    return numbers


@dataclass
class Player:
    """One technician (``ctx.actor``) playing the mix on ``numbers`` (the incidents to
    pick from), one operation per :meth:`step`, with its own random stream."""

    ctx: Context
    numbers: Sequence[str]
    rng: random.Random
    owned: list[str] = field(default_factory=list)  # the incidents it claimed, in order
    paused: set[str] = field(default_factory=set)  # of those, the ones it paused

    def step(self, i: int) -> dict[str, Any]:
        """Operation ``i``: what it was (``op``, ``incident``, and what it wrote:
        ``text``, or ``severity`` and ``category``), its ``outcome`` (``ok``, a refusal
        of :data:`REFUSALS`, ``error`` with its ``traceback``; ``error``: the message),
        the incident as it came back (``version``, ``assignee``, ``status``), and how long
        it took (``seconds``)."""
        ops, weights = zip(*MIX.items(), strict=True)
        op = self.rng.choices(ops, weights)[0]
        if op == "pause_resume" and not self.owned:
            op = "note"
        record: dict[str, Any] = {"i": i, "op": op, "incident": None}
        began = time.perf_counter()
        try:
            view = self._play(record, i)
            record["outcome"] = "ok"
            if view is not None:
                record["version"] = view.version
                record["assignee"] = view.assignee
                record["status"] = view.status
        except Exception as error:
            refusal = next((name for kind, name in REFUSALS if isinstance(error, kind)), None)
            record["outcome"] = refusal or "error"
            if refusal:
                record["error"] = str(error)
            else:
                record["error"] = f"{type(error).__name__}: {error}"
                record["traceback"] = traceback.format_exc()
        record["seconds"] = time.perf_counter() - began
        return record

    def _play(self, record: dict[str, Any], i: int) -> IncidentView | None:
        ctx, rng, me = self.ctx, self.rng, self.ctx.actor
        op = record["op"]
        if op == "claim_next":
            view = ownership.claim_next(ctx)
            record["incident"] = view.number
            self.owned.append(view.number)
            return view
        if op == "claim":
            record["incident"] = rng.choice(self.numbers)
            view = ownership.claim(ctx, record["incident"])
            self.owned.append(view.number)
            return view
        if op == "triage":
            # Half on its own incidents, half anywhere (someone else's, or nobody's).
            pool = self.owned if self.owned and rng.random() < 0.5 else self.numbers
            record["incident"] = rng.choice(pool)
            record["severity"] = rng.choice(SEVERITIES)
            # A category unique to this operation: the triage always changes something.
            record["category"] = f"{me}#{i}"
            return workflow.triage(
                ctx, record["incident"], severity=record["severity"], category=record["category"]
            )
        if op == "note":
            pool = self.owned if self.owned and rng.random() < 0.3 else self.numbers
            record["incident"] = rng.choice(pool)
            record["text"] = f"note {i} by {me}"
            return workflow.note(ctx, record["incident"], record["text"])
        if op == "pause_resume":  # only the owner pauses
            number = rng.choice(self.owned)
            record["incident"] = number
            if number in self.paused:
                record["op"] = "resume"
                record["text"] = f"resumed by {me} ({i})"
                view = workflow.resume(ctx, number, record["text"])
                self.paused.discard(number)
            else:
                record["op"] = "pause"
                record["text"] = f"paused by {me} ({i})"
                view = workflow.pause(ctx, number, record["text"])
                self.paused.add(number)
            return view
        # queue_mine: a read between the writes of the others
        page = queue.queue(ctx, view="mine", limit=500)
        record["rows"] = len(page.rows)
        record["others"] = [r.number for r in page.rows if r.assignee != me]
        return None


def play(ctx: Context, numbers: Sequence[str], *, seed: int, ops: int) -> list[dict[str, Any]]:
    """``ops`` operations of the mix as ``ctx.actor``, one after the other: their records
    (:meth:`Player.step`)."""
    player = Player(ctx, numbers, random.Random(seed))
    return [player.step(i) for i in range(ops)]


def is_write(record: dict[str, Any]) -> bool:
    """The operation of ``record`` committed a write."""
    return record["outcome"] == "ok" and record["op"] in WRITES
