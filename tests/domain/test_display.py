from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from helpers import ROME, rome
from techconsole.domain import display
from techconsole.domain.sla import ClockState, ClockStatus, clock_state

NOW = rome(2026, 11, 28, 11, 0)  # a Saturday

#: this module checks the display's language itself: Italian (the program's default)
#: unless a test asks for English, not the English the rest of tests/domain runs in
pytestmark = pytest.mark.usefixtures("italian")


def state(
    status: ClockStatus,
    *,
    remaining: timedelta | None = timedelta(hours=1),
    opens_at: datetime | None = None,
    stopped_at: datetime | None = None,
    target: timedelta | None = timedelta(hours=4),
    due: datetime | None = None,
) -> ClockState:
    return ClockState(
        clock="response",
        label="Risposta",
        status=status,
        target=target,
        elapsed=timedelta(0),
        remaining=remaining,
        due=due,
        opens_at=opens_at,
        fraction_used=None,
        at_risk=False,
        stopped_at=stopped_at,
    )


@pytest.mark.parametrize(
    ("status", "remaining", "text"),
    [
        (ClockStatus.OK, timedelta(hours=2, minutes=14, seconds=59), "2h 14m"),
        (ClockStatus.WARNING, timedelta(minutes=7), "0h 07m"),
        (ClockStatus.OK, timedelta(hours=52, minutes=5), "52h 05m"),
        (ClockStatus.BREACHED, -timedelta(minutes=12, seconds=30), "\u22120h 12m"),
        (ClockStatus.BREACHED, -timedelta(hours=30), "\u221230h 00m"),
        (ClockStatus.BREACHED, timedelta(0), "\u22120h 00m"),  # due exactly, now past it
    ],
)
def test_countdown_counts_business_time_left(status, remaining, text):
    assert display.countdown(state(status, remaining=remaining), NOW) == text


def test_overdue_uses_a_real_minus_sign():
    text = display.countdown(state(ClockStatus.BREACHED, remaining=-timedelta(minutes=5)), NOW)
    assert text.startswith("\u2212")
    assert "-" not in text


@pytest.mark.parametrize(
    ("status", "text"),
    [
        (ClockStatus.PAUSED, "in pausa"),
        (ClockStatus.MET, "rispettato"),
        (ClockStatus.NO_TARGET, "—"),
    ],
)
def test_countdown_words_in_italian_by_default(status, text):
    assert display.countdown(state(status), NOW) == text


@pytest.mark.parametrize(
    ("status", "text"),
    [(ClockStatus.PAUSED, "paused"), (ClockStatus.MET, "met"), (ClockStatus.NO_TARGET, "—")],
)
def test_countdown_words_in_english(status, text, english):
    assert display.countdown(state(status), NOW) == text


def test_no_clock_reads_as_a_dash():
    assert display.countdown(None, NOW) == "—"


def test_closed_calendar_says_when_it_opens_in_italian():
    opens_utc = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)  # Monday 09:00 in Rome
    closed = state(ClockStatus.CLOSED, opens_at=opens_utc)
    assert display.countdown(closed, NOW) == "apre lun 09:00"
    far = state(ClockStatus.CLOSED, opens_at=rome(2027, 1, 7, 9, 0))
    assert display.countdown(far, rome(2026, 12, 24, 13, 0)) == "apre 07/01 09:00"


def test_closed_calendar_says_when_it_opens_in_the_given_zone(english):
    opens_utc = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)  # Monday 09:00 in Rome
    closed = state(ClockStatus.CLOSED, opens_at=opens_utc)
    assert display.countdown(closed, NOW) == "opens Mon 09:00"  # now's zone: Rome
    assert display.countdown(closed, NOW.astimezone(UTC), ROME) == "opens Mon 09:00"
    assert display.countdown(closed, NOW.astimezone(UTC)) == "opens Mon 08:00"


def test_an_opening_or_a_due_next_to_today_says_today_tomorrow_yesterday():
    """ "apre lun 09:00" read at 06:30 on a Monday: this Monday or the next?"""
    monday_morning = rome(2026, 11, 30, 6, 30)
    today = state(ClockStatus.CLOSED, opens_at=rome(2026, 11, 30, 9, 0))
    assert display.countdown(today, monday_morning) == "apre oggi 09:00"
    sunday_evening = rome(2026, 11, 29, 20, 0)
    assert display.countdown(today, sunday_evening) == "apre domani 09:00"
    assert display.countdown(today, rome(2026, 11, 28, 11, 0)) == "apre lun 09:00"
    due = rome(2026, 11, 27, 18, 0)  # Friday 18:00, read on Saturday: no business minute
    late = state(ClockStatus.BREACHED, due=due, remaining=timedelta(0))
    assert display.countdown(late, rome(2026, 11, 28, 10, 0)) == "scaduto ieri 18:00"
    assert display.countdown(late, rome(2026, 11, 29, 10, 0)) == "scaduto ven 18:00"
    after_midnight = rome(2026, 11, 30, 0, 5)  # the day changes in the policy's zone
    assert display.countdown(today, after_midnight.astimezone(UTC), ROME) == "apre oggi 09:00"


