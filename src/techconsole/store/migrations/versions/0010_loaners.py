"""loaners: our loaner PCs (PC muletto, seed 004) and each loan of one to a customer,
a loaner out at most once at a time (ux_loan_out)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-09
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import techconsole.store.types

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_AT = techconsole.store.types.UTCDateTime(timezone=True)
_OUT = "returned_at IS NULL"


def upgrade() -> None:
    op.create_table(
        "loaner",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("serial", sa.String(), nullable=False),
        sa.Column("notes", sa.String(), nullable=False),
        sa.Column("created_at", _AT, nullable=False),
        sa.Column("updated_at", _AT, nullable=False),
        sa.Column("retired_at", _AT, nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ux_loaner_name", "loaner", ["name"], unique=True)
    op.create_table(
        "loan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("loaner_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("asset_id", sa.Integer(), nullable=True),
        sa.Column("incident_id", sa.Integer(), nullable=True),
        sa.Column("data_from", sa.String(), nullable=False),
        sa.Column("lent_at", _AT, nullable=False),
        sa.Column("lent_by_id", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(), nullable=False),
        sa.Column("returned_at", _AT, nullable=True),
        sa.Column("returned_by_id", sa.Integer(), nullable=True),
        sa.Column("return_note", sa.String(), nullable=False),
        sa.Column("recorded_at", _AT, nullable=False),
        sa.ForeignKeyConstraint(["loaner_id"], ["loaner.id"]),
        sa.ForeignKeyConstraint(["customer_id"], ["customer.id"]),
        sa.ForeignKeyConstraint(["asset_id"], ["asset.id"]),
        sa.ForeignKeyConstraint(["incident_id"], ["incident.id"]),
        sa.ForeignKeyConstraint(["lent_by_id"], ["technician.id"]),
        sa.ForeignKeyConstraint(["returned_by_id"], ["technician.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ux_loan_out",
        "loan",
        ["loaner_id"],
        unique=True,
        sqlite_where=sa.text(_OUT),
        postgresql_where=sa.text(_OUT),
    )
    op.create_index("ix_loan_loaner", "loan", ["loaner_id", "lent_at"])
    op.create_index("ix_loan_customer", "loan", ["customer_id", "lent_at"])
    op.create_index("ix_loan_incident", "loan", ["incident_id"])


def downgrade() -> None:
    op.drop_index("ix_loan_incident", table_name="loan")
    op.drop_index("ix_loan_customer", table_name="loan")
    op.drop_index("ix_loan_loaner", table_name="loan")
    op.drop_index(
        "ux_loan_out",
        table_name="loan",
        sqlite_where=sa.text(_OUT),
        postgresql_where=sa.text(_OUT),
    )
    op.drop_table("loan")
    op.drop_index("ux_loaner_name", table_name="loaner")
    op.drop_table("loaner")
