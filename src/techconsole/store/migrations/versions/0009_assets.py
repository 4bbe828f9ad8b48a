"""assets: a customer's covered machines, the required software verified on them, the
inspection at acceptance; the machine an incident is about (incident_asset)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import techconsole.store.types

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_AT = techconsole.store.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "asset",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("serial", sa.String(), nullable=False),
        sa.Column("os", sa.String(), nullable=False),
        sa.Column("location", sa.String(), nullable=False),
        sa.Column("covered_since", sa.Date(), nullable=True),
        sa.Column("remote_id", sa.String(), nullable=False),
        sa.Column("notes", sa.String(), nullable=False),
        sa.Column("created_at", _AT, nullable=False),
        sa.Column("updated_at", _AT, nullable=False),
        sa.Column("retired_at", _AT, nullable=True),
        sa.ForeignKeyConstraint(["customer_id"], ["customer.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_asset_customer", "asset", ["customer_id", "name"])
    op.create_table(
        "asset_software",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("asset_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("product", sa.String(), nullable=False),
        sa.Column("installed", sa.Boolean(), nullable=False),
        sa.Column("verified_at", _AT, nullable=False),
        sa.Column("verified_by_id", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(), nullable=False),
        sa.Column("recorded_at", _AT, nullable=False),
        sa.ForeignKeyConstraint(["asset_id"], ["asset.id"]),
        sa.ForeignKeyConstraint(["verified_by_id"], ["technician.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_asset_software_asset", "asset_software", ["asset_id", "name", "verified_at"]
    )
    op.create_table(
        "asset_inspection",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("asset_id", sa.Integer(), nullable=False),
        sa.Column("inspected_at", _AT, nullable=False),
        sa.Column("inspected_by_id", sa.Integer(), nullable=False),
        sa.Column("findings", sa.String(), nullable=False),
        sa.Column("recorded_at", _AT, nullable=False),
        sa.ForeignKeyConstraint(["asset_id"], ["asset.id"]),
        sa.ForeignKeyConstraint(["inspected_by_id"], ["technician.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("asset_id"),
    )
    # the machine an incident is about: a table of its own (a new column with a foreign
    # key would make SQLite copy the incident table, which the rows referring to it forbid)
    op.create_table(
        "incident_asset",
        sa.Column("incident_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("asset_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["asset_id"], ["asset.id"]),
        sa.ForeignKeyConstraint(["incident_id"], ["incident.id"]),
        sa.PrimaryKeyConstraint("incident_id"),
    )
    op.create_index("ix_incident_asset_asset", "incident_asset", ["asset_id"])


def downgrade() -> None:
    op.drop_index("ix_incident_asset_asset", table_name="incident_asset")
    op.drop_table("incident_asset")
    op.drop_table("asset_inspection")
    op.drop_index("ix_asset_software_asset", table_name="asset_software")
    op.drop_table("asset_software")
    op.drop_index("ix_asset_customer", table_name="asset")
    op.drop_table("asset")
