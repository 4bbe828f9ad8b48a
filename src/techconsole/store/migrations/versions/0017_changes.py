"""changes: customisation requests (seeds 000, 001) and the release an incident's fix
comes with

A table of its own for the customisations; a nullable day on the incident, added in
place (incidents recorded before it are linked to no release).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import techconsole.store.types

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

_AT = techconsole.store.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "change_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("description", sa.String(), nullable=False),
        sa.Column("heavy", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("requested_on", sa.Date(), nullable=False),
        sa.Column("start_on", sa.Date(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("developed_on", sa.Date(), nullable=True),
        sa.Column("delivered_on", sa.Date(), nullable=True),
        sa.Column("deliveries", sa.Integer(), nullable=False),
        sa.Column("tested_on", sa.Date(), nullable=True),
        sa.Column("accepted_on", sa.Date(), nullable=True),
        sa.Column("contested_on", sa.Date(), nullable=True),
        sa.Column("contest_reason", sa.String(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", _AT, nullable=False),
        sa.Column("updated_at", _AT, nullable=False),
        sa.ForeignKeyConstraint(["customer_id"], ["customer.id"]),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"]),
        sa.ForeignKeyConstraint(["created_by_id"], ["technician.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_change_customer", "change_request", ["customer_id", "requested_on"])
    op.add_column("incident", sa.Column("fixed_in_release", sa.Date(), nullable=True))


def downgrade() -> None:
    # ALTER TABLE … DROP COLUMN in place (SQLite ≥ 3.35 too): no copy of the table
    op.execute("ALTER TABLE incident DROP COLUMN fixed_in_release")
    op.drop_index("ix_change_customer", table_name="change_request")
    op.drop_table("change_request")
