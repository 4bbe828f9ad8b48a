"""A change of an incident worked out before the write lock (``incidents.planned``).

Its write checks what the plan read (the incident's version and the columns it sets, who
acts); a change whose reading went stale meanwhile is planned again (a few times), and,
stale every time, or writing what a plan cannot set aside, worked out again under the
lock: the result is always the locked one's."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import event, text

from techconsole.services.errors import Conflict, UnknownActor
from techconsole.services.incidents import closing, ownership, planned, workflow
from techconsole.services.incidents import reading as incidents
from techconsole.services.team import members as team
from techconsole.store.planning import WouldWrite

from .support import open_, snapshot


@pytest.fixture
def paths(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """How each change was written, in order: ``planned`` (from its plan), ``stale``
    (its plan's reading had changed: planned again, or made again under the lock) or
    ``unplannable``."""
    seen: list[str] = []
    plan, write = planned._plan, planned._write

    def spied_plan(*args: Any) -> Any:
        found = plan(*args)
        if found is None:
            seen.append("unplannable")
        return found

    def spied_write(*args: Any) -> Any:
        try:
            written = write(*args)
        except planned._Stale:
            seen.append("stale")
            raise
        seen.append("planned")
        return written

    monkeypatch.setattr(planned, "_plan", spied_plan)
    monkeypatch.setattr(planned, "_write", spied_write)
    return seen


@pytest.fixture
def meanwhile(monkeypatch: pytest.MonkeyPatch) -> Callable[[Callable[[], Any]], None]:
    """``meanwhile(action)``: run ``action`` once, after the next change is worked out
    and before it is written (another technician's change landing in between)."""
    actions: list[Callable[[], Any]] = []
    update = planned._update

    def with_actions(*args: Any) -> Any:
        query = update(*args)
        while actions:
            actions.pop(0)()
        return query

    monkeypatch.setattr(planned, "_update", with_actions)
    return actions.append


def _audited(ctx: Any, action: str) -> int:
    with ctx.db.engine.connect() as conn:
        return conn.execute(
            text("SELECT COUNT(*) FROM audit WHERE action = :a"), {"a": action}
        ).scalar_one()


def test_a_note_is_written_from_its_plan(ctx, paths):
    opened = open_(ctx)
    before = snapshot(ctx)
    view = workflow.note(ctx.as_("bruno"), opened.number, "richiamato il cliente")
    assert paths == ["planned"]
    assert view.version == opened.version + 1
    after = snapshot(ctx)
    assert after["incident_event"] == before["incident_event"] + 1
    assert after["audit"] == before["audit"] + 1
    timeline = incidents.show(ctx, opened.number).timeline
    assert [(e.kind, e.text) for e in timeline][-1] == ("note", "richiamato il cliente")


def test_a_claim_landing_meanwhile_refuses_the_other(ctx, paths, meanwhile):
    team.add_technician(ctx, "carla", "Carla Blu")
    opened = open_(ctx)
    won: list[Any] = []
    meanwhile(lambda: won.append(ownership.claim(ctx.as_("carla"), opened.number)))
    with pytest.raises(Conflict, match="already taken by carla"):
        ownership.claim(ctx.as_("bruno"), opened.number)
    # carla's claim was planned and written; bruno's plan went stale, and his claim
    # planned again found the incident hers
    assert paths == ["planned", "stale"]
    assert won[0].assignee == "carla"
    assert incidents.show(ctx, opened.number).incident.assignee == "carla"
    assert _audited(ctx, "incident.claimed") == 1


def test_claim_next_takes_the_next_when_its_first_is_taken_meanwhile(ctx, paths, meanwhile):
    team.add_technician(ctx, "carla", "Carla Blu")
    first, second = open_(ctx, "Primo"), open_(ctx, "Secondo")
    meanwhile(lambda: ownership.claim(ctx.as_("carla"), first.number))
    took = ownership.claim_next(ctx.as_("bruno"))
    assert (took.number, took.assignee) == (second.number, "bruno")
    assert paths == ["planned", "stale", "planned"]  # planned again: the second
    assert incidents.show(ctx, first.number).incident.assignee == "carla"


def test_two_notes_at_once_both_land(ctx, paths, meanwhile):
    opened = open_(ctx)
    meanwhile(lambda: workflow.note(ctx, opened.number, "nota di anna"))
    view = workflow.note(ctx.as_("bruno"), opened.number, "nota di bruno")
    assert paths == ["planned", "stale", "planned"]
    assert view.version == opened.version + 2
    notes = [e.text for e in incidents.show(ctx, opened.number).timeline if e.kind == "note"]
    assert notes == ["nota di anna", "nota di bruno"]
    assert _audited(ctx, "incident.note") == 2


def test_a_column_changed_without_its_version_is_not_overwritten(ctx, paths, meanwhile):
    """A change that did not raise the version (none of ours does so; a hand-made one
    might) is still seen: the write checks each column it sets, as read."""
    opened = open_(ctx)

    def by_hand() -> None:
        with ctx.db.engine.begin() as conn:
            conn.execute(
                text(
                    "UPDATE incident SET assignee_id ="
                    " (SELECT id FROM technician WHERE login = 'anna') WHERE number = :n"
                ),
                {"n": opened.number},
            )

    meanwhile(by_hand)
    with pytest.raises(Conflict, match="already taken by anna"):
        ownership.claim(ctx.as_("bruno"), opened.number)
    assert paths == ["stale"]
    assert incidents.show(ctx, opened.number).incident.assignee == "anna"


def test_who_acts_is_checked_again_when_writing(ctx, paths, meanwhile):
    opened = open_(ctx)
    before: list[Any] = []

    def stop_bruno() -> None:
        team.set_active(ctx, "bruno", False)
        before.append(snapshot(ctx))

    meanwhile(stop_bruno)
    with pytest.raises(UnknownActor):
        workflow.note(ctx.as_("bruno"), opened.number, "troppo tardi")
    assert paths == ["stale"]
    assert snapshot(ctx) == before[0]  # the note was not written


def test_a_change_that_writes_a_work_report_is_made_under_the_lock(ctx, paths):
    opened = open_(ctx)
    before = _audited(ctx, "incident.resolved")
    done = closing.resolve(ctx, opened.number, resolved=True)
    assert done.incident.status == "resolved"
    assert paths == ["unplannable"]  # the report is written the usual way
    assert _audited(ctx, "incident.resolved") == before + 1
    assert _audited(ctx, "incident.report") == 1


def test_a_planning_transaction_refuses_to_write(ctx):
    before = snapshot(ctx)
    with ctx.db.plan() as session:
        assert session.execute(text("SELECT COUNT(*) FROM incident")).scalar_one() == 0
        with pytest.raises(WouldWrite):
            session.execute(text("DELETE FROM customer"))
    assert snapshot(ctx) == before


def _technician_reads(ctx: Any) -> list[str]:
    """The statements that read the technician table, from now on (a list that grows)."""
    seen: list[str] = []

    def spy(_c: Any, _cur: Any, statement: str, *_args: Any) -> None:
        if statement.startswith("SELECT technician."):
            seen.append(statement)

    for engine in ctx.db.engines:
        event.listen(engine, "before_cursor_execute", spy)
    return seen


def test_stale_at_every_plan_the_change_is_made_under_the_lock(ctx, paths, monkeypatch):
    """Another note lands between each of its plans and their writes: after the last
    plan allowed (the first and :data:`planned.REPLANS` more), the note is worked out
    and written under the lock, and all of them land."""
    opened = open_(ctx)
    update = planned._update
    landed: list[str] = []
    plans = 1 + planned.REPLANS

    def with_another_note(incident: Any, who: Any, *args: Any) -> Any:
        query = update(incident, who, *args)
        if who.login == "bruno" and len(landed) < plans:  # anna's lands before bruno's write
            landed.append(f"anna {len(landed) + 1}")
            workflow.note(ctx, opened.number, landed[-1])
        return query

    monkeypatch.setattr(planned, "_update", with_another_note)
    view = workflow.note(ctx.as_("bruno"), opened.number, "bruno")
    # each time anna's (planned), then bruno's plan stale; then bruno's under the lock
    # (no plan, no write of a plan)
    assert paths == ["planned", "stale"] * plans
    assert view.version == opened.version + plans + 1
    notes = [e.text for e in incidents.show(ctx, opened.number).timeline if e.kind == "note"]
    assert notes == [*landed, "bruno"] and len(landed) == plans


def test_who_acts_is_read_once_for_their_plans(ctx, paths):
    opened = open_(ctx)
    bruno = ctx.as_("bruno")
    workflow.note(bruno, opened.number, "prima")
    reads = _technician_reads(ctx)
    workflow.note(bruno, opened.number, "seconda")
    workflow.triage(bruno, opened.number, category="rete")
    assert reads == []  # taken as last read: the write checks them
    assert paths == ["planned", "planned", "planned"]
    timeline = incidents.show(ctx, opened.number).timeline
    assert [e.text for e in timeline if e.kind == "note"] == ["prima", "seconda"]


def test_who_acts_as_last_read_is_checked_when_writing(ctx, paths):
    """Deactivated, or renamed, after this process last read them: the write finds it
    out, the change is planned again with who acts read afresh."""
    opened = open_(ctx)
    bruno = ctx.as_("bruno")
    workflow.note(bruno, opened.number, "prima")
    team.set_active(ctx, "bruno", False)
    before = snapshot(ctx)
    with pytest.raises(UnknownActor):
        workflow.note(bruno, opened.number, "da disattivato")
    assert snapshot(ctx) == before  # nothing written
    team.set_active(ctx, "bruno", True)
    workflow.note(bruno, opened.number, "riattivato")
    with ctx.db.engine.begin() as conn:  # renamed by hand
        conn.execute(
            text("UPDATE technician SET display_name = 'Bruno Neri Rossi' WHERE login = 'bruno'")
        )
    view = ownership.claim(bruno, opened.number)
    assert view.assignee_name == "Bruno Neri Rossi"
    workflow.note(bruno, opened.number, "dopo")
    # the note refused by its second plan (deactivated); the claim planned again
    assert paths == ["planned", "stale", "planned", "stale", "planned", "planned"]
