"""What the services keep beside the rows they write, made for the demo's rows at once.

The demo writes its incidents, timelines and sessions straight to the driver
(``writer``), not through the services: whatever a service would also record when it
writes one of them (the queue's columns are made in ``incidents``) has to be made here
for all of them, once the rows are in and their indexes made, in the demo's transaction.

``fill`` is that one place: a table kept in step by the store or the services (a text
index of the incidents, the outcome of each stopped SLA clock…) gets its rows for the
demo's incidents here, by a set-based statement where it can (``INSERT … SELECT``) rather
than row by row: a million incidents go through it.
"""

from __future__ import annotations

from sqlmodel import Session

from techconsole.services.context import Context


def fill(session: Session, ctx: Context, incidents: range) -> None:
    """Fill the derived tables for the demo's incidents (ids ``incidents``), written by
    the bulk writer in ``session``; ``ctx`` gives the policy and the time of the demo.

    Nothing to fill yet: every column the queue and the clocks read is on the incident row.
    """
    del session, ctx, incidents
