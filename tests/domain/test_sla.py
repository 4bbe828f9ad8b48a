"""SLA clocks computed from recorded events (policy.md §2, §3, field-notes on pauses).

Dates: Mon 2026-11-30 … Fri 2026-12-04 are plain working days on the Basic calendar
(09–13, 14–18); Fri 2026-11-27 / Sat 28 / Sun 29 the weekend before.  Targets of the
default policy: Basic A 4 h, B 8 h, C 16 h; Enterprise A 1 h, B 2 h, C 12 h.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from helpers import default_policy_text, load_policy, rome
from techconsole.domain.errors import DomainError
from techconsole.domain.sla import (
    Changed,
    ClockStatus,
    Paused,
    Resumed,
    Stopped,
    clock_state,
    clock_states,
    primary,
)

H = timedelta(hours=1)
M = timedelta(minutes=1)
US = timedelta(microseconds=1)
MON = rome(2026, 11, 30, 9)  # Monday 09:00, opening


def basic(policy, severity="A", *, arrived=MON, now, events=(), plan="basic", urgent=False):
    return clock_state(
        policy,
        "response",
        arrived=arrived,
        plan=plan,
        severity=severity,
        urgent=urgent,
        events=events,
        now=now,
    )


# -- statuses --------------------------------------------------------------------------


def test_ok(policy):
    # Basic A from Mon 09:00, now 10:00: 1 h used, 3 h left, due 13:00.
    state = basic(policy, now=rome(2026, 11, 30, 10))
    assert state.status is ClockStatus.OK
    assert state.clock == "response"
    assert state.label == "Risposta"
    assert state.target == 4 * H
    assert state.elapsed == H
    assert state.remaining == 3 * H
    assert state.due == rome(2026, 11, 30, 13)
    assert state.fraction_used == pytest.approx(0.25)
    assert state.at_risk is False
    assert state.opens_at is None
    assert state.stopped_at is None
    assert not state.breached


def test_warning_when_a_quarter_of_the_target_is_left(policy):
    # 11:59: 1 h 01 m left of 4 h (more than 25 %) -> ok.
    assert basic(policy, now=rome(2026, 11, 30, 11, 59)).status is ClockStatus.OK
    # 12:00: 1 h left = 25 % exactly -> warning.
    state = basic(policy, now=rome(2026, 11, 30, 12))
    assert state.status is ClockStatus.WARNING
    assert state.remaining == H
    assert state.at_risk is True
    assert state.fraction_used == pytest.approx(0.75)
    assert state.due == rome(2026, 11, 30, 13)


def test_warning_threshold_comes_from_the_policy():
    text = default_policy_text().replace("warning_left_percent = 25", "warning_left_percent = 50")
    assert "warning_left_percent = 50" in text
    half = load_policy(text)
    assert half.warning_left == Decimal("0.5")
    # 11:00: 2 h of 4 h left = 50 % -> warning under this policy.
    assert basic(half, now=rome(2026, 11, 30, 11)).status is ClockStatus.WARNING
    assert basic(half, now=rome(2026, 11, 30, 10, 59)).status is ClockStatus.OK


def test_breached_due_is_the_crossing_and_remaining_is_negative(policy):
    # Mon 15:00: 09–13 (4 h) + 14–15 (1 h) = 5 h used of 4 h.
    state = basic(policy, now=rome(2026, 11, 30, 15))
    assert state.status is ClockStatus.BREACHED
    assert state.breached
    assert state.elapsed == 5 * H
    assert state.remaining == -H
    assert state.due == rome(2026, 11, 30, 13)  # the instant 4 h were reached
    assert state.fraction_used == pytest.approx(1.25)
    assert state.at_risk is True


def test_breached_after_hours_keeps_the_crossing_as_due(policy):
    # Tuesday 08:00 (closed): 8 h used on Monday; crossed at 13:00 Monday.
    state = basic(policy, now=rome(2026, 12, 1, 8))
    assert state.status is ClockStatus.BREACHED
    assert state.remaining == -4 * H
    assert state.due == rome(2026, 11, 30, 13)
    assert state.opens_at is None


def test_exactly_at_due_is_not_yet_breached_one_microsecond_later_it_is(policy):
    at_due = basic(policy, now=rome(2026, 11, 30, 13))
    assert at_due.remaining == timedelta(0)
    assert at_due.status is not ClockStatus.BREACHED
    later = basic(policy, now=rome(2026, 11, 30, 13) + US)  # lunch: no time counts
    assert later.remaining == timedelta(0)
    assert later.status is ClockStatus.BREACHED
    assert later.due == rome(2026, 11, 30, 13)


def test_paused(policy):
    # Paused at 10:00; now 15:00: only 09–10 counts.
    state = basic(policy, now=rome(2026, 11, 30, 15), events=[Paused(rome(2026, 11, 30, 10))])
    assert state.status is ClockStatus.PAUSED
    assert state.elapsed == H
    assert state.remaining == 3 * H
    assert state.due is None
    assert state.at_risk is False


def test_closed_shows_the_next_opening(policy):
    # Arrived Mon 17:00, now 20:00: 17–18 = 1 h, 3 h left, calendar closed.
    state = basic(policy, arrived=rome(2026, 11, 30, 17), now=rome(2026, 11, 30, 20))
    assert state.status is ClockStatus.CLOSED
    assert state.opens_at == rome(2026, 12, 1, 9)
    assert state.elapsed == H
    assert state.remaining == 3 * H
    assert state.due == rome(2026, 12, 1, 12)  # Tue 09–12


def test_closed_over_the_weekend_and_at_lunch(policy):
    # examples.md row 1 seen on Saturday: opens Monday 09:00, due Monday 12:00.
    state = basic(policy, arrived=rome(2026, 11, 27, 17), now=rome(2026, 11, 28, 10))
    assert state.status is ClockStatus.CLOSED
    assert state.opens_at == rome(2026, 11, 30, 9)
    assert state.due == rome(2026, 11, 30, 12)
    # Lunch on Monday (Basic B, 8 h): 09–13 used, opens at 14:00, due 18:00.
    lunch = basic(policy, "B", now=rome(2026, 11, 30, 13, 30))
    assert lunch.status is ClockStatus.CLOSED
    assert lunch.opens_at == rome(2026, 11, 30, 14)
    assert lunch.due == rome(2026, 11, 30, 18)


def test_met(policy):
    # Answered at 12:00 (3 h used): met, whatever time it is now.
    state = basic(policy, now=rome(2026, 12, 2, 16), events=[Stopped(rome(2026, 11, 30, 12))])
    assert state.status is ClockStatus.MET
    assert state.stopped_at == rome(2026, 11, 30, 12)
    assert state.elapsed == 3 * H
    assert state.remaining == H
    assert state.due == rome(2026, 11, 30, 13)
    assert state.at_risk is False


def test_met_exactly_at_due_and_missed_when_stopped_late(policy):
    on_time = basic(policy, now=rome(2026, 12, 1, 9), events=[Stopped(rome(2026, 11, 30, 13))])
    assert on_time.status is ClockStatus.MET
    assert on_time.remaining == timedelta(0)
    # Stopped at 14:30: 4 h + 30 m used.
    late = basic(policy, now=rome(2026, 12, 1, 9), events=[Stopped(rome(2026, 11, 30, 14, 30))])
    assert late.status is ClockStatus.MISSED  # not BREACHED: that is a clock running late
    assert late.elapsed == 4 * H + 30 * M
    assert late.remaining == -30 * M
    assert late.due == rome(2026, 11, 30, 13)
    assert late.stopped_at == rome(2026, 11, 30, 14, 30)


def test_no_target_for_customers_without_contract(policy):
    state = basic(policy, plan="none", now=rome(2026, 11, 30, 10))
    assert state.status is ClockStatus.NO_TARGET
    assert state.target is None
    assert state.remaining is None
    assert state.due is None
    assert state.fraction_used is None
    assert state.elapsed == H  # still measured on Basic's calendar


def test_unknown_clock_plan_or_severity_is_a_domain_error(policy):
    with pytest.raises(DomainError, match="unknown clock"):
        clock_state(policy, "x", arrived=MON, plan="basic", severity="A", urgent=False, now=MON)
    with pytest.raises(DomainError, match="unknown plan"):
        basic(policy, plan="gold", now=MON)
    with pytest.raises(DomainError, match="unknown severity"):
        basic(policy, "Z", now=MON)


# -- pauses ------------------------------------------------------------------------------


def test_a_pause_over_a_whole_business_day_moves_the_due_by_that_business_time(policy):
    calendar = policy.plan("basic").calendar
    pause, resume = rome(2026, 11, 30, 10), rome(2026, 12, 1, 10)
    # Paused Mon 10:00 -> Tue 10:00 = Mon 10–13, 14–18 + Tue 09–10 = 8 h of business time.
    assert calendar.elapsed(pause, resume) == 8 * H
    plain = basic(policy, "B", now=resume)
    # without the pause: 8 h from Mon 09:00 -> Mon 18:00
    assert plain.due == rome(2026, 11, 30, 18)
    paused = basic(policy, "B", now=resume, events=[Paused(pause), Resumed(resume)])
    # with it: 1 h used (09–10 Mon); 7 h from Tue 10:00 -> 10–13, 14–18 -> Tue 18:00.
    assert paused.elapsed == H
    assert paused.remaining == 7 * H
    assert paused.due == rome(2026, 12, 1, 18)
    assert calendar.elapsed(plain.due, paused.due) == 8 * H
    # and it stays put while the clock runs on
    later = basic(policy, "B", now=rome(2026, 12, 1, 15), events=[Paused(pause), Resumed(resume)])
    assert later.due == paused.due
    assert later.elapsed == H + 4 * H  # + Tue 10–13, 14–15


def test_a_pause_over_the_weekend_is_not_over_credited(policy):
    # Arrived Fri 17:00 (Basic A); paused Fri 17:30, resumed Mon 09:30: the pause hides
    # only 17:30–18:00 and 09:00–09:30 = 1 h of business time, so the due moves from
    # Mon 12:00 to Mon 13:00.  Now Mon 10:00: 30 m Fri + 30 m Mon used, 3 h left.
    events = [Paused(rome(2026, 11, 27, 17, 30)), Resumed(rome(2026, 11, 30, 9, 30))]
    state = basic(policy, arrived=rome(2026, 11, 27, 17), now=rome(2026, 11, 30, 10), events=events)
    assert state.elapsed == H
    assert state.due == rome(2026, 11, 30, 13)


def test_events_are_read_in_time_order_whatever_the_list_order(policy):
    events = [Resumed(rome(2026, 11, 30, 11)), Paused(rome(2026, 11, 30, 10))]
    state = basic(policy, now=rome(2026, 11, 30, 12), events=events)
    # 09–10 and 11–12 count: 2 h, due 12:00 + 2 h = 12–13, 14–15 -> 15:00.
    assert state.elapsed == 2 * H
    assert state.due == rome(2026, 11, 30, 15)
    assert state == basic(policy, now=rome(2026, 11, 30, 12), events=list(reversed(events)))


def test_several_pauses(policy):
    events = [
        Paused(rome(2026, 11, 30, 9, 30)),
        Resumed(rome(2026, 11, 30, 10)),
        Paused(rome(2026, 11, 30, 11)),
        Resumed(rome(2026, 11, 30, 14, 30)),
    ]
    # counted: 09:00–09:30, 10–11, 14:30–15:00 = 2 h; 2 h left from 15:00 -> 17:00.
    state = basic(policy, now=rome(2026, 11, 30, 15), events=events)
    assert state.elapsed == 2 * H
    assert state.due == rome(2026, 11, 30, 17)
    assert state.status is ClockStatus.OK


# -- changes ---------------------------------------------------------------------------------


def test_severity_change_keeps_elapsed_and_applies_the_new_target(policy):
    # C (16 h) at arrival, A (4 h) from 11:00; now 11:30: 2 h 30 m used, 1 h 30 m left.
    state = basic(
        policy,
        "C",
        now=rome(2026, 11, 30, 11, 30),
        events=[Changed(rome(2026, 11, 30, 11), severity="A")],
    )
    assert state.target == 4 * H
    assert state.elapsed == 2 * H + 30 * M
    assert state.remaining == H + 30 * M
    assert state.due == rome(2026, 11, 30, 13)
    assert state.status is ClockStatus.OK


def test_severity_change_does_not_recount_paused_time(policy):
    # GLPI #6902: C from 09:00; paused 10–11; raised to A at 11:30; now 12:00.
    # Counted: 09–10 + 11–12 = 2 h; 2 h left from 12:00: 12–13, 14–15 -> 15:00.
    events = [
        Paused(rome(2026, 11, 30, 10)),
        Resumed(rome(2026, 11, 30, 11)),
        Changed(rome(2026, 11, 30, 11, 30), severity="A"),
    ]
    state = basic(policy, "C", now=rome(2026, 11, 30, 12), events=events)
    assert state.elapsed == 2 * H
    assert state.due == rome(2026, 11, 30, 15)


def test_severity_lowered(policy):
    # A at 09:00, lowered to C (16 h) at 12:00: 3 h used, 13 h left:
    # Mon 12–13, 14–18 (5 h) + Tue 8 h -> Tue 18:00.
    state = basic(
        policy,
        "A",
        now=rome(2026, 11, 30, 12),
        events=[Changed(rome(2026, 11, 30, 12), severity="C")],
    )
    assert state.target == 16 * H
    assert state.remaining == 13 * H
    assert state.due == rome(2026, 12, 1, 18)


def test_severity_raised_after_the_new_target_has_passed_is_breached_at_the_crossing(policy):
    # C from 09:00, raised to A at 14:30: 4 h 30 m used > 4 h; crossed at 13:00.
    state = basic(
        policy,
        "C",
        now=rome(2026, 11, 30, 14, 30),
        events=[Changed(rome(2026, 11, 30, 14, 30), severity="A")],
    )
    assert state.status is ClockStatus.BREACHED
    assert state.remaining == -30 * M
    assert state.due == rome(2026, 11, 30, 13)


def test_plan_change_basic_to_enterprise(policy):
    # Basic C from Fri 17:00: Fri 17–18 = 1 h (Saturday is closed on Basic).
    # Enterprise from Sat 10:00: Saturday counts; target Enterprise C = 12 h.
    # Now Sat 12:00: 1 h + 2 h = 3 h used; 9 h left from 12:00 (24/7) -> Sat 21:00.
    state = basic(
        policy,
        "C",
        arrived=rome(2026, 11, 27, 17),
        now=rome(2026, 11, 28, 12),
        events=[Changed(rome(2026, 11, 28, 10), plan="enterprise")],
    )
    assert state.target == 12 * H
    assert state.elapsed == 3 * H
    assert state.remaining == 9 * H
    assert state.due == rome(2026, 11, 28, 21)
    assert state.status is ClockStatus.OK


def test_plan_change_enterprise_to_basic(policy):
    # Enterprise C from Fri 17:00; Basic from Sat 03:00 after 10 h; Basic C = 16 h,
    # 6 h left, counted on Basic: Mon 09–13, 14–16 -> Mon 16:00.  Closed now.
    state = basic(
        policy,
        "C",
        plan="enterprise",
        arrived=rome(2026, 11, 27, 17),
        now=rome(2026, 11, 28, 3),
        events=[Changed(rome(2026, 11, 28, 3), plan="basic")],
    )
    assert state.elapsed == 10 * H
    assert state.remaining == 6 * H
    assert state.due == rome(2026, 11, 30, 16)
    assert state.status is ClockStatus.CLOSED
    assert state.opens_at == rome(2026, 11, 30, 9)


def test_plan_change_crossing_is_found_on_the_old_calendar(policy):
    # Basic A from Fri 17:00 (1 h by 18:00), Enterprise (A = 1 h) from Sat 10:00:
    # the new 1 h target was reached at Fri 18:00, on Basic's calendar.
    state = basic(
        policy,
        arrived=rome(2026, 11, 27, 17),
        now=rome(2026, 11, 28, 12),
        events=[Changed(rome(2026, 11, 28, 10), plan="enterprise")],
    )
    assert state.elapsed == 3 * H
    assert state.remaining == -2 * H
    assert state.status is ClockStatus.BREACHED
    assert state.due == rome(2026, 11, 27, 18)


def test_change_to_no_contract_has_no_target(policy):
    state = basic(
        policy, now=rome(2026, 11, 30, 12), events=[Changed(rome(2026, 11, 30, 10), plan="none")]
    )
    assert state.status is ClockStatus.NO_TARGET
    assert state.elapsed == 3 * H


def test_events_after_now_are_ignored(policy):
    now = rome(2026, 11, 30, 10)
    future = [
        Paused(rome(2026, 11, 30, 10, 30)),
        Changed(rome(2026, 11, 30, 11), severity="C"),
        Stopped(rome(2026, 11, 30, 12)),
    ]
    assert basic(policy, now=now, events=future) == basic(policy, now=now)
    state = basic(policy, now=now, events=future)
    assert state.status is ClockStatus.OK
    assert state.target == 4 * H
    assert state.stopped_at is None


def test_an_event_exactly_at_now_counts(policy):
    now = rome(2026, 11, 30, 10)
    state = basic(policy, now=now, events=[Stopped(now)])
    assert state.status is ClockStatus.MET
    assert state.elapsed == H


# -- urgency-scoped clocks (seeds 002 / 003) ------------------------------------------------

URGENCY_TOML = """
name = "urgency"
no_contract_plan = "none"

