"""The queue order of policy.md §4: contract customers first, urgent ahead, then
severity, then the SLA due instant, then arrival (FIFO); the policy's priority categories
ahead of the others of the same class (seed 000: "Qualora ci fossero dei malfunzionamenti
sul software di nostra produzione ... sono presi in considerazione con 'priorità
elevata'")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from techconsole.domain.instants import to_us
from techconsole.domain.policy import Policy

NO_DUE = 2**62


@dataclass(frozen=True, slots=True)
class QueueFacts:
    """What the queue order looks at for one incident."""

    number: str
    contract: bool
    urgent: bool
    severity: str
    due: datetime | None
    arrived: datetime
    category: str = ""


def queue_key(policy: Policy, facts: QueueFacts) -> tuple[int | str, ...]:
    """A sort key: sorting incidents by it gives the policy's queue order.

    An incident with no due instant (paused, no target) comes after those with one
    within its severity; the incident number breaks any remaining tie.
    """
    parts: dict[str, int] = {
        "contract": 0 if facts.contract else 1,
        "category": 0 if facts.category in policy.priority_categories else 1,
        "urgent": 0 if facts.urgent else 1,
        "severity": policy.severity(facts.severity).rank,
        "due": NO_DUE if facts.due is None else to_us(facts.due, "due"),
        "arrival": to_us(facts.arrived, "arrival"),
    }
    return (*(parts[name] for name in policy.queue_order), facts.number)


def ordered(policy: Policy, items: list[QueueFacts]) -> list[QueueFacts]:
    return sorted(items, key=lambda facts: queue_key(policy, facts))
