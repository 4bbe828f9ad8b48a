"""Reports to the data controller on the agreed cadence (seed 001):

    "L'operato della nostra azienda sara' riportato al titolare con cadenza da stabilire
    tra le parti (file di log e report), come richiesto dal regolamento."

For each customer we are ADS for the cadence agreed is recorded; the reports falling due
are listed; each covers exactly the period since the last one delivered; its delivery
(when, to whom, how) is recorded, so nothing is skipped or covered twice.
"""

from __future__ import annotations

from datetime import date

import pytest

from techconsole.domain.ads_cadence import Period
from techconsole.services.context import Context
from techconsole.services.customers import registry as customers
from techconsole.services.documents import activity, ads_reports
from techconsole.services.errors import InvalidInput, InvalidTransition, NotAllowed
from techconsole.services.incidents import workflow

from .support import open_, refused, rome

D = date


def _hotel(ctx: Context) -> int:
    """Hotel Mare: we are its system administrator (ADS)."""
    return customers.add_customer(ctx, customers.NewCustomer("Hotel Mare", we_are_ads=True)).id


def test_customers_of_one_name_are_listed_in_the_order_recorded(ctx):
    """Several customers we are ADS for may share a name: in the order they were recorded
    (PostgreSQL's sort of one name did not keep it), also among those due."""
    ids: dict[str, list[int]] = {"Hotel Mare": [], "Albergo Sole": []}
    for n in range(12):
        name = "Hotel Mare" if n % 2 else "Albergo Sole"
        added = customers.add_customer(ctx, customers.NewCustomer(name, we_are_ads=True))
        ids[name].append(added.id)
    expected = [*ids["Albergo Sole"], *ids["Hotel Mare"]]
    assert [s.customer_id for s in ads_reports.standings(ctx)] == expected
    assert [s.customer_id for s in ads_reports.standings(ctx, due_only=True)] == expected


def test_a_monthly_cadence_lists_each_month_due_and_delivery_covers_the_oldest(ctx, clock):
    """Agreed monthly from 1 September; on Monday 23 November September and October are
    over and not reported: both are due.  Delivering covers September, then October;
    November falls due on 1 December."""
    hotel = _hotel(ctx)
    agreed = ads_reports.set_cadence(ctx, hotel, "monthly", D(2026, 9, 1))
    assert (agreed.cadence, agreed.starts_on, agreed.covered_until) == ("monthly", D(2026, 9, 1),
                                                                        None)  # fmt: skip
    (due,) = ads_reports.standings(ctx, due_only=True)
    assert due.due == (
        Period(D(2026, 9, 1), D(2026, 9, 30)),
        Period(D(2026, 10, 1), D(2026, 10, 31)),
    )
    assert ads_reports.next_due(ctx, "Hotel Mare") == (hotel, Period(D(2026, 9, 1), D(2026, 9, 30)))

    first = ads_reports.record_delivery(
        ctx.as_("bruno"),
        hotel,
        to="Sig. Bianchi (titolare)",
        via="pec",
        at=rome(2026, 11, 20, 9, 0),
    )
    assert first.period == Period(D(2026, 9, 1), D(2026, 9, 30))
    assert (first.delivered_to, first.delivered_via, first.recorded_by) == (
        "Sig. Bianchi (titolare)", "pec", "bruno",
    )  # fmt: skip
    second = ads_reports.record_delivery(ctx, hotel, to="Sig. Bianchi", via="email")
    assert second.period == Period(D(2026, 10, 1), D(2026, 10, 31))
    assert ads_reports.standings(ctx, due_only=True) == []
    standing = ads_reports.standing(ctx, hotel)
    assert standing.covered_until == D(2026, 10, 31)
    assert standing.next == Period(D(2026, 11, 1), D(2026, 11, 30))
    refused(
        ctx,
        InvalidTransition,
        ads_reports.record_delivery,
        ctx,
        hotel,
        to="Sig. Bianchi",
        via="email",
        match="covers 01/11/2026 to 30/11/2026, due on 01/12/2026",
    )
    assert [d.period.start for d in ads_reports.deliveries(ctx, hotel)] == [
        D(2026, 9, 1),
        D(2026, 10, 1),
    ]
    clock.value = rome(2026, 12, 1, 9, 0)
    assert ads_reports.next_due(ctx, hotel)[1] == Period(D(2026, 11, 1), D(2026, 11, 30))


