"""Transactions that work out a change before the write lock is taken, and never write.

A change of one incident is worked out in a read transaction (``Database.plan()``) and
written after, in a short write transaction that first checks that what it read has not
changed meanwhile (``services.incidents.planned``): the long part, Python deciding what
to write, runs while the others write, and the write lock is held only for the writing
(issue 15).  A planning connection refuses every statement that would write, so that
nothing is ever written outside the checked write: the refusal (:class:`WouldWrite`)
sends the change the usual way, worked out and written under the lock."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, event

#: the execution option that marks a planning connection
PLAN = "techconsole_plan"
#: what a planning connection may run: reads, and the read transaction's own BEGIN
_READS = ("SELECT", "BEGIN")


class WouldWrite(Exception):
    """A statement that writes was run while planning: the change cannot be planned."""


def refuse_writes_when_planning(engine: Engine) -> None:
    """On ``engine``, refuse (:class:`WouldWrite`) any statement but a read on a
    connection opened with the :data:`PLAN` option."""

    @event.listens_for(engine, "before_cursor_execute")
    def refuse(
        connection: Any,
        _cursor: Any,
        statement: str,
        _parameters: Any,
        _context: Any,
        _executemany: bool,
    ) -> None:
        if connection.get_execution_options().get(PLAN, False):
            word = statement.lstrip()[:6].upper()
            if not word.startswith(_READS):
                raise WouldWrite(statement.split(None, 1)[0])
