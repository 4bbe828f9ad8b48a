"""Shared steps of write use cases: who acts, the audit trail, the timeline."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import event as sa_event
from sqlmodel import Session, col, select

from techconsole.domain import events
from techconsole.services.context import Context
from techconsole.services.errors import InvalidInput, NotAllowed, NotFound, UnknownActor
from techconsole.store.models import AuditEntry, Incident, IncidentEvent, Technician


def actor(session: Session, ctx: Context, *, lead: bool = False, what: str = "") -> Technician:
    """The active technician running this; with ``lead``, refuse anyone else."""
    tech = session.exec(select(Technician).where(Technician.login == ctx.actor)).first()
    if tech is None or not tech.active:
        raise UnknownActor(ctx.actor)
    if lead and tech.role != "lead":
        raise NotAllowed(f"only a team lead can {what or 'do this'}; ask your lead")
    return tech


def technician(session: Session, login: str) -> Technician:
    tech = session.exec(select(Technician).where(Technician.login == login)).first()
    if tech is None:
        raise NotFound(f"no technician with login '{login}' (see: techconsole tech list)")
    return tech


def audit(
    session: Session,
    who: str,
    action: str,
    entity: str,
    entity_id: int | None,
    at: datetime,
    **data: Any,
) -> None:
    session.add(
        AuditEntry(
            at=at,
            actor=who,
            action=action,
            entity=entity,
            entity_id=entity_id,
            data=_jsonable(data),
        )
    )


def event(
    session: Session,
    incident: Incident,
    who: Technician | None,
    kind: str,
    at: datetime,
    text: str = "",
    **data: Any,
) -> IncidentEvent:
    """One timeline entry, and its audit row, for ``incident``: its ``kind`` and fields
    (``data``) as :mod:`techconsole.domain.events` defines them, and ``text`` only as a
    person typed it (a note, a reason), never a sentence of the program's own."""
    assert incident.id is not None
    events.check(kind, data)
    row = IncidentEvent(
        incident_id=incident.id,
        at=at,
        actor_id=who.id if who else None,
        kind=kind,
        text=text,
        data=_jsonable(data),
    )
    session.add(row)
    audit(
        session,
        who.login if who else "system",
        f"incident.{kind}",
        "incident",
        incident.id,
        at,
        number=incident.number,
        text=text,
        **data,
    )
    return row


def find_incident(session: Session, ref: str | int, *, lock: bool = False) -> Incident:
    """An incident by number (``2026-000123``), short number (``123`` this year) or id.

    ``lock`` takes the row lock on PostgreSQL (SQLite's write transaction holds the
    whole database already).
    """
    query = select(Incident)
    text = str(ref).strip()
    if "-" in text:
        query = query.where(Incident.number == text)
    elif text.isdigit():  # the short number: the most recent incident with that sequence
        query = query.where(Incident.seq == int(text)).order_by(col(Incident.year).desc())
    else:
        raise NotFound(f"'{ref}' is not an incident number (like 2026-000123)")
    if lock:
        query = query.with_for_update()
    found = session.exec(query).first()
    if found is None:
        raise NotFound(f"no incident {ref}")
    return found


def _jsonable(data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, datetime):
            out[key] = value.isoformat()
        elif value is None or isinstance(value, bool | int | float | str | list | dict):
            out[key] = value
        else:
            out[key] = str(value)
    return out


def like_pattern(text: str) -> str:
    """``%text%`` for LIKE with ``\\`` as escape: ``%`` and ``_`` in ``text`` are literal."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


@sa_event.listens_for(Session, "before_flush")
def _refuse_nul(session: Session, _context: Any, _instances: Any) -> None:
    """Any text is stored verbatim, except U+0000: PostgreSQL cannot store it, so it is
    refused on every database alike, before anything is written."""
    for row in (*session.new, *session.dirty):
        for name, value in vars(row).items():
            if isinstance(value, str) and "\x00" in value:
                raise InvalidInput(
                    f"the {name.replace('_', ' ')} contains a NUL character (\\x00); remove it"
                )
