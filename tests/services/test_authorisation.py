"""Who may ask (policy.md §5): authorisation by a titolare or ADS, server accounts."""

from __future__ import annotations

from dataclasses import fields
from datetime import timedelta

import pytest
from sqlalchemy import inspect

from techconsole.services.customers import registry as customers
from techconsole.services.errors import InvalidInput, InvalidTransition, NotAllowed, NotFound
from techconsole.services.incidents import authorisation, queue
from techconsole.services.incidents import reading as incidents
from techconsole.services.views import IncidentView

from .support import contact, open_, refused, rome


@pytest.fixture
def waiting(ctx):
    """A request by an ordinary employee, by phone: it waits for an authorisation."""
    luca = contact(ctx, "Luca Verdi")
    return open_(ctx, "Installare software contabilità", requester=luca.id, channel="phone")


def test_an_employee_request_waits(ctx, waiting):
    assert waiting.status == "awaiting_authorisation"
    assert waiting.needs_authorisation
    assert waiting.authorised_by is None
    assert waiting.due_at is None
    page = queue.queue(ctx, view="waiting")
    assert [r.number for r in page.rows] == [waiting.number]
    timeline = incidents.show(ctx, waiting.number).timeline
    assert [e.kind for e in timeline] == ["opened", "pause"]
    # the timeline says why as data: the requester who may not authorise, and their role
    assert timeline[1].text == ""
    assert dict(timeline[1].data) == {
        "reason": "authorisation",
        "contact": "Luca Verdi",
        "role": "employee",
    }


def test_an_employee_cannot_authorise(ctx, waiting):
    luca = contact(ctx, "Luca Verdi")
    info = refused(
        ctx,
        NotAllowed,
        authorisation.authorise,
        ctx,
        waiting.number,
        contact_id=luca.id,
        via="phone",
    )
    message = str(info.value)
    assert "Luca Verdi is employee" in message
    assert "titolare or ads" in message
    assert incidents.show(ctx, waiting.number).incident.status == "awaiting_authorisation"


def test_a_titolare_authorises(ctx, clock, waiting):
    maria = contact(ctx, "Maria Bianchi")
    clock.value = rome(2026, 11, 23, 11, 0)
    until = rome(2026, 11, 30, 18, 0)
    done = authorisation.authorise(
        ctx.as_("bruno"),
        waiting.number,
        contact_id=maria.id,
        via="email",
        until=until,
        note="autorizzazione via e-mail del 23/11",
    )
    assert done.status == "open"
    assert done.authorised_by == "Maria Bianchi"
    assert done.authorised_at == rome(2026, 11, 23, 11, 0)
    assert done.authorised_via == "email"
    assert done.authorised_until == until

    shown = incidents.show(ctx, waiting.number)
    assert shown.incident.authorised_by == "Maria Bianchi"  # and it is stored
    assert shown.incident.authorised_until == until
    authorised = [e for e in shown.timeline if e.kind == "authorised"]
    assert len(authorised) == 1
    entry = authorised[0]
    assert entry.actor == "bruno"
    assert entry.at == rome(2026, 11, 23, 11, 0)
    assert entry.text == "autorizzazione via e-mail del 23/11"
    assert entry.data["contact"] == "Maria Bianchi"
    assert entry.data["role"] == "titolare"
    assert entry.data["via"] == "email"
    assert entry.data["until"] == until.isoformat()
    assert shown.timeline[-1].kind == "resume"
    trail = incidents.audit_trail(ctx, entity="incident", entity_id=waiting.id)
    assert [(a.actor, a.action) for a in trail[-2:]] == [
        ("bruno", "incident.authorised"),
        ("bruno", "incident.resume"),
    ]


