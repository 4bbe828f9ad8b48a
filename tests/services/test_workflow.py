"""After intake: SLA clocks through the services, transitions, resolving and closing."""

from __future__ import annotations

from datetime import timedelta

import pytest

from techconsole.domain.sla import ClockStatus
from techconsole.services.documents import work_reports
from techconsole.services.errors import InvalidInput, InvalidTransition, NotFound
from techconsole.services.incidents import authorisation, closing, ownership, queue, workflow
from techconsole.services.incidents import reading as incidents

from .support import contact, open_, refused, rome

# --- clocks ---------------------------------------------------------------------------


def test_due_over_a_weekend_on_basic_severity_a(ctx, clock):
    # Fri 27 Nov 17:00 Rome, Basic (Mon-Fri 09-13, 14-18), severity A = 4 business hours:
    # Fri 17-18 (1 h), then Mon 09-12 (3 h) → Mon 30 Nov 12:00.
    clock.value = rome(2026, 11, 27, 17, 0)
    opened = open_(ctx, "Server lento", severity="A")
    assert opened.due_at == rome(2026, 11, 30, 12, 0)
    stored = incidents.show(ctx, opened.number).incident.due_at
    assert stored == rome(2026, 11, 30, 12, 0)
    assert stored is not None
    assert stored.utcoffset() == timedelta(0)
    # the same instant when the arrival is given and "now" is later (Sat)
    clock.value = rome(2026, 11, 28, 11, 0)
    later = open_(ctx, "Server lento bis", severity="A", arrived_at=rome(2026, 11, 27, 17, 0))
    assert later.due_at == rome(2026, 11, 30, 12, 0)


def test_pause_and_resume_move_the_due_by_the_paused_business_time(ctx, clock):
    # Mon 10:00, A (4 h): 10-13 (3 h) + 14-15 (1 h) → due 15:00.
    opened = open_(ctx, severity="A")
    assert opened.due_at == rome(2026, 11, 23, 15, 0)

    clock.value = rome(2026, 11, 23, 11, 0)
    paused = workflow.pause(ctx, opened.number, "aspettiamo la password del cliente")
    assert paused.status == "waiting"
    assert paused.due_at is None  # a paused clock has no due
    row = queue.queue(ctx, view="waiting").rows[0]
    assert row.clock is not None
    assert row.clock.status is ClockStatus.PAUSED

    # Paused 11:00-14:30: 11-13 (2 h) + 14-14:30 (0.5 h) = 2.5 business hours.
    clock.value = rome(2026, 11, 23, 14, 30)
    resumed = workflow.resume(ctx, opened.number)
    assert resumed.status == "open"
    # 1 h elapsed before the pause, 3 h left from 14:30 → 17:30 (= 15:00 + 2.5 h).
    assert resumed.due_at == rome(2026, 11, 23, 17, 30)


def test_resume_restores_the_status_before_the_pause(ctx):
    opened = open_(ctx)
    ownership.claim(ctx.as_("bruno"), opened.number)
    workflow.pause(ctx, opened.number)
    assert workflow.resume(ctx, opened.number).status == "in_progress"


def test_pause_and_resume_at_given_times(ctx, clock):
    opened = open_(ctx, severity="A")
    clock.value = rome(2026, 11, 23, 16, 0)
    workflow.pause(ctx, opened.number, at=rome(2026, 11, 23, 11, 0))
    resumed = workflow.resume(ctx, opened.number, at=rome(2026, 11, 23, 14, 30))
    assert resumed.due_at == rome(2026, 11, 23, 17, 30)
    refused(
        ctx,
        InvalidInput,
        workflow.pause,
        ctx,
        opened.number,
        at=clock.value + timedelta(hours=1),
        match="in the future",
    )


