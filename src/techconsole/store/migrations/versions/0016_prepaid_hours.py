"""prepaid hours: a contract's block of hours ("monte ore", seed 000) and the draws of the
months closed for invoicing

A column added in place (contracts recorded before it have no block: 0 minutes), and a
table of the draws each labour line of a closed month made on its contract's training
allowance and block, so that a closed month's balance no longer changes.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-11
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import techconsole.store.types

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

_AT = techconsole.store.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.add_column(
        "contract",
        sa.Column("prepaid_minutes", sa.Integer(), nullable=False, server_default=sa.text("0")),
    )
    op.create_table(
        "prepaid_draw",
        sa.Column("session_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(), nullable=False),
        sa.Column("started_at", _AT, nullable=False),
        sa.Column("training", sa.Boolean(), nullable=False),
        sa.Column("scatti", sa.Integer(), nullable=False),
        sa.Column("from_allowance", sa.Integer(), nullable=False),
        sa.Column("from_block", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["work_session.id"]),
        sa.ForeignKeyConstraint(["contract_id"], ["contract.id"]),
        sa.PrimaryKeyConstraint("session_id"),
    )
    op.create_index("ix_prepaid_draw_contract", "prepaid_draw", ["contract_id"])
    op.create_index("ix_prepaid_draw_month", "prepaid_draw", ["month"])


def downgrade() -> None:
    op.drop_index("ix_prepaid_draw_month", table_name="prepaid_draw")
    op.drop_index("ix_prepaid_draw_contract", table_name="prepaid_draw")
    op.drop_table("prepaid_draw")
    # ALTER TABLE … DROP COLUMN in place (SQLite ≥ 3.35 too): no copy of the table
    op.execute("ALTER TABLE contract DROP COLUMN prepaid_minutes")
