"""clock log: each incident carries its clock events

``incident.clock_log``: the events of an incident's timeline that its SLA clocks read
(opened, paused, resumed, triaged, plan changed, acknowledged, estimated, loaner lent),
with the fields they read, oldest first (``domain.clock_log``).  A change to an incident
reads its clocks off its own row instead of reading its timeline again inside the write
lock, and a page of the queue reads them with its rows.  Filled here from every
incident's timeline (``store.clock_logs``).

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from techconsole.store import clock_logs

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("incident", sa.Column("clock_log", sa.JSON(none_as_null=True), nullable=True))
    clock_logs.backfill(op.get_bind())


def downgrade() -> None:
    op.drop_column("incident", "clock_log")
