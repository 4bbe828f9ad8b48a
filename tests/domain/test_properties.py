"""Properties of every plan's calendar on random instants of 2025–2028.

The worked examples are a sample; these hold on every instant, DST nights, holidays and
year boundaries included.  Instants come in three zones (the calendar's own, UTC and one
with a half-hour offset) with microseconds; targets from 1 minute to 100 hours, in whole
minutes or whole seconds.

Python compares and subtracts two datetimes that share a tzinfo by their *wall* times
(fold and offset ignored), which is wrong across a DST night; so every comparison here
is made on instants (``utc``).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import ROME, rome
from techconsole.domain.instants import MINUTE, from_us, to_us

PLANS = ("basic", "professional", "enterprise", "none")
US = timedelta(microseconds=1)

ZONES = st.sampled_from([ROME, UTC, timezone(timedelta(hours=-3, minutes=-30))])
FIRST = to_us(rome(2025, 1, 1))
LAST = to_us(rome(2029, 1, 1)) - 1

# Instants where calendars are most likely to go wrong: openings and closings, lunch,
# the overnight hours of both DST nights of each year, holidays and the new year.
DST_SUNDAYS = [
    (2025, 3, 30), (2025, 10, 26), (2026, 3, 29), (2026, 10, 25),
    (2027, 3, 28), (2027, 10, 31), (2028, 3, 26), (2028, 10, 29),
]  # fmt: skip
SPECIAL_DAYS = [
    *DST_SUNDAYS,
    *[(y, 3, d) for y in (2025, 2026, 2027, 2028) for d in (27, 28)],
    (2025, 12, 31), (2026, 1, 1), (2026, 12, 31), (2027, 1, 1), (2027, 12, 31), (2028, 1, 1),
    (2028, 12, 31), (2026, 12, 7), (2026, 12, 8), (2027, 10, 4), (2028, 2, 29),
]  # fmt: skip
BOUNDARIES = sorted(
    {
        to_us(rome(*day, hour, minute, fold=fold))
        for day in SPECIAL_DAYS
        for hour, minute in ((0, 0), (2, 30), (3, 0), (9, 0), (13, 0), (14, 0), (18, 0))
        for fold in (0, 1)
    }
)
NEAR_BOUNDARY = st.tuples(
    st.sampled_from(BOUNDARIES), st.integers(min_value=-2 * MINUTE, max_value=2 * MINUTE)
).map(sum)
INSTANTS = st.builds(
    from_us,
    st.one_of(st.integers(min_value=FIRST, max_value=LAST), NEAR_BOUNDARY),
    ZONES,
)
TARGETS = st.one_of(
    st.integers(min_value=1, max_value=100 * 60).map(lambda m: timedelta(minutes=m)),
    st.integers(min_value=60, max_value=100 * 3600).map(lambda s: timedelta(seconds=s)),
)

PROPERTY = settings(max_examples=200, deadline=None)
plans = pytest.mark.parametrize("plan", PLANS)


def utc(value: datetime) -> datetime:
    """The same instant in UTC, so that ``<``, ``==`` and ``-`` compare instants."""
    return value.astimezone(UTC)


def test_the_properties_cover_every_plan_of_the_default_policy(policy):
    assert set(PLANS) == set(policy.plans)


# Each test checks several properties on one draw: Hypothesis's per-example overhead is
# far larger than the calendar's (~20 µs a call), and every property still sees 200
# examples per plan.


@plans
@PROPERTY
@given(a=INSTANTS, b=INSTANTS, target=TARGETS)
def test_due_is_monotone_in_the_start(policy, plan, a, b, target):
    calendar = policy.plan(plan).calendar
    early, late = sorted((a, b), key=utc)
    assert utc(calendar.add(early, target)) <= utc(calendar.add(late, target))


@plans
@PROPERTY
@given(at=INSTANTS, t1=TARGETS, t2=TARGETS)
def test_due_properties(policy, plan, at, t1, t2):
    calendar = policy.plan(plan).calendar
    small, big = sorted((t1, t2))
    due_small, due_big = calendar.add(at, small), calendar.add(at, big)

    # monotone (strictly) in the target
    assert utc(due_small) <= utc(due_big)
    if small < big:
        assert utc(due_small) < utc(due_big)

    for target, due in ((small, due_small), (big, due_big)):
        assert due.tzinfo is UTC
        assert utc(due) > utc(at)
        # the business time from the start to the due is the target, exactly
        assert calendar.elapsed(at, due) == target
        assert calendar.elapsed(due, at) == -target
        # a due is open, or a closing boundary (open just before it); ``due - US`` on a
        # Rome datetime would be wall arithmetic and drop ``fold``, hence ``utc``
        just_before = utc(due) - US
        assert calendar.is_open(due) or calendar.is_open(just_before)
        # the last microsecond before the due is business time: no earlier due works
        assert calendar.elapsed(at, just_before) == target - US


@plans
@PROPERTY
@given(a=INSTANTS, b=INSTANTS, c=INSTANTS)
def test_elapsed_and_opening_properties(policy, plan, a, b, c):
    calendar = policy.plan(plan).calendar

    # additive, whatever the order of the three instants (so also antisymmetric)
    ab, bc, ac = calendar.elapsed(a, b), calendar.elapsed(b, c), calendar.elapsed(a, c)
    assert ab + bc == ac
    assert calendar.elapsed(b, a) == -ab

    # bounded by real time; equal to it on 24/7
    early, late = sorted((a, b), key=utc)
    real = utc(late) - utc(early)
    business = abs(ab)
    assert timedelta(0) <= business <= real
    if plan == "enterprise":
        assert business == real
    # the open intervals between them (integer µs: fast) add up to the same time, and
    # are sorted, disjoint and not touching (touching ones are merged)
    spans = calendar.intervals_us(to_us(early), to_us(late))
    assert sum(e - s for s, e in spans) == business // US
    for (_, end), (start, _) in pairwise(spans):
        assert end < start

    # next opening: open, not before ``a``, nothing counted in between; the window
    # it opens closes later with all of it business time
    opening = calendar.next_opening(a)
    assert utc(opening) >= utc(a)
    assert calendar.is_open(opening)
    assert calendar.elapsed(a, opening) == timedelta(0)
    assert (utc(opening) == utc(a)) is calendar.is_open(a)
    closing = calendar.next_closing(opening)
    if closing is None:
        assert plan == "enterprise"  # open for years
    else:
        assert utc(closing) > utc(opening)
        assert not calendar.is_open(closing)
        assert calendar.is_open(utc(closing) - US)
        assert calendar.elapsed(opening, closing) == utc(closing) - utc(opening)
