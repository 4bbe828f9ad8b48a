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
    """Another user held the database longer than the busy timeout."""


class DatabaseUnavailable(StoreError):
    """The database cannot be opened or written (missing folder, read-only, server down)."""


class SchemaTooNew(StoreError):
    """The database was upgraded by a newer techconsole than this one."""


def describe(error: BaseException) -> StoreError:
    text = str(getattr(error, "orig", error) or error).lower()
    if "locked" in text or "busy" in text:
        return DatabaseBusy(
            _(
                "the database is busy: another user kept it locked past the timeout; "
                "nothing was changed — try again"
            )
        )
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
        text = str(error.orig).lower()
        if "not a database" in text or "malformed" in text:  # SQLite's words
            raise DatabaseUnavailable(
                _(
                    "this is not a techconsole database (SQLite says: {error}); nothing was changed"
                ).format(error=error.orig)
            ) from error
        raise
