"""What the services keep beside the rows they write, made for the demo's rows at once.

The demo writes its incidents, timelines and sessions straight to the driver
(``writer``), not through the services: whatever a service would also record when it
writes one of them (the queue's columns are made in ``incidents``) has to be made here
for all of them, once the rows are in and their indexes made, in the demo's transaction
(or, for what a trigger of the store keeps, at the end of the load: ``deferred``).

``fill`` is that one place: a table kept in step by the store or the services (a text
index of the incidents, the outcome of each stopped SLA clock…) gets its rows for the
demo's incidents here, by a set-based statement where it can (``INSERT … SELECT``) rather
than row by row: a million incidents go through it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlmodel import Session

from techconsole.services.context import Context
from techconsole.store.search import indexed_after

#: demos from this many incidents on have SQLite's text index of the open incidents
#: filled in one statement after the load (``store.search.indexed_after``) rather than
#: by its trigger at every row; smaller ones stay exactly as they were, FTS5's own
#: tables included (the index finds the same either way)
INDEX_AFTER_FROM = 20_000


@contextmanager
def deferred(session: Session, first: int, incidents: int) -> Iterator[None]:
    """Around the load of ``incidents`` incidents (ids ``first`` and on): what a trigger
    would keep in step row by row, made for all of them at the end of the block."""
    if incidents < INDEX_AFTER_FROM:
        yield
        return
    with indexed_after(session.connection(), first):
        yield


def fill(session: Session, ctx: Context, incidents: range) -> None:
    """Fill the derived tables for the demo's incidents (ids ``incidents``), written by
    the bulk writer in ``session``; ``ctx`` gives the policy and the time of the demo.

    Nothing to fill yet: every column the queue and the clocks read is on the incident row.
    """
    del session, ctx, incidents
