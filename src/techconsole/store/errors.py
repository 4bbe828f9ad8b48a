"""Database problems, translated into messages a person can act on (in the language in
use when the problem is met)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import exc as sa_exc

from techconsole.i18n import _


class StoreError(Exception):
    """The database could not do what was asked; the message says why and what to do."""


class DatabaseBusy(StoreError):
    """Another user held the database (or a row) longer than the timeout; or, on
    PostgreSQL, a statement ran past its timeout.  Nothing was changed."""


class DatabaseUnavailable(StoreError):
    """The database cannot be opened or written (missing folder, read-only, server down)."""


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
        return DatabaseUnavailable(
            _(
                "the database is read-only for you: nothing was changed "
                "(check the file's and its folder's permissions)"
            )
        )
    if "unable to open" in text:
        return DatabaseUnavailable(
            _("cannot open the database file: its folder is missing or not accessible")
        )
    if "connection" in text or "could not connect" in text:
        return DatabaseUnavailable(
            _("cannot reach the database server: {error}").format(error=error)
        )
    return StoreError(_("database error: {error}").format(error=getattr(error, "orig", error)))


@contextmanager
def translated() -> Iterator[None]:
    """Turn driver errors into :class:`StoreError` with a clear message."""
    try:
        yield
    except sa_exc.OperationalError as error:
        raise describe(error) from error
    except sa_exc.DBAPIError as error:
        if error.connection_invalidated:
            raise DatabaseUnavailable(
                _("lost the database connection: {error}").format(error=error.orig)
            ) from error
        raise
