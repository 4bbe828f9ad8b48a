"""Authorisation gates the work (seed 001), and the temporary server account ends (000).

Seed 001, Caso 1: "non possiamo intervenire poiche' ci deve essere una richiesta esplicita
da parte del titolare dei dati ... che ci autorizza all'intervento in maniera temporanea":
no timer, no arrival on site, no part before the authorisation, nor after its end.
Seed 000: "nei sistemi server, il nostro servizio di assistenza deve avere un account
specifico, con password temporanea, notificataci".
"""

from __future__ import annotations

from datetime import date

import pytest

from techconsole.services.errors import InvalidInput, InvalidTransition, NotAuthorised
from techconsole.services.incidents import authorisation, ownership, workflow
from techconsole.services.incidents import reading as incidents
from techconsole.services.work import billing, materials, timer

from .support import contact, open_, refused, rome


@pytest.fixture
def waiting(ctx, clock):
    """Mon 10:00: an employee (Luca Verdi) asks by phone; it waits for the titolare."""
    luca = contact(ctx, "Luca Verdi")
    return open_(ctx, "Installare software contabilità", requester=luca.id, channel="phone")


def test_no_work_before_the_authorisation(ctx, clock, waiting):
    number = waiting.number
    info = refused(ctx, NotAuthorised, timer.start, ctx, number)
    assert str(info.value) == (
        f"{number} awaits the authorisation of a titolare or ADS: no work on it before it is "
        "authorised (techconsole incident authorise)"
    )
    assert info.value.code == 2  # the command line exits with 2
    refused(ctx, NotAuthorised, workflow.arrived_on_site, ctx, number, match="awaits")
    refused(
        ctx,
        NotAuthorised,
        materials.add_material,
        ctx,
        number,
        "RAM 8 GB",
        quantity="1",
        unit_price="35",
        match="awaits",
    )
    refused(ctx, InvalidTransition, ownership.claim, ctx, number, match="cannot claim")
    assert billing.bill_incident(ctx, number).bill.taxable == 0


@pytest.mark.usefixtures("italian")
def test_the_refusal_in_italian(ctx, waiting):
    info = refused(ctx, NotAuthorised, timer.start, ctx, waiting.number)
    assert str(info.value) == (
        f"la richiesta {waiting.number} attende l'autorizzazione del titolare o dell'ADS: "
        "nessun lavoro prima dell'autorizzazione (techconsole incident authorise)"
    )


def test_work_within_the_authorisation_then_refused_after_its_end(ctx, clock, waiting):
    number = waiting.number
    maria = contact(ctx, "Maria Bianchi")
    clock.value = rome(2026, 11, 23, 11, 0)
    authorisation.authorise(
        ctx, number, contact_id=maria.id, via="email", until=rome(2026, 11, 23, 18, 0)
    )
    # work at 11:30 is within it
    clock.value = rome(2026, 11, 23, 11, 30)
    timer.start(ctx, number)
    clock.value = rome(2026, 11, 23, 12, 0)
    timer.stop(ctx)
    assert billing.bill_incident(ctx, number).bill.units == 2
    # a start typed before the authorisation was given is refused
    info = refused(ctx, NotAuthorised, timer.start, ctx, number, at=rome(2026, 11, 23, 10, 30))
    assert str(info.value) == (
        f"{number} was authorised by Maria Bianchi only at 23/11/2026 11:00: no work on it before"
    )
    # the next day the authorisation has ended
    clock.value = rome(2026, 11, 24, 9, 30)
    info = refused(ctx, NotAuthorised, timer.start, ctx, number)
    assert str(info.value) == (
        f"the authorisation of {number} by Maria Bianchi ended at 23/11/2026 18:00: no work on "
        "it until a titolare or ADS authorises it again (techconsole incident authorise)"
    )
    refused(ctx, NotAuthorised, workflow.arrived_on_site, ctx, number, match="ended at")
    refused(
        ctx,
        NotAuthorised,
        materials.add_material,
        ctx,
        number,
        "RAM 8 GB",
        quantity="1",
        unit_price="35",
        match="ended at",
    )
    # a part used on the authorised day can still be recorded the day after
    part = materials.add_material(
        ctx,
        number,
        "RAM 8 GB",
        quantity="1",
        unit_price="35",
        used_on=date(2026, 11, 23),
    )
    assert part.used_on == date(2026, 11, 23)
    # at 18:00 exactly it has ended
    refused(ctx, NotAuthorised, timer.start, ctx, number, at=rome(2026, 11, 23, 18, 0))


def test_a_new_authorisation_after_the_end_lets_the_work_go_on(ctx, clock, waiting):
    number = waiting.number
    maria = contact(ctx, "Maria Bianchi")
    authorisation.authorise(
        ctx, number, contact_id=maria.id, via="email", until=rome(2026, 11, 23, 18, 0)
    )
    clock.value = rome(2026, 11, 24, 9, 0)
    refused(ctx, NotAuthorised, timer.start, ctx, number)
    again = authorisation.authorise(
        ctx, number, contact_id=maria.id, via="phone", until=rome(2026, 11, 24, 18, 0)
    )
    assert again.authorised_at == rome(2026, 11, 24, 9, 0)
    assert again.authorised_until == rome(2026, 11, 24, 18, 0)
    assert again.status == "open"  # it was not waiting: its status stays
    started = timer.start(ctx, number)
    assert started.started_at == rome(2026, 11, 24, 9, 0)
    timeline = incidents.show(ctx, number).timeline
    kinds = [e.kind for e in timeline]
    assert kinds.count("authorised") == 2
    assert kinds.count("resume") == 1  # the clock resumed once, at the first authorisation


def test_a_session_cannot_be_moved_before_the_authorisation(ctx, clock, waiting):
    number = waiting.number
    maria = contact(ctx, "Maria Bianchi")
    clock.value = rome(2026, 11, 23, 11, 0)
    authorisation.authorise(ctx, number, contact_id=maria.id, via="email")
    timer.start(ctx, number)
    clock.advance(minutes=30)
    stopped = timer.stop(ctx)
    refused(
        ctx,
        NotAuthorised,
        timer.edit,
        ctx,
        stopped.id,
        start_at=rome(2026, 11, 23, 10, 30),
        match="only at",
    )


def test_incidents_needing_no_authorisation_are_not_gated(ctx, clock):
    number = open_(ctx, "Stampante").number
    clock.advance(minutes=5)
    started = timer.start(ctx, number)
    assert started.incident == number


def test_the_server_account_has_a_validity_end(ctx, clock):
    maria = contact(ctx, "Maria Bianchi")
    opened = open_(ctx, "Accesso remoto al server")
    clock.value = rome(2026, 11, 23, 10, 45)
    until = rome(2026, 11, 23, 18, 0)
    given = authorisation.account_provided(
        ctx, opened.number, contact_id=maria.id, valid_until=until
    )
    assert given.account_valid_until == until
    shown = incidents.show(ctx, opened.number)
    assert shown.incident.account_valid_until == until
    last = shown.timeline[-1]
    assert dict(last.data) == {"contact": "Maria Bianchi", "valid_until": until.isoformat()}
    refused(
        ctx,
        InvalidInput,
        authorisation.account_provided,
        ctx,
        opened.number,
        contact_id=maria.id,
        valid_until=rome(2026, 11, 23, 10, 0),
        match="end before it was provided",
    )
