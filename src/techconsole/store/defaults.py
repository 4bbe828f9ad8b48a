"""Which database, and how long its users wait: the standard library alone.

What the entry points need before they open anything (the file a missing ``--db`` means,
a path made a URL, the lock and statement timeouts), kept apart from the engine so that
reading it costs no SQLAlchemy import: the console paints its first frame before that.
"""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_dir

#: how long a connection waits for SQLite's locks unless told otherwise (milliseconds)
BUSY_TIMEOUT_MS = 10_000
#: PostgreSQL: how long a statement waits for a lock, and runs at most (milliseconds)
LOCK_TIMEOUT_MS = 10_000
STATEMENT_TIMEOUT_MS = 60_000


def demo_path() -> Path:
    """Where ``techconsole demo`` keeps its own database when none is named."""
    return Path(user_data_dir("techconsole", appauthor=False)) / "demo.db"


def default_path() -> Path:
    return Path(user_data_dir("techconsole", appauthor=False)) / "techconsole.db"


def database_url(value: str | None = None) -> str:
    """``value`` (a path or a SQLAlchemy URL), else the user data dir's file."""
    if not value:
        path = default_path()
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # yours alone
        return f"sqlite:///{path}"
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"
