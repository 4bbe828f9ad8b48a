"""partial indexes for the queue of open incidents

The queue reads the open incidents only: about 5 % of a database used for years.
``ix_incident_queue`` led with ``is_open``, so a planner could not tell how few rows
that is (SQLite's ANALYZE sees two values of ``is_open``, half the table each), and the
queue's count went through every incident, joined to its customer.  With 1,000,000
demo incidents the first 200 rows took 380 ms on SQLite, and 8.3 s once ANALYZE had run.

Partial indexes hold only the open rows, in the default queue order: a page is read
off the index in order (by assignee too: "mine", "unassigned", claim-next), and the
counts of the views come from the index alone.  With this (and the queue's count
without joins) the first 200 rows take about 35-45 ms at 1,000,000 incidents.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_QUEUE = ["q_contract", "q_urgent", "q_severity", "due_sort", "arrived_at", "number"]
#: only the open incidents (SQLAlchemy writes the test as ``is_open = 1`` on SQLite: a
#: partial index is used only for a query whose WHERE has that very term)
_SQLITE_OPEN = "is_open = 1"
_PG_OPEN = "is_open"
_STATISTICS = "incident_open_mcv"


def upgrade() -> None:
    for name, columns in (
        # status and is_open: the counts of the queue's views read this index alone
        ("ix_incident_open_queue", [*_QUEUE, "status", "is_open"]),
        ("ix_incident_open_assignee", ["assignee_id", *_QUEUE]),
    ):
        op.create_index(
            name,
            "incident",
            columns,
            sqlite_where=sa.text(_SQLITE_OPEN),
            postgresql_where=sa.text(_PG_OPEN),
        )
    op.drop_index("ix_incident_queue", table_name="incident")
    if op.get_bind().dialect.name == "postgresql":
        # PostgreSQL multiplies the selectivities of is_open and status (or assignee_id)
        # as if they were independent: "unassigned" came out at 957 rows for 18,275, and
        # it sorted all of them instead of reading the index in order (58 ms, not 2 ms).
        # Statistics on the three together tell it how they go along.
        op.execute(
            f"CREATE STATISTICS {_STATISTICS} (mcv) ON is_open, status, assignee_id FROM incident"
        )
        op.execute("ANALYZE incident")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP STATISTICS IF EXISTS {_STATISTICS}")
    op.create_index("ix_incident_queue", "incident", ["is_open", *_QUEUE])
    op.drop_index("ix_incident_open_assignee", table_name="incident")
    op.drop_index("ix_incident_open_queue", table_name="incident")
