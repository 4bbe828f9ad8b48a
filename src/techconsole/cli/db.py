"""``techconsole db``: create, upgrade, inspect and back up the database."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path
from typing import Annotated, Any

import typer
from sqlalchemy.engine import make_url

from techconsole.cli.common import open_database, say
from techconsole.cli.options import settings, wants_json
from techconsole.cli.output import EXIT_REFUSED, emit_json, fail, out, safe
from techconsole.store import migrate
from techconsole.store.database import Database
from techconsole.store.engine import database_url, sqlite_file
from techconsole.store.errors import translated

app = typer.Typer(help="The database: create, upgrade, status, backup.", no_args_is_help=True)


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL; ``None`` for another database or an in-memory one."""
    if make_url(url).get_backend_name() != "sqlite":
        return None
    return sqlite_file(url)  # the store's own reading (URI filenames included)


def _existing(value: str | None) -> Database:
    """The database ``--db`` names; a SQLite file must exist already (never created here)."""
    path = sqlite_path(database_url(value))
    if path is not None and not path.is_file():
        fail(f"there is no database at {path}; create it with: techconsole db init --db {path}")
    return open_database(value)


def _where(db: Database) -> dict[str, Any]:
    path = sqlite_path(db.url)
    return {
        "url": db.label,
        "backend": db.engine.dialect.name,
        "path": None if path is None else str(path),
    }


@app.command()
def init() -> None:
    """Create the database (or bring an older one up to date); says where it is."""
    db = settings().db
    path = sqlite_path(database_url(db))
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    database = open_database(db)
    try:
        before = database.revision()
        database.migrate(say)
        after = database.revision()
    finally:
        database.dispose()
    if wants_json():
        emit_json(
            {
                **_where(database),
                "revision": after,
                "previous_revision": before,
                "created": before is None,
            }
        )
        return
    state = "created" if before is None else "upgraded" if before != after else "already up to date"
    out.print(f"[green]✓[/green] database {state}: {safe(database.label)} (schema {after})")
    if before is None:
        out.print(
            '[dim]Next: add yourself with techconsole tech add LOGIN --name "Your Name"[/dim]'
        )


@app.command()
def upgrade() -> None:
    """Bring the database's schema to the newest this techconsole knows."""
    db = settings().db
    database = _existing(db)
    try:
        before = database.revision()
        database.migrate()
        after = database.revision()
    finally:
        database.dispose()
    if wants_json():
        emit_json({**_where(database), "from": before, "to": after, "changed": before != after})
        return
    if before == after:
        out.print(f"Schema already the newest ({after}): nothing to do.")
    else:
        out.print(f"[green]✓[/green] upgraded the schema from {before or 'empty'} to {after}")


@app.command()
def status() -> None:
    """Where the database is, its schema version against the newest, and what it holds."""
    db = settings().db
    database = _existing(db)
    try:
        revision, newest = database.revision(), migrate.head()
        counts: dict[str, int] = {}
        if revision is not None:
            counts = database.counts()
    finally:
        database.dispose()
    where = _where(database)
    size = os.path.getsize(where["path"]) if where["path"] else None
    if wants_json():
        emit_json(
            {
                **where,
                "bytes": size,
                "revision": revision,
                "newest": newest,
                "up_to_date": revision == newest,
                "counts": counts,
            }
        )
        return
    out.print(f"Database: {safe(database.label)}" + (f" ({size:,} bytes)" if size else ""))
    if revision is None:
        out.print("Schema: [yellow]empty[/yellow] — create it with: techconsole db init")
    elif revision == newest:
        out.print(f"Schema: {revision} [green](newest)[/green]")
    else:
        out.print(
            f"Schema: {revision} [yellow](newest is {newest})[/yellow] — "
            "techconsole db upgrade (any other command upgrades it too)"
        )
    for name, count in counts.items():
        out.print(f"  {name.replace('_', ' ')}: {count}")


@app.command()
def backup(
    target: Annotated[Path, typer.Argument(metavar="PATH", help="The file to write the copy to.")],
    force: Annotated[bool, typer.Option("--force", help="Overwrite PATH if it exists.")] = False,
) -> None:
    """A consistent copy of a SQLite database, safe while others keep working."""
    db = settings().db
    url = database_url(db)
    source = sqlite_path(url)
    if source is None:
        fail(
            "db backup copies SQLite databases; for PostgreSQL use its own tool, e.g. "
            f"pg_dump --format=custom --file {target} <database URL>",
            EXIT_REFUSED,
        )
    target = target.expanduser().absolute()
    if target.is_dir():
        fail(f"{target} is a folder; give the path of the file to write")
    if not target.parent.is_dir():
        fail(f"the folder {target.parent} does not exist")
    database = _existing(db)
    if target.exists():
        if target.resolve() == source.resolve():
            fail("the backup cannot overwrite the database it copies")
        if not force:
            fail(f"{target} exists already; add --force to overwrite it", EXIT_REFUSED)
    try:
        facts = _copy(database, target)
    finally:
        database.dispose()
    if wants_json():
        emit_json({"source": str(source), "path": str(target), **facts})
        return
    out.print(
        f"[green]✓[/green] backup written to {safe(str(target))}: {facts['bytes']:,} bytes, "
        f"schema {facts['revision']}, {facts['incidents']} incident(s)"
    )


def _copy(database: Database, target: Path) -> dict[str, Any]:
    """SQLite's online backup into a temporary file, checked, then moved onto ``target``.

    The copy is one snapshot: writers elsewhere are not blocked (WAL) and a half-written
    file never takes ``target``'s place.
    """
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    raw = database.engine.raw_connection()
    try:
        with translated():
            source: sqlite3.Connection = raw.driver_connection  # type: ignore[assignment]
            copy = sqlite3.connect(partial)
            try:
                source.backup(copy)
                copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
                check = copy.execute("PRAGMA quick_check").fetchone()[0]
                revision = _scalar(copy, "SELECT version_num FROM alembic_version")
                incidents = _scalar(copy, "SELECT COUNT(*) FROM incident")
            finally:
                copy.close()
        if check != "ok":
            fail(f"the copy did not pass SQLite's check ({check}); {target} was not written")
        os.replace(partial, target)
    finally:
        raw.close()
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
    return {
        "bytes": target.stat().st_size,
        "revision": revision,
        "incidents": incidents or 0,
        "check": check,
    }


def _scalar(connection: sqlite3.Connection, sql: str) -> Any:
    try:
        row = connection.execute(sql).fetchone()
    except sqlite3.OperationalError:  # an empty database has no tables yet
        return None
    return None if row is None else row[0]
