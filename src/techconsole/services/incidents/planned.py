"""A change of one incident worked out before the write lock is taken (issue 15).

SQLite lets one transaction write at a time, so a change that works out its effects
inside its write transaction (who acts, the incident, its clocks and their outcomes,
the timeline entry and the audit row) keeps every other technician's change waiting
meanwhile.  :func:`run` works the change out first, in a read transaction
(``Database.plan()``), with the writes it makes set aside (``records.write``); then, in
a short write transaction, it checks that what the change depends on is as it was read
and writes it:

* one ``UPDATE incident … WHERE id = … AND version = …`` that also checks, for each
  column the change sets, its value as read (every change of an incident raises its
  version; the columns are checked too, so that a change made without doing so is never
  overwritten), and that who acts is still active with the role and name they had (a
  lead still a lead);
* one row changed: the rows set aside (timeline, audit trail, SLA outcomes) are then
  written as they are.

On PostgreSQL the two are one statement, committed on its own (``store.conditional``),
and the plan's reads take no transaction: one round trip for the write instead of six.
On SQLite the statements are compiled and their parameters processed before the lock is
taken (``store.prepared``): inside it, only the driver's calls.
Who acts is taken as this process last read them (``services.known_actors``): the
``UPDATE`` checks them.

If anything differs, the change is planned again, from what the database holds now
(up to :data:`REPLANS` times); if the last plan goes stale too, or the change writes
something that cannot be set aside (a work report, a machine's link, a notice to send:
the planning transaction refuses it), the change is worked out again the usual way,
inside the write transaction (on SQLite, holding the lock all that time): the result is
always what running it under the lock gives, and a refusal read in the plan (the
incident is closed, claimed by someone else) is one the database showed at that moment.

A use case gives :func:`run` its ``work(session, planning)``, the whole change as one
function of the session, that returns the incident changed, who acts and the incident's
clock inputs after the change; with ``planning`` it must take no lock (it reads a
snapshot), and it may be run again: planned once more, or under the lock, when a plan
is not used.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import JSON, bindparam, inspect, select, update
from sqlalchemy.orm.base import NEVER_SET, NO_VALUE
from sqlmodel import Session, col

from techconsole.domain.incident_clocks import ClockInputs
from techconsole.services import known_actors, loaders
from techconsole.services.context import OS_LOGIN, Context
from techconsole.services.incidents import clocks
from techconsole.services.records import SET_ASIDE
from techconsole.services.views import IncidentView
from techconsole.store.models import Incident, Technician
from techconsole.store.planning import WouldWrite

#: how many times a change whose plan went stale is planned again before it is worked
#: out under the lock: a plan costs a fraction of that (two statements, no lock held),
#: while the change under the lock holds it, and on PostgreSQL the incident's row, for
#: ~8 round trips, and others' writes of that incident go stale meanwhile (issue 15:
#: eight technicians at load 8, planned again up to once: 4 % of the changes went under
#: the lock and cost 15 % of the server's CPU; up to three times: 1 %)
REPLANS = 3
#: the whole change, run again when its plan cannot be used: who acts, the incident, its
#: clock inputs after the change (:func:`..clocks.refresh`)
Work = Callable[[Session, bool], tuple[Incident, Technician, ClockInputs]]

_INCIDENT = Incident.__table__  # type: ignore[attr-defined]
#: the incident's columns a change derives from the rest (its queue columns, and its
#: clock log kept by ``records.event``): checked through its version, not by value
_DERIVED = frozenset({*clocks.DERIVED, "clock_log"})
#: the incident's ``UPDATE`` statements made so far, by shape (:func:`_update`)
_SHAPES: dict[tuple[Any, ...], Any] = {}
#: who acts is still active, with the role they had when the change was planned
_WHO = (
    select(col(Technician.id))
    .where(col(Technician.id) == bindparam("_who"))
    .where(col(Technician.active))
    .where(col(Technician.role) == bindparam("_role"))
    .where(col(Technician.display_name) == bindparam("_name"))
    .exists()
)


class _Stale(Exception):
    """What the plan read changed before its write: work the change out again."""


class _Unplannable(Exception):
    """The change makes or deletes rows the plan cannot set aside."""


def run(ctx: Context, work: Work) -> IncidentView:
    """The view of the incident changed by ``work``, worked out outside the write lock
    when it can be (see the module), else inside it."""
    if not ctx.on_behalf and not ctx.db.read_only:
        for _plan_number in range(1 + REPLANS):
            planned = _plan(ctx, work)
            if planned is None:
                break
            incident, found, around, query, pending = planned
            try:
                around = _write(ctx, query, pending, incident, around)
            except _Stale:
                known_actors.forget(ctx.db, ctx.actor)  # perhaps they changed: read afresh
                continue
            return loaders.view_of(incident, found, around)
    with ctx.write() as session:
        incident, _who, found = work(session, False)
    return loaders.view_after_write(ctx.db, incident, found)


def _plan(ctx: Context, work: Work) -> tuple[Incident, ClockInputs, Any, Any, list[Any]] | None:
    """``work`` run on a snapshot, its writes set aside: the incident as it will be
    (detached), its clock inputs, the names around it (read in the same snapshot on
    SQLite; ``None`` on PostgreSQL, where the write reads them), its ``UPDATE``
    (:func:`_update`) and the writes set aside; ``None`` when it cannot be planned."""
    pending: list[tuple[Any, Any]] = []
    try:
        with ctx.db.plan() as session:
            session.info[OS_LOGIN] = ctx.os_login
            session.info[SET_ASIDE] = pending
            incident, who, found = work(session, True)
            values, version = _changes(session, incident)
            around = loaders.around_of(session, incident) if ctx.db.sqlite else None
            session.expunge_all()  # kept as worked out: the plan is rolled back
    except (WouldWrite, _Unplannable):
        return None
    return incident, found, around, _update(incident, who, values, version), pending


def _changes(session: Session, incident: Incident) -> tuple[dict[str, Any], int]:
    """The columns ``incident`` changed (name → new value, and old value for the check)
    and its version as read; :class:`_Unplannable` if anything else was added, deleted
    or changed in the session."""
    if session.new or session.deleted or any(o is not incident for o in session.dirty):
        raise _Unplannable
    state = inspect(incident)
    values: dict[str, Any] = {}
    version = incident.version
    for name, old in state.committed_state.items():  # the attributes set since loaded
        if old is NO_VALUE or old is NEVER_SET:  # set without being loaded: not a plan's
            raise _Unplannable
        new = state.dict[name]
        if new == old:
            continue
        if name == "version":
            version = old
        values[name] = (new, old)
    return values, version


def _update(
    incident: Incident, who: Technician, values: dict[str, Any], version: int
) -> tuple[Any, dict[str, Any]]:
    """The incident's ``UPDATE`` and its parameters, made before the write lock is taken:
    it changes the row only if its version, and each column it sets, are as the plan read
    them, and who acts is still active with the same role (:data:`_WHO`).  One statement
    per shape (the columns set, the old values that were ``NULL``), made once: its SQL is
    compiled once too."""
    checked = tuple(
        (name, old is None)
        for name, (_new, old) in values.items()
        if name not in _DERIVED and not isinstance(_INCIDENT.c[name].type, JSON)
    )
    shape = (tuple(values), checked)
    query = _SHAPES.get(shape)
    if query is None:
        query = _SHAPES[shape] = _shaped(*shape)
    params = {
        "_id": incident.id,
        "_version": version,
        "_who": who.id,
        "_role": who.role,
        "_name": who.display_name,
    }
    params.update({f"_new_{name}": new for name, (new, _old) in values.items()})
    params.update({f"_old_{name}": values[name][1] for name, null in checked if not null})
    return query, params


def _shaped(names: tuple[str, ...], checked: tuple[tuple[str, bool], ...]) -> Any:
    table = _INCIDENT
    query = update(table).where(
        table.c.id == bindparam("_id"), table.c.version == bindparam("_version"), _WHO
    )
    for name, null in checked:
        column = table.c[name]
        query = query.where(
            column.is_(None) if null else column == bindparam(f"_old_{name}", type_=column.type)
        )
    return query.values(
        {name: bindparam(f"_new_{name}", type_=table.c[name].type) for name in names}
    )


def _write(
    ctx: Context,
    query: tuple[Any, dict[str, Any]],
    pending: list[Any],
    incident: Incident,
    around: Any,
) -> Any:
    """The plan's ``UPDATE`` (``query``) and, if it changed the row, the writes set
    aside; :class:`_Stale` when it changed nothing (and so nothing was written).  On
    PostgreSQL one statement (``Database.write_combined``), which also reads the names
    around the incident; else one transaction.  The names around it (``around``, when
    the plan read them)."""
    also = None if around is not None else (loaders.AROUND, loaders.around_params(incident))
    written = ctx.db.write_combined(*query, pending, also)
    if written is None and also is None:  # SQLite: made ready before the lock
        changed = ctx.db.write_checked(*query, pending)
        if changed is not None:
            if not changed:
                raise _Stale
            return around
    if written is None:
        with ctx.write() as session:
            _in_transaction(session, query, pending)  # raised inside: rolled back
            if also is not None:
                around = session.execute(*also).one()
        return around
    if written.changed != 1:
        raise _Stale
    return written if also is not None else around


def _in_transaction(
    session: Session, query: tuple[Any, dict[str, Any]], pending: list[Any]
) -> None:
    connection = session.connection()
    if connection.execute(*query).rowcount != 1:
        raise _Stale
    for statement, params in pending:
        connection.execute(statement, params)
