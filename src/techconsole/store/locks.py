"""Locks a row cannot give: closing a month against the work dated in it.

Closing a month checks that none of its timers runs and then adds its ``closed_month``
row; a session or a part dated in the month checks that row is missing and then adds
itself.  Neither sees what the other has not committed, so on PostgreSQL (READ
COMMITTED) both could commit: a part, or a timer that can never be stopped, inside a
month already invoiced.  Both therefore take a lock on the month first, held until they
commit: writers share it (they do not wait for each other), closing or reopening takes it
alone.  It is a transaction-scoped advisory lock keyed on the month, so no row has to
exist to be locked.  Waiting for it ends at the connection's ``lock_timeout``.

On SQLite every write transaction starts with ``BEGIN IMMEDIATE`` (see
:mod:`techconsole.store.engine`) and holds the database's one write lock until it ends:
writers already run one at a time, and nothing more is needed.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import text
from sqlmodel import Session

#: the first key of techconsole's advisory locks on months ("tcmo"), the second is YYYYMM
MONTH_LOCKS = 0x74636D6F


def month_key(month: str) -> int:
    """``2026-11`` → 202611."""
    year, number = month.split("-")
    return int(year) * 100 + int(number)


def lock_months(session: Session, months: Iterable[str], *, alone: bool = False) -> None:
    """Hold ``months`` (``YYYY-MM``) until the transaction ends: shared by writers, or
    ``alone`` (closing, reopening).  Taken in order, so that two writers of the same two
    months never wait for each other crosswise."""
    if session.get_bind().dialect.name != "postgresql":
        return
    function = "pg_advisory_xact_lock" if alone else "pg_advisory_xact_lock_shared"
    for month in sorted(set(months)):
        session.execute(
            text(f"SELECT {function}(:space, :key)"),
            {"space": MONTH_LOCKS, "key": month_key(month)},
        )