def test_an_ads_authorises_at_a_given_time(ctx, clock, waiting):
    ads = customers.add_contact(ctx, 1, "Sara Admin", "ads")
    clock.value = rome(2026, 11, 23, 16, 0)
    done = authorisation.authorise(
        ctx, waiting.number, contact_id=ads.id, via="signed_form", at=rome(2026, 11, 23, 11, 0)
    )
    assert done.authorised_at == rome(2026, 11, 23, 11, 0)
    # Severity C on Basic (16 h) counted from the authorisation at 11:00, not from 16:00:
    # Mon 11-13, 14-18 (6 h) + Tue (8 h) + Wed 09-11 (2 h) → Wed 11:00.
    assert done.due_at == rome(2026, 11, 25, 11, 0)


def test_authorisation_refusals(ctx, clock, waiting):
    maria = contact(ctx, "Maria Bianchi")
    now = clock.value
    refused(
        ctx,
        InvalidInput,
        authorisation.authorise,
        ctx,
        waiting.number,
        contact_id=maria.id,
        via="pigeon",
        match="via 'pigeon'",
    )
    refused(
        ctx,
        InvalidInput,
        authorisation.authorise,
        ctx,
        waiting.number,
        contact_id=maria.id,
        via="email",
        until=now - timedelta(hours=1),
        match="end before it starts",
    )
    other = customers.add_customer(ctx, customers.NewCustomer("Altra Ditta"))
    boss = customers.add_contact(ctx, other.id, "Capo Altrove", "titolare")
    refused(
        ctx,
        NotFound,
        authorisation.authorise,
        ctx,
        waiting.number,
        contact_id=boss.id,
        via="email",
        match="not a contact",
    )
    refused(
        ctx,
        InvalidInput,
        authorisation.authorise,
        ctx,
        waiting.number,
        contact_id=maria.id,
        via="email",
        at=now + timedelta(hours=1),
        match="in the future",
    )


def test_authorise_twice_or_one_that_needs_none(ctx, waiting):
    maria = contact(ctx, "Maria Bianchi")
    authorisation.authorise(ctx, waiting.number, contact_id=maria.id, via="phone")
    info = refused(
        ctx,
        InvalidTransition,
        authorisation.authorise,
        ctx,
        waiting.number,
        contact_id=maria.id,
        via="phone",
    )
    assert str(info.value) == f"cannot authorise {waiting.number}: it is open"
    plain = open_(ctx)
    refused(
        ctx,
        InvalidTransition,
        authorisation.authorise,
        ctx,
        plain.number,
        contact_id=maria.id,
        via="phone",
    )


def test_account_provided_records_when_and_by_whom(ctx, clock):
    maria = contact(ctx, "Maria Bianchi")
    opened = open_(ctx, "Accesso remoto al server")
    clock.value = rome(2026, 11, 23, 10, 45)
    given = authorisation.account_provided(ctx.as_("bruno"), opened.number, contact_id=maria.id)
    assert given.account_provided_at == rome(2026, 11, 23, 10, 45)
    assert given.account_provided_by == "Maria Bianchi"
    shown = incidents.show(ctx, opened.number)
    assert shown.incident.account_provided_by == "Maria Bianchi"
    last = shown.timeline[-1]
    assert (last.kind, last.actor) == ("account_provided", "bruno")
    assert (last.text, dict(last.data)) == ("", {"contact": "Maria Bianchi"})
    trail = incidents.audit_trail(ctx, entity="incident", entity_id=opened.id)
    assert trail[-1].action == "incident.account_provided"
    assert not any("password" in key for a in trail for key in a.data)


def test_account_provided_by_a_stranger(ctx):
    opened = open_(ctx)
    refused(
        ctx,
        NotFound,
        authorisation.account_provided,
        ctx,
        opened.number,
        contact_id=999,
        match="not a contact",
    )


def test_no_password_is_stored_anywhere(ctx):
    tables = inspect(ctx.db.engine)
    columns = {
        f"{table}.{column['name']}"
        for table in tables.get_table_names()
        for column in tables.get_columns(table)
    }
    assert "incident.account_provided_at" in columns  # the inspection works
    assert not [c for c in columns if "password" in c.lower() or "secret" in c.lower()]
    assert not [f.name for f in fields(IncidentView) if "password" in f.name]
    assert "password" not in authorisation.account_provided.__code__.co_varnames
