"""Opening techconsole's world: the policy, the database (upgraded if older), who acts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from techconsole.services import context, identity, policies
from techconsole.services.context import Context
from techconsole.store.database import Database
from techconsole.store.defaults import BUSY_TIMEOUT_MS, LOCK_TIMEOUT_MS, STATEMENT_TIMEOUT_MS


def open_context(
    *,
    policy: str | None = None,
    database: str | None = None,
    actor: str | None = None,
    actor_source: str = "--as",
    migrate: bool = True,
    say: Callable[[str], None] | None = None,
    busy_timeout_ms: int = BUSY_TIMEOUT_MS,
    lock_timeout_ms: int = LOCK_TIMEOUT_MS,
    statement_timeout_ms: int = STATEMENT_TIMEOUT_MS,
    policy_cache: Path | None = None,
    service: bool = False,
    first_lead_said: bool = True,
) -> Context:
    """Load the policy, open the database and bring its schema up to date.

    The person is the real OS user; ``actor`` is someone they act on behalf of (the
    ``user`` setting, from ``actor_source``: ``--as``, ``$TECHCONSOLE_USER`` or a config
    file), which only an active lead may do: anyone else gets
    :class:`~techconsole.services.errors.ActingRefused` and nothing is written.  On a
    database without any technician the real user becomes its first lead, and ``say``
    says so.  ``busy_timeout_ms`` is how long a writer waits for SQLite's lock,
    ``lock_timeout_ms`` and ``statement_timeout_ms`` how long a PostgreSQL statement waits
    for a lock and runs at most; ``policy_cache`` the folder where checked policies are
    kept between runs.  The values come from the entry point's settings.  A ``service``
    (the mail service) acts as nobody: no first lead is made, ``actor`` is not checked.
    Without ``first_lead_said`` a first lead is made without a word (the demo says it).
    """
    chosen = policies.load(policy, cache=policy_cache)
    db = Database(
        database,
        busy_timeout_ms=busy_timeout_ms,
        lock_timeout_ms=lock_timeout_ms,
        statement_timeout_ms=statement_timeout_ms,
        say=say,
    )
    try:
        if migrate:
            db.migrate(say, chosen)
        user = context.os_user()
        if service:
            return Context(db, chosen, user.login, os_login=user.login)
        ctx = Context(db, chosen, actor or user.login, os_login=user.login)
        made = identity.ensure_first_lead(db, user, ctx.now())
        if made and say is not None and first_lead_said:
            say(identity.first_lead_note(user))
        identity.check_acting(ctx, actor_source)
    except BaseException:
        db.dispose()
        raise
    return ctx
