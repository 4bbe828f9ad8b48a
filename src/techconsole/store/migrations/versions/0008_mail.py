"""mail: messages taken and sent (one table, both directions) and their attachments;
contacts found by their address in any case

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import techconsole.store.types

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_AT = techconsole.store.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "mail_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("direction", sa.String(), nullable=False),
        sa.Column("message_id", sa.String(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=True),
        sa.Column("customer_id", sa.Integer(), nullable=True),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("unknown_person", sa.Boolean(), nullable=False),
        sa.Column("sender", sa.String(), nullable=False),
        sa.Column("sender_name", sa.String(), nullable=False),
        sa.Column("recipients", sa.String(), nullable=False),
        sa.Column("subject", sa.String(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("full_text", sa.String(), nullable=False),
        sa.Column("html", sa.String(), nullable=True),
        sa.Column("at", _AT, nullable=False),
        sa.Column("recorded_at", _AT, nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("in_reply_to", sa.String(), nullable=False),
        sa.Column("references", sa.String(), nullable=False),
        sa.Column("noise", sa.String(), nullable=False),
        sa.Column("automatic", sa.Boolean(), nullable=False),
        sa.Column("attach_report", sa.Boolean(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", _AT, nullable=True),
        sa.Column("last_error", sa.String(), nullable=False),
        sa.Column("sent_at", _AT, nullable=True),
        sa.Column("actor", sa.String(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"]),
        sa.ForeignKeyConstraint(["customer_id"], ["customer.id"]),
        sa.ForeignKeyConstraint(["incident_id"], ["incident.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("message_id"),
    )
    op.create_index("ix_mail_state", "mail_message", ["direction", "state", "at"])
    op.create_index("ix_mail_incident", "mail_message", ["incident_id", "at"])
    op.create_index("ix_mail_out_to", "mail_message", ["direction", "recipients", "at"])
    op.create_table(
        "mail_attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mail_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(), nullable=False),
        sa.Column("content_type", sa.String(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=True),
        sa.ForeignKeyConstraint(["mail_id"], ["mail_message.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_mail_attachment_mail_id", "mail_attachment", ["mail_id"])
    # a sender's address is matched to a contact case-insensitively
    op.create_index("ix_contact_email_lower", "contact", [sa.text("lower(email)")])


def downgrade() -> None:
    op.drop_index("ix_contact_email_lower", table_name="contact")
    op.drop_index("ix_mail_attachment_mail_id", table_name="mail_attachment")
    op.drop_table("mail_attachment")
    op.drop_index("ix_mail_out_to", table_name="mail_message")
    op.drop_index("ix_mail_incident", table_name="mail_message")
    op.drop_index("ix_mail_state", table_name="mail_message")
    op.drop_table("mail_message")
