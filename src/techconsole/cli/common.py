"""Options shared by several commands, and opening the services for a command."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from sqlalchemy.exc import ArgumentError

from techconsole.cli.output import EXIT_BAD_INPUT, err, fail, safe
from techconsole.domain.policy import Policy
from techconsole.services import policies, setup
from techconsole.services.context import ACTOR_ENV, Context
from techconsole.store.database import Database
from techconsole.store.engine import ENV_VAR as DB_ENV_VAR

PolicyOpt = Annotated[
    str | None,
    typer.Option(
        "--policy",
        help="Policy preset name or path of a .toml file "
        f"\\[default: ${policies.ENV_VAR}, else '{policies.DEFAULT}'].",
        show_default=False,
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON object for machines.")]
DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db",
        metavar="PATH|URL",
        help="SQLite file or database URL "
        f"\\[default: ${DB_ENV_VAR}, else techconsole.db in your user data folder].",
        show_default=False,
    ),
]
AsOpt = Annotated[
    str | None,
    typer.Option(
        "--as",
        metavar="LOGIN",
        help=f"Who acts \\[default: ${ACTOR_ENV}, else your OS login].",
        show_default=False,
    ),
]


def load_policy(choice: str | None) -> Policy:
    """The chosen policy; a broken one stops the command with file, key and reason."""
    return policies.load(choice)


def say(message: str) -> None:
    """A note about the database (created, upgraded) on stderr, out of the way of --json."""
    err.print(f"[dim]{safe(message)}[/dim]")


def open_database(value: str | None) -> Database:
    """The database ``--db`` names (or the default one), without touching its schema."""
    try:
        return Database(value)
    except ArgumentError as exc:
        fail(f"--db: cannot use '{value}' as a database: {exc}", EXIT_BAD_INPUT)


@contextmanager
def services_context(
    db: str | None = None, policy: str | None = None, actor: str | None = None
) -> Iterator[Context]:
    """Policy, database (created or upgraded first, saying so) and actor for one command."""
    try:
        ctx = setup.open_context(policy=policy, database=db, actor=actor, say=say)
    except ArgumentError as exc:
        fail(f"--db: cannot use '{db}' as a database: {exc}", EXIT_BAD_INPUT)
    try:
        yield ctx
    finally:
        ctx.db.dispose()
