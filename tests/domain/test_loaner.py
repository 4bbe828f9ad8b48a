"""The loaner-PC clock of seed 004: "qualora in prima analisi le tempistiche di ripristino
dovessero estendersi oltre le 48 ore, verrà fornito un Pc muletto".

Read as techconsole applies it (README, "Loaner PCs"): a level-2 incident under a contract
whose repair is estimated, when the estimate is given, to take more than ``loaner_after``
makes a loaner due; it is due ``loaner_after`` after that moment, in calendar hours (the
seed says "48 ore", not "ore lavorative"); it stops when a loaner is handed over, or when
the machine is repaired first.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from techconsole.domain.errors import DomainError
from techconsole.domain.incident_clocks import ClockInputs
from techconsole.domain.loaner import (
    CLOCK,
    Estimate,
    LoanerInputs,
    loaner_clock,
    looks_like_repair_time,
    out_for,
    parse_repair_time,
    started,
)
from techconsole.domain.sla import ClockStatus
from techconsole.services import policies

ROME = ZoneInfo("Europe/Rome")
LIMIT = timedelta(hours=48)


def rome(*args: int) -> datetime:
    return datetime(*args, tzinfo=ROME)  # type: ignore[misc]


#: Friday 20 November 2026, 16:00 in Rome: the technician's first analysis on site
FRIDAY = rome(2026, 11, 20, 16, 0)


def level2(*estimates: Estimate, **kwargs: object) -> LoanerInputs:
    return LoanerInputs(contract=True, level=2, estimates=estimates, **kwargs)  # type: ignore[arg-type]


def test_a_repair_estimated_beyond_48_hours_makes_a_loaner_due_48_calendar_hours_later():
    """The seed's case across a weekend: the part arrives Tuesday, so on Friday at 16:00 a
    loaner is due by Sunday 16:00 — calendar hours, through the weekend."""
    inputs = level2(Estimate(FRIDAY, rome(2026, 11, 24, 12, 0)))
    assert started(LIMIT, inputs) == FRIDAY
    state = loaner_clock(LIMIT, inputs, rome(2026, 11, 21, 10, 0))  # Saturday morning
    assert state is not None
    assert state.clock == CLOCK
    assert state.status is ClockStatus.OK
    assert state.due == rome(2026, 11, 22, 16, 0)  # Sunday 16:00
    assert state.elapsed == timedelta(hours=18)
    assert state.remaining == timedelta(hours=30)
    late = loaner_clock(LIMIT, inputs, rome(2026, 11, 23, 9, 0))  # Monday: 17 hours late
    assert late is not None
    assert late.status is ClockStatus.BREACHED
    assert late.remaining == -timedelta(hours=17)


def test_the_limit_counts_calendar_time_not_office_hours():
    """Friday 17:00 to Monday 10:00 is 65 hours: beyond 48 (in office hours it is 3)."""
    inputs = level2(Estimate(rome(2026, 11, 20, 17, 0), rome(2026, 11, 23, 10, 0)))
    assert started(LIMIT, inputs) == rome(2026, 11, 20, 17, 0)


def test_48_hours_exactly_is_not_beyond_them():
    assert started(LIMIT, level2(Estimate(FRIDAY, FRIDAY + LIMIT))) is None
    later = FRIDAY + LIMIT + timedelta(minutes=1)
    assert started(LIMIT, level2(Estimate(FRIDAY, later))) == FRIDAY


def test_across_the_end_of_summer_time_the_48_hours_are_real_hours():
    """Saturday 24 October 2026 10:00 (+02:00) + 48 h is Monday 09:00 (+01:00) on the wall."""
    given = rome(2026, 10, 24, 10, 0)
    state = loaner_clock(LIMIT, level2(Estimate(given, given + timedelta(days=5))), given)
    assert state is not None and state.due is not None
    assert state.due.astimezone(ROME) == rome(2026, 10, 26, 9, 0)


def test_no_loaner_for_level_1_without_a_contract_or_without_the_policy_key():
    estimate = Estimate(FRIDAY, FRIDAY + timedelta(days=5))
    assert started(LIMIT, LoanerInputs(contract=True, level=1, estimates=(estimate,))) is None
    assert started(LIMIT, LoanerInputs(contract=False, level=2, estimates=(estimate,))) is None
    assert loaner_clock(None, level2(estimate), FRIDAY) is None
    assert loaner_clock(LIMIT, None, FRIDAY) is None
    assert loaner_clock(LIMIT, level2(), FRIDAY) is None  # no estimate given


def test_the_clock_starts_when_the_incident_becomes_level_2_after_the_estimate():
    triaged = FRIDAY + timedelta(hours=3)
    inputs = LoanerInputs(
        contract=True,
        level=1,
        levels=((triaged, 2),),
        estimates=(Estimate(FRIDAY, FRIDAY + timedelta(days=4)),),
    )
    assert started(LIMIT, inputs) == triaged
    state = loaner_clock(LIMIT, inputs, triaged)
    assert state is not None and state.due == triaged + LIMIT


def test_a_later_estimate_beyond_the_limit_starts_it_then():
    """A first estimate within 48 hours, then the analysis finds a part to order."""
    second = FRIDAY + timedelta(days=1)
    inputs = level2(
        Estimate(FRIDAY, FRIDAY + timedelta(hours=24)),
        Estimate(second, second + timedelta(days=3)),
    )
    assert started(LIMIT, inputs) == second


def test_a_later_shorter_estimate_does_not_withdraw_the_loaner():
    inputs = level2(
        Estimate(FRIDAY, FRIDAY + timedelta(days=4)),
        Estimate(FRIDAY + timedelta(hours=5), FRIDAY + timedelta(hours=20)),
    )
    state = loaner_clock(LIMIT, inputs, FRIDAY + timedelta(hours=10))
    assert state is not None and state.status is ClockStatus.OK


def test_it_stops_when_a_loaner_is_handed_over_in_time_or_late():
    estimate = Estimate(FRIDAY, FRIDAY + timedelta(days=4))
    lent = FRIDAY + timedelta(hours=30)
    met = loaner_clock(LIMIT, level2(estimate, lent_at=lent), FRIDAY + timedelta(days=3))
    assert met is not None
    assert (met.status, met.stopped_at, met.elapsed) == (ClockStatus.MET, lent, timedelta(hours=30))
    assert not met.at_risk
    late = FRIDAY + timedelta(hours=50)
    missed = loaner_clock(LIMIT, level2(estimate, lent_at=late), FRIDAY + timedelta(days=3))
    assert missed is not None
    assert (missed.status, missed.remaining) == (ClockStatus.MISSED, -timedelta(hours=2))
    # before the hand-over is recorded as happening, the clock still runs
    running = loaner_clock(LIMIT, level2(estimate, lent_at=lent), lent - timedelta(hours=1))
    assert running is not None and running.stopped_at is None


def test_a_loaner_handed_over_before_it_was_due_meets_it_at_once():
    early = FRIDAY - timedelta(hours=1)
    state = loaner_clock(
        LIMIT, level2(Estimate(FRIDAY, FRIDAY + timedelta(days=4)), lent_at=early), FRIDAY
    )
    assert state is not None
    assert (state.status, state.stopped_at, state.elapsed) == (
        ClockStatus.MET,
        FRIDAY,
        timedelta(0),
    )


def test_the_repair_done_first_stops_it_and_before_the_estimate_none_is_due():
    estimate = Estimate(FRIDAY, FRIDAY + timedelta(days=4))
    repaired = FRIDAY + timedelta(hours=20)
    state = loaner_clock(LIMIT, level2(estimate, resolved_at=repaired), repaired)
    assert state is not None
    assert (state.status, state.stopped_at) == (ClockStatus.MET, repaired)
    assert started(LIMIT, level2(estimate, resolved_at=FRIDAY)) is None


def test_a_quarter_left_warns_like_the_sla_clocks():
    inputs = level2(Estimate(FRIDAY, FRIDAY + timedelta(days=4)))
    warned = loaner_clock(LIMIT, inputs, FRIDAY + timedelta(hours=36), Decimal("0.25"))
    assert warned is not None
    assert (warned.status, warned.at_risk) == (ClockStatus.WARNING, True)
    assert warned.fraction_used == 0.75


def test_the_clock_inputs_give_it_apart_from_the_sla_clocks():
    """``ClockInputs.loaner_state`` reads the policy's ``service.loaner_after``: the
    client-contract preset says 48 hours; the default policy has no loaner PCs."""
    inputs = ClockInputs(
        arrived=FRIDAY.astimezone(UTC),
        plan="client",
        severity="N",
        urgent=False,
        loaner=level2(Estimate(FRIDAY, FRIDAY + timedelta(days=4))),
    )
    contract = policies.load("client-contract")
    state = inputs.loaner_state(contract, FRIDAY + timedelta(hours=1))
    assert state is not None and state.label == "Loaner PC"
    assert state.target == timedelta(hours=48)
    assert all(s.clock != CLOCK for s in inputs.states(contract, FRIDAY))
    assert inputs.loaner_state(policies.load("default"), FRIDAY) is None


@pytest.mark.parametrize(
    ("typed", "span"),
    [
        ("3d", timedelta(days=3)),
        ("3g", timedelta(days=3)),
        ("2gg", timedelta(days=2)),
        ("72h", timedelta(hours=72)),
        ("2d12h", timedelta(days=2, hours=12)),
        (" 1d 6h ", timedelta(days=1, hours=6)),
        ("90m", timedelta(minutes=90)),
    ],
)
def test_a_repair_time_reads_in_days_and_hours(typed, span):
    assert parse_repair_time(typed) == span
    assert looks_like_repair_time(typed)


@pytest.mark.parametrize("typed", ["", "3", "tre giorni", "0d", "0h", "999d", "-2d", "2026-11-27"])
def test_anything_else_is_not_a_repair_time(typed):
    with pytest.raises(DomainError):
        parse_repair_time(typed)
    assert not looks_like_repair_time(typed)


def test_out_for_runs_until_it_comes_back():
    assert out_for(FRIDAY, None, FRIDAY + timedelta(hours=5)) == timedelta(hours=5)
    back = FRIDAY + timedelta(days=2)
    assert out_for(FRIDAY, back, FRIDAY + timedelta(days=9)) == timedelta(days=2)