[severities.A]
label = "A"

[severities.B]
label = "B"

[clocks.response]
label = "Presa in carico"

[clocks.onsite]
label = "Tecnico sul posto"
applies = "urgent"

[clocks.confirmation]
label = "Conferma d'intervento"
applies = "not_urgent"

[calendars.office]
holidays = "IT"
every_day = ["09:00-13:00", "14:00-18:00"]
sat = []
sun = []

[plans.std]
label = "Standard"
calendar = "office"
targets.response = { A = "2h", B = "4h" }
targets.onsite = "3h"
targets.confirmation = "8h"

[plans.priority]
label = "Priority"
calendar = "office"
targets.response = { A = "2h", B = "4h", urgent = "1h" }

[plans.none]
label = "None"
calendar = "office"
contract = false
"""


@pytest.fixture(scope="module")
def urgency():
    return load_policy(URGENCY_TOML)


def states(policy, *, urgent, severity="B", plan="std", now, events=(), stops=None):
    return clock_states(
        policy,
        arrived=MON,
        plan=plan,
        severity=severity,
        urgent=urgent,
        events=events,
        stops=stops,
        now=now,
    )


def test_clocks_for_urgent_and_not_urgent(urgency):
    assert [c.name for c in urgency.clocks_for(True)] == ["response", "onsite"]
    assert [c.name for c in urgency.clocks_for(False)] == ["response", "confirmation"]


def test_not_urgent_request_runs_response_and_confirmation(urgency):
    result = states(urgency, urgent=False, now=rome(2026, 11, 30, 10))
    assert [s.clock for s in result] == ["response", "confirmation"]
    # B = 4 h -> 13:00; confirmation 8 h -> 18:00.
    assert [s.due for s in result] == [rome(2026, 11, 30, 13), rome(2026, 11, 30, 18)]
    assert primary(result).clock == "response"


def test_urgent_request_runs_response_and_onsite(urgency):
    result = states(urgency, urgent=True, now=rome(2026, 11, 30, 10))
    assert [s.clock for s in result] == ["response", "onsite"]
    # response B 4 h -> 13:00; on site 3 h -> 12:00: the later clock is the primary one.
    assert [s.due for s in result] == [rome(2026, 11, 30, 13), rome(2026, 11, 30, 12)]
    assert primary(result).clock == "onsite"


def test_a_clock_for_the_other_urgency_has_no_target(urgency):
    state = clock_state(
        urgency, "onsite", arrived=MON, plan="std", severity="A", urgent=False, now=MON
    )
    assert state.status is ClockStatus.NO_TARGET
    assert urgency.target("std", "confirmation", "A", urgent=True) is None
    assert urgency.target("std", "confirmation", "A", urgent=False) == 8 * H


def test_urgent_override_of_a_target(urgency):
    # Priority plan: response is 1 h when urgent, whatever the severity.
    assert urgency.target("priority", "response", "B", urgent=True) == H
    assert urgency.target("priority", "response", "B", urgent=False) == 4 * H
    result = states(urgency, urgent=True, plan="priority", now=MON)
    assert [s.clock for s in result] == ["response", "onsite"]
    assert result[0].due == rome(2026, 11, 30, 10)
    assert result[1].status is ClockStatus.NO_TARGET  # no on-site target on this plan


def test_becoming_urgent_adds_the_onsite_clock_counted_from_arrival(urgency):
    events = [Changed(rome(2026, 11, 30, 10), urgent=True)]
    result = states(urgency, urgent=False, now=rome(2026, 11, 30, 10, 30), events=events)
    assert [s.clock for s in result] == ["response", "onsite"]
    onsite = result[1]
    # elapsed business time is kept: 09:00–10:30 = 1 h 30 m of the 3 h target.
    assert onsite.elapsed == 90 * M
    assert onsite.due == rome(2026, 11, 30, 12)


def test_becoming_urgent_with_an_override_already_past_is_breached(urgency):
    # Priority A (2 h); urgent from 10:30 -> 1 h target, 1 h 30 m used: crossed at 10:00.
    result = states(
        urgency,
        urgent=False,
        severity="A",
        plan="priority",
        now=rome(2026, 11, 30, 10, 30),
        events=[Changed(rome(2026, 11, 30, 10, 30), urgent=True)],
    )
    response = result[0]
    assert response.status is ClockStatus.BREACHED
    assert response.due == rome(2026, 11, 30, 10)
    assert response.remaining == -30 * M


def test_no_longer_urgent_swaps_onsite_for_confirmation(urgency):
    events = [Changed(rome(2026, 11, 30, 10), urgent=False)]
    result = states(urgency, urgent=True, now=rome(2026, 11, 30, 11), events=events)
    assert [s.clock for s in result] == ["response", "confirmation"]
    assert result[1].elapsed == 2 * H
    assert result[1].due == rome(2026, 11, 30, 18)  # 6 h from 11:00: 11–13, 14–18


def test_urgency_changes_after_now_are_ignored(urgency):
    events = [Changed(rome(2026, 11, 30, 12), urgent=True)]
    result = states(urgency, urgent=False, now=rome(2026, 11, 30, 10), events=events)
    assert [s.clock for s in result] == ["response", "confirmation"]


def test_urgency_changes_are_compared_as_instants_on_the_autumn_night(urgency):
    # Urgent from 02:45 (+02:00) = 00:45Z; now is 02:15 (+01:00) = 01:15Z, 30 min later,
    # although its wall time is earlier.  The change has happened.
    result = clock_states(
        urgency,
        arrived=rome(2026, 10, 25, 0),
        plan="std",
        severity="B",
        urgent=False,
        events=[Changed(rome(2026, 10, 25, 2, 45), urgent=True)],
        now=rome(2026, 10, 25, 2, 15, fold=1),
    )
    assert [s.clock for s in result] == ["response", "onsite"]


def test_urgency_changes_are_read_in_time_order(urgency):
    # Urgent from 10:00, not urgent again from 11:00, listed out of order.  At 12:00 the
    # request is not urgent: the clocks are response and confirmation, as clock_state
    # (which sorts the events) agrees.
    events = [
        Changed(rome(2026, 11, 30, 11), urgent=False),
        Changed(rome(2026, 11, 30, 10), urgent=True),
    ]
    result = states(urgency, urgent=False, now=rome(2026, 11, 30, 12), events=events)
    assert [s.clock for s in result] == ["response", "confirmation"]
    assert all(s.status is not ClockStatus.NO_TARGET for s in result)


def test_stops_and_primary(urgency):
    now = rome(2026, 11, 30, 10)
    # Urgent B: on site at 09:45 -> that clock is met; response (due 13:00) is primary.
    result = states(urgency, urgent=True, now=now, stops={"onsite": rome(2026, 11, 30, 9, 45)})
    onsite = next(s for s in result if s.clock == "onsite")
    assert onsite.status is ClockStatus.MET
    assert onsite.elapsed == 45 * M
    assert primary(result).clock == "response"
    # Both stopped: nothing running.
    done = states(
        urgency,
        urgent=True,
        now=now,
        stops={"onsite": rome(2026, 11, 30, 9, 45), "response": rome(2026, 11, 30, 9, 30)},
    )
    assert {s.status for s in done} == {ClockStatus.MET}
    assert primary(done) is None
    assert primary([]) is None


def test_primary_prefers_a_breached_clock_and_puts_paused_ones_last(urgency):
    # Not urgent A (response 2 h) at 12:00: response breached at 11:00; confirmation
    # 8 h running (due 18:00) -> the breached response is the primary clock.
    result = states(urgency, urgent=False, severity="A", now=rome(2026, 11, 30, 12))
    assert result[0].status is ClockStatus.BREACHED
    assert primary(result).clock == "response"
    # Paused clocks have no due; a running one is preferred over them.
    paused = states(
        urgency, urgent=False, now=rome(2026, 11, 30, 12), events=[Paused(rome(2026, 11, 30, 10))]
    )
    assert {s.status for s in paused} == {ClockStatus.PAUSED}
    assert primary(paused) is not None  # still shown, even without a due
    mixed = [paused[0], states(urgency, urgent=False, now=rome(2026, 11, 30, 12))[1]]
    assert primary(mixed).clock == "confirmation"


def test_no_contract_has_no_primary(urgency):
    result = states(urgency, urgent=False, plan="none", now=rome(2026, 11, 30, 10))
    assert {s.status for s in result} == {ClockStatus.NO_TARGET}
    assert primary(result) is None
