"""Customisations and releases through the services, on SQLite and PostgreSQL (seeds 000,
001), under the istes preset: no work or delivery "da marzo ad agosto", no contest once
"Scaduti 30 gg dalla consegna", a heavy one tested "entro 15 giorni di calendario
solare" or accepted, "due aggiornamenti l'anno" and the fix that comes "in seguito al
rilascio della versione aggiornata".

The clock is Monday 23/11/2026 10:00 in Rome unless a test moves it; every expected day
is counted on the calendar by hand (the day of the delivery is day 0).  A refused step
writes nothing (``refused`` compares every table before and after).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from techconsole.services.changes import reading, releases, requests, steps
from techconsole.services.customers import registry as customers
from techconsole.services.errors import InvalidInput, InvalidTransition, NotFound
from techconsole.services.incidents import closing, intake
from techconsole.services.incidents import reading as incidents
from techconsole.services.mail import outbox
from techconsole.services.team import members as team

from .support import refused


@pytest.fixture
def istes(make_ctx):
    """anna (lead) under the istes preset; Hotel Mare (#1) with its titolare, Sig.ra
    Bianchi (contact #1, bianchi@hotelmare.example), and Bar Sport (#2), no contacts."""
    ctx = make_ctx("anna", "istes")
    team.add_technician(ctx, "anna", "Anna Rossi")
    hotel = customers.add_customer(ctx, customers.NewCustomer("Hotel Mare")).id
    customers.add_contract(ctx, hotel, "basic", date(2026, 1, 1), date(2026, 12, 31))
    customers.add_contact(
        ctx, hotel, "Sig.ra Bianchi", "titolare", email="bianchi@hotelmare.example"
    )
    customers.add_customer(ctx, customers.NewCustomer("Bar Sport"))
    return ctx


def _asked(ctx, heavy: bool = False, customer: int = 1, **facts) -> int:
    facts.setdefault("contact", 1 if customer == 1 else None)
    new = requests.NewChange(customer, "Export presenze per la questura", heavy, **facts)
    return requests.add_change(ctx, new).id


def _audit(ctx, change: int) -> list[tuple[str, dict]]:
    return [
        (a.action, a.data) for a in incidents.audit_trail(ctx, entity="change", entity_id=change)
    ]


def test_a_request_is_recorded_then_agreed_outside_march_to_august(istes):
    """(000) "il cliente deve definire con il nostro reparto ricerca e sviluppo, i tempi
    di realizzazione": the request first, its days agreed after."""
    number = _asked(istes, heavy=True)
    view = reading.show_change(istes, number)
    assert (view.customer, view.contact, view.heavy, view.status) == (
        "Hotel Mare",
        "Sig.ra Bianchi",
        True,
        "requested",
    )
    assert (view.requested_on, view.start_on, view.due_on) == (date(2026, 11, 23), None, None)
    agreed = requests.schedule(istes, number, date(2026, 11, 30), date(2027, 1, 29))
    assert (agreed.status, agreed.start_on, agreed.due_on) == (
        "agreed",
        date(2026, 11, 30),
        date(2027, 1, 29),
    )
    assert [action for action, _ in _audit(istes, number)] == ["change.add", "change.schedule"]
    assert _audit(istes, number)[1][1]["due_on"] == "2027-01-29"


@pytest.mark.parametrize(
    ("start", "due", "said"),
    [
        (
            date(2027, 4, 1),
            date(2027, 9, 30),
            "no customisation work starts on 01/04/2027: March to August is the high-work "
            "period; the first day allowed is 01/09/2027",
        ),
        (
            date(2027, 1, 11),
            date(2027, 3, 15),
            "no customisation is delivered on 15/03/2027: March to August is the high-work "
            "period; the first day allowed is 01/09/2027",
        ),
        (
            date(2027, 2, 1),
            date(2027, 9, 30),
            "the work from 01/02/2027 to 30/09/2027 runs through the high-work period "
            "(March to August): deliver by 28/02/2027, or start on 01/09/2027",
        ),
    ],
)
def test_work_in_the_high_work_months_is_refused_with_the_next_allowed_day(istes, start, due, said):
    """(000) "NON SI EFFETTUANO PERSONALIZZAZIONI SOFTWARE … in periodo di alto lavoro …
    da marzo ad agosto"."""
    number = _asked(istes)
    caught = refused(istes, InvalidTransition, requests.schedule, istes, number, start, due)
    assert str(caught.value) == said


def test_a_delivery_in_the_high_work_months_is_refused(istes, clock):
    """Agreed for February, late: on 15/03/2027 the delivery is refused until 01/09/2027."""
    number = _asked(istes)
    requests.schedule(istes, number, date(2027, 1, 11), date(2027, 2, 26))
    clock.value = datetime(2027, 3, 15, 9, 0, tzinfo=UTC)
    caught = refused(istes, InvalidTransition, steps.deliver, istes, number)
    assert str(caught.value) == (
        "no customisation is delivered on 15/03/2027: March to August is the high-work "
        "period; the first day allowed is 01/09/2027"
    )
    done = steps.deliver(istes, number, date(2027, 2, 26))  # it went out in time after all
    assert (done.status, done.delivered_on) == ("delivered", date(2027, 2, 26))


def test_a_heavy_delivery_carries_its_test_deadline_to_the_customer(istes, clock):
    """(001) "devono testare il software personalizzato entro 15 giorni di calendario
    solare, dal ricevimento della release": delivered 23/11/2026, tested by 08/12/2026,
    contestable until 23/12/2026; the titolare who asked is sent the notice (Italian, the
    policy's mail language)."""
    number = _asked(istes, heavy=True)
    requests.schedule(istes, number, date(2026, 11, 23), date(2026, 11, 23))
    developed = steps.develop(istes, number)
    assert (developed.status, developed.developed_on) == ("developed", date(2026, 11, 23))
    view = steps.deliver(istes, number)
    assert (view.status, view.delivered_on, view.deliveries) == ("delivered", date(2026, 11, 23), 1)
    assert (view.test_by, view.contest_until) == (date(2026, 12, 8), date(2026, 12, 23))
    assert (view.days_left(view.test_by), view.days_left(view.contest_until)) == (15, 30)
    [notice] = outbox.list_outbox(istes)
    assert notice.kind == "change_delivered"
    assert [a.email for a in notice.to] == ["bianchi@hotelmare.example"]
    assert notice.subject == "Personalizzazione consegnata: Export presenze per la questura [#1]"
    assert "entro il 08/12/2026" in notice.text
    assert "fino al 23/12/2026" in notice.text
    deliver_audit = _audit(istes, number)[-1][1]
    assert (deliver_audit["test_by"], deliver_audit["contest_until"]) == (
        "2026-12-08",
        "2026-12-23",
    )
    assert deliver_audit["notice"] == "bianchi@hotelmare.example"

    clock.value = datetime(2026, 12, 8, 17, 0, tzinfo=UTC)  # day 15: still in time
    assert reading.show_change(istes, number).status == "delivered"
    clock.value = datetime(2026, 12, 9, 9, 0, tzinfo=UTC)  # day 16
    late = reading.show_change(istes, number)
    assert (late.status, late.accepted_by, late.recorded) == (
        "accepted",
        "test_deadline",
        "delivered",
    )
    caught = refused(istes, InvalidTransition, steps.contest, istes, number, "Non esporta i minori")
    assert str(caught.value) == (
        "customisation #1 counts as accepted: it was not tested by 08/12/2026, 15 calendar "
        "days after its delivery on 23/11/2026"
    )
    refused(istes, InvalidTransition, steps.record_test, istes, number, match="counts as accepted")
    assert [v.id for v in reading.list_changes(istes, open_only=True)] == []


def test_a_heavy_delivery_tested_in_time_may_still_be_contested(istes, clock):
    number = _asked(istes, heavy=True)
    requests.schedule(istes, number, date(2026, 11, 23), date(2026, 11, 23))
    steps.deliver(istes, number)
    clock.value = datetime(2026, 12, 10, 9, 0, tzinfo=UTC)
    tested = steps.record_test(istes, number, date(2026, 12, 8))  # told late, tested in time
    assert (tested.status, tested.tested_on) == ("tested", date(2026, 12, 8))
    contested = steps.contest(istes, number, "Non esporta i minori", date(2026, 12, 10))
    assert (contested.status, contested.contest_reason) == ("contested", "Non esporta i minori")


def test_a_contest_after_30_days_is_refused_with_the_day_the_right_ended(istes):
    """(000) "Scaduti 30 gg dalla consegna della personalizzazione ovvero aggiornamento
    ultimo, l'Azienda Cliente non ha più alcun diritto di contestazione": delivered on
    01/10/2026, a contest on 01/11 is refused — it ended on 31/10; one of 31/10 (recorded
    late, on 23/11) is taken."""
    number = _asked(istes, requested_on=date(2026, 9, 1))
    requests.schedule(istes, number, date(2026, 9, 1), date(2026, 10, 1))
    steps.deliver(istes, number, date(2026, 10, 1), notify=False)
    assert outbox.list_outbox(istes) == []
    view = reading.show_change(istes, number)
    assert (view.status, view.accepted_by, view.contest_until) == (
        "accepted",
        "contest_window",
        date(2026, 10, 31),
    )
    caught = refused(
        istes, InvalidTransition, steps.contest, istes, number, "Manca il totale", date(2026, 11, 1)
    )
    assert str(caught.value) == (
        "customisation #1 can no longer be contested: the right to contest it ended on "
        "31/10/2026, 30 days after its delivery on 01/10/2026; it counts as accepted"
    )
    contested = steps.contest(istes, number, "Manca il totale", date(2026, 10, 31))
    assert (contested.status, contested.contested_on) == ("contested", date(2026, 10, 31))


def test_a_contested_customisation_is_agreed_again_and_delivered_anew(istes, clock):
    number = _asked(istes)
    requests.schedule(istes, number, date(2026, 11, 23), date(2026, 11, 23))
    steps.deliver(istes, number, notify=False)
    steps.contest(istes, number, "Il file non si apre")
    refused(istes, InvalidTransition, steps.deliver, istes, number, match="agree new dates first")
    requests.schedule(istes, number, date(2026, 11, 24), date(2026, 12, 4))
    clock.value = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
    again = steps.deliver(istes, number, notify=False)
    assert (again.status, again.deliveries, again.delivered_on) == (
        "delivered",
        2,
        date(2026, 12, 4),
    )
    assert (again.contested_on, again.contest_reason, again.contest_until) == (
        None,
        "",
        date(2027, 1, 3),  # 30 days from the last delivery ("ovvero aggiornamento ultimo")
    )
    accepted = steps.accept(istes, number)
    assert (accepted.status, accepted.accepted_on) == ("accepted", date(2026, 12, 4))
    refused(istes, InvalidTransition, steps.contest, istes, number, "x", match="it is accepted")
    actions = [a for a, _ in _audit(istes, number)]
    assert actions == [
        "change.add",
        "change.schedule",
        "change.deliver",
        "change.contest",
        "change.schedule",
        "change.deliver",
        "change.accept",
    ]


def test_steps_out_of_order_and_wrong_days_are_refused(istes):
    number = _asked(istes)
    refused(istes, InvalidTransition, steps.develop, istes, number, match="agree its dates first")
    refused(istes, InvalidTransition, steps.accept, istes, number, match="not been delivered")
    caught = refused(istes, InvalidInput, steps.develop, istes, number, date(2026, 11, 24))
    assert str(caught.value) == "development day 24/11/2026 is in the future"
    refused(
        istes,
        InvalidInput,
        requests.schedule,
        istes,
        number,
        date(2026, 11, 20),
        date(2026, 12, 1),
        match=r"work start 20/11/2026 is before the request \(23/11/2026\)",
    )
    requests.schedule(istes, number, date(2026, 11, 23), date(2026, 12, 1))
    refused(
        istes,
        InvalidInput,
        requests.schedule,
        istes,
        number,
        date(2026, 11, 23),
        date(2026, 12, 1),
        match="is agreed for 23/11/2026 to 01/12/2026 already",
    )
    refused(istes, NotFound, steps.deliver, istes, 99, match="no customisation #99")


def test_a_request_needs_words_and_the_customers_own_contact(istes):
    refused(
        istes,
        InvalidInput,
        requests.add_change,
        istes,
        requests.NewChange(1, "   "),
        match="the description is empty",
    )
    refused(
        istes,
        NotFound,
        requests.add_change,
        istes,
        requests.NewChange(2, "Menu stampa", contact=1),  # Hotel Mare's titolare
        match="no contact #1",
    )


def test_without_a_contact_no_notice_goes_and_the_audit_says_so(istes):
    number = _asked(istes, customer=2)
    requests.schedule(istes, number, date(2026, 11, 23), date(2026, 11, 23))
    view = steps.deliver(istes, number)
    assert view.contact_email == ""
    assert outbox.list_outbox(istes) == []
    said = [a for a in incidents.audit_trail(istes, entity="mail") if a.action == "mail.not_queued"]
    assert [(a.data["notice"], a.data["reason"]) for a in said] == [
        ("change_delivered", "no_address")
    ]


def test_a_customers_changes_newest_first(istes):
    first = _asked(istes, requested_on=date(2026, 10, 1))
    second = _asked(istes)
    other = _asked(istes, customer=2)
    assert [v.id for v in reading.list_changes(istes, customer="Hotel Mare")] == [second, first]
    assert [v.id for v in reading.list_changes(istes)] == [other, second, first]


# --- "in seguito al rilascio della versione aggiornata" ---------------------------------


def test_the_release_calendar_gives_the_next_release_days(istes):
    """(001) "due aggiornamenti l'anno": evenly spaced from 1 January (the preset names no
    days), so 01/01 and 01/07."""
    found = reading.releases(istes, 3)
    assert (found.today, found.per_year, found.upcoming) == (
        date(2026, 11, 23),
        2,
        (date(2027, 1, 1), date(2027, 7, 1), date(2028, 1, 1)),
    )


def test_an_incidents_fix_is_linked_to_the_release_that_carries_it(istes):
    opened = intake.open_incident(istes, intake.NewIncident(1, "Export presenze errato"))
    linked = releases.link_release(istes, opened.number)
    assert linked.fixed_in_release == date(2027, 1, 1)
    moved = releases.link_release(istes, opened.number, date(2027, 7, 1), note="serve il DB nuovo")
    assert moved.fixed_in_release == date(2027, 7, 1)
    timeline = incidents.show(istes, opened.number).timeline
    assert [(e.kind, e.data) for e in timeline if e.kind == "release"] == [
        ("release", {"release": "2027-01-01", "old_release": None}),
        ("release", {"release": "2027-07-01", "old_release": "2027-01-01"}),
    ]
    caught = refused(
        istes, InvalidTransition, releases.link_release, istes, opened.number, date(2027, 2, 1)
    )
    assert str(caught.value) == (
        "01/02/2027 is not a release day; the next releases are on 01/01/2027, 01/07/2027, "
        "01/01/2028"
    )
    refused(
        istes,
        InvalidTransition,
        releases.link_release,
        istes,
        opened.number,
        date(2026, 7, 1),
        match="the release of 01/07/2026 is past",
    )
    refused(
        istes,
        InvalidInput,
        releases.link_release,
        istes,
        opened.number,
        date(2027, 7, 1),
        match="linked to the release of 01/07/2027 already",
    )
    unlinked = releases.unlink_release(istes, opened.number)
    assert unlinked.fixed_in_release is None
    refused(istes, InvalidInput, releases.unlink_release, istes, opened.number, match="not linked")


def test_a_closed_incident_or_a_policy_without_releases_refuses_the_link(istes, make_ctx):
    opened = intake.open_incident(istes, intake.NewIncident(1, "Stampa lenta"))
    plain = make_ctx("anna", "default")
    refused(
        plain,
        InvalidTransition,
        releases.link_release,
        plain,
        opened.number,
        match=r"no release calendar: set \[changes\] releases_per_year",
    )
    closing.resolve(istes, opened.number, resolved=True)
    closing.close(istes, opened.number)
    refused(
        istes,
        InvalidTransition,
        releases.link_release,
        istes,
        opened.number,
        match="cannot link .* to a release: it is closed",
    )
