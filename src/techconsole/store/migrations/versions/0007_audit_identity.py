"""audit identity: the real OS user, and PostgreSQL's session_user, on every audit row

``actor`` stays the technician an action is recorded for; ``os_user`` is the real OS
user who ran the program (the same login, or a lead acting on someone's behalf).  On
PostgreSQL a BEFORE INSERT trigger sets ``db_user`` to ``session_user``: the role the
server authenticated, which a client cannot choose for the row.  Older rows keep NULL
in both (nobody recorded them).  The columns are added in place: rebuilding the table
would drop the append-only triggers of 0002.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("audit", sa.Column("os_user", sa.String(), nullable=True))
    op.add_column("audit", sa.Column("db_user", sa.String(), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION audit_db_user() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN NEW.db_user := session_user; RETURN NEW; END $$"
        )
        op.execute(
            "CREATE TRIGGER audit_db_user BEFORE INSERT ON audit "
            "FOR EACH ROW EXECUTE FUNCTION audit_db_user()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_db_user ON audit")
        op.execute("DROP FUNCTION IF EXISTS audit_db_user()")
    # ALTER TABLE … DROP COLUMN in place (SQLite ≥ 3.35 too): the table keeps its triggers
    op.execute("ALTER TABLE audit DROP COLUMN db_user")
    op.execute("ALTER TABLE audit DROP COLUMN os_user")
