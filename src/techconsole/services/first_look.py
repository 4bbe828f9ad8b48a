"""Whether the console may open its world after its first frame: a cheap first look.

:func:`techconsole.services.setup.open_context` loads the policy, opens the database,
brings its schema up to date, makes the first lead of an empty one and checks who acts;
every problem it meets is said on the terminal, with its exit code, before the console's
UI takes it.  Importing what it needs (SQLAlchemy, the tables, the policy's checker)
takes longer than painting the console, so the console paints first and opens its world
in a thread, when a first look, with the standard library alone, finds nothing that
``open_context`` would say or do:

- the policy passed its check before and is kept, as it is now, in the cache folder;
- the database is a SQLite file of this program's newest schema, this user's to write,
  with nothing to close to the other users (:mod:`techconsole.store.peek`), or a
  PostgreSQL database of the newest schema with no outcomes left to record
  (:mod:`techconsole.store.peek_pg`, with psycopg alone);
- the person is an active technician of it, and acting on someone's behalf, an active
  lead acting for an active technician.

Anything else (a first start, an upgrade, a stranger, a server that does not answer)
and :func:`first_look`
answers ``None``: the entry point opens everything before its UI, as it always has.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from techconsole.services import context, policies
from techconsole.store import peek, peek_pg
from techconsole.store.defaults import BUSY_TIMEOUT_MS, database_url


@dataclass(frozen=True, slots=True)
class Clear:
    """Nothing to say before the UI: who acts, on which database."""

    url: str
    actor: str
    os_login: str

    @property
    def on_behalf(self) -> bool:
        return self.actor != self.os_login


def first_look(
    *,
    policy: str | None = None,
    database: str | None = None,
    actor: str | None = None,
    policy_cache: Path | None = None,
    busy_timeout_ms: int = BUSY_TIMEOUT_MS,
) -> Clear | None:
    """:class:`Clear` when opening the context will have nothing to say (see above);
    ``None`` when it may, or when this cannot tell."""
    if not policies.kept(policy, cache=policy_cache):
        return None
    try:
        url = database_url(database)
    except (OSError, RuntimeError, ValueError):  # open_context says what is wrong
        return None
    user = context.os_user()
    acting = actor or user.login
    path = peek.sqlite_path(url)
    if path is not None:
        found = peek.members(path, {user.login, acting}, busy_timeout_ms)
    else:
        found = peek_pg.members(url, {user.login, acting})
    if found is None:
        return None
    me, them = found.get(user.login), found.get(acting)
    if them is None or not them.active:
        return None  # not in the team: open_context and whoami say how to be added
    if acting != user.login and (me is None or not me.active or not me.lead):
        return None  # acting for someone else: only a lead may
    return Clear(url, acting, user.login)
