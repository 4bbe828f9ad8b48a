"""One database, opened once per process: write and read transactions, change polling."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, text
from sqlmodel import Session

from techconsole.i18n import _
from techconsole.store import bulk, migrate, readonly
from techconsole.store.checks import check_sqlite_file, check_url
from techconsole.store.defaults import (
    BUSY_TIMEOUT_MS,
    LOCK_TIMEOUT_MS,
    STATEMENT_TIMEOUT_MS,
    database_url,
)
from techconsole.store.engine import WRITE, describe_url, is_sqlite, make_engine, sqlite_file
from techconsole.store.errors import read_only, translated
from techconsole.store.planning import PLAN

if TYPE_CHECKING:
    from techconsole.store.watching import ChangeWatcher

#: the channel every write notifies on PostgreSQL, which the consoles listen on
CHANNEL = "techconsole"


#: ``store.outcomes.pending``, spelled without its table definitions
_ANY_PENDING = text("SELECT 1 FROM clock_outcome_pending LIMIT 1")


class Database:
    """The engine plus the two kinds of transaction techconsole uses.

    ``write()`` starts with ``BEGIN IMMEDIATE`` on SQLite, so a writer waits (up to the
    busy timeout) for the lock up front instead of failing half-way; ``read()`` is a
    plain deferred transaction.  Neither is ever held while a person thinks.

    A database this user may only read (:mod:`.readonly`) is read as usual, and every
    ``write()`` is refused before it starts: :attr:`read_only` says which it is.  ``say``
    hears of a SQLite file whose permissions were closed to the others on opening.
    """

    def __init__(
        self,
        url: str | None = None,
        *,
        busy_timeout_ms: int = BUSY_TIMEOUT_MS,
        lock_timeout_ms: int = LOCK_TIMEOUT_MS,
        statement_timeout_ms: int = STATEMENT_TIMEOUT_MS,
        say: Callable[[str], None] | None = None,
    ) -> None:
        self.url = check_url(database_url(url))
        path = sqlite_file(self.url) if self.url.startswith("sqlite") else None
        if path is not None:
            check_sqlite_file(path)
        self._said = str(path) if path is not None else None  # how messages name it
        self._read_only: bool | None = readonly.sqlite_read_only(self.url, path)
        self.engine: Engine = make_engine(
            self.url,
            busy_timeout_ms,
            lock_timeout_ms=lock_timeout_ms,
            statement_timeout_ms=statement_timeout_ms,
            read_only=bool(self._read_only),
            say=say,
        )
        self._writer = self.engine.execution_options(**{WRITE: True})
        self.sqlite = is_sqlite(self.engine)
        #: PostgreSQL: the statements that run on their own, each committed by itself, on
        #: connections of their own kept in autocommit (no isolation level set and put
        #: back, nor a rollback, at each use: ~40 µs of a change, issue 15)
        self._statements: Engine | None = None
        if self.sqlite:
            self._planner = self.engine.execution_options(**{PLAN: True})
        else:
            self._statements = make_engine(
                self.url,
                busy_timeout_ms,
                lock_timeout_ms=lock_timeout_ms,
                statement_timeout_ms=statement_timeout_ms,
                autocommit=True,
            )
            # A plan's reads each take their own snapshot, without BEGIN and ROLLBACK
            # (two round trips fewer a change): the plan's write checks the incident's
            # version, which every change of the incident (and so of its outcome rows)
            # raises, and who acts; the names around it are only shown.
            self._planner = self._statements.execution_options(**{PLAN: True})
        if not self.sqlite:
            self._read_only = None  # asked of the server when first needed

    @property
    def engines(self) -> tuple[Engine, ...]:
        """Every engine this database's statements go through (the main one; on
        PostgreSQL the one of the statements committed on their own, and of the plans)."""
        return (self.engine,) if self._statements is None else (self.engine, self._statements)

    @property
    def label(self) -> str:
        return describe_url(self.url)

    @property
    def read_only(self) -> bool:
        """Whether this user may only read the database (a file or folder they cannot
        write, a PostgreSQL role without the right to change incidents)."""
        if self._read_only is None:
            self._read_only = readonly.postgresql_read_only(self.engine)
        return self._read_only

    def migrate(self, say: Callable[[str], None] | None = None, policy: Any = None) -> bool:
        """Bring the schema up to date; whether it was upgraded.  With ``policy`` (a
        ``domain.policy.Policy``) an upgrade records the outcome of the SLA clocks
        stopped before (migration 0023), and so does this call if an upgrade made
        without one left them to do (:mod:`.outcomes`)."""
        if self.read_only:
            migrate.refuse_newer(self.revision(), self._said or self.label)
            readonly.require_current(self.engine)  # an upgrade would have to write
            return False
        changed = migrate.ensure_current(self.engine, say, self._said or self.label, policy=policy)
        if policy is not None:
            self._record_outcomes(policy, say)
        return changed

    def _record_outcomes(self, policy: Any, say: Callable[[str], None] | None) -> None:
        """The outcomes an upgrade without a policy left to record, if any (one quick
        read when there are none, without loading the clocks' modules: every command that
        opens the database makes it)."""
        with translated(), self.engine.connect() as connection:
            if connection.execute(_ANY_PENDING).first() is None:
                return
        from techconsole.store import outcomes  # the domain's clocks: only when needed

        with translated(writing=True), self._writer.begin() as connection:
            if not outcomes.pending(connection):  # another process recorded them meanwhile
                return
            if say is not None:
                say(_("Recording the outcome of every stopped SLA clock…"))
            outcomes.rerecord(connection, policy, datetime.now(UTC))

    def revision(self) -> str | None:
        return migrate.current(self.engine)

    @contextmanager
    def write(self) -> Iterator[Session]:
        if self.read_only:
            raise read_only()
        with (
            translated(writing=True),
            Session(self._writer, expire_on_commit=False) as session,
            session.begin(),
        ):
            yield session
            if not self.sqlite:
                session.execute(text("SELECT pg_notify(:c, '')"), {"c": CHANNEL})

    def write_combined(
        self,
        update: Any,
        params: dict[str, Any],
        pending: list[Any],
        also: tuple[Any, dict[str, Any]] | None = None,
    ) -> Any | None:
        """PostgreSQL: ``update`` (one row's ``UPDATE``, with ``params``) and, if it
        changed its row, the inserts of ``pending``, and the one-row query ``also``, as one
        statement in one round trip (:mod:`.conditional`); its row: ``changed`` (1: the
        row changed) and ``also``'s columns.  ``None`` when it cannot be written so
        (SQLite, or a write set aside that is not an insert): the caller writes in a
        transaction."""
        if self.sqlite:
            return None
        if self.read_only:
            raise read_only()
        from techconsole.store import conditional

        made = conditional.combined(update, params, pending, CHANNEL, also)
        if made is None:
            return None
        from techconsole.store import direct

        assert self._statements is not None
        with translated(writing=True), self._statements.connect() as connection:
            row = direct.row(connection, *made)
            return row if row is not None else connection.execute(*made).one()

    def write_checked(self, update: Any, params: dict[str, Any], pending: list[Any]) -> bool | None:
        """SQLite: ``update`` and, if it changed its row, ``pending``, in one write
        transaction, made ready before the lock (:func:`.prepared.write_checked`);
        ``None`` on PostgreSQL (``write_combined``) or when they cannot be made ready."""
        if not self.sqlite:
            return None
        if self.read_only:
            raise read_only()
        from techconsole.store import prepared

        return prepared.write_checked(self._writer, update, params, pending)

    @contextmanager
    def bulk_write(self) -> Iterator[Session]:
        """``write()`` for loading a fresh database (the demo): on SQLite the connection
        is set up for the load first and put back after (:func:`.bulk.loading`)."""
        if not self.sqlite:
            with self.write() as session:
                yield session
            return
        if self.read_only:
            raise read_only()
        with translated(writing=True), self._writer.connect() as connection:
            restore = bulk.loading(connection.connection.dbapi_connection)
            try:
                with Session(connection, expire_on_commit=False) as session, session.begin():
                    yield session
            finally:
                restore()

    @contextmanager
    def plan(self) -> Iterator[Session]:
        """A read transaction in which a change is worked out before its write
        (:mod:`.planning`): a statement that would write raises
        :class:`.planning.WouldWrite`, objects are never flushed (``autoflush`` off)
        and the transaction ends rolled back.  On PostgreSQL each read is a snapshot
        of its own (autocommit): what the write checks makes that safe."""
        with (
            translated(),
            Session(self._planner, expire_on_commit=False, autoflush=False) as session,
        ):
            session.begin()
            try:
                yield session
            finally:
                session.rollback()

    @contextmanager
    def read(self, *, snapshots: bool = False) -> Iterator[Session]:
        """A read transaction.  With ``snapshots``, on PostgreSQL, no transaction: each
        statement reads a snapshot of its own, without the ``BEGIN`` and ``COMMIT``
        around it (two round trips fewer): for a read of one statement, or of
        statements that need not agree with each other; a statement that would write is
        refused (:class:`.planning.WouldWrite`).  SQLite: a read transaction either way
        (it costs no round trip)."""
        engine = self._planner if snapshots and self._statements is not None else self.engine
        with (
            translated(),
            Session(engine, expire_on_commit=False) as session,
            session.begin(),
        ):
            yield session

    def counts(self) -> dict[str, int]:
        """How many rows the main tables hold (for ``db status``)."""
        from sqlalchemy import func, select
        from sqlmodel import col

        from techconsole.store.models import (
            AuditEntry,
            Contact,
            Contract,
            Customer,
            Incident,
            IncidentEvent,
            Technician,
        )

        queries = {
            "technicians": select(func.count()).select_from(Technician),
            "customers": select(func.count()).select_from(Customer),
            "contacts": select(func.count()).select_from(Contact),
            "contracts": select(func.count()).select_from(Contract),
            "incidents": select(func.count()).select_from(Incident),
            # rendered per dialect (is_open = 1 / is_open): the partial index serves it
            "open_incidents": select(func.count())
            .select_from(Incident)
            .where(col(Incident.is_open)),
            "timeline_events": select(func.count()).select_from(IncidentEvent),
            "audit_entries": select(func.count()).select_from(AuditEntry),
        }
        with translated(), self.engine.connect() as connection:
            return {name: int(connection.execute(q).scalar_one()) for name, q in queries.items()}

    def watcher(self) -> ChangeWatcher:
        from techconsole.store.watching import ChangeWatcher

        return ChangeWatcher(self)

    def dispose(self) -> None:
        self.engine.dispose()
        if self._statements is not None:
            self._statements.dispose()
