"""A read that meets a busy database tries once more before saying so.

On PostgreSQL a read waits only for what blocks a whole table (a schema upgrade, a
``LOCK TABLE``) or runs past the statement timeout; on SQLite it can meet a checkpoint
or a recovery holding the file.  Either way nothing was written, so a use case that only
reads can simply run again.  A use case that writes never does: it says the database was
busy, and the person decides.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from techconsole.store.errors import DatabaseBusy

P = ParamSpec("P")
T = TypeVar("T")


def retried_read(function: Callable[P, T]) -> Callable[P, T]:
    """``function``, a use case that only reads, run a second time if the database was
    busy the first (a second busy database is said as usual)."""

    @functools.wraps(function)
    def read(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return function(*args, **kwargs)
        except DatabaseBusy:
            return function(*args, **kwargs)

    return read
