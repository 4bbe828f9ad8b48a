"""Shared steps of write use cases: who acts, the audit trail, the timeline."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam as sa_bindparam
from sqlalchemy import event as sa_event
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from techconsole.domain import events
from techconsole.domain.clock_log import CLOCK_KINDS, build_log, log_entry, log_with
from techconsole.domain.limits import as_id, is_number
from techconsole.domain.statuses import status_word as status_word
from techconsole.i18n import _
from techconsole.services import context, known_actors
from techconsole.services.context import OS_LOGIN, Context
from techconsole.services.errors import (
    ActingRefused,
    InvalidInput,
    NotAllowed,
    NotFound,
    UnknownActor,
)
from techconsole.store import direct
from techconsole.store.models import AuditEntry, Incident, IncidentEvent, Technician

_EVENT = IncidentEvent.__table__  # type: ignore[attr-defined]
_AUDIT = AuditEntry.__table__  # type: ignore[attr-defined]
#: a technician by login (made once: its SQL is compiled once)
_BY_LOGIN = select(Technician).where(col(Technician.login) == sa_bindparam("login"))


def actor(session: Session, ctx: Context, *, lead: bool = False, what: str = "") -> Technician:
    """The active technician running this; with ``lead``, refuse anyone else.

    ``what`` is what only a lead may do, marked with ``N_`` ("add technicians") and
    translated here, when the refusal is said.  A lead acting on someone's behalf must
    still be an active lead (they may have stopped being one since the program started).
    """
    if ctx.on_behalf and not is_active_lead(session, ctx.os_login):
        raise ActingRefused(ctx.os_login, ctx.actor, f"--as {ctx.actor}")
    # A change planned before its write may take who acts as last read: its write
    # checks they are still the same (:mod:`.known_actors`).  Not when the role decides.
    planning = session.info.get(SET_ASIDE) is not None and not lead
    tech = known_actors.known(session, ctx.db, ctx.actor) if planning else None
    if tech is None:
        tech = session.exec(_BY_LOGIN, params={"login": ctx.actor}).first()
        if planning and tech is not None and tech.active:
            known_actors.remember(ctx.db, tech)
    if tech is None or not tech.active:
        raise UnknownActor(ctx.actor, inactive=tech is not None, on_behalf=ctx.on_behalf)
    if lead and tech.role != "lead":
        if what:
            raise NotAllowed(_("only a team lead can {what}; ask your lead").format(what=_(what)))
        raise NotAllowed(_("only a team lead can do this; ask your lead"))
    return tech


def is_active_lead(session: Session, login: str) -> bool:
    tech = session.exec(_BY_LOGIN, params={"login": login}).first()
    return tech is not None and tech.active and tech.role == "lead"


def technician(session: Session, login: str) -> Technician:
    tech = session.exec(_BY_LOGIN, params={"login": login}).first()
    if tech is None:
        raise NotFound(
            _("no technician with login '{login}' (see: techconsole tech list)").format(login=login)
        )
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
    """One audit row: ``who`` is the technician it is recorded for (or ``system``); the
    real OS user who ran it comes from the write transaction (:meth:`Context.write`),
    else from this process; PostgreSQL adds its ``session_user`` itself (a trigger)."""
    row = {
        "at": at,
        "actor": who,
        "os_user": session.info.get(OS_LOGIN) or context.real_login(),
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "data": _jsonable(data),
    }
    _insert(session, _AUDIT, row)


def _insert(session: Session, table: Any, row: dict[str, Any]) -> None:
    """Append ``row`` to ``table`` (the timeline, the audit trail) at once, without the
    ORM's unit of work: nothing reads these rows back as objects, and a change writes
    one of each inside the write lock (issue 15).  Text is refused as a flush would
    refuse it (:func:`_refuse_nul`)."""
    for name, value in row.items():
        if isinstance(value, str) and "\x00" in value:
            raise _nul(name)
    statement = _INSERTS.get(table)
    if statement is None:  # made once per table: its cache key is worked out once
        statement = _INSERTS[table] = table.insert()
    write(session, statement, row)


_INSERTS: dict[Any, Any] = {}


#: ``session.info`` key of the writes set aside while a change is planned
SET_ASIDE = "techconsole.set_aside"


def write(session: Session, statement: Any, params: Any = None) -> None:
    """Run a statement that writes (an insert, update or delete whose result nobody
    reads), or, while a change is planned outside the write lock
    (:mod:`techconsole.services.incidents.planned`), set it aside to run with the change's
    write."""
    pending = session.info.get(SET_ASIDE)
    if pending is not None:
        pending.append((statement, params))
    else:
        session.connection().execute(statement, params)


def event(
    session: Session,
    incident: Incident,
    who: Technician | None,
    kind: str,
    at: datetime,
    text: str = "",
    *,
    service: str = "system",
    **data: Any,
) -> None:
    """One timeline entry, and its audit row, for ``incident``: its ``kind`` and fields
    (``data``) as :mod:`techconsole.domain.events` defines them, and ``text`` only as a
    person typed it (a note, a reason), never a sentence of the program's own.  With no
    technician (``who`` is ``None``) the audit row names the ``service`` that acted
    (``system``, or ``mail`` for what the mail service records)."""
    assert incident.id is not None
    events.check(kind, data)
    fields = _jsonable(data)
    if kind in CLOCK_KINDS:  # its clocks read it off the incident's own row
        log = incident.clock_log
        if log is None:  # a row written without one: made from its timeline, once
            log = build_log(timeline(session, incident.id))
        incident.clock_log = log_with(log, log_entry(kind, at, fields))
    row = {
        "incident_id": incident.id,
        "at": at,
        "actor_id": who.id if who else None,
        "kind": kind,
        "text": text,
        "data": fields,
    }
    _insert(session, _EVENT, row)
    audit(
        session,
        who.login if who else service,
        f"incident.{kind}",
        "incident",
        incident.id,
        at,
        number=incident.number,
        text=text,
        **data,
    )


def timeline(session: Session, incident_id: int, kinds: tuple[str, ...] = CLOCK_KINDS) -> list[Any]:
    """The timeline rows of an incident (``kind``, ``at``, ``data``, and its
    ``incident_id``) of ``kinds``, in order (time, then order of recording): its
    :func:`clock_events`."""
    return clock_events(session, [incident_id], kinds)[incident_id]


def clock_events(
    session: Session, ids: Iterable[int], kinds: tuple[str, ...] = CLOCK_KINDS
) -> dict[int, list[Any]]:
    """The timeline rows of ``kinds`` of each of the incidents ``ids``, by incident (an
    incident with none: an empty list), each in order (time, then order of recording),
    in one query.  Light rows (``incident_id``, ``at``, ``kind``, ``data``) instead of ORM
    objects, which cost more than the query."""
    wanted = list(ids)
    grouped: dict[int, list[Any]] = defaultdict(list)
    if not wanted:
        return grouped
    query = (
        sa_select(
            col(IncidentEvent.incident_id),
            col(IncidentEvent.at),
            col(IncidentEvent.kind),
            col(IncidentEvent.data),
        )
        .where(col(IncidentEvent.incident_id).in_(wanted))
        .where(col(IncidentEvent.kind).in_(kinds))
        .order_by(col(IncidentEvent.incident_id), col(IncidentEvent.at), col(IncidentEvent.id))
    )
    for row in session.execute(query):
        grouped[row.incident_id].append(row)
    return grouped


#: an incident by number, and by its short number (the most recent with that sequence),
#: each without and with the row lock: made once, their SQL compiled once
_FIND: dict[tuple[str, bool], SelectOfScalar[Incident]] = {}
for _lock in (False, True):
    for _kind, _query in (
        ("number", select(Incident).where(col(Incident.number) == sa_bindparam("ref"))),
        (
            "seq",
            select(Incident)
            .where(col(Incident.seq) == sa_bindparam("ref"))
            .order_by(col(Incident.year).desc()),
        ),
    ):
        _FIND[_kind, _lock] = _query.with_for_update() if _lock else _query


def find_incident(session: Session, ref: str | int, *, lock: bool = False) -> Incident:
    """An incident by number (``2026-000123``), short number (``123`` this year) or id.

    ``lock`` takes the row lock on PostgreSQL (SQLite's write transaction holds the
    whole database already).
    """
    text = str(ref).strip()
    value: Any
    if "-" in text:
        kind, value = "number", text
    elif is_number(text):  # the short number: the most recent incident with that sequence
        value = as_id(text)
        if value is None:
            raise NotFound(_("no incident {ref}").format(ref=ref))
        kind = "seq"
    else:
        raise NotFound(
            _("'{typed}' is not an incident number (like 2026-000123)").format(typed=ref)
        )
    found = None
    if not lock and session.info.get(SET_ASIDE) is not None:
        # a change's plan: read straight through the driver (issue 15: the ORM's
        # loading of the incident was a quarter of a change's CPU)
        found = direct.entity(session, _FIND[kind, lock], {"ref": value})
    if found is None:  # not read so
        found = session.exec(_FIND[kind, lock], params={"ref": value}).first()
    if found is None or found is direct.MISSING:
        raise NotFound(_("no incident {ref}").format(ref=ref))
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
                raise _nul(name)


def _nul(field: str) -> InvalidInput:
    return InvalidInput(
        _("the {field} contains a NUL character (\\x00); remove it").format(
            field=field.replace("_", " ")
        )
    )
