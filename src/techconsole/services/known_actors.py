"""Who acts, as last read, for the changes worked out before their write.

A change planned outside the write lock (``services.incidents.planned``) reads who acts
first; its write then checks, in its own ``UPDATE``, that who acts is still active with
the same role and name, and works the change out again under the lock (reading them
afresh) if not.  So the plan may take who acts as this process last read them instead of
asking the database again: one statement fewer for every change, a round trip on
PostgreSQL.  A plan whose write finds who acts changed forgets them (:func:`forget`).

Kept per database and login, as column values: each plan gets an object of its own,
attached to its session as the row it stands for, without a statement, made as the ORM
makes a row it loads (a new instance, its attributes set as loaded: no validation to
run again, ~25 µs of a change).
"""

from __future__ import annotations

import weakref
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import make_transient_to_detached
from sqlmodel import Session

from techconsole.store.database import Database
from techconsole.store.models import Technician

_MAPPER = inspect(Technician)
_COLUMNS = tuple(attribute.key for attribute in _MAPPER.column_attrs)
#: database → login → the technician's column values, as last read
_KNOWN: weakref.WeakKeyDictionary[Database, dict[str, dict[str, Any]]] = weakref.WeakKeyDictionary()
#: database → technician id → login: a login is never changed nor given to another
_LOGINS: weakref.WeakKeyDictionary[Database, dict[int, str]] = weakref.WeakKeyDictionary()


def known(session: Session, db: Database, login: str) -> Technician | None:
    """``login``'s technician as last read through ``db``, attached to ``session`` (no
    statement); ``None`` when not read yet, or forgotten."""
    values = _KNOWN.get(db, {}).get(login)
    if values is None:
        return None
    tech: Technician = _MAPPER.class_manager.new_instance()
    tech.__dict__.update(values)  # the instance's loaded state, as a read sets it
    make_transient_to_detached(tech)
    session.add(tech)
    return tech


def known_id(db: Database, login: str) -> int | None:
    """The id of ``login``'s technician as last read through ``db`` (``None``: not read
    yet, or forgotten)."""
    values = _KNOWN.get(db, {}).get(login)
    return None if values is None else values["id"]


def remember(db: Database, tech: Technician) -> None:
    """Keep ``tech`` (active, just read) for the next plans through ``db``."""
    _KNOWN.setdefault(db, {})[tech.login] = {name: getattr(tech, name) for name in _COLUMNS}


def forget(db: Database, login: str) -> None:
    _KNOWN.get(db, {}).pop(login, None)


def login_of(session: Session, db: Database, tech_id: int) -> str | None:
    """The login of the technician ``tech_id`` (``None``: no such technician), read once
    through ``db``: a claim refused because someone has the incident names them, and
    in a rush every claim but one is refused."""
    logins = _LOGINS.setdefault(db, {})
    login = logins.get(tech_id)
    if login is None:
        tech = session.get(Technician, tech_id)
        if tech is None:
            return None
        login = logins[tech_id] = tech.login
    return login
