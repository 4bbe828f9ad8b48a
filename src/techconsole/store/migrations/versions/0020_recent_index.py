"""the queue's "recent" view: an index on when incidents were resolved

Resolved and closed incidents of the last days, newest first, read off an index instead
of a scan of every incident ever recorded.

Revision ID: 0020
Revises: 0018
Create Date: 2026-12-04
"""

from __future__ import annotations

from alembic import op

revision = "0020"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_incident_resolved", "incident", ["resolved_at"])


def downgrade() -> None:
    op.drop_index("ix_incident_resolved", table_name="incident")
