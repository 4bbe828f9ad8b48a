"""The queue's lines from the columns read: shared by the queue service and by the first
page read before SQLAlchemy is imported (:mod:`.kept_page`), so both give the same rows.
Nothing here imports the database's libraries."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from techconsole.domain.clock_log import inputs
from techconsole.domain.policy import Policy
from techconsole.services.views import QueueRow

#: the incident's columns a queue line shows and its clocks need, by name (the page's
#: query selects them, then ``customer_name`` and ``assignee_login``)
COLUMNS = (
    "id",
    "number",
    "severity",
    "urgent",
    "plan",
    "contract",
    "level",  # the loaner-PC clock's
    "subject",
    "status",
    "arrived_at",
    "due_at",
    "acknowledged_at",
    "on_site_at",
    "resolved_at",
    "clock_log",  # its clock events
)


def queue_rows(
    policy: Policy,
    now: datetime,
    rows: Iterable[Any],
    events: Mapping[int, Sequence[Any]],
) -> list[QueueRow]:
    """A :class:`QueueRow` of each of ``rows`` (with the attributes of :data:`COLUMNS`,
    ``customer_name`` and ``assignee_login``), its clocks from ``events`` (by id), their
    state at ``now``."""
    out = []
    for incident in rows:
        clocks = inputs(incident, events.get(incident.id, []))
        out.append(
            QueueRow(
                id=incident.id,
                number=incident.number,
                severity=incident.severity,
                urgent=incident.urgent,
                customer=incident.customer_name,
                plan=incident.plan,
                contract=incident.contract,
                subject=incident.subject,
                status=incident.status,
                assignee=incident.assignee_login,
                arrived_at=incident.arrived_at,
                due_at=incident.due_at,
                clocks=clocks,
                clock=clocks.primary(policy, now),
            )
        )
    return out
