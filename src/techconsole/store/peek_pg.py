"""A first look into a PostgreSQL database, with psycopg alone.

As :mod:`.peek` does for a SQLite file: before the console's first frame, without
SQLAlchemy, look whether opening the database would have anything to say or to do (a
schema to create or upgrade, or newer than this program, outcomes an upgrade left to
record, a person who is not in the team).  The answer is the rows of the technicians
asked about, or ``None`` when there is anything to say or to do, or anything unsure (no
driver, a server that does not answer, a URL psycopg does not take as it is): then the
database is opened the usual way, which says and does what it always did.
"""

from __future__ import annotations

from collections.abc import Iterable

from techconsole.store import migrate
from techconsole.store.peek import Member

#: the URL schemes techconsole opens with psycopg (``store.checks``)
_SCHEMES = ("postgresql+psycopg://", "postgresql://", "postgres://")
#: seconds to wait for the server before giving the usual way its turn
CONNECT_TIMEOUT = 5


def conninfo(url: str) -> str | None:
    """``url`` as libpq takes it (``postgresql://…``); ``None`` if not PostgreSQL's."""
    for scheme in _SCHEMES:
        if url.startswith(scheme):
            return "postgresql://" + url.removeprefix(scheme)
    return None


def members(url: str, logins: Iterable[str]) -> dict[str, Member] | None:
    """The technicians ``logins`` of the PostgreSQL database at ``url`` (those it has),
    when its schema is this program's newest with nothing left to record; ``None``
    otherwise."""
    info = conninfo(url)
    if info is None:
        return None
    try:
        import psycopg
    except ImportError:  # the postgres extra is missing: the usual way says so
        return None
    wanted = sorted(set(logins))
    try:
        with psycopg.connect(info, connect_timeout=CONNECT_TIMEOUT) as connection:
            # one read-only transaction: the version and the rows agree; ended by rollback
            connection.execute("SET TRANSACTION READ ONLY")
            found = connection.execute(
                "SELECT to_regclass('alembic_version') IS NOT NULL,"
                " to_regclass('technician') IS NOT NULL,"
                " to_regclass('clock_outcome_pending') IS NOT NULL"
            ).fetchone()
            if found is None or not all(found):
                return None
            versions = connection.execute("SELECT version_num FROM alembic_version").fetchall()
            if versions != [(migrate.head(),)]:
                return None
            if connection.execute("SELECT 1 FROM clock_outcome_pending LIMIT 1").fetchone():
                return None  # an upgrade left outcomes to record: opening says so
            rows = connection.execute(
                "SELECT login, active, role FROM technician WHERE login = ANY(%s)", (wanted,)
            ).fetchall()
            connection.rollback()
    except (psycopg.Error, ValueError):  # ValueError: a URL psycopg cannot read
        return None
    return {str(login): Member(bool(active), role == "lead") for login, active, role in rows}
