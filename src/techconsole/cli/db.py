"""``techconsole db``: create, upgrade, inspect and back up the database."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path
from typing import Annotated, Any

import typer
from sqlalchemy.engine import make_url

from techconsole.cli.common import load_policy, open_database, say
from techconsole.cli.options import settings, wants_json
from techconsole.cli.output import EXIT_REFUSED, emit_json, fail, out, safe
from techconsole.i18n import _, locale, ngettext
from techconsole.store import migrate, permissions
from techconsole.store.database import Database
from techconsole.store.defaults import database_url
from techconsole.store.engine import sqlite_file
from techconsole.store.errors import translated

app = typer.Typer(help=_("The database: create, upgrade, status, backup."), no_args_is_help=True)


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL; ``None`` for another database or an in-memory one."""
    if make_url(url).get_backend_name() != "sqlite":
        return None
    return sqlite_file(url)  # the store's own reading (URI filenames included)


def _existing(value: str | None) -> Database:
    """The database ``--db`` names; a SQLite file must exist already (never created here)."""
    path = sqlite_path(database_url(value))
    if path is not None and not path.exists():  # a folder: opening it says what it is
        fail(
            _(
                "there is no database at {path}; create it with: techconsole db init --db {path}"
            ).format(path=path)
        )
    return open_database(value)


def _bytes(size: int) -> str:
    """``1.234.567 byte`` (``1,234,567 bytes``): a size in the language in use."""
    from babel.numbers import format_decimal

    shown = str(format_decimal(size, locale=locale()))
    return ngettext("{n} byte", "{n} bytes", size).format(n=shown)


def _where(db: Database) -> dict[str, Any]:
    path = sqlite_path(db.url)
    return {
        "url": db.label,
        "backend": db.engine.dialect.name,
        "path": None if path is None else str(path),
    }


@app.command(help=_("Create the database (or bring an older one up to date); says where it is."))
def init() -> None:
    """Create the database (or bring an older one up to date); says where it is."""
    db = settings().db
    path = sqlite_path(database_url(db))
    if path is not None:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # a new folder is yours
    database = open_database(db)
    try:
        before = database.revision()
        database.migrate(say, _policy())
        after = database.revision()
        lead = _first_lead(database)
    finally:
        database.dispose()
    if wants_json():
        emit_json(
            {
                **_where(database),
                "revision": after,
                "previous_revision": before,
                "created": before is None,
                "first_lead": lead,
            }
        )
        return
    if before is None:
        said = _("database created: {where} (schema {revision})")
    elif before != after:
        said = _("database upgraded: {where} (schema {revision})")
    else:
        said = _("database already up to date: {where} (schema {revision})")
    out.print(f"[green]✓[/green] {said.format(where=safe(database.label), revision=after)}")


def _policy() -> Any:
    """The settings' policy, with which an upgrade records the outcome of the SLA clocks
    stopped before it; ``None`` when it cannot be loaded (the next command that can
    records them: an upgrade does not fail for a broken policy file)."""
    from techconsole.domain.errors import PolicyError

    try:
        return load_policy()
    except PolicyError:
        return None


def _first_lead(database: Database) -> str | None:
    """A database without technicians gets the real OS user as its first lead (said on
    stderr); their login, or ``None`` when it has people already."""
    from techconsole.services import context, identity

    user = context.os_user()
    if not identity.ensure_first_lead(database, user, context.utc_now()):
        return None
    say(identity.first_lead_note(user))
    return user.login


@app.command(help=_("Bring the database's schema to the newest this techconsole knows."))
def upgrade() -> None:
    """Bring the database's schema to the newest this techconsole knows."""
    db = settings().db
    database = _existing(db)
    try:
        before = database.revision()
        database.migrate(policy=_policy())
        after = database.revision()
        _first_lead(database)
    finally:
        database.dispose()
    if wants_json():
        emit_json({**_where(database), "from": before, "to": after, "changed": before != after})
        return
    if before == after:
        out.print(
            _("Schema already the newest ({revision}): nothing to do.").format(revision=after)
        )
    else:
        said = _("upgraded the schema from {old} to {new}").format(
            old=before or _("empty"), new=after
        )
        out.print(f"[green]✓[/green] {said}")


