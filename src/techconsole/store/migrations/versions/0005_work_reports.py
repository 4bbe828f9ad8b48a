"""work reports: issued revisions with their content, yearly report numbers

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import techconsole.store.types

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_counter",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("year"),
    )
    op.create_table(
        "work_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("report_date", sa.Date(), nullable=False),
        sa.Column("issued_at", techconsole.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("issued_by", sa.String(), nullable=False),
        sa.Column(
            "superseded_at", techconsole.store.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("fingerprint", sa.String(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["customer_id"], ["customer.id"]),
        sa.ForeignKeyConstraint(["incident_id"], ["incident.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("number", "revision", name="uq_work_report_revision"),
    )
    with op.batch_alter_table("work_report", schema=None) as batch_op:
        batch_op.create_index(
            "ix_work_report_customer_date", ["customer_id", "report_date"], unique=False
        )
        batch_op.create_index("ix_work_report_date", ["report_date"], unique=False)
        batch_op.create_index(
            "ux_work_report_current",
            ["incident_id"],
            unique=True,
            sqlite_where=sa.text("superseded_at IS NULL"),
            postgresql_where=sa.text("superseded_at IS NULL"),
        )


def downgrade() -> None:
    with op.batch_alter_table("work_report", schema=None) as batch_op:
        batch_op.drop_index(
            "ux_work_report_current",
            sqlite_where=sa.text("superseded_at IS NULL"),
            postgresql_where=sa.text("superseded_at IS NULL"),
        )
        batch_op.drop_index("ix_work_report_date")
        batch_op.drop_index("ix_work_report_customer_date")
    op.drop_table("work_report")
    op.drop_table("report_counter")
