"""BusinessCalendar: built directly and from the policy file.

Every expected value is worked out by hand in the comments.  Weekdays used below:
2026-11-27 Fri, 2026-11-30 Mon, 2026-12-07 Mon, 2026-12-24 Thu, 2026-12-31 Thu,
2027-01-04 Mon, 2026-03-28 Sat (spring DST night follows), 2026-10-24 Sat (autumn
DST night follows), 2027-10-01 Fri, 2027-10-04 Mon.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import holidays
import pytest

from helpers import ROME, default_policy_text, load_policy, rome
from techconsole.domain.calendar import BusinessCalendar, Closure, Window
from techconsole.domain.errors import CalendarNeverOpensError, DomainError, NaiveDatetimeError
from techconsole.domain.policy_schema import PolicyError
from techconsole.domain.queue import QueueFacts, queue_key
from techconsole.domain.sla import Changed, clock_state, clock_states

H = timedelta(hours=1)
M = timedelta(minutes=1)
US = timedelta(microseconds=1)

IT = holidays.country_holidays("IT")
OFFICE_DAY = (Window(9 * 60, 13 * 60), Window(14 * 60, 18 * 60))
WEEK_5 = (OFFICE_DAY,) * 5 + ((), ())
ALL_DAY = ((Window(0, 24 * 60),),) * 7
NIGHTS = ((Window(22 * 60, 30 * 60),),) * 7  # 22:00–06:00 every night


def office5(*closures: Closure) -> BusinessCalendar:
    return BusinessCalendar(
        ROME, WEEK_5, is_holiday=IT.__contains__, closures=closures, name="office-5"
    )


ALWAYS = BusinessCalendar(ROME, ALL_DAY, name="always")
NIGHT = BusinessCalendar(ROME, NIGHTS, name="night")
OFFICE = office5()

# A policy with the office calendar in its own variants (closures, subdivisions …).
CUSTOM_TOML = """
name = "custom"
no_contract_plan = "none"

[severities.A]
label = "A"

[clocks.response]
label = "Risposta"

[calendars.office]
timezone = "Europe/Rome"
holidays = "IT"
{holiday_line}
every_day = ["09:00-13:00", "14:00-18:00"]
sat = []
sun = []
{closures}

[calendars.night]
timezone = "Europe/Rome"
every_day = ["22:00-06:00"]

[plans.basic]
label = "Basic"
calendar = "office"
targets.response = "4h"

[plans.night]
label = "Night"
calendar = "night"
holidays_covered = true
targets.response = "4h"

