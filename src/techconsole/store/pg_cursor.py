"""psycopg cursors whose result description costs microseconds, not tens of them.

SQLAlchemy asks for ``cursor.description`` after every statement, and psycopg answers
with a ``Column`` object per column, each looking its type up in the adapters' registry:
~35 µs for the incident's 51 columns, read at every change (issue 15: ~3 % of a
change's CPU on PostgreSQL).  SQLAlchemy reads each entry's name and type code only,
the DB-API's first two items: :class:`LeanCursor` gives the DB-API's plain 7-item
tuples, the other five ``None`` (which the DB-API allows).
"""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg.pq import ExecStatus

_WITH_ROWS = (ExecStatus.TUPLES_OK, ExecStatus.SINGLE_TUPLE)


class LeanCursor(psycopg.Cursor[Any]):
    @property
    def description(self) -> list[Any] | None:
        result = self.pgresult
        if not result or not (result.nfields or result.status in _WITH_ROWS):
            return None  # as psycopg: a result without tuples has no description
        encoding = self.connection.info.encoding
        return [
            (
                name.decode(encoding) if (name := result.fname(i)) else f"column_{i + 1}",
                result.ftype(i),
                None,
                None,
                None,
                None,
                None,
            )
            for i in range(result.nfields)
        ]