def test_triage_keeps_the_elapsed_time_and_applies_the_new_target(ctx, clock):
    # Mon 10:00, B on Basic = 8 h: 10-13 (3) + 14-18 (4) + Tue 09-10 (1) → Tue 10:00.
    opened = open_(ctx, severity="B")
    assert opened.due_at == rome(2026, 11, 24, 10, 0)
    # At 11:30 (1.5 h elapsed) the technician raises it to A (4 h): 2.5 h left,
    # 11:30-13:00 (1.5 h) + 14:00-15:00 (1 h) → Mon 15:00.
    clock.value = rome(2026, 11, 23, 11, 30)
    raised = workflow.triage(ctx, opened.number, severity="A")
    assert raised.severity == "A"
    assert raised.due_at == rome(2026, 11, 23, 15, 0)
    # and lowering it to C (16 h) at 12:00 (2 h elapsed): 14 h left from 12:00 →
    # Mon 12-13 (1) + 14-18 (4) = 5, Tue 8 → 13, Wed 09:00-10:00 (1) → Wed 10:00.
    clock.value = rome(2026, 11, 23, 12, 0)
    lowered = workflow.triage(ctx, opened.number, severity="C")
    assert lowered.due_at == rome(2026, 11, 25, 10, 0)
    timeline = incidents.show(ctx, opened.number).timeline
    triages = [e for e in timeline if e.kind == "triage"]
    assert [(e.data["old_severity"], e.data["severity"], e.actor) for e in triages] == [
        ("B", "A", "anna"),
        ("A", "C", "anna"),
    ]


def test_triage_with_nothing_to_change_is_refused(ctx):
    opened = open_(ctx, severity="B")
    refused(ctx, InvalidInput, workflow.triage, ctx, opened.number, severity="B", match="nothing")
    refused(ctx, InvalidInput, workflow.triage, ctx, opened.number, severity="Q", match="unknown")


def test_awaiting_authorisation_is_paused_until_authorised(ctx, clock):
    luca, maria = contact(ctx, "Luca Verdi"), contact(ctx, "Maria Bianchi")
    opened = open_(ctx, "Nuovo utente", severity="A", requester=luca.id)
    assert opened.status == "awaiting_authorisation"
    assert opened.due_at is None
    # Two hours later the titolare authorises: the 4 h run from 12:00 →
    # 12-13 (1 h) + 14-17 (3 h) → 17:00, as if the request had arrived at 12:00.
    clock.value = rome(2026, 11, 23, 12, 0)
    still = queue.queue(ctx).rows[0]
    assert still.due_at is None
    authorised = authorisation.authorise(ctx, opened.number, contact_id=maria.id, via="email")
    assert authorised.status == "open"
    assert authorised.due_at == rome(2026, 11, 23, 17, 0)


def test_acknowledging_stops_the_response_clock(ctx, clock):
    opened = open_(ctx, severity="A")
    clock.value = rome(2026, 11, 23, 11, 0)
    taken = workflow.acknowledge(
        ctx, opened.number, estimate=rome(2026, 11, 24, 12, 0), message="Presa in carico"
    )
    assert taken.acknowledged_at == rome(2026, 11, 23, 11, 0)
    assert taken.estimated_resolution_at == rome(2026, 11, 24, 12, 0)
    assert taken.assignee == "anna"
    assert taken.status == "in_progress"
    # the only clock of the default policy (response) is met: no due, no breach later
    assert taken.due_at is None
    clock.value = rome(2026, 11, 30, 10, 0)
    assert queue.queue(ctx, view="breached").total == 0


def test_arrival_on_site_is_recorded_once(ctx, clock):
    opened = open_(ctx, level=2)
    clock.value = rome(2026, 11, 23, 11, 15)
    there = workflow.arrived_on_site(ctx.as_("bruno"), opened.number)
    assert there.on_site_at == rome(2026, 11, 23, 11, 15)
    assert there.assignee == "bruno"
    refused(
        ctx,
        InvalidTransition,
        workflow.arrived_on_site,
        ctx,
        opened.number,
        match="recorded already",
    )


def test_notes_go_on_the_timeline(ctx):
    opened = open_(ctx)
    workflow.note(ctx.as_("bruno"), opened.number, "Chiamato il cliente 📞")
    last = incidents.show(ctx, opened.number).timeline[-1]
    assert (last.kind, last.actor, last.text) == ("note", "bruno", "Chiamato il cliente 📞")
    refused(ctx, InvalidInput, workflow.note, ctx, opened.number, "  ", match="empty")


