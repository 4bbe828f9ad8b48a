"""A read that meets a busy database, or a lost connection, tries once more before
saying so.

On PostgreSQL a read waits only for what blocks a whole table (a schema upgrade, a
``LOCK TABLE``) or runs past the statement timeout; on SQLite it can meet a checkpoint
or a recovery holding the file; on PostgreSQL, a connection the server closed a moment
before it was used (the pool then starts afresh).  Either way nothing was written, so a
use case that only reads can simply run again.  A use case that writes never does: it
says the database was busy (or the connection lost), and the person decides.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from techconsole.store.errors import ConnectionLost, DatabaseBusy

P = ParamSpec("P")
T = TypeVar("T")


def retried_read(function: Callable[P, T]) -> Callable[P, T]:
    """``function``, a use case that only reads, run a second time if the database was
    busy the first, or its connection lost (a second time is said as usual)."""

    @functools.wraps(function)
    def read(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return function(*args, **kwargs)
        except (DatabaseBusy, ConnectionLost):
            return function(*args, **kwargs)

    return read
