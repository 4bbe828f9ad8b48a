"""Database problems, translated into messages a person can act on (in the language in
use when the problem is met).

SQLAlchemy's exceptions are looked at only when something went wrong: importing this
module costs no SQLAlchemy (the console's first frame comes before it)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from techconsole.i18n import _


class StoreError(Exception):
    """The database could not do what was asked; the message says why and what to do."""


class DatabaseBusy(StoreError):
    """Another user held the database (or a row) longer than the timeout; or, on
    PostgreSQL, a statement ran past its timeout.  Nothing was changed."""


class DatabaseUnavailable(StoreError):
    """The database cannot be opened (missing folder, server down)."""


class ConnectionLost(DatabaseUnavailable):
    """The server closed the connection while it was used (restarted, or ended the
    session).  The pool starts afresh: a read may simply run again."""


class DatabaseReadOnly(StoreError):
    """The database is read-only for this user: it can be read, and nothing was changed."""


#: PostgreSQL's ``read_only_sql_transaction`` (a read-only server or session), and its
#: ``insufficient_privilege``, which in a write means a role that may only read
_READ_ONLY, _NOT_ALLOWED = "25006", "42501"


def read_only() -> DatabaseReadOnly:
    """The refusal of a write to a database this user may only read."""
    return DatabaseReadOnly(_("the database is read-only for you: nothing was changed"))


#: PostgreSQL's SQLSTATEs for a lock not obtained in time (``lock_timeout``, ``NOWAIT``)
#: and for two transactions waiting for each other: the other user's work goes first
_LOCKED = {"55P03", "40P01"}
#: a statement cancelled (``statement_timeout``)
_CANCELLED = "57014"


def _busy() -> DatabaseBusy:
    return DatabaseBusy(
        _(
            "the database is busy: another user kept it locked past the timeout; "
            "nothing was changed — try again"
        )
    )


class SchemaTooNew(StoreError):
    """The database was upgraded by a newer techconsole than this one."""


def describe(error: BaseException) -> StoreError:
    original = getattr(error, "orig", error)
    state = getattr(original, "sqlstate", None)
    if state in _LOCKED:
        return _busy()
    if state == _CANCELLED:
        return DatabaseBusy(
            _(
                "the database took too long to answer (its statement timeout); "
                "nothing was changed — try again"
            )
        )
    text = str(original or error).lower()
    if "locked" in text or "busy" in text:
        return _busy()
    if "readonly" in text or "read-only" in text:
        return read_only()
    if "unable to open" in text:
        return DatabaseUnavailable(
            _("cannot open the database file: its folder is missing or not accessible")
        )
    if "connection" in text or "could not connect" in text:
        return DatabaseUnavailable(  # the driver's words, not SQLAlchemy's wrapping of them
            _("cannot reach the database server: {error}").format(error=original or error)
        )
    return StoreError(_("database error: {error}").format(error=getattr(error, "orig", error)))


@contextmanager
def translated(*, writing: bool = False) -> Iterator[None]:
    """Turn driver errors into :class:`StoreError` with a clear message (``writing``: in a
    write transaction, where a missing privilege means a database one may only read)."""
    try:
        yield
    except Exception as error:
        from sqlalchemy import exc as sa_exc

        if isinstance(error, sa_exc.DBAPIError) and error.connection_invalidated:
            raise ConnectionLost(
                _("lost the database connection: {error}").format(error=error.orig)
            ) from error
        if isinstance(error, sa_exc.OperationalError):
            raise describe(error) from error
        if not isinstance(error, sa_exc.DBAPIError):
            raise
        state = getattr(error.orig, "sqlstate", None)
        if state == _READ_ONLY or (writing and state == _NOT_ALLOWED):
            raise read_only() from error
        text = str(error.orig).lower()
        if "not a database" in text or "malformed" in text:  # SQLite's words
            raise DatabaseUnavailable(
                _(
                    "this is not a techconsole database (SQLite says: {error}); nothing was changed"
                ).format(error=error.orig)
            ) from error
        raise
