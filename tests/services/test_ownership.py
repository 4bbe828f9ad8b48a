"""Who works on what: claim, claim-next in queue order, assignment by a lead, identity."""

from __future__ import annotations

from datetime import date

import pytest

from techconsole.services.customers import registry as customers
from techconsole.services.errors import (
    Conflict,
    InvalidTransition,
    NotAllowed,
    NotFound,
    UnknownActor,
)
from techconsole.services.incidents import closing, ownership, queue, workflow
from techconsole.services.incidents import reading as incidents
from techconsole.services.team import members as team

from .support import contact, open_, refused, rome


@pytest.fixture
def carla(ctx):
    team.add_technician(ctx, "carla", "Carla Blu")
    return ctx.as_("carla")


def test_claim_is_atomic(ctx, carla):
    opened = open_(ctx)
    won = ownership.claim(ctx.as_("bruno"), opened.number)
    assert (won.assignee, won.status) == ("bruno", "in_progress")
    info = refused(ctx, Conflict, ownership.claim, carla, opened.number)
    assert str(info.value) == f"{opened.number} is already taken by bruno"
    assert incidents.show(ctx, opened.number).incident.assignee == "bruno"


def test_claim_what_is_already_yours(ctx):
    opened = open_(ctx)
    ownership.claim(ctx.as_("bruno"), opened.number)
    refused(ctx, Conflict, ownership.claim, ctx.as_("bruno"), opened.number, match="already yours")


def test_claim_is_refused_while_awaiting_authorisation_or_when_closed(ctx):
    luca = contact(ctx, "Luca Verdi")
    waiting = open_(ctx, requester=luca.id)
    refused(
        ctx,
        InvalidTransition,
        ownership.claim,
        ctx.as_("bruno"),
        waiting.number,
        match="awaiting authorisation",
    )
    done = open_(ctx)
    closing.resolve(ctx, done.number, resolved=True)
    refused(
        ctx, InvalidTransition, ownership.claim, ctx.as_("bruno"), done.number, match="resolved"
    )


def test_a_paused_incident_can_be_claimed(ctx):
    opened = open_(ctx)
    workflow.pause(ctx, opened.number)
    claimed = ownership.claim(ctx.as_("bruno"), opened.number)
    assert (claimed.assignee, claimed.status) == ("bruno", "waiting")


def _queue_of_nine(ctx, clock):
    """Incidents whose queue order differs from their numbers; returns number by name."""
    bar = customers.add_customer(ctx, customers.NewCustomer("Bar Sport"))  # no contract
    studio = customers.add_customer(ctx, customers.NewCustomer("Studio Legale Gialli"))
    customers.add_contract(ctx, studio.id, "professional", date(2026, 1, 1), date(2026, 12, 31))
    luca = contact(ctx, "Luca Verdi")
    made = {}

    def add(name, **kwargs):
        made[name] = open_(ctx, name, **kwargs).number
        clock.advance(minutes=1)

    add("n1 no contract urgent A", customer=bar.id, severity="A", urgent=True)
    add("n2 contract C", severity="C")
    add("n3 contract A basic", severity="A")  # due 10:02 + 4 h → 15:02
    add("n4 contract A professional", customer=studio.id, severity="A")  # due 14:03
    add("n5 URGENTE contract C", severity="C")
    add("n6 no contract C", customer=bar.id, severity="C")
    add(
        "n7 no contract C earlier",
        customer=bar.id,
        severity="C",
        arrived_at=rome(2026, 11, 23, 9, 30),
    )
    add("n8 awaiting authorisation", severity="A", urgent=True, requester=luca.id)
    add("n9 urgent B taken", severity="B", urgent=True)
    ownership.claim(ctx.as_("bruno"), made["n9 urgent B taken"])
    return made


def test_claim_next_follows_the_queue_order(ctx, clock, carla):
    made = _queue_of_nine(ctx, clock)
    claimed = [ownership.claim_next(carla).number for _ in range(7)]
    refused(ctx, Conflict, ownership.claim_next, carla, match="nothing to claim")
    by_number = {number: name for name, number in made.items()}
    assert [by_number[n] for n in claimed] == [
        "n5 URGENTE contract C",  # contract, urgent
        "n4 contract A professional",  # contract, A, due 14:03
        "n3 contract A basic",  # contract, A, due 15:02 (arrived earlier than n4)
        "n2 contract C",
        "n1 no contract urgent A",  # no-contract customers only after the contract queue
        "n7 no contract C earlier",  # no target: arrival decides (FIFO)
        "n6 no contract C",
    ]
    # skipped: the one awaiting authorisation and the one bruno had
    assert incidents.show(ctx, made["n8 awaiting authorisation"]).incident.assignee is None
    assert incidents.show(ctx, made["n9 urgent B taken"]).incident.assignee == "bruno"
    mine = queue.queue(carla, view="mine")
    assert mine.total == 7
    assert all(r.assignee == "carla" and r.status == "in_progress" for r in mine.rows)