# --- transitions that are refused -----------------------------------------------------


def _resolved(ctx):
    opened = open_(ctx)
    return closing.resolve(ctx, opened.number, resolved=True).incident


def _closed(ctx):
    resolved = _resolved(ctx)
    return closing.close(ctx, resolved.number)


def test_resolve_a_closed_incident(ctx):
    closed = _closed(ctx)
    info = refused(ctx, InvalidTransition, closing.resolve, ctx, closed.number, resolved=True)
    assert str(info.value) == f"cannot resolve {closed.number}: it is closed"


def test_resume_one_not_paused(ctx):
    opened = open_(ctx)
    info = refused(ctx, InvalidTransition, workflow.resume, ctx, opened.number)
    assert str(info.value) == f"cannot resume {opened.number}: it is open"


def test_pause_a_resolved_one(ctx):
    resolved = _resolved(ctx)
    info = refused(ctx, InvalidTransition, workflow.pause, ctx, resolved.number)
    assert str(info.value) == f"cannot pause {resolved.number}: it is resolved"


def test_pause_twice(ctx):
    opened = open_(ctx)
    workflow.pause(ctx, opened.number)
    refused(ctx, InvalidTransition, workflow.pause, ctx, opened.number, match="it is waiting")


def test_close_an_open_one(ctx):
    opened = open_(ctx)
    info = refused(ctx, InvalidTransition, closing.close, ctx, opened.number)
    assert str(info.value) == f"cannot close {opened.number}: it is open"


def test_take_in_charge_twice(ctx, clock):
    opened = open_(ctx)
    workflow.acknowledge(ctx, opened.number)
    clock.advance(minutes=5)
    info = refused(ctx, InvalidTransition, workflow.acknowledge, ctx.as_("bruno"), opened.number)
    # said in Rome's time, as every refusal says a time (it read "2026-11-23T09:00:00+00:00")
    assert str(info.value) == f"{opened.number} was already taken in charge at 23/11/2026 10:00"


def test_triage_a_closed_one(ctx):
    closed = _closed(ctx)
    refused(
        ctx, InvalidTransition, workflow.triage, ctx, closed.number, severity="A", match="closed"
    )


def test_reopen_only_a_resolved_one(ctx):
    opened = open_(ctx)
    refused(ctx, InvalidTransition, closing.reopen, ctx, opened.number, "why", match="open")
    resolved = closing.resolve(ctx, opened.number, resolved=True).incident
    back = closing.reopen(ctx, resolved.number, "il problema è tornato")
    assert back.status == "in_progress"  # the resolver became the assignee
    assert back.resolved is None
    assert back.resolved_at is None
    assert back.due_at is not None  # open again: the clock is back in the queue
    closing.resolve(ctx, opened.number, resolved=True)
    closing.close(ctx, opened.number)
    refused(ctx, InvalidTransition, closing.reopen, ctx, opened.number, "x", match="closed")


def test_unknown_incident_numbers(ctx):
    open_(ctx)
    refused(ctx, NotFound, workflow.note, ctx, "2026-000999", "x", match="no incident")
    refused(ctx, NotFound, workflow.note, ctx, "abc", "x", match="not an incident number")
    # the short number finds this year's incident
    assert incidents.show(ctx, "1").incident.number == "2026-000001"


# --- resolving and closing ------------------------------------------------------------


def test_resolve_then_close(ctx, clock):
    opened = open_(ctx, severity="A")
    ownership.claim(ctx.as_("bruno"), opened.number)
    clock.value = rome(2026, 11, 23, 12, 0)
    result = closing.resolve(
        ctx.as_("bruno"), opened.number, resolved=True, note="Sostituito toner"
    )
    assert result.follow_up is None
    done = result.incident
    assert (done.status, done.resolved, done.resolved_at) == (
        "resolved",
        True,
        rome(2026, 11, 23, 12, 0),
    )
    assert done.due_at is None
    assert queue.queue(ctx).total == 0  # resolved incidents leave the queue
    clock.value = rome(2026, 11, 23, 12, 30)
    closed = closing.close(ctx, opened.number, "Chiuso")
    assert closed.status == "closed"
    assert closed.closed_at == rome(2026, 11, 23, 12, 30)
    kinds = [e.kind for e in incidents.show(ctx, opened.number).timeline]
    assert kinds == ["opened", "claimed", "resolved", "report", "closed"]


