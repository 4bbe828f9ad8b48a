"""Opening the console's world in a thread, after its first frame (issue 15).

Importing SQLAlchemy, the tables and the policy's classes takes longer than painting the
console; so when a first look (:func:`techconsole.services.first_look.first_look`) found
nothing to say before the UI, the console paints its shell first (the status line, the
views, the queue's headings saying it is opening) and a thread worker does what the
entry point did before: it loads the policy, opens the database and checks its schema,
identifies the person, notes the database's version for the change poll, then reads the
first page.  What it brings (:class:`World`) is shown when it arrives; what goes wrong is
said on the screen.

Before all that, the thread reads the first page with :mod:`sqlite3` alone, from the
statements kept the last time the page was read
(:mod:`techconsole.services.incidents.kept_page`): a :class:`Preview`, shown at once, its
clocks ticking; the page read once the database is open takes its place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from techconsole.domain.errors import DomainError, PolicyError
from techconsole.i18n import N_
from techconsole.services.errors import ServiceError
from techconsole.store.defaults import BUSY_TIMEOUT_MS, LOCK_TIMEOUT_MS, STATEMENT_TIMEOUT_MS
from techconsole.store.errors import ConnectionLost, DatabaseUnavailable, StoreError

if TYPE_CHECKING:
    from techconsole.domain.policy import Policy
    from techconsole.services.context import Context
    from techconsole.services.views import QueuePage, TechnicianView
    from techconsole.store.watching import ChangeWatcher
    from techconsole.tui.queue.table import QueueQuery


#: exit codes, as the command line's
EXIT_REFUSED = 1
EXIT_BAD_INPUT = 2


def refusal(error: BaseException) -> tuple[str, int] | None:
    """How the command line says an ``error`` met while opening: its kind (an English
    msgid) and exit code; ``None`` for a failure nobody foresaw (a crash)."""
    if isinstance(error, PolicyError):
        return N_("policy error"), EXIT_BAD_INPUT
    if isinstance(error, ServiceError):
        return N_("error"), error.code
    if isinstance(error, DomainError):
        return N_("error"), EXIT_REFUSED
    if isinstance(error, StoreError):  # a lost connection, as a busy database: run again
        unavailable = isinstance(error, DatabaseUnavailable) and not isinstance(
            error, ConnectionLost
        )
        return N_("database error"), EXIT_BAD_INPUT if unavailable else EXIT_REFUSED
    return None


@dataclass(frozen=True, slots=True)
class World:
    """The opened context, who runs the console, the primed change watcher and the first
    page (``None``: not read, the queue reads it itself and says why it could not)."""

    ctx: Context
    me: TechnicianView
    watcher: ChangeWatcher | None
    query: QueueQuery
    page: QueuePage | None


@dataclass(frozen=True, slots=True)
class Preview:
    """The first page read before the database was opened, for ``query``, and the policy
    its clocks tick by (``now``: the real time, as the context's)."""

    policy: Policy
    query: QueueQuery
    page: QueuePage

    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Opening:
    """What to open: the entry point's settings, and who acts on which database (what
    the status line says until the database is open)."""

    url: str
    actor: str
    os_login: str
    policy: str | None = None
    actor_source: str = "--as"
    busy_timeout_ms: int = BUSY_TIMEOUT_MS
    lock_timeout_ms: int = LOCK_TIMEOUT_MS
    statement_timeout_ms: int = STATEMENT_TIMEOUT_MS
    policy_cache: Path | None = None
    page_cache: Path | None = None

    @property
    def on_behalf(self) -> bool:
        return self.actor != self.os_login

    def preview(self, query: QueueQuery) -> Preview | None:
        """The first page of ``query``, read with :mod:`sqlite3` alone from the statements
        kept at an earlier start; ``None`` when there are none, or anything is unsure."""
        from techconsole.services import policies
        from techconsole.services.incidents import kept_page
        from techconsole.store import peek

        path = peek.sqlite_path(self.url)
        if path is None or query.text or query.view not in kept_page.KEPT_VIEWS:
            return None
        try:
            policy = policies.load(self.policy, cache=self.policy_cache)
        except Exception:  # opening says what is wrong with it
            return None
        page = kept_page.read(
            self.page_cache,
            path,
            policy,
            self.actor,
            query.view,
            query.limit,
            self.busy_timeout_ms,
        )
        return None if page is None else Preview(policy, query, page)

    def open(self, query: QueueQuery, say: Callable[[str], None] | None = None) -> World:
        """Open the world (in a thread: this imports the database's libraries).  The
        services' and the store's errors are raised as they are, with their messages."""
        from techconsole.services.incidents import kept_page, queue
        from techconsole.services.setup import open_context
        from techconsole.services.team import members

        ctx = open_context(
            policy=self.policy,
            database=self.url,
            actor=self.actor,
            actor_source=self.actor_source,
            say=say,
            busy_timeout_ms=self.busy_timeout_ms,
            lock_timeout_ms=self.lock_timeout_ms,
            statement_timeout_ms=self.statement_timeout_ms,
            policy_cache=self.policy_cache,
        )
        try:
            me = members.whoami(ctx)
        except BaseException:
            ctx.db.dispose()
            raise
        watcher: ChangeWatcher | None = None
        page: QueuePage | None = None
        try:  # the version first: a change made during the read is seen by the first poll
            watcher = ctx.db.watcher()
            watcher.changed()
            text = query.text or None
            page = queue.queue(ctx, view=query.view, text=text, limit=query.limit)
        except Exception:
            page = None  # the queue reads again itself and says why
        else:
            if not text:  # for the next start's preview
                kept_page.remember(ctx, self.page_cache, query.view, query.limit)
        return World(ctx, me, watcher, query, page)
