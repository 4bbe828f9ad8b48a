"""Opening techconsole's world: the policy, the database (upgraded if older), the actor."""

from __future__ import annotations

from collections.abc import Callable

from techconsole.services import policies
from techconsole.services.context import Context, os_login
from techconsole.store.database import Database


def open_context(
    *,
    policy: str | None = None,
    database: str | None = None,
    actor: str | None = None,
    migrate: bool = True,
    say: Callable[[str], None] | None = None,
) -> Context:
    """Load the policy, open the database and bring its schema up to date."""
    chosen = policies.load(policy)
    db = Database(database)
    if migrate:
        db.migrate(say)
    return Context(db, chosen, actor or os_login())
