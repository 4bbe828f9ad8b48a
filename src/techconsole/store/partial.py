"""Partial indexes' PostgreSQL ``WHERE``, handed to them only when PostgreSQL is used.

Naming ``postgresql_where=`` on an :class:`~sqlalchemy.Index` makes SQLAlchemy import its
PostgreSQL dialect, every driver of it (~60 ms), to check the argument: on every start,
on SQLite too.  So a model names its partial index's PostgreSQL clause with
:func:`on_postgresql`, and :func:`use_postgresql` gives the clauses to the indexes when a
PostgreSQL engine is made (:func:`techconsole.store.engine.make_engine`), before anything
creates or compares the schema there.  The migrations name theirs as usual.
"""

from __future__ import annotations

import threading

from sqlalchemy import Index, text

_pending: list[tuple[Index, str]] = []
_lock = threading.Lock()


def on_postgresql(index: Index, where: str) -> Index:
    """``index``, partial on PostgreSQL too: ``WHERE where`` there."""
    with _lock:
        _pending.append((index, where))
    return index


def use_postgresql() -> None:
    """Give every partial index its PostgreSQL ``WHERE`` (each model module imported)."""
    from techconsole.store import (  # noqa: F401  (their indexes)
        assets,
        documents,
        loaners,
        mail,
        models,
        work,
    )

    with _lock:
        while _pending:
            index, where = _pending.pop()
            index.dialect_kwargs["postgresql_where"] = text(where)