def test_claim_next_with_nothing_left(ctx):
    refused(ctx, Conflict, ownership.claim_next, ctx.as_("bruno"), match="nothing to claim")
    opened = open_(ctx)
    ownership.claim(ctx, opened.number)
    refused(ctx, Conflict, ownership.claim_next, ctx.as_("bruno"), match="nothing to claim")


def test_claim_next_skips_paused_incidents(ctx):
    paused = open_(ctx, "in pausa")
    workflow.pause(ctx, paused.number)
    refused(ctx, Conflict, ownership.claim_next, ctx.as_("bruno"))


def test_the_claim_is_on_the_timeline_and_in_the_audit(ctx):
    opened = open_(ctx)
    ownership.claim_next(ctx.as_("bruno"))
    last = incidents.show(ctx, opened.number).timeline[-1]
    assert (last.kind, last.actor, last.data["assignee"]) == ("claimed", "bruno", "bruno")
    trail = incidents.audit_trail(ctx, entity="incident", entity_id=opened.id)
    assert (trail[-1].actor, trail[-1].action) == ("bruno", "incident.claimed")


def test_a_lead_assigns_and_reassigns(ctx, carla):
    opened = open_(ctx)
    given = ownership.assign(ctx, opened.number, "bruno")
    assert (given.assignee, given.status) == ("bruno", "in_progress")
    moved = ownership.assign(ctx, opened.number, "carla")
    assert moved.assignee == "carla"
    back = ownership.assign(ctx, opened.number, None)
    assert back.assignee is None
    events = [e for e in incidents.show(ctx, opened.number).timeline if e.kind == "assigned"]
    assert [(e.actor, e.data["assignee"]) for e in events] == [
        ("anna", "bruno"),
        ("anna", "carla"),
        ("anna", None),
    ]


def test_assigning_to_whom_has_it_already_writes_nothing(ctx, carla):
    """Twice the same assignment is one event in the timeline and one audit row: the
    second is refused, nothing written, and says so (as claiming one's own does)."""
    opened = open_(ctx)
    refused(ctx, Conflict, ownership.assign, ctx, opened.number, None, match="not assigned")
    ownership.assign(ctx, opened.number, "carla")
    info = refused(ctx, Conflict, ownership.assign, ctx, opened.number, "carla")
    assert str(info.value) == f"{opened.number} is already assigned to carla"
    events = [e for e in incidents.show(ctx, opened.number).timeline if e.kind == "assigned"]
    assert len(events) == 1


def test_a_technician_may_not_assign(ctx, carla):
    opened = open_(ctx)
    info = refused(ctx, NotAllowed, ownership.assign, ctx.as_("bruno"), opened.number, "carla")
    assert "only a team lead can assign or reassign incidents" in str(info.value)
    ownership.claim(ctx.as_("bruno"), opened.number)
    refused(ctx, NotAllowed, ownership.assign, carla, opened.number, "carla", match="team lead")


def test_assign_to_someone_unknown_or_inactive(ctx, carla):
    opened = open_(ctx)
    refused(ctx, NotFound, ownership.assign, ctx, opened.number, "zorro", match="zorro")
    team.set_active(ctx, "carla", False)
    refused(ctx, InvalidTransition, ownership.assign, ctx, opened.number, "carla", match="active")


def test_assign_a_closed_incident(ctx):
    opened = open_(ctx)
    closing.resolve(ctx, opened.number, resolved=True)
    closing.close(ctx, opened.number)
    refused(ctx, InvalidTransition, ownership.assign, ctx, opened.number, "bruno", match="closed")


def test_an_unknown_login_is_told_how_to_be_added(ctx):
    stranger = ctx.as_("nobody")
    opened = open_(ctx)
    for call, args in (
        (ownership.claim, (opened.number,)),
        (ownership.claim_next, ()),
        (workflow.note, (opened.number, "ciao")),
        (open_, ()),
    ):
        info = refused(ctx, UnknownActor, call, stranger, *args)
        assert info.value.code == 2
        assert info.value.login == "nobody"
        assert "techconsole tech add nobody" in str(info.value)
    with pytest.raises(UnknownActor, match="tech add nobody"):
        team.whoami(stranger)
    with pytest.raises(UnknownActor):
        queue.queue(stranger, view="mine")


def test_a_deactivated_technician_is_unknown(ctx):
    team.set_active(ctx, "bruno", False)
    refused(ctx, UnknownActor, open_, ctx.as_("bruno"))
    assert [t.login for t in team.list_technicians(ctx)] == ["anna"]
    assert len(team.list_technicians(ctx, include_inactive=True)) == 2
