"""The two hot statements sent straight to the driver (``store.direct``): a change's
read of its incident and, on PostgreSQL, its combined write."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import bindparam, exc, inspect, literal, text
from sqlalchemy import select as sa_select
from sqlmodel import col, select

from techconsole.services.incidents import closing, ownership, workflow
from techconsole.services.records import _FIND, SET_ASIDE
from techconsole.store import direct
from techconsole.store.models import Incident, Technician

from .support import open_, rome

_BY_NUMBER = _FIND["number", False]
_COLUMNS = tuple(c.key for c in inspect(Incident).column_attrs)


def _worked(ctx: Any) -> str:
    """An incident with something in most kinds of column: instants, a clock log
    (JSON), a date, flags, a reason, numbers."""
    number = open_(ctx, severity="A", arrived_at=rome(2026, 11, 23, 9, 0)).number
    workflow.acknowledge(ctx, number)
    workflow.pause(ctx, number, at=rome(2026, 11, 23, 9, 20))
    workflow.resume(ctx, number, "riprende")
    closing.resolve(ctx, number, resolved=True)
    with ctx.db.write() as session:
        found = session.exec(select(Incident).where(col(Incident.number) == number)).one()
        found.fixed_in_release = date(2026, 11, 30)
        found.category = "città: «rete»"
    return number


def _orm(ctx: Any, number: str) -> dict[str, Any]:
    with ctx.db.plan() as session:
        found = session.exec(_BY_NUMBER, params={"ref": number}).one()
        return {name: getattr(found, name) for name in _COLUMNS}


def test_the_incident_read_directly_is_the_one_the_orm_reads(ctx):
    number = _worked(ctx)
    with ctx.db.plan() as session:
        found = direct.entity(session, _BY_NUMBER, {"ref": number})
        assert isinstance(found, Incident)
        values = {name: getattr(found, name) for name in _COLUMNS}
        state = inspect(found)
        assert state.persistent and found in session and not session.dirty
        found.category = "stampanti"  # tracked as a loaded object's change is
        assert state.attrs.category.history.deleted == ["città: «rete»"]
    assert values == _orm(ctx, number)
    assert values["fixed_in_release"] == date(2026, 11, 30)
    assert isinstance(values["clock_log"], list) and values["clock_log"]
    instants = [v for v in values.values() if isinstance(v, datetime)]
    assert len(instants) >= 5 and all(v.tzinfo is UTC for v in instants)


def test_an_object_the_session_holds_is_the_one_given(ctx):
    number = open_(ctx).number
    with ctx.db.plan() as session:
        held = session.exec(_BY_NUMBER, params={"ref": number}).one()
        held.category = "non ancora scritto"
        assert direct.entity(session, _BY_NUMBER, {"ref": number}) is held
        assert held.category == "non ancora scritto"


def test_no_row_is_told_apart_from_not_read_so(ctx):
    with ctx.db.plan() as session:
        assert direct.entity(session, _BY_NUMBER, {"ref": "2026-999999"}) is direct.MISSING
        given = select(Technician).where(
            col(Technician.login).in_(bindparam("who", expanding=True))
        )
        assert (
            direct.entity(session, given, {"who": ["anna"]}) is None
        )  # a list given: SQLAlchemy's
        assert session.exec(given, params={"who": ["anna"]}).one().login == "anna"
        held = select(Technician).where(col(Technician.login).in_(["bruno", "carla"]))
        assert direct.entity(session, held, {}).login == "bruno"  # the statement's own list


def test_a_row_comes_back_with_its_columns_by_name(ctx):
    table = Incident.__table__  # type: ignore[attr-defined]
    query = sa_select(
        bindparam("n", type_=table.c.year.type).label("n"),
        bindparam("at", type_=table.c.arrived_at.type).label("at"),
        literal("Forlì").label("place"),
    )
    at = datetime(2026, 12, 7, 9, 30, 15, 250000, tzinfo=UTC)
    with ctx.db.engine.connect() as connection:
        got = direct.row(connection, query, {"n": 2026, "at": at})
    assert (got.n, got.place) == (2026, "Forlì")
    assert got.at == at and got.at.tzinfo is UTC


def test_a_driver_error_is_raised_as_sqlalchemy_raises_it(ctx):
    broken = sa_select(text("no_such_column")).select_from(Technician)
    with ctx.db.engine.connect() as connection, pytest.raises(exc.DBAPIError) as raised:
        direct.row(connection, broken, {})
    assert not raised.value.connection_invalidated
    assert "no_such_column" in str(raised.value)


def test_a_change_plans_its_incident_with_a_direct_read(ctx, monkeypatch):
    """The plan reads its incident straight from the driver; under the lock (or any
    other session) the ORM reads it as before."""
    number = open_(ctx).number
    seen: list[bool] = []
    entity = direct.entity

    def spied(session: Any, *args: Any) -> Any:
        seen.append(session.info.get(SET_ASIDE) is not None)
        return entity(session, *args)

    monkeypatch.setattr(direct, "entity", spied)
    first = workflow.note(ctx, number, "nota")
    assert seen == [True]
    second = workflow.note(ctx, number, "seconda")
    assert second.version == first.version + 1 and seen == [True, True]
    assert ownership.claim_next(ctx).number == number  # the first unassigned, read so too
    assert seen == [True, True, True]
