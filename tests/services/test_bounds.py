"""The bounds the use cases hold, on SQLite and PostgreSQL alike: work and promises after
the request arrived, nothing in the future, sessions no longer than the policy's maximum
unless insisted on (and then audited), texts and names of a bounded length, ids and
times the databases can hold — each refused with the reason and nothing written."""

from __future__ import annotations

from datetime import timedelta

import pytest

from techconsole.domain.limits import MAX_ID, MAX_NAME, MAX_SUBJECT, MAX_TEXT
from techconsole.services.customers import registry as customers
from techconsole.services.documents import work_reports
from techconsole.services.errors import InvalidInput, NotAllowed, NotFound
from techconsole.services.incidents import authorisation, closing, workflow
from techconsole.services.incidents import reading as incidents
from techconsole.services.team import members as team
from techconsole.services.work import materials, months, timer
from techconsole.services.work.session_rules import OVER_MAXIMUM

from .support import open_, refused, rome, utc

TOO_BIG = "99999999999999999999999"

# --- work sessions ------------------------------------------------------------------------


def test_a_session_cannot_start_before_its_incident_arrived(ctx, clock):
    number = open_(ctx, arrived_at=rome(2026, 11, 23, 9, 0)).number
    refused(
        ctx,
        InvalidInput,
        timer.start,
        ctx,
        number,
        at=rome(2026, 11, 23, 8, 59),
        match=r"start 23/11/2026 08:59 is before 2026-000001 arrived \(23/11/2026 09:00\)",
    )
    assert timer.start(ctx, number, at=rome(2026, 11, 23, 9, 0)).running  # at arrival: fine


def test_a_session_cannot_be_moved_before_its_incident_arrived(ctx, clock):
    number = open_(ctx, arrived_at=rome(2026, 11, 23, 9, 0)).number
    session = timer.start(ctx, number, at=rome(2026, 11, 23, 9, 10))
    timer.stop(ctx, at=rome(2026, 11, 23, 9, 40))
    refused(
        ctx,
        InvalidInput,
        timer.edit,
        ctx,
        session.id,
        start_at=rome(2026, 11, 22, 18, 0),
        match="is before 2026-000001 arrived",
    )


def test_a_session_cannot_end_in_the_future(ctx, clock):
    number = open_(ctx).number
    timer.start(ctx, number)
    refused(ctx, InvalidInput, timer.stop, ctx, at=rome(2026, 11, 23, 12, 0), match="future")
    refused(
        ctx, InvalidInput, timer.start, ctx, number, at=rome(2026, 11, 24, 9, 0), match="future"
    )


def test_a_session_longer_than_the_maximum_needs_force_and_is_audited(ctx, clock):
    assert ctx.policy.max_session == timedelta(hours=12)
    number = open_(ctx, arrived_at=rome(2026, 11, 22, 8, 0)).number
    timer.start(ctx, number, at=rome(2026, 11, 22, 9, 0))  # forgotten since yesterday
    refused(
        ctx,
        NotAllowed,
        timer.stop,
        ctx,
        match=r"would last 25h 00m, longer than the policy's maximum of 12h 00m "
        r"\(\[timer\] max_session\): give its real end, or add --force",
    )
    # exactly the maximum is fine, no flag
    assert timer.stop(ctx, at=rome(2026, 11, 22, 21, 0)).ended_at == rome(2026, 11, 22, 21, 0)
    assert not [a for a in incidents.audit_trail(ctx) if a.action == OVER_MAXIMUM]

    again = timer.start(ctx, number, at=rome(2026, 11, 22, 21, 0))
    kept = timer.stop(ctx, force=True)
    assert kept.ended_at == rome(2026, 11, 23, 10, 0)
    (flag,) = [a for a in incidents.audit_trail(ctx) if a.action == OVER_MAXIMUM]
    assert flag.actor == "anna"
    assert flag.entity == "work_session" and flag.entity_id == again.id
    assert flag.data["minutes"] == 13 * 60
    assert flag.data["maximum_minutes"] == 12 * 60


def test_a_correction_and_a_switch_obey_the_maximum_too(ctx, clock):
    number = open_(ctx, arrived_at=rome(2026, 11, 22, 8, 0)).number
    other = open_(ctx, "Secondo").number
    short = timer.start(ctx, number, at=rome(2026, 11, 22, 9, 0))
    timer.stop(ctx, at=rome(2026, 11, 22, 10, 0))
    refused(
        ctx, NotAllowed, timer.edit, ctx, short.id, end_at=rome(2026, 11, 23, 9, 0), match="--force"
    )
    # a note alone is no new length: a session already long stays correctable
    timer.edit(ctx, short.id, end_at=rome(2026, 11, 23, 9, 0), force=True)
    assert timer.edit(ctx, short.id, note="corretto").note == "corretto"

    timer.start(ctx, number, at=rome(2026, 11, 23, 9, 30))
    clock.value = rome(2026, 11, 23, 22, 0)
    refused(ctx, NotAllowed, timer.start, ctx, other, switch=True, match="12h 00m")
    assert timer.start(ctx, other, switch=True, force=True).running
    flags = [a for a in incidents.audit_trail(ctx) if a.action == OVER_MAXIMUM]
    assert len(flags) == 2


# --- milestones, promises and arrivals -------------------------------------------------


