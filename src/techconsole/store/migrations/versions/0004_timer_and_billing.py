"""timer and billing: work sessions, materials, closed months, warranty flag

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import techconsole.store.types

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "closed_month",
        sa.Column("month", sa.String(), nullable=False),
        sa.Column("closed_at", techconsole.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("closed_by", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("month"),
    )
    op.create_table(
        "material",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("description", sa.String(), nullable=False),
        sa.Column("code", sa.String(), nullable=False),
        sa.Column("serial", sa.String(), nullable=False),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.Column("unit_price", sa.BigInteger(), nullable=False),
        sa.Column("warranty", sa.Boolean(), nullable=False),
        sa.Column("used_on", sa.Date(), nullable=False),
        sa.Column("added_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", techconsole.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["added_by_id"],
            ["technician.id"],
        ),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incident.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("material", schema=None) as batch_op:
        batch_op.create_index("ix_material_incident", ["incident_id"], unique=False)

    op.create_table(
        "work_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("technician_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("started_at", techconsole.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("ended_at", techconsole.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("note", sa.String(), nullable=False),
        sa.Column("created_at", techconsole.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", techconsole.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incident.id"],
        ),
        sa.ForeignKeyConstraint(
            ["technician_id"],
            ["technician.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("work_session", schema=None) as batch_op:
        batch_op.create_index(
            "ix_work_session_incident", ["incident_id", "started_at"], unique=False
        )
        batch_op.create_index(
            "ix_work_session_tech_start", ["technician_id", "started_at"], unique=False
        )
        batch_op.create_index(
            "ux_work_session_running",
            ["technician_id"],
            unique=True,
            sqlite_where=sa.text("ended_at IS NULL"),
            postgresql_where=sa.text("ended_at IS NULL"),
        )

    # a plain ADD COLUMN with a default: no copy of the incident table on SQLite
    op.add_column(
        "incident",
        sa.Column("warranty", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    with op.batch_alter_table("incident", schema=None) as batch_op:
        batch_op.drop_column("warranty")

    with op.batch_alter_table("work_session", schema=None) as batch_op:
        batch_op.drop_index(
            "ux_work_session_running",
            sqlite_where=sa.text("ended_at IS NULL"),
            postgresql_where=sa.text("ended_at IS NULL"),
        )
        batch_op.drop_index("ix_work_session_tech_start")
        batch_op.drop_index("ix_work_session_incident")

    op.drop_table("work_session")
    with op.batch_alter_table("material", schema=None) as batch_op:
        batch_op.drop_index("ix_material_incident")

    op.drop_table("material")
    op.drop_table("closed_month")
