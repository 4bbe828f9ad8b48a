"""clock outcomes: how each stopped SLA clock ended, recorded once; the "waiting" view's
index

``clock_outcome``: one row per incident and SLA clock with a target whose milestone was
reached — met or not, the target and the business time used — indexed by plan and when
it stopped, so that a month's compliance is a grouped count instead of every clock of the
month worked out again (``store.outcomes``).  The clocks stopped before are recorded here,
under the policy of the program that upgrades; an upgrade made without one marks them
pending in ``clock_outcome_pending`` and the next program that opens the database with
its policy records them.

``ix_incident_open_waiting``: the incidents waiting on the customer or on an
authorisation, in the default queue order, so that PostgreSQL reads the "waiting" view's
page off the index instead of sorting every waiting incident.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-05
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import context, op

import techconsole.store.types
from techconsole.store import outcomes

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None

_AT = techconsole.store.types.UTCDateTime(timezone=True)
_QUEUE = ["q_contract", "q_urgent", "q_severity", "due_sort", "arrived_at", "number"]
_WAITING = "status IN ('waiting', 'awaiting_authorisation')"


def upgrade() -> None:
    op.create_table(
        "clock_outcome",
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("clock", sa.String(), nullable=False),
        sa.Column("plan", sa.String(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("stopped_at", _AT, nullable=False),
        sa.Column("met", sa.Boolean(), nullable=False),
        sa.Column("target_us", sa.BigInteger(), nullable=False),
        sa.Column("used_us", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["incident_id"], ["incident.id"]),
        sa.ForeignKeyConstraint(["customer_id"], ["customer.id"]),
        sa.PrimaryKeyConstraint("incident_id", "clock"),
    )
    op.create_table(
        "clock_outcome_pending",
        sa.Column("since", _AT, nullable=False),
        sa.PrimaryKeyConstraint("since"),
    )
    connection = op.get_bind()
    policy = context.config.attributes.get("policy")
    now = datetime.now(UTC)
    if policy is not None:
        outcomes.record_all(connection, policy, now)
    elif _reached_any(connection):
        outcomes.mark_pending(connection, now)
    # after the rows: one sorted build instead of an insertion per row
    op.create_index(
        "ix_clock_outcome_plan_stopped",
        "clock_outcome",
        ["plan", "stopped_at", "met", "customer_id"],
    )
    op.create_index(
        "ix_incident_open_waiting",
        "incident",
        _QUEUE,
        sqlite_where=sa.text(f"is_open = 1 AND {_WAITING}"),
        postgresql_where=sa.text(f"is_open AND {_WAITING}"),
    )
    if connection.dialect.name == "postgresql":
        op.execute("ANALYZE clock_outcome")


def _reached_any(connection: sa.Connection) -> bool:
    """Whether any incident reached a milestone (a clock may have stopped)."""
    query = sa.text(
        "SELECT 1 FROM incident WHERE acknowledged_at IS NOT NULL OR on_site_at IS NOT NULL "
        "OR resolved_at IS NOT NULL LIMIT 1"
    )
    return connection.execute(query).first() is not None


def downgrade() -> None:
    op.drop_index("ix_incident_open_waiting", table_name="incident")
    op.drop_index("ix_clock_outcome_plan_stopped", table_name="clock_outcome")
    op.drop_table("clock_outcome_pending")
    op.drop_table("clock_outcome")
