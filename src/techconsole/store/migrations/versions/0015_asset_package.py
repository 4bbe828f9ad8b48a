"""machines in the support package: whether a machine receives the live copy of the data
and whether it is in the support package (seed 004, "Cloud Computing")

Two booleans added in place with their defaults: the machines recorded before are not
synced and are in the package, as they were judged before.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-11
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # a plain ADD COLUMN with a default: no copy of the asset table on SQLite
    op.add_column(
        "asset", sa.Column("synced", sa.Boolean(), nullable=False, server_default=sa.false())
    )
    op.add_column(
        "asset", sa.Column("in_package", sa.Boolean(), nullable=False, server_default=sa.true())
    )


def downgrade() -> None:
    # ALTER TABLE … DROP COLUMN in place (SQLite ≥ 3.35 too): SQLite cannot copy the asset
    # table under the rows that refer to it (verifications, incidents, loans, checks)
    op.execute("ALTER TABLE asset DROP COLUMN in_package")
    op.execute("ALTER TABLE asset DROP COLUMN synced")
