"""arrival terms and account validity: who agreed to an on-site time later than the
guarantee (seed 003), and when the temporary server account ends (seed 000)

Revision ID: 0013
Revises: 0011
Create Date: 2026-12-10
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import techconsole.store.types

revision = "0013"
down_revision = "0011"
branch_labels = None
depends_on = None

_AT = techconsole.store.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.add_column(
        "incident",
        sa.Column("on_site_agreed", sa.String(), nullable=False, server_default=sa.text("''")),
    )
    op.add_column("incident", sa.Column("account_valid_until", _AT, nullable=True))


def downgrade() -> None:
    # plain ALTER TABLE … DROP COLUMN (SQLite 3.35 and later): SQLite cannot copy the
    # incident table under the rows that refer to it, as a batch operation would
    op.drop_column("incident", "account_valid_until")
    op.drop_column("incident", "on_site_agreed")