@app.command(
    help=_("Where the database is, its schema version against the newest, and what it holds.")
)
def status() -> None:
    """Where the database is, its schema version against the newest, and what it holds."""
    db = settings().db
    database = _existing(db)
    try:
        revision, newest = database.revision(), migrate.head()
        migrate.refuse_newer(revision, str(sqlite_path(database.url) or database.label))
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
    line = _("Database: {where}").format(where=safe(database.label))
    if size:
        line += f" ({_bytes(size)})"
    out.print(line)
    schema = _("Schema:")
    if revision is None:
        empty, hint = _("empty"), _("create it with: techconsole db init")
        out.print(f"{schema} [yellow]{empty}[/yellow] — {hint}")
    elif revision == newest:
        out.print(f"{schema} {revision} [green](" + _("newest") + ")[/green]")
    else:
        newer = _("(newest is {revision})").format(revision=newest)
        hint = _("techconsole db upgrade (any other command upgrades it too)")
        out.print(f"{schema} {revision} [yellow]{newer}[/yellow] — {hint}")
    for name, count in counts.items():
        out.print(f"  {name.replace('_', ' ')}: {count}")


@app.command(help=_("A consistent copy of a SQLite database, safe while others keep working."))
def backup(
    target: Annotated[
        Path, typer.Argument(metavar="PATH", help=_("The file to write the copy to."))
    ],
    force: Annotated[bool, typer.Option("--force", help=_("Overwrite PATH if it exists."))] = False,
) -> None:
    """A consistent copy of a SQLite database, safe while others keep working."""
    db = settings().db
    url = database_url(db)
    source = sqlite_path(url)
    if source is None:
        fail(
            _(
                "db backup copies SQLite databases; for PostgreSQL use its own tool, e.g. "
                "pg_dump --format=custom --file {target} <database URL>"
            ).format(target=target),
            EXIT_REFUSED,
        )
    target = target.expanduser().absolute()
    if target.is_dir():
        fail(_("{target} is a folder; give the path of the file to write").format(target=target))
    if not target.parent.is_dir():
        fail(_("the folder {folder} does not exist").format(folder=target.parent))
    database = _existing(db)
    if target.exists():
        if target.resolve() == source.resolve():
            fail(_("the backup cannot overwrite the database it copies"))
        if not force:
            fail(
                _("{target} exists already; add --force to overwrite it").format(target=target),
                EXIT_REFUSED,
            )
    try:
        facts = _copy(database, target)
    finally:
        database.dispose()
    if wants_json():
        emit_json({"source": str(source), "path": str(target), **facts})
        return
    size = _bytes(facts["bytes"])
    incidents = ngettext("{n} incident", "{n} incidents", facts["incidents"]).format(
        n=facts["incidents"]
    )
    said = _("backup written to {path}: {size}, schema {revision}, {incidents}").format(
        path=safe(str(target)), size=size, revision=facts["revision"], incidents=incidents
    )
    out.print(f"[green]✓[/green] {said}")


def _copy(database: Database, target: Path) -> dict[str, Any]:
    """SQLite's online backup into a temporary file, checked, then moved onto ``target``.

    The copy is one snapshot: writers elsewhere are not blocked (WAL) and a half-written
    file never takes ``target``'s place.  Like the database it is never readable by every
    user of the machine: ``0600``, or ``0660`` in a team folder, whatever the umask.
    """
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    with contextlib.suppress(FileNotFoundError):
        partial.unlink()  # left by a copy killed half-way
    try:
        permissions.new_file(partial)
    except OSError as exc:
        fail(
            _("cannot write in {folder}: {error}").format(
                folder=partial.parent, error=exc.strerror or exc
            )
        )
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
            fail(
                _(
                    "the copy did not pass SQLite's check ({check}); {target} was not written"
                ).format(check=check, target=target)
            )
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
