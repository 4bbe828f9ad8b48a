"""Opening techconsole's world: the policy, the database (upgraded if older), the actor."""

from __future__ import annotations

from collections.abc import Callable

from techconsole.services import policies
from techconsole.services.context import Context, os_login
from techconsole.store.database import Database
from techconsole.store.engine import BUSY_TIMEOUT_MS


def open_context(
    *,
    policy: str | None = None,
    database: str | None = None,
    actor: str | None = None,
    migrate: bool = True,
    say: Callable[[str], None] | None = None,
    busy_timeout_ms: int = BUSY_TIMEOUT_MS,
) -> Context:
    """Load the policy, open the database and bring its schema up to date.

    ``actor`` is who acts (else the OS login); ``busy_timeout_ms`` how long a writer waits
    for SQLite's lock.  The values come from the entry point's settings.
    """
    chosen = policies.load(policy)
    db = Database(database, busy_timeout_ms=busy_timeout_ms, say=say)
    if migrate:
        db.migrate(say)
    return Context(db, chosen, actor or os_login())