[plans.none]
label = "None"
calendar = "office"
contract = false
"""


def custom_policy(holiday_line: str = "", closures: str = ""):
    return load_policy(CUSTOM_TOML.format(holiday_line=holiday_line, closures=closures))


# -- construction ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end"),
    [(-1, 60), (600, 600), (600, 500), (1440, 1500), (0, 1441), (1320, 2800)],
)
def test_invalid_windows_are_refused(start, end):
    with pytest.raises(DomainError):
        Window(start, end)


def test_a_week_has_seven_days():
    with pytest.raises(DomainError, match="seven"):
        BusinessCalendar(ROME, WEEK_5[:6])


def test_a_calendar_that_never_opens_is_refused_at_construction():
    with pytest.raises(DomainError, match="no open window"):
        BusinessCalendar(ROME, ((),) * 7, name="never")


def test_a_policy_calendar_without_windows_is_refused():
    text = CUSTOM_TOML.format(holiday_line="", closures="").replace(
        'every_day = ["09:00-13:00", "14:00-18:00"]', "every_day = []"
    )
    with pytest.raises(PolicyError) as info:
        load_policy(text)
    assert any(key == "calendars.office" for key, _ in info.value.problems)


def test_a_calendar_closed_every_day_by_holidays_fails_clearly_instead_of_hanging():
    # Windows exist but every day is a holiday: construction cannot know, so the
    # walk must give up with a clear error instead of looping.
    never = BusinessCalendar(ROME, WEEK_5, is_holiday=lambda _day: True, name="never")
    with pytest.raises(CalendarNeverOpensError):
        never.next_opening(rome(2026, 1, 1))
    assert not never.is_open(rome(2026, 11, 30, 10))
    assert never.elapsed(rome(2026, 1, 1), rome(2027, 1, 1)) == timedelta(0)


def test_the_default_policy_builds_the_calendars_of_policy_md(policy):
    assert policy.plan("basic").calendar is policy.plan("none").calendar  # Basic's calendar
    assert policy.plan("basic").holidays_covered is False
    assert policy.plan("professional").holidays_covered is True
    for name in policy.plans:
        assert policy.plan(name).calendar.zone.key == "Europe/Rome"


# -- add / elapsed / is_open / next_opening / next_closing / intervals -----------------


@pytest.mark.parametrize(
    ("start", "duration", "expected"),
    [
        # open at start: 09:00 + 4 h = 13:00 (morning window just filled)
        (rome(2026, 11, 30, 9), 4 * H, rome(2026, 11, 30, 13)),
        # 12:00 + 4 h: 12–13 (1 h), lunch, 14–17 (3 h)
        (rome(2026, 11, 30, 12), 4 * H, rome(2026, 11, 30, 17)),
        # during lunch: starts at 14:00
        (rome(2026, 11, 30, 13, 30), 90 * M, rome(2026, 11, 30, 15, 30)),
        # before opening: 07:00 + 1 min -> 09:01
        (rome(2026, 11, 30, 7), M, rome(2026, 11, 30, 9, 1)),
        # at closing: 18:00 + 1 µs -> Tuesday 09:00:00.000001
        (rome(2026, 11, 30, 18), US, rome(2026, 12, 1, 9, 0, 0, 1)),
        # one week of business time = 40 h: Mon 09:00 -> Fri 18:00
        (rome(2026, 11, 30, 9), 40 * H, rome(2026, 12, 4, 18)),
        # Saturday: waits for Monday
        (rome(2026, 11, 28, 10), 30 * M, rome(2026, 11, 30, 9, 30)),
        # zero duration is the start itself, open or not
        (rome(2026, 11, 28, 10), timedelta(0), rome(2026, 11, 28, 10)),
    ],
)
def test_add_on_the_office_calendar(start, duration, expected):
    due = OFFICE.add(start, duration)
    assert due == expected
    assert due.tzinfo is UTC  # instants come back in UTC; shown in Rome by the caller


def test_add_refuses_a_negative_duration():
    with pytest.raises(DomainError, match="negative"):
        OFFICE.add(rome(2026, 11, 30, 9), -M)


def test_add_accepts_instants_in_any_zone_and_answers_in_the_calendars_zone():
    # 08:00Z on Monday 30 Nov = 09:00 in Rome; + 1 h = 10:00 Rome.
    due = OFFICE.add(datetime(2026, 11, 30, 8, tzinfo=UTC), H)
    assert due.astimezone(ROME).astimezone(ROME).isoformat() == "2026-11-30T10:00:00+01:00"


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (rome(2026, 11, 30, 8), rome(2026, 11, 30, 20), 8 * H),  # a whole day
        (rome(2026, 11, 30, 12), rome(2026, 11, 30, 14), H),  # 12–13 only
        (rome(2026, 11, 30, 13), rome(2026, 11, 30, 14), timedelta(0)),  # lunch
        (rome(2026, 11, 27, 17), rome(2026, 11, 30, 10), 2 * H),  # Fri 17–18 + Mon 9–10
        (rome(2026, 11, 30, 10), rome(2026, 11, 27, 17), -2 * H),  # the weekend, backwards
        (rome(2026, 11, 30, 9), rome(2026, 11, 30, 9), timedelta(0)),
        (rome(2026, 11, 30, 9, 0, 0, 1), rome(2026, 11, 30, 9, 0, 0, 3), 2 * US),
    ],
    ids=["day", "noon", "lunch", "weekend", "backwards", "same", "microseconds"],
)
def test_elapsed_on_the_office_calendar(a, b, expected):
    assert OFFICE.elapsed(a, b) == expected


@pytest.mark.parametrize(
    ("at", "is_open"),
    [
        (rome(2026, 11, 30, 9), True),  # opening instant is open
        (rome(2026, 11, 30, 8, 59, 59, 999999), False),
        (rome(2026, 11, 30, 12, 59, 59, 999999), True),
        (rome(2026, 11, 30, 13), False),  # closing instant is closed (half-open)
        (rome(2026, 11, 30, 14), True),
        (rome(2026, 11, 30, 18), False),
        (rome(2026, 11, 28, 10), False),  # Saturday
        (rome(2026, 11, 29, 10), False),  # Sunday
        (rome(2026, 12, 8, 10), False),  # Immacolata
    ],
)
def test_is_open_on_the_office_calendar(at, is_open):
    assert OFFICE.is_open(at) is is_open


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (rome(2026, 11, 30, 10), rome(2026, 11, 30, 10)),  # open: itself
        (rome(2026, 11, 30, 13), rome(2026, 11, 30, 14)),  # lunch
        (rome(2026, 11, 30, 7), rome(2026, 11, 30, 9)),
        (rome(2026, 11, 27, 18), rome(2026, 11, 30, 9)),  # Friday evening -> Monday
        (rome(2026, 12, 7, 18), rome(2026, 12, 9, 9)),  # Tue 8 Dec closed -> Wednesday
        (rome(2026, 12, 31, 18), rome(2027, 1, 4, 9)),  # 1 Jan, weekend -> Mon 4 Jan
    ],
)
def test_next_opening_on_the_office_calendar(at, expected):
    assert OFFICE.next_opening(at) == expected


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (rome(2026, 11, 30, 9), rome(2026, 11, 30, 13)),
        (rome(2026, 11, 30, 15), rome(2026, 11, 30, 18)),
        (rome(2026, 11, 30, 13), None),  # closed now
        (rome(2026, 11, 28, 10), None),
    ],
)
def test_next_closing_on_the_office_calendar(at, expected):
    assert OFFICE.next_closing(at) == expected


def test_next_closing_of_a_24_7_calendar_is_none():
    assert ALWAYS.next_closing(rome(2026, 6, 1, 12)) is None


def test_next_closing_across_the_utc_new_year():
    # 24/7 but closed on 1 Jan 2027 from 06:00 to 10:00 (local).  From 31 Dec 10:00 the
    # calendar stays open through local midnight and the UTC new year (01:00 local) and
    # closes at 06:00 on 1 January.
    cal = BusinessCalendar(
        ROME, ALL_DAY, closures=(Closure(date(2027, 1, 1), date(2027, 1, 1), 360, 600),)
    )
    assert cal.next_closing(rome(2026, 12, 31, 10)) == rome(2027, 1, 1, 6)
    assert cal.next_opening(rome(2027, 1, 1, 7)) == rome(2027, 1, 1, 10)
    # 31 Dec 10:00 -> 1 Jan 12:00 is 26 real hours minus the 4 closed ones.
    assert cal.elapsed(rome(2026, 12, 31, 10), rome(2027, 1, 1, 12)) == 22 * H


def test_intervals_on_the_office_calendar():
    # Mon 10:00 -> Tue 10:00: [10–13], [14–18] on Monday, [09–10] on Tuesday.
    assert OFFICE.intervals(rome(2026, 11, 30, 10), rome(2026, 12, 1, 10)) == [
        (rome(2026, 11, 30, 10), rome(2026, 11, 30, 13)),
        (rome(2026, 11, 30, 14), rome(2026, 11, 30, 18)),
        (rome(2026, 12, 1, 9), rome(2026, 12, 1, 10)),
    ]
    # Friday 17:00 -> Monday 09:30: nothing on the weekend.
    assert OFFICE.intervals(rome(2026, 11, 27, 17), rome(2026, 11, 30, 9, 30)) == [
        (rome(2026, 11, 27, 17), rome(2026, 11, 27, 18)),
        (rome(2026, 11, 30, 9), rome(2026, 11, 30, 9, 30)),
    ]
    assert OFFICE.intervals(rome(2026, 11, 28), rome(2026, 11, 29)) == []


def test_intervals_of_a_24_7_calendar_are_one_interval_across_the_new_year():
    a, b = rome(2026, 12, 31, 12), rome(2027, 1, 1, 12)
    assert ALWAYS.intervals(a, b) == [(a, b)]


def test_intervals_sum_to_elapsed():
    a, b = rome(2026, 12, 3, 11, 17), rome(2027, 1, 12, 16, 3)
    spans = OFFICE.intervals(a, b)
    assert sum((e - s for s, e in spans), timedelta(0)) == OFFICE.elapsed(a, b)
    # a (Thu 11:17) and b (Tue 16:03) are open, so the ends are clipped to them;
    # every inner end is a real closing.
    assert spans[0][0] == a
    assert spans[-1][1] == b
    for s, e in spans:
        assert OFFICE.is_open(s)
        assert OFFICE.is_open(e - US)
    for _, e in spans[:-1]:
        assert not OFFICE.is_open(e)


def test_the_policy_calendars_agree_with_the_ones_built_by_hand(policy):
    basic = policy.plan("basic").calendar
    professional = policy.plan("professional").calendar
    enterprise = policy.plan("enterprise").calendar
    seven = BusinessCalendar(ROME, (OFFICE_DAY,) * 7)  # holidays covered
    starts = [rome(2026, 1, 1) + k * timedelta(hours=37, minutes=13) for k in range(240)]
    for start in starts:
        for target in (M, 4 * H, 16 * H):
            assert basic.add(start, target) == OFFICE.add(start, target)
            assert professional.add(start, target) == seven.add(start, target)
            assert enterprise.add(start, target) == ALWAYS.add(start, target)


def test_professional_and_enterprise_match_policy_md(policy):
    professional = policy.plan("professional").calendar
    enterprise = policy.plan("enterprise").calendar
    # Professional: Sunday 09:00 is open, 13:30 is not; Enterprise: 03:00 Sunday is open.
    assert professional.is_open(rome(2026, 11, 29, 9))
    assert not professional.is_open(rome(2026, 11, 29, 13, 30))
    assert enterprise.is_open(rome(2026, 11, 29, 3))
    # One week: 7 days × 8 h = 56 h on Professional; 168 h on Enterprise.
    assert professional.elapsed(rome(2026, 11, 30), rome(2026, 12, 7)) == 56 * H
    assert enterprise.elapsed(rome(2026, 11, 30), rome(2026, 12, 7)) == 168 * H


# -- DST ----------------------------------------------------------------------------


def test_24_7_spring_night_counts_real_hours(policy):
    enterprise = policy.plan("enterprise").calendar
    # Sat 28 Mar 20:00+01:00 = 19:00Z; + 12 real hours = 07:00Z = 09:00+02:00.
    due = enterprise.add(rome(2026, 3, 28, 20), 12 * H)
    assert due.astimezone(ROME).astimezone(ROME).isoformat() == "2026-03-29T09:00:00+02:00"
    # The Sunday has 23 hours.
    assert enterprise.elapsed(rome(2026, 3, 29), rome(2026, 3, 30)) == 23 * H
    assert ALWAYS.elapsed(rome(2026, 3, 28, 20), due) == 12 * H


def test_24_7_autumn_night_counts_real_hours(policy):
    enterprise = policy.plan("enterprise").calendar
    # Sat 24 Oct 20:00+02:00 = 18:00Z; + 12 h = 06:00Z = 07:00+01:00.
    due = enterprise.add(rome(2026, 10, 24, 20), 12 * H)
    assert due.astimezone(ROME).astimezone(ROME).isoformat() == "2026-10-25T07:00:00+01:00"
    # The Sunday has 25 hours.
    assert enterprise.elapsed(rome(2026, 10, 25), rome(2026, 10, 26)) == 25 * H
    # The repeated hour is counted twice: 02:30 (first, +02:00) -> 02:30 (second, +01:00).
    first, second = rome(2026, 10, 25, 2, 30), rome(2026, 10, 25, 2, 30, fold=1)
    assert enterprise.elapsed(first, second) == H
    # (compared as text: == between two Rome datetimes looks at wall time, not fold)
    assert enterprise.add(first, H).astimezone(ROME).isoformat() == "2026-10-25T02:30:00+01:00"
    assert enterprise.add(first, H).astimezone(ROME).fold == 1  # the second 02:30
    # 02:30+02:00 = 00:30Z; + 30 min = 01:00Z, the change itself: 02:00+01:00.
    assert enterprise.add(first, 30 * M).astimezone(ROME).isoformat() == "2026-10-25T02:00:00+01:00"


def test_overnight_window_on_the_spring_night_lasts_7_hours():
    # 22:00 Sat (+01:00) -> 06:00 Sun (+02:00): 21:00Z -> 04:00Z = 7 real hours.
    assert NIGHT.elapsed(rome(2026, 3, 28, 12), rome(2026, 3, 29, 12)) == 7 * H
    assert NIGHT.intervals(rome(2026, 3, 28, 12), rome(2026, 3, 29, 12)) == [
        (rome(2026, 3, 28, 22), rome(2026, 3, 29, 6)),
    ]
    # 7 h from opening fill the night exactly: due at closing, 06:00+02:00.
    due = NIGHT.add(rome(2026, 3, 28, 22), 7 * H)
    assert due.astimezone(ROME).astimezone(ROME).isoformat() == "2026-03-29T06:00:00+02:00"
    # One minute more waits for the next night: 22:01 on Sunday.
    assert NIGHT.add(rome(2026, 3, 28, 22), 7 * H + M) == rome(2026, 3, 29, 22, 1)
    # 4 h from 22:00+01:00 (21:00Z) = 01:00Z = 03:00+02:00 (02:xx does not exist).
    assert (
        NIGHT.add(rome(2026, 3, 28, 22), 4 * H).astimezone(ROME).isoformat()
        == "2026-03-29T03:00:00+02:00"
    )
    # A normal night before it has 8 hours.
    assert NIGHT.elapsed(rome(2026, 3, 27, 12), rome(2026, 3, 28, 12)) == 8 * H


def test_overnight_window_on_the_autumn_night_lasts_9_hours():
    # 22:00 Sat (+02:00) -> 06:00 Sun (+01:00): 20:00Z -> 05:00Z = 9 real hours.
    assert NIGHT.elapsed(rome(2026, 10, 24, 12), rome(2026, 10, 25, 12)) == 9 * H
    # 8 h from 22:00+02:00 (20:00Z) = 04:00Z = 05:00+01:00, not 06:00.
    assert (
        NIGHT.add(rome(2026, 10, 24, 22), 8 * H).astimezone(ROME).isoformat()
        == "2026-10-25T05:00:00+01:00"
    )
    assert (
        NIGHT.add(rome(2026, 10, 24, 22), 9 * H).astimezone(ROME).isoformat()
        == "2026-10-25T06:00:00+01:00"
    )
    assert NIGHT.is_open(rome(2026, 10, 25, 2, 30))
    assert NIGHT.is_open(rome(2026, 10, 25, 2, 30, fold=1))
    assert NIGHT.next_closing(rome(2026, 10, 24, 23)) == rome(2026, 10, 25, 6)
    assert NIGHT.next_opening(rome(2026, 10, 25, 6)) == rome(2026, 10, 25, 22)


def test_overnight_window_from_the_policy_file_counts_real_hours():
    night = custom_policy().plan("night").calendar
    assert night.elapsed(rome(2026, 3, 28, 12), rome(2026, 3, 29, 12)) == 7 * H
    assert night.elapsed(rome(2026, 10, 24, 12), rome(2026, 10, 25, 12)) == 9 * H
    # The two DST nights together: 7 + 9 = 16 = 2 × 8, so the year still has 365 × 8 h.
    assert night.elapsed(rome(2026, 1, 1, 12), rome(2027, 1, 1, 12)) == 365 * 8 * H


def test_office_hours_are_untouched_by_the_dst_weekends(policy):
    basic = policy.plan("basic").calendar
    # Fri 27 Mar 17:00 (+01:00) -> Mon 30 Mar 10:00 (+02:00): 1 h + 1 h.
    assert basic.elapsed(rome(2026, 3, 27, 17), rome(2026, 3, 30, 10)) == 2 * H
    assert (
        basic.add(rome(2026, 3, 27, 17), 2 * H).astimezone(ROME).isoformat()
        == "2026-03-30T10:00:00+02:00"
    )
    assert (
        basic.add(rome(2026, 10, 23, 17), 2 * H).astimezone(ROME).isoformat()
        == "2026-10-26T10:00:00+01:00"
    )


# -- holidays ---------------------------------------------------------------------------

HAS_SAN_FRANCESCO = date(2026, 10, 4) in IT and date(2027, 10, 4) in IT


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 1, 1),  # Capodanno (Thu)
        date(2026, 1, 6),  # Epifania (Tue)
        date(2026, 4, 6),  # Lunedì dell'Angelo (Mon)
        date(2026, 5, 1),  # Festa del Lavoro (Fri)
        date(2026, 6, 2),  # Festa della Repubblica (Tue)
        date(2026, 12, 8),  # Immacolata (Tue)
        date(2026, 12, 25),  # Natale (Fri)
        date(2027, 4, 26),  # 25 April 2027 is a Sunday: Monday 26 is open (control)
        date(2027, 12, 8),  # Immacolata (Wed)
    ],
)
def test_basic_is_closed_on_weekday_national_holidays_professional_is_open(policy, day):
    basic = policy.plan("basic").calendar
    professional = policy.plan("professional").calendar
    ten = datetime(day.year, day.month, day.day, 10, tzinfo=ROME)
    assert day.weekday() < 5
    is_holiday = day != date(2027, 4, 26)
    assert basic.is_open(ten) is not is_holiday
    assert basic.is_closed_day(day) is is_holiday
    assert professional.is_open(ten)  # holidays covered
    assert not professional.is_closed_day(day)


@pytest.mark.skipif(
    not HAS_SAN_FRANCESCO, reason="installed holidays package lacks the 4 October holiday"
)
def test_4_october_is_a_national_holiday_from_2026(policy):
    # San Francesco, national holiday again from 2026 (law 151/2025); not before.
    assert date(2025, 10, 4) not in IT
    basic = policy.plan("basic").calendar
    # 2026: a Sunday, closed anyway.  2027: a Monday.
    assert not basic.is_open(rome(2027, 10, 4, 10))
    # Fri 1 Oct 2027 17:00 + 4 h: Fri 17–18 (1 h), weekend, Mon 4 Oct closed,
    # Tue 09–12 (3 h) -> Tue 5 Oct 12:00.
    assert (
        basic.add(rome(2027, 10, 1, 17), 4 * H).astimezone(ROME).isoformat()
        == "2027-10-05T12:00:00+02:00"
    )
    assert policy.plan("professional").calendar.is_open(rome(2027, 10, 4, 10))


def test_subdivision_patron_saint_milan():
    # Check the library first: Sant'Ambrogio (7 Dec) is Milan's, not national.
    milan = holidays.country_holidays("IT", subdiv="MI")
    assert date(2026, 12, 7) in milan
    assert date(2026, 12, 7) not in IT
    policy = custom_policy(holiday_line='holiday_subdivision = "MI"')
    basic = policy.plan("basic").calendar
    assert not basic.is_open(rome(2026, 12, 7, 10))
    assert basic.is_closed_day(date(2026, 12, 7))
    # The examples.md row (16 h from Mon 7 Dec 13:15) in Milan: Mon 7 and Tue 8 closed,
    # Wed 8 h, Thu 8 h -> Thu 10 Dec 18:00 (instead of 13:00 elsewhere).
    due = basic.add(rome(2026, 12, 7, 13, 15), 16 * H)
    assert due.astimezone(ROME).astimezone(ROME).isoformat() == "2026-12-10T18:00:00+01:00"
    # The national calendar of the same file without the subdivision is open that day.
    assert custom_policy().plan("basic").calendar.is_open(rome(2026, 12, 7, 10))


def test_subdivision_patron_saint_rome():
    assert date(2026, 6, 29) in holidays.country_holidays("IT", subdiv="RM")
    assert date(2026, 6, 29) not in IT
    basic = custom_policy(holiday_line='holiday_subdivision = "RM"').plan("basic").calendar
    # Santi Pietro e Paolo, Mon 29 June 2026: Fri 26 17:00 + 2 h -> Tue 30 June 10:00.
    assert not basic.is_open(rome(2026, 6, 29, 10))
    assert (
        basic.add(rome(2026, 6, 26, 17), 2 * H).astimezone(ROME).isoformat()
        == "2026-06-30T10:00:00+02:00"
    )


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ('holiday_subdivision = "XX"', "calendars.office.holiday_subdivision"),
        ('holidays = "ZZ"', "calendars.office.holidays"),
    ],
)
def test_unknown_holiday_country_or_subdivision_is_refused(line, key):
    text = CUSTOM_TOML.format(holiday_line="", closures="")
    if line.startswith("holidays"):
        text = text.replace('holidays = "IT"', line)
    else:
        text = text.replace('holidays = "IT"', f'holidays = "IT"\n{line}')
    with pytest.raises(PolicyError) as info:
        load_policy(text)
    assert key in [k for k, _ in info.value.problems]


def test_subdivision_without_country_is_refused():
    text = CUSTOM_TOML.format(holiday_line='holiday_subdivision = "MI"', closures="").replace(
        'holidays = "IT"\n', ""
    )
    with pytest.raises(PolicyError, match="holiday_subdivision"):
        load_policy(text)


# -- closures --------------------------------------------------------------------------

CHRISTMAS_EVE = Closure(date(2000, 12, 24), date(2000, 12, 24), start=13 * 60, yearly=True)
WINTER = Closure(date(2000, 12, 28), date(2000, 1, 3), reason="chiusura", yearly=True)

CLOSURES_TOML = """
[[calendars.office.closures]]
date = "12-24"
from = "13:00"
yearly = true
reason = "Vigilia"

