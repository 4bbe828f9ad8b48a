"""health checks: each customer's agreed day, the monthly checks of the machines with
their items, and the yearly numbering of their reports (check_counter)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-10
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import techconsole.store.types

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_AT = techconsole.store.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "check_schedule",
        sa.Column("customer_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("rule", sa.String(), nullable=False),
        sa.Column("said", sa.String(), nullable=False),
        sa.Column("technician_id", sa.Integer(), nullable=True),
        sa.Column("set_by_id", sa.Integer(), nullable=False),
        sa.Column("set_at", _AT, nullable=False),
        sa.ForeignKeyConstraint(["customer_id"], ["customer.id"]),
        sa.ForeignKeyConstraint(["technician_id"], ["technician.id"]),
        sa.ForeignKeyConstraint(["set_by_id"], ["technician.id"]),
        sa.PrimaryKeyConstraint("customer_id"),
    )
    op.create_table(
        "check_counter",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("year"),
    )
    op.create_table(
        "health_check",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("asset_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("done_at", _AT, nullable=False),
        sa.Column("done_by_id", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("repeat_of_id", sa.Integer(), nullable=True),
        sa.Column("repeat_by", sa.Date(), nullable=True),
        sa.Column("no_personal_access", sa.Boolean(), nullable=False),
        sa.Column("note", sa.String(), nullable=False),
        sa.Column("recorded_at", _AT, nullable=False),
        sa.ForeignKeyConstraint(["asset_id"], ["asset.id"]),
        sa.ForeignKeyConstraint(["customer_id"], ["customer.id"]),
        sa.ForeignKeyConstraint(["done_by_id"], ["technician.id"]),
        sa.ForeignKeyConstraint(["repeat_of_id"], ["health_check.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("number", name="uq_health_check_number"),
    )
    op.create_index("ix_health_check_asset", "health_check", ["asset_id", "done_at"])
    op.create_index("ix_health_check_customer", "health_check", ["customer_id", "done_at"])
    op.create_table(
        "health_check_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("check_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("item", sa.String(), nullable=False),
        sa.Column("outcome", sa.String(), nullable=False),
        sa.Column("finding", sa.String(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["check_id"], ["health_check.id"]),
        sa.ForeignKeyConstraint(["incident_id"], ["incident.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("check_id", "item", name="uq_health_check_item"),
    )


def downgrade() -> None:
    op.drop_table("health_check_item")
    op.drop_index("ix_health_check_customer", table_name="health_check")
    op.drop_index("ix_health_check_asset", table_name="health_check")
    op.drop_table("health_check")
    op.drop_table("check_counter")
    op.drop_table("check_schedule")
