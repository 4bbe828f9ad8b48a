"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import techconsole.store.types

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", techconsole.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(), nullable=False),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("entity", sa.String(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("audit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_at"), ["at"], unique=False)
        batch_op.create_index("ix_audit_entity", ["entity", "entity_id"], unique=False)

    op.create_table(
        "customer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("vat_number", sa.String(), nullable=False),
        sa.Column("address", sa.String(), nullable=False),
        sa.Column("deployment", sa.String(), nullable=False),
        sa.Column("reseller", sa.Boolean(), nullable=False),
        sa.Column("reseller_since", sa.Date(), nullable=True),
        sa.Column("we_are_ads", sa.Boolean(), nullable=False),
        sa.Column("notify_before_parts", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.String(), nullable=False),
        sa.Column("created_at", techconsole.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("customer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_customer_name"), ["name"], unique=False)

    op.create_table(
        "meta",
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("value", sa.String(), server_default=sa.text("('')"), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "number_counter",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("year"),
    )
    op.create_table(
        "technician",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("login", sa.String(), nullable=False),
        sa.Column("display_name", sa.String(), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", techconsole.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("login"),
    )
    op.create_table(
        "contact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("email", sa.String(), nullable=False),
        sa.Column("phone", sa.String(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customer.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contact_customer_id"), ["customer_id"], unique=False)

    op.create_table(
        "contract",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("plan", sa.String(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("prepaid", techconsole.store.types.ScaledDecimal(), nullable=False),
        sa.Column("notes", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customer.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("contract", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contract_customer_id"), ["customer_id"], unique=False)

    op.create_table(
        "incident",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("requester_id", sa.Integer(), nullable=True),
        sa.Column("channel", sa.String(), nullable=False),
        sa.Column("subject", sa.String(), nullable=False),
        sa.Column("description", sa.String(), nullable=False),
        sa.Column("severity", sa.String(), nullable=False),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("urgent_on_request", sa.Boolean(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("status_before_pause", sa.String(), nullable=True),
        sa.Column("assignee_id", sa.Integer(), nullable=True),
        sa.Column("plan", sa.String(), nullable=False),
        sa.Column("contract", sa.Boolean(), nullable=False),
        sa.Column("arrived_at", techconsole.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column(
            "acknowledged_at", techconsole.store.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column(
            "estimated_resolution_at",
            techconsole.store.types.UTCDateTime(timezone=True),
            nullable=True,
        ),
        sa.Column(
            "promised_on_site_at", techconsole.store.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("on_site_at", techconsole.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("resolved_at", techconsole.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("closed_at", techconsole.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("resolved", sa.Boolean(), nullable=True),
        sa.Column("follow_up_of_id", sa.Integer(), nullable=True),
        sa.Column("needs_authorisation", sa.Boolean(), nullable=False),
        sa.Column("authorised_by_id", sa.Integer(), nullable=True),
        sa.Column(
            "authorised_at", techconsole.store.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("authorised_via", sa.String(), nullable=False),
        sa.Column(
            "authorised_until", techconsole.store.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column(
            "account_provided_at", techconsole.store.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("account_provided_by_id", sa.Integer(), nullable=True),
        sa.Column("is_open", sa.Boolean(), nullable=False),
        sa.Column("q_contract", sa.Integer(), nullable=False),
        sa.Column("q_urgent", sa.Integer(), nullable=False),
        sa.Column("q_severity", sa.Integer(), nullable=False),
        sa.Column("due_at", techconsole.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("due_sort", techconsole.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", techconsole.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_provided_by_id"],
            ["contact.id"],
        ),
        sa.ForeignKeyConstraint(
            ["assignee_id"],
            ["technician.id"],
        ),
        sa.ForeignKeyConstraint(
            ["authorised_by_id"],
            ["contact.id"],
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customer.id"],
        ),
        sa.ForeignKeyConstraint(
            ["follow_up_of_id"],
            ["incident.id"],
        ),
        sa.ForeignKeyConstraint(
            ["requester_id"],
            ["contact.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("number"),
        sa.UniqueConstraint("year", "seq", name="uq_incident_year_seq"),
    )
    with op.batch_alter_table("incident", schema=None) as batch_op:
        batch_op.create_index("ix_incident_assignee_open", ["assignee_id", "is_open"], unique=False)
        batch_op.create_index("ix_incident_customer", ["customer_id", "arrived_at"], unique=False)
        batch_op.create_index(
            "ix_incident_queue",
            ["is_open", "q_contract", "q_urgent", "q_severity", "due_sort", "arrived_at", "number"],
            unique=False,
        )

    op.create_table(
        "incident_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("at", techconsole.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["technician.id"],
        ),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incident.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("incident_event", schema=None) as batch_op:
        batch_op.create_index("ix_event_incident_at", ["incident_id", "at", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("incident_event", schema=None) as batch_op:
        batch_op.drop_index("ix_event_incident_at")

    op.drop_table("incident_event")
    with op.batch_alter_table("incident", schema=None) as batch_op:
        batch_op.drop_index("ix_incident_queue")
        batch_op.drop_index("ix_incident_customer")
        batch_op.drop_index("ix_incident_assignee_open")

    op.drop_table("incident")
    with op.batch_alter_table("contract", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contract_customer_id"))

    op.drop_table("contract")
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_customer_id"))

    op.drop_table("contact")
    op.drop_table("technician")
    op.drop_table("number_counter")
    op.drop_table("meta")
    with op.batch_alter_table("customer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_customer_name"))

    op.drop_table("customer")
    with op.batch_alter_table("audit", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_entity")
        batch_op.drop_index(batch_op.f("ix_audit_at"))

    op.drop_table("audit")