[[calendars.office.closures]]
date = "12-28"
last_date = "01-03"
yearly = true
reason = "Chiusura invernale"
"""


def test_partial_day_closure_christmas_eve_from_13():
    cal = office5(CHRISTMAS_EVE)
    # Thu 24 Dec 2026: the morning is open, the afternoon is not.
    assert cal.is_open(rome(2026, 12, 24, 12, 59))
    assert not cal.is_open(rome(2026, 12, 24, 14))
    assert cal.next_closing(rome(2026, 12, 24, 10)) == rome(2026, 12, 24, 13)
    # 12:00 + 2 h: 12–13 (1 h); 25 Christmas, 26 Santo Stefano (Sat), 27 Sunday;
    # Mon 28 Dec 09–10 (1 h).
    assert cal.add(rome(2026, 12, 24, 12), 2 * H) == rome(2026, 12, 28, 10)
    assert cal.elapsed(rome(2026, 12, 24), rome(2026, 12, 25)) == 4 * H
    # yearly: again on Fri 24 Dec 2027
    assert not cal.is_open(rome(2027, 12, 24, 15))
    assert cal.is_open(rome(2027, 12, 24, 10))
    # and nothing else changes: 23 Dec is a full day
    assert cal.elapsed(rome(2026, 12, 23), rome(2026, 12, 24)) == 8 * H


def test_partial_closure_inside_a_window():
    # Closed 10:00–11:00 on Mon 30 Nov 2026 only.
    cal = office5(Closure(date(2026, 11, 30), date(2026, 11, 30), start=600, end=660))
    assert cal.elapsed(rome(2026, 11, 30, 9), rome(2026, 11, 30, 13)) == 3 * H
    assert cal.intervals(rome(2026, 11, 30, 9), rome(2026, 11, 30, 13)) == [
        (rome(2026, 11, 30, 9), rome(2026, 11, 30, 10)),
        (rome(2026, 11, 30, 11), rome(2026, 11, 30, 13)),
    ]
    # 09:30 + 1 h: 09:30–10:00, closed, 11:00–11:30.
    assert cal.add(rome(2026, 11, 30, 9, 30), H) == rome(2026, 11, 30, 11, 30)
    # not yearly: the same Monday-ish date next year is untouched
    assert cal.is_open(rome(2027, 11, 30, 10, 30))


def test_one_off_multi_day_closure():
    cal = office5(Closure(date(2026, 8, 10), date(2026, 8, 21), reason="ferie"))
    assert not cal.is_open(rome(2026, 8, 10, 10))
    assert not cal.is_open(rome(2026, 8, 21, 17))
    assert cal.is_open(rome(2026, 8, 24, 9))
    assert cal.is_open(rome(2027, 8, 12, 10))  # not yearly
    # Fri 7 Aug 17:00 + 2 h -> Mon 24 Aug 10:00.
    assert cal.add(rome(2026, 8, 7, 17), 2 * H) == rome(2026, 8, 24, 10)


def test_yearly_closure_that_wraps_the_new_year():
    cal = office5(WINTER)
    # 28 Dec 2026 (Mon) – 3 Jan 2027 (Sun) closed; Thu 24 Dec is a full day.
    for day in (date(2026, 12, 28), date(2026, 12, 31), date(2027, 1, 2)):
        assert not cal.is_open(datetime(day.year, day.month, day.day, 10, tzinfo=ROME))
    # The closure begun in December 2025 still closes Fri 2 Jan 2026 …
    assert not cal.is_open(rome(2026, 1, 2, 10))
    # … and the one of December 2027 closes Thu 30 Dec 2027.
    assert not cal.is_open(rome(2027, 12, 30, 10))
    # Thu 24 Dec 2026 16:00 + 4 h: 16–18 (2 h); 25 Christmas; weekend; 28 Dec–3 Jan
    # closed; Mon 4 Jan 2027 09–11 (2 h).  Due in the next year.
    due = cal.add(rome(2026, 12, 24, 16), 4 * H)
    assert due.astimezone(ROME).astimezone(ROME).isoformat() == "2027-01-04T11:00:00+01:00"
    # 24 Dec 2026 00:00 -> 8 Jan 2027 00:00: 24 Dec (8 h) + Mon 4, Tue 5 (16 h),
    # Wed 6 Epifania closed, Thu 7 (8 h) = 32 h.
    assert cal.elapsed(rome(2026, 12, 24), rome(2027, 1, 8)) == 32 * H


def test_closures_from_the_policy_file():
    basic = custom_policy(closures=CLOSURES_TOML).plan("basic").calendar
    assert basic.closures[0].reason == "Vigilia"
    assert not basic.is_open(rome(2026, 12, 24, 14))
    assert basic.is_open(rome(2026, 12, 24, 12))
    assert not basic.is_open(rome(2026, 12, 30, 10))
    assert not basic.is_open(rome(2026, 1, 2, 10))
    # Thu 24 Dec 2026 12:00 + 2 h: 12–13 (1 h); afternoon closed; 25–27 closed;
    # 28 Dec–3 Jan closed; Mon 4 Jan 2027 09–10 (1 h).
    assert (
        basic.add(rome(2026, 12, 24, 12), 2 * H).astimezone(ROME).isoformat()
        == "2027-01-04T10:00:00+01:00"
    )


@pytest.mark.parametrize(
    ("closure", "message"),
    [
        ('date = "12-24"', "yearly"),  # MM-DD needs yearly
        ("date = 2026-12-24\nlast_date = 2026-12-20", "ends before it starts"),
        ('date = 2026-12-24\nfrom = "14:00"\nto = "13:00"', "closes before it opens"),
        ('date = "Dec 24"\nyearly = true', "not a date"),
    ],
)
def test_invalid_closures_are_refused(closure, message):
    with pytest.raises(PolicyError, match=message) as info:
        custom_policy(closures=f"[[calendars.office.closures]]\n{closure}\n")
    assert all(key.startswith("calendars.office.closures") for key, _ in info.value.problems)


# -- year boundaries -------------------------------------------------------------------


def test_due_in_the_next_year():
    # 24/7: 31 Dec 20:00 + 12 h = 1 Jan 08:00.
    assert ALWAYS.add(rome(2026, 12, 31, 20), 12 * H) == rome(2027, 1, 1, 8)
    # 24/7 across the UTC new year (01:00 local): 23:00 + 3 h = 02:00.
    assert ALWAYS.add(rome(2026, 12, 31, 23), 3 * H) == rome(2027, 1, 1, 2)
    # Office: Thu 31 Dec 17:00 + 2 h: 17–18 (1 h); Fri 1 Jan holiday; weekend;
    # Mon 4 Jan 09–10 (1 h).
    assert OFFICE.add(rome(2026, 12, 31, 17), 2 * H) == rome(2027, 1, 4, 10)
    # 100 h from Mon 14 Dec 2026 09:00 on the office calendar:
    # 14–18 Dec 40 h; 21–24 Dec 32 h (72); 25 Christmas; 28–31 Dec 32 h (104 > 100):
    # 28, 29, 30 Dec = 24 h (96), then 4 h on Thu 31 Dec: 09–13 -> 31 Dec 13:00.
    assert OFFICE.add(rome(2026, 12, 14, 9), 100 * H) == rome(2026, 12, 31, 13)
    # + 8 h more: 31 Dec 14–18 (4 h), 1 Jan holiday, Mon 4 Jan 09–13 (4 h).
    assert OFFICE.add(rome(2026, 12, 14, 9), 108 * H) == rome(2027, 1, 4, 13)


def test_elapsed_across_years():
    assert OFFICE.elapsed(rome(2026, 12, 31, 17), rome(2027, 1, 4, 10)) == 2 * H
    # 24/7: 2025, 2026, 2027 are common years: 1095 days of real time; 2028 is leap.
    assert ALWAYS.elapsed(rome(2025, 1, 1), rome(2028, 1, 1)) == timedelta(days=1095)
    assert ALWAYS.elapsed(rome(2025, 1, 1), rome(2029, 1, 1)) == timedelta(days=1461)
    # Office: 2025 has 261 weekdays, 10 of them holidays (1 Jan, 6 Jan, 21 Apr, 25 Apr,
    # 1 May, 2 Jun, 15 Aug, 8 Dec, 25 Dec, 26 Dec) -> 251 days = 2008 h.
    # 2026 has 261 weekdays, 7 of them holidays (1 Jan, 6 Jan, 6 Apr, 1 May, 2 Jun,
    # 8 Dec, 25 Dec) -> 254 days = 2032 h.
    assert OFFICE.elapsed(rome(2025, 1, 1), rome(2026, 1, 1)) == 2008 * H
    assert OFFICE.elapsed(rome(2026, 1, 1), rome(2027, 1, 1)) == 2032 * H
    assert OFFICE.elapsed(rome(2025, 1, 1), rome(2027, 1, 1)) == 4040 * H
    assert OFFICE.elapsed(rome(2027, 1, 1), rome(2025, 1, 1)) == -4040 * H
    # Professional-like (7 days, holidays covered): 365 × 8 h in 2026.
    seven = BusinessCalendar(ROME, (OFFICE_DAY,) * 7)
    assert seven.elapsed(rome(2026, 1, 1), rome(2027, 1, 1)) == 2920 * H


# -- naive datetimes -------------------------------------------------------------------

NAIVE = datetime(2026, 11, 30, 10)
AWARE = rome(2026, 11, 30, 10)


@pytest.mark.parametrize(
    "call",
    [
        lambda p: p.plan("basic").calendar.add(NAIVE, H),
        lambda p: p.plan("basic").calendar.elapsed(NAIVE, AWARE),
        lambda p: p.plan("basic").calendar.elapsed(AWARE, NAIVE),
        lambda p: p.plan("basic").calendar.is_open(NAIVE),
        lambda p: p.plan("basic").calendar.next_opening(NAIVE),
        lambda p: p.plan("basic").calendar.next_closing(NAIVE),
        lambda p: p.plan("basic").calendar.intervals(NAIVE, AWARE),
        lambda p: clock_state(
            p, "response", arrived=NAIVE, plan="basic", severity="A", urgent=False, now=AWARE
        ),
        lambda p: clock_state(
            p, "response", arrived=AWARE, plan="basic", severity="A", urgent=False, now=NAIVE
        ),
        lambda p: clock_state(
            p,
            "response",
            arrived=AWARE,
            plan="basic",
            severity="A",
            urgent=False,
            events=[Changed(NAIVE, severity="B")],
            now=AWARE,
        ),
        lambda p: clock_states(
            p, arrived=AWARE, plan="basic", severity="A", urgent=False, now=NAIVE
        ),
        lambda p: clock_states(
            p,
            arrived=AWARE,
            plan="basic",
            severity="A",
            urgent=False,
            events=[Changed(AWARE, urgent=True)],
            now=NAIVE,
        ),
        lambda p: clock_states(
            p,
            arrived=AWARE,
            plan="basic",
            severity="A",
            urgent=False,
            events=[Changed(NAIVE, urgent=True)],
            now=AWARE,
        ),
        lambda p: queue_key(p, QueueFacts("1", True, False, "A", NAIVE, AWARE)),
        lambda p: queue_key(p, QueueFacts("1", True, False, "A", AWARE, NAIVE)),
    ],
    ids=[
        "add",
        "elapsed-start",
        "elapsed-end",
        "is_open",
        "next_opening",
        "next_closing",
        "intervals",
        "clock_state-arrived",
        "clock_state-now",
        "clock_state-event",
        "clock_states-now",
        "clock_states-now-with-urgency-change",
        "clock_states-urgency-change",
        "queue_key-due",
        "queue_key-arrived",
    ],
)
def test_naive_datetimes_are_refused_everywhere(policy, call):
    with pytest.raises(NaiveDatetimeError, match="no time zone"):
        call(policy)


def test_default_policy_text_is_the_file_the_fixture_loads(policy):
    assert load_policy(default_policy_text()).plans.keys() == policy.plans.keys()
