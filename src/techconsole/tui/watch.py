"""Seeing other people's changes: a cheap poll of the database in a thread of its own.

Another technician (or the command line) changes an incident: within ``interval``
seconds :class:`ChangePoller` sees it (``PRAGMA data_version`` on SQLite, ``LISTEN`` on
PostgreSQL, through ``Database.watcher()``) and posts :class:`DatabaseChanged` to the
app, which publishes its ``database_changed_signal`` (:mod:`techconsole.tui.signals`):
every screen and timer bar subscribed to it reads again.  Nothing is read while nothing
changes, so an idle console costs next to no CPU and no queries.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.message import Message
from textual.worker import Worker, get_current_worker

if TYPE_CHECKING:
    from techconsole.services.context import Context
    from techconsole.store.watching import ChangeWatcher


class DatabaseChanged(Message):
    """Someone committed a change to the database."""


class WatchFailed(Message):
    """The database could not be polled (it is told once until it answers again)."""

    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class ChangePoller:
    """Polls ``ctx.db.watcher().changed()`` every ``interval`` seconds in a thread worker."""

    def __init__(
        self,
        app: App[Any],
        ctx: Context,
        interval: float = 1.0,
        watcher: ChangeWatcher | None = None,
    ) -> None:
        self.app, self.ctx, self.interval = app, ctx, interval
        self._primed = watcher  # noted its version before the first read (see launch)
        self._stop = threading.Event()
        self._worker: Worker[None] | None = None

    def start(self) -> None:
        """Note the database's version now (before the first read), then poll in a thread."""
        self._stop.clear()
        try:
            watcher, primed, self._primed = (
                self._primed or self.ctx.db.watcher(),
                self._primed,
                None,
            )
            changed = watcher.changed()  # a new watcher only notes the current version
        except Exception as error:
            self.app.post_message(WatchFailed(str(error)))
            return
        if primed is not None and changed:  # a change since the page read before the UI
            self.app.post_message(DatabaseChanged())
        self._worker = self.app.run_worker(
            lambda: self._poll(watcher),
            thread=True,
            group="watch",
            exclusive=True,
            exit_on_error=False,
            name="change-poller",
        )

    def stop(self) -> None:
        self._stop.set()
        if self._worker is not None:
            self._worker.cancel()

    def _poll(self, watcher: ChangeWatcher) -> None:
        worker = get_current_worker()
        failing = False
        try:
            while not self._stop.wait(self.interval) and not worker.is_cancelled:
                try:
                    changed = watcher.changed()
                except Exception as error:  # the server went away: say so once, keep trying
                    if not failing:
                        self._post(WatchFailed(str(error)))
                    failing = True
                    continue
                if failing:  # back again: whatever happened meanwhile, read it
                    failing, changed = False, True
                if changed:
                    self._post(DatabaseChanged())
        finally:
            watcher.close()

    def _post(self, message: Message) -> None:
        if not self._stop.is_set():
            self.app.post_message(message)  # thread-safe, and never blocks this thread