def test_today_and_tomorrow_in_english(english):
    today = state(ClockStatus.CLOSED, opens_at=rome(2026, 11, 30, 9, 0))
    assert display.countdown(today, rome(2026, 11, 30, 6, 30)) == "opens today 09:00"
    assert display.countdown(today, rome(2026, 11, 29, 20, 0)) == "opens tomorrow 09:00"


def test_an_opening_a_week_away_shows_the_date(english):
    closed = state(ClockStatus.CLOSED, opens_at=rome(2027, 1, 7, 9, 0))
    assert display.countdown(closed, rome(2026, 12, 24, 13, 0)) == "opens 07/01 09:00"


def test_countdown_of_a_real_clock_on_a_saturday(policy, english):
    real = clock_state(
        policy,
        "response",
        arrived=rome(2026, 11, 27, 17, 0),  # Friday 17:00, Basic, severity A: 4h
        plan="basic",
        severity="A",
        urgent=False,
        now=NOW,
    )
    assert real.status is ClockStatus.CLOSED
    assert display.countdown(real, NOW) == "opens Mon 09:00"
    monday = rome(2026, 11, 30, 10, 15)
    later = clock_state(
        policy,
        "response",
        arrived=rome(2026, 11, 27, 17, 0),
        plan="basic",
        severity="A",
        urgent=False,
        now=monday,
    )
    assert display.countdown(later, monday) == "1h 45m"  # 1h Friday + 1h15m Monday used


def _due_friday_at_closing(now: datetime, policy) -> ClockState:
    """A Basic clock of severity B (8 business hours) of a request that came on Thursday
    evening: counted from Friday 09:00, due at Friday 18:00, as the plan's hours end."""
    return clock_state(
        policy,
        "response",
        arrived=rome(2026, 11, 26, 19, 30),
        plan="basic",
        severity="B",
        urgent=False,
        now=now,
    )


def test_a_clock_due_as_the_hours_ended_says_when_it_was_due_on_a_saturday(policy):
    """Outside the plan's hours no business time passes, so a clock due at Friday's
    closing is past due by 0h 00m all weekend: "−0h 00m" would read as nothing wrong."""
    real = _due_friday_at_closing(NOW, policy)
    assert real.status is ClockStatus.BREACHED
    assert real.remaining == timedelta(0)
    assert real.due == rome(2026, 11, 27, 18, 0)
    assert display.countdown(real, NOW) == "scaduto ieri 18:00"  # Friday, read on Saturday
    assert display.countdown(real, NOW.astimezone(UTC), ROME) == "scaduto ieri 18:00"
    assert display.glyph(real) == "✖"
    assert display.tone(real) == "breached"


def test_a_clock_due_as_the_hours_ended_in_english(policy, english):
    real = _due_friday_at_closing(NOW, policy)
    assert display.countdown(real, NOW) == "was due yesterday 18:00"
    sunday = rome(2026, 11, 29, 11, 0)
    assert display.countdown(_due_friday_at_closing(sunday, policy), sunday) == (
        "was due Fri 18:00"
    )


def test_the_due_time_shows_until_a_business_minute_has_passed(policy, english):
    friday = rome(2026, 11, 27, 18, 0)
    monday = rome(2026, 11, 30, 9, 0)
    texts = [
        display.countdown(_due_friday_at_closing(now, policy), now)
        for now in (
            friday + timedelta(seconds=59),  # just past due: nothing to explain yet
            friday + timedelta(minutes=1),
            monday + timedelta(seconds=59),  # the hours open again: under a minute counted
            monday + timedelta(minutes=1),
            monday + timedelta(minutes=12, seconds=30),
        )
    ]
    assert texts == [
        "\u22120h 00m",
        "was due today 18:00",
        "was due Fri 18:00",
        "\u22120h 01m",
        "\u22120h 12m",
    ]


def test_a_clock_past_due_by_seconds_before_the_closing_says_when_it_was_due(english):
    """Due at 17:59:30, half a business minute before closing: on Saturday it is past
    due by those 30 seconds, which read "−0h 00m" too."""
    late = state(
        ClockStatus.BREACHED,
        remaining=-timedelta(seconds=30),
        due=rome(2026, 11, 27, 17, 59, 30),
    )
    assert display.countdown(late, NOW) == "was due yesterday 17:59"


