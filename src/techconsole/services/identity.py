"""Who may act on a database: its first lead, and a lead acting on someone's behalf.

The person is always the real OS user (:func:`techconsole.services.context.os_user`).
``--as LOGIN``, ``$TECHCONSOLE_USER`` and the config file's ``user`` name someone else
to act as; only an active lead of the database may do that (a lead entering work for a
colleague).  A database without any technician gets the real user who first opens it as
its first lead, so nobody else can make themselves one later.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import text
from sqlmodel import select

from techconsole.i18n import _
from techconsole.services.context import OS_LOGIN, Context, OsUser
from techconsole.services.errors import ActingRefused
from techconsole.services.records import audit, is_active_lead
from techconsole.store.database import Database
from techconsole.store.models import Technician


def asked(source: str, actor: str) -> str:
    """How the person asked to act as ``actor``, as they wrote it (for the refusal)."""
    if source.startswith("-"):
        return f"{source} {actor}"
    if source.startswith("$"):
        return f"{source[1:]}={actor}"
    return f'{source}: user = "{actor}"'


def check_acting(ctx: Context, source: str = "--as") -> None:
    """Refuse a context acting on someone's behalf unless its real user is an active lead.

    ``source`` is where the other login came from (``--as``, ``$TECHCONSOLE_USER``, a
    config file), said in the refusal.  Acting as yourself needs no check.
    """
    if not ctx.on_behalf:
        return
    with ctx.db.read() as session:
        if is_active_lead(session, ctx.os_login):
            return
    raise ActingRefused(ctx.os_login, ctx.actor, asked(source, ctx.actor))


def ensure_first_lead(db: Database, user: OsUser, now: datetime) -> bool:
    """On a database without any technician, make ``user`` its first lead (audited).

    Whether it did.  Only the first of several people starting at once gets there: the
    write transaction holds SQLite's lock, and on PostgreSQL a table lock, while it looks.
    """
    with db.read() as session:
        if session.exec(select(Technician.id).limit(1)).first() is not None:
            return False
    with db.write() as session:
        session.info[OS_LOGIN] = user.login
        if not db.sqlite:
            session.execute(text("LOCK TABLE technician IN EXCLUSIVE MODE"))
        if session.exec(select(Technician.id).limit(1)).first() is not None:
            return False
        tech = Technician(login=user.login, display_name=user.name, role="lead", created_at=now)
        session.add(tech)
        session.flush()
        audit(
            session,
            user.login,
            "technician.add",
            "technician",
            tech.id,
            now,
            login=user.login,
            role="lead",
            first_lead=True,
        )
    return True


def first_lead_note(user: OsUser) -> str:
    """What the first lead is told, once, on stderr."""
    return _(
        "You ({login}) are the first lead of this database. Add your team with: "
        'techconsole tech add LOGIN --name "Name" (--role lead for another lead)'
    ).format(login=user.login)
