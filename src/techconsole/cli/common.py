"""Opening the policy, the database and the services for a command, from the settings.

The database layer is imported when a command opens it, not when this module loads.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from techconsole.cli.options import settings
from techconsole.cli.output import EXIT_BAD_INPUT, err, fail, safe
from techconsole.i18n import _

if TYPE_CHECKING:
    from techconsole.domain.policy import Policy
    from techconsole.services.context import Context
    from techconsole.store.database import Database


def load_policy(choice: str | None = None) -> Policy:
    """The chosen policy (else the settings'); a broken one stops with file, key and reason."""
    from techconsole.services import policies

    chosen = settings()
    return policies.load(choice or chosen.policy, cache=chosen.policy_cache)


def say(message: str) -> None:
    """A note about the database (created, upgraded) on stderr, out of the way of --json."""
    err.print(f"[dim]{safe(message)}[/dim]")


def _bad_url(value: str | None, exc: Exception) -> str:
    return _("--db: cannot use '{value}' as a database: {error}").format(value=value, error=exc)


def open_database(value: str | None = None) -> Database:
    """The database ``value`` (else the settings') names, without touching its schema."""
    from sqlalchemy.exc import ArgumentError

    from techconsole.store.database import Database

    chosen = settings()
    value = value or chosen.db
    try:
        return Database(
            value,
            busy_timeout_ms=chosen.busy_timeout_ms,
            lock_timeout_ms=chosen.lock_timeout_ms,
            statement_timeout_ms=chosen.statement_timeout_ms,
            say=say,
        )
    except ArgumentError as exc:
        fail(_bad_url(value, exc), EXIT_BAD_INPUT)


@contextmanager
def services_context(
    *, db: str | None = None, service: bool = False, first_lead_said: bool = True
) -> Iterator[Context]:
    """Policy, database (created or upgraded first, saying so) and who acts, for one command.

    They come from the settings; ``db`` names another database (the demo's own).  The
    person is the real OS user; the ``user`` setting (``--as``…) is honoured for a lead
    only, and a database without technicians gets them as its first lead.  A ``service``
    command (taking mail) acts as nobody: it needs no technician login.  The demo, which
    says who leads its team, opens it without ``first_lead_said``.
    """
    from sqlalchemy.exc import ArgumentError

    from techconsole.services import setup

    chosen = settings()
    database = db or chosen.db
    try:
        ctx = setup.open_context(
            policy=chosen.policy,
            database=database,
            actor=chosen.user,
            actor_source=chosen.source("user"),
            say=say,
            busy_timeout_ms=chosen.busy_timeout_ms,
            lock_timeout_ms=chosen.lock_timeout_ms,
            statement_timeout_ms=chosen.statement_timeout_ms,
            policy_cache=chosen.policy_cache,
            service=service,
            first_lead_said=first_lead_said,
        )
    except ArgumentError as exc:
        fail(_bad_url(database, exc), EXIT_BAD_INPUT)
    try:
        yield ctx
    finally:
        ctx.db.dispose()