def test_a_due_time_a_week_ago_or_more_shows_the_date(english):
    """After a long closure (the company's August holiday) the weekday alone would not
    tell which week."""
    due = rome(2026, 8, 7, 18, 0)
    late = state(ClockStatus.BREACHED, remaining=timedelta(0), due=due)
    assert display.countdown(late, rome(2026, 8, 12, 10, 0)) == "was due Fri 18:00"
    assert display.countdown(late, rome(2026, 8, 13, 18, 0)) == "was due 07/08 18:00"


def test_a_clock_overdue_by_business_minutes_still_counts_them():
    late = state(
        ClockStatus.BREACHED,
        remaining=-timedelta(minutes=1),
        due=rome(2026, 11, 27, 17, 59),
    )
    assert display.countdown(late, NOW) == "\u22120h 01m"


def test_glyphs_tell_every_status_apart_without_colour():
    glyphs = {display.glyph(state(s)) for s in ClockStatus}
    assert len(glyphs) == len(ClockStatus)
    assert all(len(g) == 1 and g.strip() for g in glyphs)
    assert display.glyph(None) == " "


def test_tones():
    assert display.tone(state(ClockStatus.BREACHED)) == "breached"
    assert display.tone(state(ClockStatus.WARNING)) == "warning"
    assert display.tone(state(ClockStatus.PAUSED)) == "paused"
    assert display.tone(state(ClockStatus.OK)) == "ok"
    assert display.tone(None) == "muted"


@pytest.mark.parametrize(
    ("since", "text"),
    [
        (NOW - timedelta(minutes=45, seconds=50), "45m"),
        (NOW - timedelta(hours=3, minutes=5), "3h 05m"),
        (NOW - timedelta(days=2, hours=4, minutes=59), "2d 04h"),
        (NOW + timedelta(minutes=3), "0m"),  # another machine's clock a little ahead
    ],
)
def test_age(since, text):
    assert display.age(since, NOW) == text


def test_a_clock_stopped_late_reads_missed_with_its_own_glyph(english):
    """One meaning per glyph: ✖ is a clock running past due now (the "breached" view),
    ✗ one that stopped after its due time (the milestone came late)."""
    missed = state(ClockStatus.MISSED, remaining=-timedelta(minutes=42), stopped_at=NOW)
    running_late = state(ClockStatus.BREACHED, remaining=-timedelta(minutes=42))
    assert display.countdown(missed, NOW) == "late 0h 42m"
    # missed by seconds: late, not "late 0h 00m"
    by_seconds = state(ClockStatus.MISSED, remaining=-timedelta(seconds=20), stopped_at=NOW)
    assert display.countdown(by_seconds, NOW) == "late 0h 01m"
    assert (display.glyph(missed), display.glyph(running_late)) == ("✗", "✖")
    assert display.tone(missed) == "missed"
    glyphs = [display.glyph(state(status)) for status in ClockStatus]
    assert len(set(glyphs)) == len(glyphs)


def test_headline_prefers_the_running_clock_then_the_last_stopped():
    running = state(ClockStatus.OK)
    met = state(ClockStatus.MET, stopped_at=rome(2026, 11, 27, 10, 0))
    late = state(ClockStatus.MISSED, stopped_at=rome(2026, 11, 27, 12, 0))
    no_target = state(ClockStatus.NO_TARGET, target=None)
    assert display.headline([met, running]) is running
    assert display.headline([met, late]) is late
    assert display.headline([no_target]) is None
    assert display.headline([]) is None


def test_hours_minutes_cuts_toward_zero():
    assert display.hours_minutes(timedelta(minutes=59, seconds=59)) == "0h 59m"
    assert display.hours_minutes(-timedelta(minutes=59, seconds=59)) == "\u22120h 59m"


def test_a_plan_is_said_by_its_label(policy):
    from techconsole.domain.display import plan_words

    assert plan_words(policy, "professional", True) == "Professional 8×7"
    assert plan_words(policy, "none", False) == "Senza contratto"  # no contract said twice
    # a contract plan an incident is not under (the contract had ended), an unknown plan
    assert plan_words(policy, "basic", False) == "Basic 8×5 (senza contratto)"
    assert plan_words(policy, "gold", True) == "gold"
    # the queue's column: the label alone (not under contract shows dim, not in words)
    assert display.plan_label(policy, "basic") == "Basic 8×5"
    assert display.plan_label(policy, "none") == "Senza contratto"
    assert display.plan_label(policy, "gold") == "gold"
