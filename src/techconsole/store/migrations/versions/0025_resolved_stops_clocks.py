"""resolving stops every SLA clock: the outcomes of incidents resolved without a milestone

A clock stops at its milestone (taken in charge, on site) or when the incident is
resolved, if that comes first (``domain.incident_clocks.stop_of``).  Before, an incident
resolved without its taking in charge recorded left its response clock running for ever,
and out of the month's compliance.  Their outcomes are recorded here under the policy of
the program that upgrades; an upgrade made without one marks every outcome pending (as
0023 does) and the next program that opens the database with its policy records them.

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-06
"""

from __future__ import annotations

from datetime import UTC, datetime

from alembic import context, op

from techconsole.store import outcomes

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade() -> None:
    connection = op.get_bind()
    policy = context.config.attributes.get("policy")
    now = datetime.now(UTC)
    if outcomes.pending(connection):
        return  # every outcome is to be recorded anyway, under the rule of now
    if policy is not None:
        outcomes.record_resolved(connection, policy, now)
        return
    if outcomes.any_resolved_unstopped(connection):
        outcomes.mark_pending(connection, now)


def downgrade() -> None:
    """The outcomes recorded here stay: they are what the clocks say (a program of 0024
    would not record them, and recounts them only when asked to)."""
