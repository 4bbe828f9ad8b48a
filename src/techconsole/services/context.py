"""What every use case needs: the database, the policy, who acts, and the clock."""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from techconsole.domain.policy import Policy
from techconsole.store.database import Database


def utc_now() -> datetime:
    return datetime.now(UTC)


def os_login() -> str:
    """The OS user running the program (the entry point's ``user`` setting overrides it)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return str(os.getuid()) if hasattr(os, "getuid") else "unknown"


@dataclass(frozen=True)
class Context:
    db: Database
    policy: Policy
    actor: str = field(default_factory=os_login)
    clock: Callable[[], datetime] = utc_now

    def now(self) -> datetime:
        return self.clock()

    def as_(self, login: str) -> Context:
        return Context(self.db, self.policy, login, self.clock)