def test_the_report_is_the_activity_of_exactly_its_period(ctx, clock):
    """What we did for the customer on 29 and 30 September is in September's report;
    what we did on 1 October is in October's, never in both."""
    hotel = _hotel(ctx)
    ads_reports.set_cadence(ctx, hotel, "monthly", D(2026, 9, 1))
    for day in (rome(2026, 9, 30, 17, 0), rome(2026, 10, 1, 9, 0)):
        clock.value = day
        workflow.note(ctx, open_(ctx, "Backup", customer=hotel).number, "controllo backup")
    clock.value = rome(2026, 11, 23, 10, 0)
    seen = []
    for _ in range(2):
        customer, period = ads_reports.next_due(ctx, hotel)
        report = activity.activity(ctx, customer, period.start, period.end)
        seen.append(sorted({r.at for r in report.rows if r.action == "note"}))
        ads_reports.record_delivery(ctx, hotel, to="Sig. Bianchi", via="in_person")
    assert seen == [[rome(2026, 9, 30, 17, 0)], [rome(2026, 10, 1, 9, 0)]]


def test_a_new_cadence_goes_on_from_the_last_report(ctx, clock):
    hotel = _hotel(ctx)
    ads_reports.set_cadence(ctx, hotel, "monthly", D(2026, 1, 1))
    for _ in range(3):  # January to March
        ads_reports.record_delivery(ctx, hotel, to="Sig. Bianchi", via="email")
    quarterly = ads_reports.set_cadence(ctx, hotel, "quarterly")
    assert quarterly.next == Period(D(2026, 4, 1), D(2026, 6, 30))
    refused(
        ctx,
        InvalidInput,
        ads_reports.set_cadence,
        ctx,
        hotel,
        "quarterly",
        D(2026, 6, 1),
        match="delivered up to 31/03/2026",
    )


def test_customers_we_are_ads_for_without_a_cadence_are_listed(ctx):
    hotel = _hotel(ctx)
    (waiting,) = ads_reports.standings(ctx, due_only=True)
    assert (waiting.customer_id, waiting.agreed, waiting.due) == (hotel, False, ())
    refused(ctx, InvalidTransition, ads_reports.next_due, ctx, hotel, match="no cadence")


@pytest.mark.parametrize(
    ("call", "kwargs", "error", "match"),
    [
        ("set_cadence", {"cadence": "weekly"}, InvalidInput, "monthly, bimonthly, quarterly"),
        ("record_delivery", {"to": "x", "via": "fax"}, InvalidInput, "email, pec, in_person"),
        ("record_delivery", {"to": " ", "via": "email"}, InvalidInput, "to whom"),
        (
            "record_delivery",
            {"to": "x", "via": "email", "at": rome(2026, 12, 1, 9)},
            InvalidInput,
            "in the future",
        ),
        (
            "record_delivery",
            {"to": "x", "via": "email", "at": rome(2026, 9, 30, 9)},
            InvalidInput,
            "before 01/10/2026",
        ),
    ],
)
def test_what_does_not_hold_is_refused_with_nothing_written(ctx, call, kwargs, error, match):
    hotel = _hotel(ctx)
    ads_reports.set_cadence(ctx, hotel, "monthly", D(2026, 9, 1))
    refused(ctx, error, getattr(ads_reports, call), ctx, hotel, match=match, **kwargs)


def test_only_customers_we_are_ads_for_and_only_a_lead_agrees_a_cadence(ctx):
    bar = customers.add_customer(ctx, customers.NewCustomer("Bar Sport")).id
    refused(ctx, InvalidInput, ads_reports.set_cadence, ctx, bar, "monthly", match="not the system")
    hotel = _hotel(ctx)
    refused(
        ctx,
        NotAllowed,
        ads_reports.set_cadence,
        ctx.as_("bruno"),
        hotel,
        "monthly",
        match="only a team lead",
    )


def test_the_reports_due_come_first_the_oldest_first_then_those_with_no_cadence(ctx):
    """On 23 November: Studio Nuovo's September and October are due, Bar Sport's October;
    Albergo Sole (no cadence agreed) comes after them, though first by name; with every
    customer, Dora Viaggi (up to date) comes between."""
    add = customers.add_customer
    albergo, bar, dora, studio = (
        add(ctx, customers.NewCustomer(name, we_are_ads=True)).id
        for name in ("Albergo Sole", "Bar Sport", "Dora Viaggi", "Studio Nuovo")
    )
    ads_reports.set_cadence(ctx, bar, "monthly", D(2026, 10, 1))
    ads_reports.set_cadence(ctx, studio, "monthly", D(2026, 9, 1))
    ads_reports.set_cadence(ctx, dora, "yearly", D(2026, 11, 1))
    due = ads_reports.standings(ctx, due_only=True)
    assert [s.customer_id for s in due] == [studio, bar, albergo]
    assert [s.customer_id for s in ads_reports.standings(ctx)] == [studio, bar, dora, albergo]
