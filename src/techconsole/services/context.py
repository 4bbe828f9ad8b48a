"""What every use case needs: the database, the policy, who acts, and the clock.

Who acts is two logins: ``os_login``, the real OS user running the program (from the
process's uid, never from ``$LOGNAME``, ``$USER`` or a flag), and ``actor``, the
technician the use cases act as: the same person, or someone a lead acts on behalf of
(``--as``; :mod:`techconsole.services.identity` checks that only a lead does).
Permission checks and the timeline use ``actor``; the audit trail records both.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlmodel import Session

    from techconsole.domain.policy import Policy
    from techconsole.store.database import Database

#: the key of a write session's ``info`` that holds the real OS user (for the audit rows)
OS_LOGIN = "techconsole.os_login"


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class OsUser:
    """The real user of this process: the login and the full name its passwd entry gives."""

    login: str
    name: str


def os_user() -> OsUser:
    """Who runs this process, from its real uid: ``pwd.getpwuid(os.getuid())``.

    The full name is the first field of the passwd entry's GECOS ("Anna Rossi,,,"), else
    the login; a uid without a passwd entry is its number.  The environment
    (``$LOGNAME``, ``$USER``) is never read: anyone can set it.
    """
    try:
        import pwd
    except ImportError:  # pragma: no cover - not a POSIX system
        import getpass

        login = getpass.getuser()
        return OsUser(login, login)
    uid = os.getuid()
    try:
        entry = pwd.getpwuid(uid)
    except KeyError:
        return OsUser(str(uid), str(uid))
    name = entry.pw_gecos.split(",")[0].strip()
    return OsUser(entry.pw_name, name or entry.pw_name)


def real_login() -> str:
    """The real OS user's login (see :func:`os_user`)."""
    return os_user().login


@dataclass(frozen=True)
class Context:
    """``actor`` is who the use cases act as; ``os_login`` who really runs the program
    (``""``: the actor themselves)."""

    db: Database
    policy: Policy
    actor: str = field(default_factory=real_login)
    clock: Callable[[], datetime] = utc_now
    os_login: str = ""

    def __post_init__(self) -> None:
        if not self.os_login:
            object.__setattr__(self, "os_login", self.actor)

    @property
    def on_behalf(self) -> bool:
        """A lead is acting on someone else's behalf."""
        return self.os_login != self.actor

    def now(self) -> datetime:
        return self.clock()

    def as_(self, login: str) -> Context:
        """The same database and clock with ``login`` running the program themselves."""
        return Context(self.db, self.policy, login, self.clock)

    def on_behalf_of(self, login: str) -> Context:
        """The same person acting on ``login``'s behalf (allowed to a lead only)."""
        return Context(self.db, self.policy, login, self.clock, self.os_login)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A write transaction whose audit rows say who really ran it (``os_login``)."""
        with self.db.write() as session:
            session.info[OS_LOGIN] = self.os_login
            yield session

    @contextmanager
    def bulk_write(self) -> Iterator[Session]:
        """``write()`` for loading a fresh database (``Database.bulk_write``)."""
        with self.db.bulk_write() as session:
            session.info[OS_LOGIN] = self.os_login
            yield session
