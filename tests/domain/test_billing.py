"""Billing (policy.md §6, examples.md): scatti, free reasons, late arrival, exact totals."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import rome
from techconsole.domain.billing import bill
from techconsole.domain.billing_types import Job, Part, WorkSession
from techconsole.domain.errors import DomainError
from techconsole.domain.free import FreeFacts
from techconsole.domain.money import eur
from techconsole.domain.scatti import units_for

D = Decimal
MONDAY = rome(2026, 11, 23, 9, 0)  # an open Monday


@pytest.fixture(scope="module")
def rules(policy):
    return policy.billing


@pytest.fixture(scope="module")
def basic(policy):
    return policy.plan("basic").calendar


def session(minutes: float, start=MONDAY, kind: str = "remote") -> WorkSession:
    return WorkSession(start, start + timedelta(minutes=minutes), kind)


# examples.md "Billing": 20-minute scatti at 40,00 €, rounded up per session.
@pytest.mark.parametrize(
    ("minutes", "units", "amount"),
    [(7, 1, "40.00"), (20, 1, "40.00"), (21, 2, "80.00"), (65, 4, "160.00"), (0, 0, "0.00")],
)
def test_examples_billing_rows(rules, basic, minutes, units, amount):
    result = bill(rules, basic, Job(), [session(minutes)], [])
    assert result.units == units
    assert result.labour == D(amount)
    assert len(result.lines) == 1  # a 0-minute session is kept, billed nothing


def test_one_second_over_a_scatto_is_a_second_scatto(rules):
    assert units_for(rules, timedelta(minutes=20, seconds=1)) == 2


def test_nearest_rounding_and_minimum(rules):
    nearest = dataclasses.replace(rules, rounding="nearest")
    assert units_for(nearest, timedelta(minutes=29)) == 1  # 1.45 → 1
    assert units_for(nearest, timedelta(minutes=30)) == 2  # 1.5 → 2, half up
    assert units_for(nearest, timedelta(minutes=5)) == 0
    with_minimum = dataclasses.replace(nearest, minimum_units=1)
    assert units_for(with_minimum, timedelta(minutes=5)) == 1
    assert units_for(with_minimum, timedelta(0)) == 0  # nothing done, nothing billed


def test_rounding_per_incident_and_day_sums_the_day_first(rules, basic):
    per_day = dataclasses.replace(rules, rounding_scope="incident_day")
    # 10 + 15 min on Monday = 25 min → 2 scatti; 5 min on Tuesday → 1 scatto.
    sessions = [
        session(10),
        session(15, MONDAY + timedelta(hours=2)),
        session(5, MONDAY + timedelta(days=1)),
    ]
    assert bill(per_day, basic, Job(), sessions, []).units == 3
    # per session the same work is 1 + 1 + 1
    assert bill(rules, basic, Job(), sessions, []).units == 3
    sessions[1] = session(5, MONDAY + timedelta(hours=2))  # 10 + 5 = 15 min → 1
    assert bill(per_day, basic, Job(), sessions, []).units == 2
    assert bill(rules, basic, Job(), sessions, []).units == 3


def test_a_running_session_is_not_billed(rules, basic):
    result = bill(rules, basic, Job(), [session(30), WorkSession(MONDAY, None)], [])
    assert result.units == 2 and result.running_sessions == 1


def test_end_before_start_is_refused(rules, basic):
    with pytest.raises(DomainError, match="before it starts"):
        bill(rules, basic, Job(), [session(-5)], [])


# examples.md "Late arrival": promised on site by 10:00, business time of the calendar.
PROMISED = rome(2026, 11, 23, 10, 0)


@pytest.mark.parametrize(
    ("urgent", "arrived", "percent"),
    [
        (True, rome(2026, 11, 23, 10, 5), D(100)),  # urgent: any delay, nothing charged
        (False, rome(2026, 11, 23, 10, 50), D(0)),  # under one whole hour
        (False, rome(2026, 11, 23, 11, 30), D(20)),  # one whole hour
        (False, rome(2026, 11, 23, 15, 10), D(80)),  # 10–13 + 14–15:10 = 4 h 10 min → 4 h
    ],
)
def test_examples_late_arrival(rules, basic, urgent, arrived, percent):
    job = Job(urgent=urgent, on_site=True, promised_on_site_at=PROMISED, on_site_at=arrived)
    result = bill(rules, basic, job, [session(60, arrived, "on_site")], [])
    labour_and_callout = D("120.00") + D("30.00")  # 3 scatti + call-out
    assert result.discount_percent == percent
    assert -result.discounts == (labour_and_callout * percent / 100).quantize(D("0.01"))
    assert result.taxable == labour_and_callout + result.discounts


def test_late_arrival_started_hours_setting(rules, basic):
    started = dataclasses.replace(
        rules, late_arrival=dataclasses.replace(rules.late_arrival, started_hours=True)
    )
    job = Job(on_site=True, promised_on_site_at=PROMISED, on_site_at=rome(2026, 11, 23, 10, 50))
    assert bill(started, basic, job, [session(20, kind="on_site")], []).discount_percent == 20


def test_late_arrival_never_more_than_100_percent_never_on_materials(rules, basic):
    job = Job(on_site=True, promised_on_site_at=PROMISED, on_site_at=rome(2026, 11, 25, 17, 0))
    part = Part("Disco SSD 512 GB", D(1), D("59.90"))
    result = bill(rules, basic, job, [session(40, kind="on_site")], [part])
    assert result.discount_percent == 100
    assert result.taxable == D("59.90")  # labour and call-out gone, the part untouched


def test_example_whole_work_report(rules, basic):
    """examples.md "A whole work report": 267,18 € in all."""
    arrived = rome(2026, 11, 23, 11, 30)
    job = Job(on_site=True, promised_on_site_at=PROMISED, on_site_at=arrived)
    sessions = [
        session(65, arrived, "on_site"),
        session(20, arrived + timedelta(hours=2), "on_site"),
    ]
    result = bill(rules, basic, job, sessions, [Part("RAM 8 GB", D(1), D("35.00"))])
    amounts = {line.kind: line.amount for line in result.lines if line.kind != "labour"}
    assert result.units == 5 and result.labour == D("200.00")
    assert amounts == {
        "callout": D("30.00"),
        "discount": D("-46.00"),
        "material": D("35.00"),
    }
    assert (result.taxable, result.vat, result.total) == (D("219.00"), D("48.18"), D("267.18"))
    assert eur(result.total).replace("\xa0", " ") == "267,18 €"


@pytest.mark.parametrize(
    ("facts", "kind", "free"),
    [
        (FreeFacts(warranty=True), "on_site", "warranty"),
        (FreeFacts(follow_up_of_unresolved=True), "on_site", "did not solve"),
        (FreeFacts(level=2, contract=True, included_levels=(2,)), "on_site", "only parts"),
        (FreeFacts(level=2, contract=True), "on_site", None),  # the plan does not include it
        (FreeFacts(level=2, contract=False, included_levels=(2,)), "on_site", None),
        # level 2 worked only from here is level 1: part of a contract that includes it
        (FreeFacts(level=2, contract=True, included_levels=(1, 2)), "remote", "level 1"),
        (FreeFacts(level=2, contract=True, included_levels=(2,)), "remote", None),
        (
            FreeFacts(deployment="cloud", category="software", work_date=date(2026, 11, 23)),
            "remote",
            "cloud software",
        ),
        (
            FreeFacts(deployment="cloud", category="software", work_date=date(2020, 12, 31)),
            "remote",
            None,
        ),  # before 2021-01-01
        (
            FreeFacts(deployment="cloud", category="software", work_date=date(2026, 11, 23)),
            "on_site",
            None,
        ),  # on-site visits are paid (seed 000)
        (
            FreeFacts(deployment="on_premise", category="software", work_date=date(2026, 11, 23)),
            "remote",
            None,
        ),
        (
            FreeFacts(reseller_since=date(2026, 3, 1), work_date=date(2027, 2, 28)),
            "remote",
            "first year",
        ),
        (FreeFacts(reseller_since=date(2026, 3, 1), work_date=date(2027, 3, 1)), "remote", None),
        (FreeFacts(plan_covers_category=True, category="software"), "remote", "covered"),
    ],
)
def test_free_of_charge_reasons(rules, basic, facts, kind, free):
    result = bill(
        rules,
        basic,
        Job(free=facts, on_site=kind == "on_site"),
        [session(30, kind=kind)],
        [Part("Cavo di rete", D(2), D("4.50"))],
    )
    if free is None:
        assert result.free_reason is None and result.labour == D("80.00")
    else:
        assert free in result.free_reason
        assert result.labour == 0 and result.taxable == D("9.00")  # parts are still paid


def test_warranty_part_is_not_charged(rules, basic):
    part = Part("Alimentatore", D(1), D("45.00"), serial="PSU-001", warranty=True)
    result = bill(rules, basic, Job(), [], [part])
    assert result.taxable == 0
    assert result.lines[0].reason == "warranty – not billed"  # the bill keeps the English


def test_urgent_on_request_surcharge(policy, basic):
    rules = dataclasses.replace(policy.billing, urgent_on_request_percent=D(50))
    result = bill(rules, basic, Job(urgent_on_request=True), [session(40)], [])
    assert result.taxable == D("120.00")  # 80 + 50 %
    urgent = bill(rules, basic, Job(urgent=True, urgent_on_request=True), [session(40)], [])
    assert urgent.taxable == D("80.00")  # really urgent: no surcharge


@pytest.mark.parametrize("bad", [D(0), D(-1)])
def test_parts_need_positive_quantity(bad):
    with pytest.raises(DomainError, match="quantity"):
        Part("Toner", bad, D("10.00"))


def test_parts_refuse_negative_price_and_floats():
    with pytest.raises(DomainError, match="negative"):
        Part("Toner", D(1), D("-10.00"))
    with pytest.raises(DomainError, match="never floats"):
        Part("Toner", D(1), 10.0)  # type: ignore[arg-type]


minutes = st.integers(min_value=0, max_value=24 * 60 * 60)  # seconds, up to a day
money = st.decimals(min_value=D("0.00"), max_value=D("9999.99"), places=2)


@settings(max_examples=200, deadline=None)
@given(seconds=minutes)
def test_units_never_fewer_than_ceil_minutes_over_20(rules, seconds):
    duration = timedelta(seconds=seconds)
    units = units_for(rules, duration)
    assert units * 20 * 60 >= seconds
    assert units == 0 or (units - 1) * 20 * 60 < seconds


@settings(max_examples=150, deadline=None)
@given(
    durations=st.lists(minutes, max_size=5),
    prices=st.lists(st.tuples(st.integers(1, 20), money), max_size=4),
    late_minutes=st.integers(0, 3000),
    urgent=st.booleans(),
)
def test_totals_equal_the_sum_of_lines_and_discounts_stay_within_their_base(
    rules, basic, durations, prices, late_minutes, urgent
):
    sessions = [
        session(s / 60, MONDAY + timedelta(hours=i), "on_site") for i, s in enumerate(durations)
    ]
    parts = [Part(f"part {i}", D(q), p) for i, (q, p) in enumerate(prices)]
    job = Job(
        urgent=urgent,
        on_site=True,
        promised_on_site_at=PROMISED,
        on_site_at=PROMISED + timedelta(minutes=late_minutes),
    )
    result = bill(rules, basic, job, sessions, parts)
    assert result.taxable == sum(line.amount for line in result.lines)
    assert result.total == result.taxable + result.vat
    assert result.vat == (result.taxable * 22 / 100).quantize(D("0.01"), ROUND_HALF_UP)
    for line in result.lines:
        assert line.amount == line.amount.quantize(D("0.01"))
        if line.kind == "discount":
            assert -line.amount <= line.unit_price  # never more than its base
    assert result.taxable >= result.materials >= 0