def test_promises_and_milestones_before_the_arrival_are_refused(ctx, clock):
    number = open_(ctx, arrived_at=rome(2026, 11, 23, 9, 0)).number
    before = rome(2026, 11, 23, 8, 0)
    for field in ("estimate", "on_site_by", "at"):
        refused(
            ctx,
            InvalidInput,
            workflow.acknowledge,
            ctx,
            number,
            **{field: before},
            match="is before 2026-000001 arrived",
        )
    refused(ctx, InvalidInput, workflow.pause, ctx, number, at=before, match="before")
    refused(ctx, InvalidInput, workflow.arrived_on_site, ctx, number, at=before, match="before")
    refused(
        ctx, InvalidInput, closing.resolve, ctx, number, resolved=True, at=before, match="before"
    )
    view = workflow.acknowledge(ctx, number, estimate=rome(2026, 11, 24, 12, 0))
    assert view.estimated_resolution_at == rome(2026, 11, 24, 12, 0)


def test_arrival_times_outside_the_supported_years_or_ahead_are_refused(ctx, clock):
    refused(ctx, InvalidInput, open_, ctx, arrived_at=utc(1999, 12, 31, 22, 0), match="2000–2100")
    refused(ctx, InvalidInput, open_, ctx, arrived_at=rome(2026, 11, 24, 10, 0), match="future")
    refused(ctx, InvalidInput, open_, ctx, arrived_at=clock() + timedelta(minutes=6))
    assert open_(ctx, arrived_at=clock() + timedelta(minutes=4)).number == "2026-000001"
    assert open_(ctx, arrived_at=utc(2000, 1, 1, 0, 0)).number == "2000-000001"


def test_an_authorisation_end_outside_the_supported_years_is_refused(ctx, clock):
    maria = [c for c in customers.show_customer(ctx, 1).contacts if c.name == "Maria Bianchi"]
    luca = [c for c in customers.show_customer(ctx, 1).contacts if c.name == "Luca Verdi"]
    number = open_(ctx, requester=luca[0].id).number
    refused(
        ctx,
        InvalidInput,
        authorisation.authorise,
        ctx,
        number,
        contact_id=maria[0].id,
        via="phone",
        until=utc(2101, 1, 1, 0, 0),
        match="outside the years",
    )


# --- texts --------------------------------------------------------------------------------


def test_texts_at_their_limit_are_kept_and_one_more_character_refused(ctx, clock):
    number = open_(ctx, "s" * MAX_SUBJECT, description="d" * MAX_TEXT).number
    assert incidents.show(ctx, number).incident.description == "d" * MAX_TEXT
    refused(
        ctx,
        InvalidInput,
        open_,
        ctx,
        description="d" * (MAX_TEXT + 1),
        match=r"the description is 20001 characters long; at most 20000 are allowed",
    )
    refused(ctx, InvalidInput, open_, ctx, "s" * (MAX_SUBJECT + 1), match="longer than 300")
    refused(
        ctx,
        InvalidInput,
        workflow.note,
        ctx,
        number,
        "n" * (MAX_TEXT + 1),
        match=r"the note is 20001 characters long; at most 20000",
    )
    workflow.note(ctx, number, "n" * MAX_TEXT)
    timer.start(ctx, number)
    refused(ctx, InvalidInput, timer.stop, ctx, note="w" * (MAX_TEXT + 1), match="the note is")
    refused(
        ctx,
        InvalidInput,
        closing.resolve,
        ctx,
        number,
        resolved=True,
        note="r" * (MAX_TEXT + 1),
        match="the note is 20001",
    )
    refused(
        ctx,
        InvalidInput,
        materials.add_material,
        ctx,
        number,
        "RAM",
        quantity="1",
        unit_price="1",
        serial="S" * (MAX_NAME + 1),
        match=r"the serial number is 201 characters long; at most 200",
    )


def test_names_have_a_limit(ctx):
    long = "N" * (MAX_NAME + 1)
    refused(
        ctx,
        InvalidInput,
        customers.add_customer,
        ctx,
        customers.NewCustomer(long),
        match="the name is 201 characters long; at most 200",
    )
    refused(ctx, InvalidInput, customers.add_contact, ctx, 1, long, match="the name is 201")
    refused(
        ctx, InvalidInput, customers.add_contact, ctx, 1, "Ada", email="e" * 201, match="e-mail"
    )
    refused(ctx, InvalidInput, team.add_technician, ctx, "carla", long, match="the name is 201")
    assert customers.add_customer(ctx, customers.NewCustomer("N" * MAX_NAME)).name == "N" * 200


def test_the_messages_are_italian_too(ctx, italian):
    refused(
        ctx,
        InvalidInput,
        workflow.note,
        ctx,
        open_(ctx).number,
        "n" * (MAX_TEXT + 1),
        match="20001 caratteri",
    )


# --- ids and months the databases cannot hold -------------------------------------------


@pytest.mark.parametrize("ref", [TOO_BIG, str(MAX_ID + 1), str(MAX_ID), "3000000000", "0", "²"])
def test_an_id_no_row_can_have_is_not_found(ctx, ref):
    refused(ctx, NotFound, incidents.show, ctx, ref)
    refused(ctx, NotFound, customers.show_customer, ctx, ref)
    refused(ctx, NotFound, timer.start, ctx, ref)


def test_a_number_too_big_for_a_row_is_not_found(ctx):
    assert incidents.list_incidents(ctx, customer_id=None, limit=1) == []
    refused(ctx, NotFound, timer.edit, ctx, MAX_ID + 1, note="x")
    refused(ctx, NotFound, work_reports.find, ctx, "1", revision=MAX_ID + 1)
    number = open_(ctx).number
    refused(ctx, NotFound, authorisation.account_provided, ctx, number, contact_id=MAX_ID + 1)
    refused(ctx, NotFound, open_, ctx, requester=MAX_ID + 1)


@pytest.mark.parametrize("month", ["0001-01", "1999-12", "2101-01", "9999-12"])
def test_a_month_outside_the_supported_years_is_refused(ctx, month):
    refused(ctx, InvalidInput, months.close_month, ctx, month, match="2000–2100")
    refused(ctx, InvalidInput, timer.sessions, ctx, month=month, match="2000–2100")
