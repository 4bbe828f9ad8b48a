"""contract payment: the day a contract was paid (seed 001, "con pagamento anticipato")

A nullable date added in place: contracts recorded before it have no payment recorded.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-10
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("contract", sa.Column("paid_on", sa.Date(), nullable=True))


def downgrade() -> None:
    # ALTER TABLE … DROP COLUMN in place (SQLite ≥ 3.35 too): no copy of the table
    op.execute("ALTER TABLE contract DROP COLUMN paid_on")
