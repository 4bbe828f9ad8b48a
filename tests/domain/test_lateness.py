"""Late on site against the guarantee (seed 003), worked out from the seed's words.

"Per gli interventi urgenti garantiamo la nostra presenza entro 4 ore lavorative dalla
ricezione della segnalazione" — "se la presenza presso il cliente dovesse verificarsi dopo
il termine indicato, non addebitiamo alcun costo di uscita o di manodopera ... (per gli
interventi non urgenti sono previsti sconti del 20% per ogni ora di ritardo)".

The onsite-tech preset: business hours Mon–Fri 09:00–13:00 and 14:00–18:00; a call-out
fee of 30,00 €; scatti of 20 minutes at 40,00 €; ``hours = "whole"`` ("per ogni ora di
ritardo": each whole hour of delay, policy.md §6).
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from helpers import REPO, load_policy, rome
from techconsole.domain.billing import bill
from techconsole.domain.billing_types import Job, Part, WorkSession
from techconsole.domain.incident_clocks import ClockInputs
from techconsole.domain.lateness import (
    AGREED,
    GUARANTEE,
    PROMISE,
    ArrivalTerm,
    arrival_term,
    beyond_guarantee,
    on_site_guarantee,
)
from techconsole.domain.sla import Changed, Paused, Resumed

D = Decimal
MONDAY_9 = rome(2026, 11, 23, 9, 0)  # the urgent request arrives (an open Monday)


@pytest.fixture(scope="module")
def onsite():
    path = REPO / "data/policies/onsite-tech.toml"
    return load_policy(path.read_text(encoding="utf-8"), str(path))


def inputs(urgent: bool = True, **kwargs) -> ClockInputs:
    return ClockInputs(MONDAY_9, "contract", "N", urgent, **kwargs)


def job_bill(onsite, job: Job, minutes: int = 60):
    """One on-site session of ``minutes`` from the arrival: 3 scatti for an hour."""
    start = job.on_site_at or MONDAY_9
    sessions = [WorkSession(start, start + timedelta(minutes=minutes), "on_site")]
    calendar = onsite.plan("contract").calendar
    return bill(onsite.billing, calendar, job, sessions, [Part("Cavo di rete", D(1), D("8.50"))])


# --- the guarantee: the on-site clock's due time ---------------------------------------


def test_the_guarantee_is_four_business_hours_from_the_report(onsite):
    # Mon 09:00 + 4 business hours: 09–13 → Mon 13:00
    assert on_site_guarantee(onsite, inputs(), MONDAY_9) == rome(2026, 11, 23, 13, 0)
    # Mon 11:00 + 4: 11–13 (2 h), lunch, 14–16 (2 h) → Mon 16:00
    later = ClockInputs(rome(2026, 11, 23, 11, 0), "contract", "N", True)
    assert on_site_guarantee(onsite, later, later.arrived) == rome(2026, 11, 23, 16, 0)
    # Fri 16:00 + 4: 16–18 (2 h), the weekend closed, Mon 09–11 (2 h) → Mon 11:00
    friday = ClockInputs(rome(2026, 11, 27, 16, 0), "contract", "N", True)
    assert on_site_guarantee(onsite, friday, friday.arrived) == rome(2026, 11, 30, 11, 0)


def test_no_guarantee_for_a_non_urgent_job(onsite):
    """Non-urgent jobs get a written confirmation within 8 hours, not a visit within 4."""
    assert on_site_guarantee(onsite, inputs(urgent=False), MONDAY_9) is None


def test_made_urgent_later_the_four_hours_still_run_from_the_report(onsite):
    """ "dalla ricezione della segnalazione": triaged urgent at 10:30, due at 13:00."""
    made_urgent = inputs(urgent=False, events=(Changed(rome(2026, 11, 23, 10, 30), urgent=True),))
    now = rome(2026, 11, 23, 10, 30)
    assert on_site_guarantee(onsite, made_urgent, now) == rome(2026, 11, 23, 13, 0)


def test_time_waiting_on_the_customer_does_not_count(onsite):
    # waited 10:00–11:30 on the customer: 1 h before, 1 h 30 min paused → due 14:30 + lunch
    waited = inputs(events=(Paused(rome(2026, 11, 23, 10, 0)), Resumed(rome(2026, 11, 23, 11, 30))))
    # 09–10 (1 h) + 11:30–13 (1 h 30) + 14–15:30 (1 h 30) = 4 h → Mon 15:30
    now = rome(2026, 11, 23, 12, 0)
    assert on_site_guarantee(onsite, waited, now) == rome(2026, 11, 23, 15, 30)
    # while still waiting: the earliest it can be, the 3 h left counted from now (10:30)
    waiting = inputs(events=(Paused(rome(2026, 11, 23, 10, 0)),))
    assert on_site_guarantee(onsite, waiting, rome(2026, 11, 23, 10, 30)) == rome(
        2026, 11, 23, 14, 30
    )


def test_once_on_site_the_guarantee_is_what_it_was(onsite):
    arrived = inputs(milestones=(("on_site", rome(2026, 11, 23, 15, 0)),))
    assert on_site_guarantee(onsite, arrived, rome(2026, 11, 30, 9, 0)) == rome(2026, 11, 23, 13, 0)
    early = inputs(milestones=(("on_site", rome(2026, 11, 23, 11, 0)),))
    assert on_site_guarantee(onsite, early, rome(2026, 11, 30, 9, 0)) == rome(2026, 11, 23, 13, 0)


def test_a_policy_without_an_on_site_clock_guarantees_nothing(policy):
    default = ClockInputs(MONDAY_9, "basic", "A", True)
    assert on_site_guarantee(policy, default, MONDAY_9) is None


# --- the term: the earlier of the guarantee and the promise ----------------------------

GUARANTEED = rome(2026, 11, 23, 13, 0)


@pytest.mark.parametrize(
    ("promise", "agreed", "term"),
    [
        (None, False, ArrivalTerm(GUARANTEE, GUARANTEED)),  # no promise: the guarantee
        (rome(2026, 11, 23, 11, 0), False, ArrivalTerm(PROMISE, rome(2026, 11, 23, 11, 0))),
        (GUARANTEED, False, ArrivalTerm(PROMISE, GUARANTEED)),
        # a later promise nobody agreed to does not move the term
        (rome(2026, 11, 23, 17, 0), False, ArrivalTerm(GUARANTEE, GUARANTEED)),
        # the customer agreed to 17:00: that is the term now
        (rome(2026, 11, 23, 17, 0), True, ArrivalTerm(AGREED, rome(2026, 11, 23, 17, 0))),
    ],
)
def test_the_term(promise, agreed, term):
    assert arrival_term(GUARANTEED, promise, agreed) == term


def test_without_a_guarantee_the_promise_is_the_term():
    promise = rome(2026, 11, 23, 10, 0)
    assert arrival_term(None, promise) == ArrivalTerm(PROMISE, promise)
    assert arrival_term(None, None) is None
    assert beyond_guarantee(None, promise) is False
    assert beyond_guarantee(GUARANTEED, rome(2026, 11, 23, 13, 1)) is True
    assert beyond_guarantee(GUARANTEED, GUARANTEED) is False


# --- the seed's worked examples -----------------------------------------------------------


def test_urgent_no_promise_on_site_at_15_costs_no_call_out_and_no_labour(onsite):
    """Urgent request Mon 09:00, no promise typed, technician on site Mon 15:00: 09–13 and
    14–15 are 5 business hours > 4 → after the term: no call-out, no labour; the cable
    (a material) is still billed."""
    job = Job(
        urgent=True,
        on_site=True,
        on_site_at=rome(2026, 11, 23, 15, 0),
        guaranteed_on_site_at=GUARANTEED,
    )
    result = job_bill(onsite, job)
    assert result.late is not None
    assert result.late.term == ArrivalTerm(GUARANTEE, GUARANTEED)
    assert result.late_by == timedelta(hours=1)  # 13:00–15:00 less the lunch hour
    assert result.discount_percent == D(100)
    assert [(ln.kind, ln.amount) for ln in result.lines] == [
        ("labour", D("120.00")),  # 3 scatti × 40,00
        ("callout", D("30.00")),
        ("discount", D("-150.00")),
        ("material", D("8.50")),
    ]
    assert "guaranteed" in result.lines[2].reason
    assert result.taxable == D("8.50")


def test_urgent_on_site_within_the_four_hours_is_billed_in_full(onsite):
    job = Job(
        urgent=True,
        on_site=True,
        on_site_at=rome(2026, 11, 23, 12, 50),
        guaranteed_on_site_at=GUARANTEED,
    )
    result = job_bill(onsite, job)
    assert result.late is None
    assert result.taxable == D("158.50")  # 120,00 + 30,00 + 8,50


def test_urgent_promise_earlier_than_the_guarantee_is_the_term(onsite):
    """Promised 11:00, on site 12:00: in the guarantee's four hours, but after the time
    "indicato" to the customer → nothing charged for call-out and labour."""
    job = Job(
        urgent=True,
        on_site=True,
        promised_on_site_at=rome(2026, 11, 23, 11, 0),
        on_site_at=rome(2026, 11, 23, 12, 0),
        guaranteed_on_site_at=GUARANTEED,
    )
    result = job_bill(onsite, job)
    assert result.late is not None
    assert result.late.term.kind == PROMISE
    assert result.discount_percent == D(100)


def test_urgent_later_promise_not_agreed_the_guarantee_stays_the_term(onsite):
    job = Job(
        urgent=True,
        on_site=True,
        promised_on_site_at=rome(2026, 11, 23, 17, 0),
        on_site_at=rome(2026, 11, 23, 16, 0),
        guaranteed_on_site_at=GUARANTEED,
    )
    result = job_bill(onsite, job)
    assert result.late is not None
    assert result.late.term.kind == GUARANTEE
    assert result.late_by == timedelta(hours=2)  # 13–16 less lunch
    assert result.taxable == D("8.50")


def test_urgent_later_promise_the_customer_agreed_to_is_the_term(onsite):
    job = Job(
        urgent=True,
        on_site=True,
        promised_on_site_at=rome(2026, 11, 23, 17, 0),
        promise_agreed=True,
        on_site_at=rome(2026, 11, 23, 16, 0),
        guaranteed_on_site_at=GUARANTEED,
    )
    result = job_bill(onsite, job)
    assert result.late is None
    assert result.taxable == D("158.50")
    late = job_bill(onsite, Job(**{**job_fields(job), "on_site_at": rome(2026, 11, 24, 9, 30)}))
    assert late.late is not None
    assert late.late.term == ArrivalTerm(AGREED, rome(2026, 11, 23, 17, 0))
    assert late.late_by == timedelta(hours=1, minutes=30)  # Mon 17–18, Tue 09–09:30
    assert late.taxable == D("8.50")


def job_fields(job: Job) -> dict:
    return {name: getattr(job, name) for name in Job.__dataclass_fields__}


@pytest.mark.parametrize(
    ("arrived", "hours", "percent", "labour_and_callout"),
    [
        # promised 10:00; the delay in business time, each whole hour 20 %
        (rome(2026, 11, 23, 12, 10), 2, D(40), D("90.00")),  # 2 h 10 min → 2 h → 40 %
        (rome(2026, 11, 23, 10, 59), 0, D(0), D("150.00")),  # 59 min: no whole hour
        (rome(2026, 11, 23, 14, 30), 3, D(60), D("60.00")),  # 10–13 + 14–14:30 = 3 h 30
        # Mon 10–13, 14–18 (7 h) + Tue 09–13, 14–15 (5 h): 12 h × 20 % capped at 100 %
        (rome(2026, 11, 24, 15, 0), 12, D(100), D("0.00")),
    ],
)
def test_non_urgent_promise_missed_20_percent_for_each_whole_hour(
    onsite, arrived, hours, percent, labour_and_callout
):
    """ "sconti del 20% per ogni ora di ritardo": a promise missed by 2 h 10 min is two
    whole hours of delay (the preset's ``hours = "whole"``) → 40 % off call-out and labour
    (150,00 € → 90,00 €), never off the cable."""
    job = Job(
        urgent=False,
        on_site=True,
        promised_on_site_at=rome(2026, 11, 23, 10, 0),
        on_site_at=arrived,
    )
    result = job_bill(onsite, job)
    assert result.discount_percent == percent
    assert result.taxable - result.materials == labour_and_callout
    assert result.materials == D("8.50")
    assert result.late is not None
    assert result.late.term.kind == PROMISE
    assert result.late.hours == hours
