"""The demo's steps fall in the plan's working hours (``demo.hours``), and in the demo."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlmodel import select

from techconsole import demo
from techconsole.demo.hours import WORKDAY, Hours
from techconsole.demo.machines import SERVER_PLACES
from techconsole.demo.times import DAY, HOUR, dt, seconds
from techconsole.domain.policy import Policy
from techconsole.services.context import Context
from techconsole.services.policies import load
from techconsole.store.assets import Asset, AssetInspection, AssetSoftware
from techconsole.store.health import HealthCheck
from techconsole.store.models import Incident, IncidentEvent

from .support import ROME

POLICY = load("default")
#: the demo's span starts well before the examples (November 2026: the 2nd a Monday)
START = seconds(datetime(2026, 10, 1, tzinfo=UTC))


def rome(day: int, hour: int, minute: int = 0) -> int:
    """Seconds of ``day`` November 2026, at ``hour``:``minute`` in Rome."""
    return seconds(datetime(2026, 11, day, hour, minute, tzinfo=ROME))


def local(instant: int) -> datetime:
    return dt(instant).astimezone(ROME)


@pytest.fixture
def hours() -> Hours:
    return Hours(POLICY, START, START + 40 * DAY)


def test_a_short_gap_is_that_much_office_time(hours):
    # Friday 6 November 17:00, two hours later: an hour on Friday, the other on Monday.
    assert local(hours.after("basic", rome(6, 17), 2 * HOUR)) == datetime(
        2026, 11, 9, 10, 0, tzinfo=ROME
    )
    # The lunch break is no working time either: 12:30 + 1 h is 14:30.
    assert local(hours.after("basic", rome(4, 12, 30), HOUR)) == datetime(
        2026, 11, 4, 14, 30, tzinfo=ROME
    )
    # Professional works on Saturday; Enterprise at any hour.
    assert local(hours.after("professional", rome(6, 17), 2 * HOUR)) == datetime(
        2026, 11, 7, 10, 0, tzinfo=ROME
    )
    assert hours.after("enterprise", rome(6, 23), 2 * HOUR) == rome(7, 1)


def in_hours(plan: str, instant: int, policy: Policy = POLICY) -> bool:
    """Whether ``instant`` is in ``plan``'s hours, or ends them (a step at 18:00 sharp)."""
    calendar = policy.plan(plan).calendar
    return calendar.is_open(dt(instant)) or calendar.is_open(dt(instant - 1))


def test_a_long_gap_counts_its_rest_at_the_share_of_the_week_the_plan_works(hours):
    # Basic works 40 hours of the week's 168: a drawn gap of 3 days is a workday (8 h)
    # and 64 h × 40/168 of office time (15 h 14 min 17 s).
    assert hours.spent("basic", WORKDAY) == WORKDAY
    assert hours.spent("basic", 3 * DAY) == WORKDAY + 54857
    assert hours.spent("enterprise", 3 * DAY) == 3 * DAY
    # From Monday 9:00: Monday's 8 hours, Tuesday's 8, and 7 h 14 min 17 s of Wednesday.
    landed = local(hours.after("basic", rome(2, 9), 3 * DAY))
    assert landed == datetime(2026, 11, 4, 17, 14, 17, tzinfo=ROME)


def test_steps_keep_their_order_and_stay_in_office_hours(hours):
    arrived = rome(6, 16)  # Friday afternoon
    raws = [arrived + 2 * HOUR, arrived + 3 * HOUR, arrived + 30 * HOUR, arrived + 31 * HOUR]
    at = hours.laying("basic", arrived, raws, rome(20, 12))
    laid = [at(raw) for raw in raws]
    # Friday 18:00 as the office closes, then Monday 10:00; the gap of 27 h drawn is a
    # workday and 19 h × 40/168 (4 h 31 min 25 s) more: Monday's 7 hours left, then
    # Tuesday 9–13 and 14:00 + 1 h 31 min 25 s; an hour on.
    assert [local(t) for t in laid] == [
        datetime(2026, 11, 6, 18, 0, tzinfo=ROME),
        datetime(2026, 11, 9, 10, 0, tzinfo=ROME),
        datetime(2026, 11, 10, 15, 31, 25, tzinfo=ROME),
        datetime(2026, 11, 10, 16, 31, 25, tzinfo=ROME),
    ]
    assert all(in_hours("basic", t) for t in laid)
    # Enterprise: as drawn
    at = hours.laying("enterprise", arrived, raws, rome(20, 12))
    assert [at(raw) for raw in raws] == raws


def test_steps_that_would_pass_the_limit_shrink_into_the_working_time_before_it(hours):
    arrived, limit = rome(6, 16), rome(9, 10)  # Friday 16:00 to Monday 10:00: 3 office hours
    raws = [arrived + 2 * HOUR, arrived + 5 * HOUR, arrived + 2 * DAY]
    at = hours.laying("basic", arrived, raws, limit)
    laid = [at(raw) for raw in raws]
    assert laid == sorted(laid) and len(set(laid)) == len(laid)
    assert all(arrived < t <= limit and in_hours("basic", t) for t in laid)
    assert laid[-1] == limit  # the last one takes all the working time there is
    # a drawn instant between two steps falls between them too
    assert laid[0] < at(arrived + 3 * HOUR) < laid[1]


