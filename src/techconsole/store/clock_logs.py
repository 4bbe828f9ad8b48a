"""Each incident's clock log (``Incident.clock_log``), made from its timeline.

The services keep the log in step as they record events (``services.records.event``);
the rows written before the log existed get theirs from migration 0024, with
:func:`backfill`.  It reads and writes through its own table definitions (the columns
of 0024), so that a later migration changing the tables keeps an upgrade from before
0024 working.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import groupby
from operator import attrgetter

import sqlalchemy as sa
from sqlalchemy import Connection

from techconsole.domain.clock_log import CLOCK_KINDS, build_log
from techconsole.store.types import UTCDateTime

_INCIDENT = sa.table(
    "incident",
    sa.column("id", sa.Integer()),
    sa.column("clock_log", sa.JSON(none_as_null=True)),
)
_EVENT = sa.table(
    "incident_event",
    sa.column("id", sa.Integer()),
    sa.column("incident_id", sa.Integer()),
    sa.column("at", UTCDateTime()),
    sa.column("kind", sa.String()),
    sa.column("data", sa.JSON()),
)
#: incidents per batch: their clock events are read in one query, their logs written in
#: one ``executemany``
BATCH = 2000


def backfill(connection: Connection, progress: Callable[[int], None] | None = None) -> int:
    """Give every incident without a clock log (``NULL``) the log of its timeline, a batch
    of incidents at a time in the order of their ids; the number of incidents done.
    ``progress(incidents)`` after each batch."""
    last, done = 0, 0
    while True:
        ids = list(
            connection.scalars(
                sa.select(_INCIDENT.c.id)
                .where(_INCIDENT.c.id > last, _INCIDENT.c.clock_log.is_(None))
                .order_by(_INCIDENT.c.id)
                .limit(BATCH)
            )
        )
        if not ids:
            return done
        last = ids[-1]
        rows = connection.execute(
            sa.select(_EVENT.c.incident_id, _EVENT.c.kind, _EVENT.c.at, _EVENT.c.data)
            .where(_EVENT.c.incident_id.between(ids[0], last), _EVENT.c.kind.in_(CLOCK_KINDS))
            .order_by(_EVENT.c.incident_id, _EVENT.c.at, _EVENT.c.id)
        )
        logs: dict[int, list[object]] = {key: [] for key in ids}
        for incident_id, group in groupby(rows, key=attrgetter("incident_id")):
            if incident_id in logs:
                logs[incident_id] = build_log(list(group))
        connection.execute(
            _INCIDENT.update()
            .where(_INCIDENT.c.id == sa.bindparam("the_id"))
            .values(clock_log=sa.bindparam("log", type_=sa.JSON(none_as_null=True))),
            [{"the_id": key, "log": log} for key, log in logs.items()],
        )
        done += len(ids)
        if progress is not None:
            progress(done)