def test_an_unresolved_visit_opens_a_free_urgent_follow_up(ctx, clock):
    maria = contact(ctx, "Maria Bianchi")
    opened = open_(ctx, "PC non si accende", severity="B", requester=maria.id, level=2)
    ownership.claim(ctx.as_("bruno"), opened.number)
    clock.value = rome(2026, 11, 23, 15, 0)
    result = closing.resolve(
        ctx.as_("bruno"), opened.number, resolved=False, note="Serve un alimentatore"
    )
    first = result.incident
    assert first.status == "resolved"
    assert first.resolved is False
    # the follow-up it opened comes back with it, as the queue and the detail show it
    assert result.follow_up is not None
    assert result.follow_up == incidents.show(ctx, "2026-000002").incident

    detail = incidents.show(ctx, opened.number)
    assert detail.follow_ups == ("2026-000002",)
    assert [e.kind for e in detail.timeline][-3:] == ["resolved", "follow_up", "report"]

    follow = incidents.show(ctx, "2026-000002").incident
    assert follow.follow_up_of == opened.number
    assert follow.urgent is True
    assert follow.customer_id == opened.customer_id
    assert follow.requester == "Maria Bianchi"
    assert follow.severity == "B"
    assert follow.level == 2
    assert follow.assignee == "bruno"
    assert follow.status == "in_progress"
    assert follow.arrived_at == rome(2026, 11, 23, 15, 0)
    assert follow.subject == f"Follow-up of {opened.number}: PC non si accende"
    assert follow.due_at is not None
    # the follow-up is in the queue, ahead as urgent
    assert [r.number for r in queue.queue(ctx).rows] == ["2026-000002"]


def test_a_follow_up_of_a_follow_up(ctx):
    opened = open_(ctx)
    closing.resolve(ctx, opened.number, resolved=False)
    closing.resolve(ctx, "2026-000002", resolved=False)
    third = incidents.show(ctx, "2026-000003").incident
    assert third.follow_up_of == "2026-000002"


def test_the_follow_ups_are_listed_in_the_order_they_were_opened(ctx):
    """An incident left unsolved twice has two follow-ups: its detail lists them, and its
    work report names the first, also after the first one changed."""
    opened = open_(ctx)
    closing.resolve(ctx, opened.number, resolved=False)
    closing.reopen(ctx, opened.number, "Il guasto si ripresenta")
    closing.resolve(ctx, opened.number, resolved=False)
    workflow.note(ctx, "2026-000002", "Ordinato l'alimentatore")
    assert incidents.show(ctx, opened.number).follow_ups == ("2026-000002", "2026-000003")
    work_reports.sync_ref(ctx, opened.number)
    assert work_reports.find(ctx, opened.number).content.follow_up == "2026-000002"


def test_the_incidents_are_listed_newest_first_also_within_an_instant(ctx):
    numbers = [open_(ctx, f"Problema {n}").number for n in range(3)]
    workflow.note(ctx, numbers[0], "Richiamato il cliente")
    assert [i.number for i in incidents.list_incidents(ctx)] == numbers[::-1]
    assert [i.number for i in incidents.list_incidents(ctx, limit=2)] == numbers[:0:-1]


@pytest.mark.parametrize("resolved", [True, False])
def test_resolve_is_refused_whole_when_the_time_is_in_the_future(ctx, clock, resolved):
    opened = open_(ctx)
    refused(
        ctx,
        InvalidInput,
        closing.resolve,
        ctx,
        opened.number,
        resolved=resolved,
        at=clock.value + timedelta(hours=2),
        match="in the future",
    )
