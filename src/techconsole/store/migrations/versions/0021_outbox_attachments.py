"""the outbox's attachment kinds: a message we send carries the incident's work report, or
the report of one period to a customer's data controller (seed 001: "L'operato della
nostra azienda sara' riportato al titolare con cadenza da stabilire tra le parti (file di
log e report)"), rendered when it is sent

``attach_report`` (a yes/no) becomes ``attachment``: ``'work_report'`` for the messages
that carried the work report, ``''`` for the others, so every message queued before it
keeps its meaning; ``'ads_report'`` with the days it covers (``period_start``,
``period_end``) is new.  Down again, a message with an ADS report that was not sent yet
is failed with the reason (the older version could only send it without its report).

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-14
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

_MAIL = sa.table(
    "mail_message",
    sa.column("attach_report", sa.Boolean()),
    sa.column("attachment", sa.String()),
    sa.column("state", sa.String()),
    sa.column("next_attempt_at", sa.DateTime()),
    sa.column("last_error", sa.String()),
)
#: said on an ADS report's message left unsent by a downgrade (kept in English, as the
#: outbox's errors are)
_NOT_SENT = "not sent: this version of techconsole cannot attach the report to the data controller"


def upgrade() -> None:
    op.add_column(
        "mail_message",
        sa.Column("attachment", sa.String(), nullable=False, server_default=sa.text("''")),
    )
    op.add_column("mail_message", sa.Column("period_start", sa.Date(), nullable=True))
    op.add_column("mail_message", sa.Column("period_end", sa.Date(), nullable=True))
    op.create_index("ix_mail_report_period", "mail_message", ["customer_id", "period_start"])
    op.execute(
        _MAIL.update().where(_MAIL.c.attach_report.is_(True)).values(attachment="work_report")
    )
    # a plain ALTER TABLE … DROP COLUMN on both (no index or constraint names it)
    op.drop_column("mail_message", "attach_report")


def downgrade() -> None:
    op.add_column(
        "mail_message",
        sa.Column("attach_report", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.execute(_MAIL.update().where(_MAIL.c.attachment == "work_report").values(attach_report=True))
    op.execute(
        _MAIL.update()
        .where(_MAIL.c.attachment == "ads_report")
        .where(_MAIL.c.state.in_(("pending", "sending", "uncertain")))
        .values(state="failed", next_attempt_at=None, last_error=_NOT_SENT)
    )
    op.drop_index("ix_mail_report_period", table_name="mail_message")
    for column in ("period_end", "period_start", "attachment"):
        op.drop_column("mail_message", column)
