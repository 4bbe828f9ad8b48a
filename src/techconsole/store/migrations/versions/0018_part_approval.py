"""part approval and ADS reports: a spare part proposed to the customer and fitted only
once they agree (seed 003, "Il cliente può comunque richiedere sempre di essere avvisato
prima della sostituzione di qualunque parte di ricambio"); the cadence of the reports to
the data controller of a customer we are ADS for, and the reports delivered (seed 001,
"L'operato della nostra azienda sara' riportato al titolare con cadenza da stabilire tra
le parti")

The parts recorded before it were fitted: ``state`` is 'fitted' for them.  An incident
records whether its severity is still the policy's default (seed 001: "il livello di
gravità viene attribuito dal personale tecnico"); those recorded before it count as set.
A customer's programs, each with the day its reseller began managing it, and the program
an incident is about (seed 001: the reseller's free first year "per ogni programma").  (The ADS
reports' tables were planned as 0019 and are folded in here: one revision, one head.)

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-12
"""

from __future__ import annotations

import warnings

import sqlalchemy as sa
from alembic import op

import techconsole.store.types

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

_AT = techconsole.store.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.add_column(
        "material",
        sa.Column("state", sa.String(), nullable=False, server_default=sa.text("'fitted'")),
    )
    op.add_column(
        "material",
        sa.Column("proposed_because", sa.String(), nullable=False, server_default=sa.text("''")),
    )
    if op.get_bind().dialect.name == "sqlite":  # a reference added in place, no table copy
        op.execute("ALTER TABLE material ADD COLUMN answered_by_id INTEGER REFERENCES contact (id)")
    else:
        op.add_column("material", sa.Column("answered_by_id", sa.Integer(), nullable=True))
        op.create_foreign_key(
            "material_answered_by_id_fkey", "material", "contact", ["answered_by_id"], ["id"]
        )
    op.add_column("material", sa.Column("answered_at", _AT, nullable=True))
    op.add_column(
        "material",
        sa.Column("answered_via", sa.String(), nullable=False, server_default=sa.text("''")),
    )
    op.add_column(
        "incident",
        sa.Column("severity_triaged", sa.Boolean(), nullable=False, server_default=sa.text("true")),
    )
    op.add_column(
        "incident",
        sa.Column("program", sa.String(), nullable=False, server_default=sa.text("''")),
    )
    op.create_table(
        "customer_program",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("reseller_since", sa.Date(), nullable=True),
        sa.Column("created_at", _AT, nullable=False),
        sa.ForeignKeyConstraint(["customer_id"], ["customer.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("customer_id", "name", name="uq_customer_program_name"),
    )
    op.create_table(
        "ads_cadence",
        sa.Column("customer_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("cadence", sa.String(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("set_by_id", sa.Integer(), nullable=False),
        sa.Column("set_at", _AT, nullable=False),
        sa.ForeignKeyConstraint(["customer_id"], ["customer.id"]),
        sa.ForeignKeyConstraint(["set_by_id"], ["technician.id"]),
        sa.PrimaryKeyConstraint("customer_id"),
    )
    op.create_table(
        "ads_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("delivered_at", _AT, nullable=False),
        sa.Column("delivered_to", sa.String(), nullable=False),
        sa.Column("delivered_via", sa.String(), nullable=False),
        sa.Column("note", sa.String(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", _AT, nullable=False),
        sa.ForeignKeyConstraint(["customer_id"], ["customer.id"]),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["technician.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("customer_id", "period_start", name="uq_ads_report_period"),
    )


def downgrade() -> None:
    op.drop_table("ads_report")
    op.drop_table("ads_cadence")
    # plain ALTER TABLE … DROP COLUMN: SQLite cannot copy the incident table under the
    # rows that refer to it
    op.drop_column("incident", "severity_triaged")
    op.drop_column("incident", "program")
    op.drop_table("customer_program")
    for column in ("answered_via", "answered_at", "proposed_because", "state"):
        op.drop_column("material", column)
    if op.get_bind().dialect.name == "sqlite":
        # SQLite drops a column that references another table only by copying the table
        # (nothing refers to a material); reflecting it meets the contacts' index on an
        # expression, which it cannot read and does not need
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*expression-based index")
            with op.batch_alter_table("material", recreate="always") as batch_op:
                batch_op.drop_column("answered_by_id")
    else:
        op.drop_constraint("material_answered_by_id_fkey", "material", type_="foreignkey")
        op.drop_column("material", "answered_by_id")