def test_with_no_working_time_before_the_limit_the_drawn_times_shrink(hours):
    arrived, limit = rome(7, 10), rome(8, 10)  # Saturday 10:00 to Sunday 10:00 on Basic
    raws = [arrived + HOUR, arrived + 2 * DAY]
    at = hours.laying("basic", arrived, raws, limit)
    # the whole 2 days drawn shrink to the day there is, alike
    assert [at(raw) for raw in raws] == [arrived + HOUR // 2, limit]


def test_the_demo_team_works_in_office_hours(make_ctx: Callable[..., Context]):
    """Every step a technician takes on a Basic or Professional richiesta falls in its
    plan's hours; on an ordinary shift there would be none at night."""
    ctx = make_ctx("anna")
    demo.generate(ctx, seed=7)
    with ctx.db.read() as session:
        plans = dict(session.exec(select(Incident.id, Incident.plan)).all())
        events = session.exec(select(IncidentEvent)).all()
    steps = {"claimed", "acknowledged", "on_site", "resolved", "closed", "note", "account_provided"}
    out_of_hours = []
    counted = 0
    for event in events:
        plan = plans[event.incident_id]
        if event.kind not in steps or plan not in ("basic", "professional"):
            continue
        if event.kind == "resolved" and event.data.get("resolved") is False:
            continue  # an unsolved visit ends when its follow-up is opened (below)
        counted += 1
        if not in_hours(plan, seconds(event.at)):
            out_of_hours.append((event.kind, event.at.astimezone(ROME)))
    assert counted > 300
    # the only ones outside: a richiesta whose plan had no working time before its limit
    assert len(out_of_hours) <= counted // 50, out_of_hours[:10]


@settings(max_examples=300, deadline=None)
@given(
    plan=st.sampled_from(["basic", "professional", "enterprise"]),
    at=st.integers(START - 3 * DAY, START + 45 * DAY),
    worked=st.integers(0, 20 * DAY),
    gap=st.integers(0, 10 * DAY),
)
def test_the_laid_out_hours_agree_with_the_calendar(plan, at, worked, gap):
    """Inside the span laid out and past it (where the calendar answers itself)."""
    laid = Hours(POLICY, START, START + 10 * DAY)._plan(plan)
    calendar = POLICY.plan(plan).calendar
    us = 1_000_000
    assert laid.add(at, worked) == calendar.add_us(at * us, worked * us) // us
    assert laid.elapsed(at, at + gap) == calendar.elapsed_us(at * us, (at + gap) * us) // us


def test_an_unsolved_visit_ends_in_office_hours(make_ctx: Callable[..., Context]):
    """The visit that did not solve the problem ends when its follow-up is opened: on a
    weekday in office hours (Basic's), for the pairs the demo has done with; only a
    follow-up still open arrived when its age says."""
    ctx = make_ctx("anna")
    demo.generate(ctx, incidents=600, seed=3, reports=False)
    with ctx.db.read() as session:
        incidents = session.exec(select(Incident)).all()
    by_id = {i.id: i for i in incidents}
    ends = [
        (follow.arrived_at, by_id[follow.follow_up_of_id].resolved_at)
        for follow in incidents
        if follow.follow_up_of_id is not None and follow.status in ("resolved", "closed")
    ]
    assert len(ends) >= 5
    for arrived, ended in ends:
        assert arrived == ended  # the follow-up opened as the visit ended
        assert in_hours("basic", seconds(ended)), ended.astimezone(ROME)


def test_the_monthly_checks_are_done_in_office_hours(make_ctx: Callable[..., Context]):
    """Seed 004's checks (``--policy client-contract``) on a working day, 9–18: they fell
    every 30 days from the machine's acceptance, on Saturdays and Sundays too.  So are the
    machines' inspections at acceptance and the software verified then and since (a
    machine was taken on, and its antivirus checked, on a Sunday)."""
    ctx = make_ctx("anna", "client-contract")
    demo.generate(ctx, incidents=150, seed=4, reports=False)
    with ctx.db.read() as session:
        done = session.exec(select(HealthCheck.done_at)).all()
        inspected = session.exec(select(AssetInspection.inspected_at)).all()
        verified = session.exec(select(AssetSoftware.verified_at)).all()
        servers = session.exec(select(Asset).where(Asset.kind == "server")).all()
    assert len(done) > 10 and len(inspected) > 10 and len(verified) > 10
    for at in (*done, *inspected, *verified):
        assert in_hours("client", seconds(at), ctx.policy), at.astimezone(ROME)
    assert servers and all(s.location in SERVER_PLACES for s in servers)
