"""The timer's words: the end of a forgotten timer as typed (policy zone, DST nights
refused), the stopwatch, and the figures so far by the policy's billing rules."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from techconsole.services.policies import load
from techconsole.services.work.timer_views import SessionView
from techconsole.tui.roles import HIGHLIGHTED
from techconsole.tui.timer import figures
from techconsole.tui.timer.when import NotATime, parse_end
from techconsole.tui.widgets.text import stopwatch

ROME = ZoneInfo("Europe/Rome")
STARTED = datetime(2026, 11, 22, 8, 0, tzinfo=ROME)


@pytest.fixture(autouse=True)
def _english(english: None) -> None:
    """These tests read the timer bar's words in English (``language = "en"``); the
    Italian default is in the snapshots and the timer text's Italian test."""


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("18:30", datetime(2026, 11, 22, 18, 30, tzinfo=ROME)),  # the day it started
        (" 9.05 ", datetime(2026, 11, 22, 9, 5, tzinfo=ROME)),
        ("23/11 01:15", datetime(2026, 11, 23, 1, 15, tzinfo=ROME)),
        ("23/11/2026 01:15", datetime(2026, 11, 23, 1, 15, tzinfo=ROME)),
        ("2026-11-23T01:15", datetime(2026, 11, 23, 1, 15, tzinfo=ROME)),
        ("2026-11-23T00:15+00:00", datetime(2026, 11, 23, 0, 15, tzinfo=UTC)),
    ],
)
def test_an_end_is_read_in_the_policy_zone(typed: str, meant: datetime):
    assert parse_end(typed, ROME, STARTED) == meant


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("", "type when you really stopped"),
        ("verso le sei", "is not a time; write it like 18:30"),
        ("25:00", "'25:00' is not a time of day"),
        ("31/02 10:00", "'31/02 10:00' is not a date"),
        ("29/03/2026 02:30", "does not exist in Europe/Rome (the clocks jump forward)"),
        ("25/10/2026 02:30", "happens twice in Europe/Rome (the clocks go back)"),
    ],
)
def test_what_cannot_be_an_end_is_refused_with_the_reason(typed: str, said: str):
    with pytest.raises(NotATime, match=said.replace("(", r"\(").replace(")", r"\)")):
        parse_end(typed, ROME, STARTED)


def test_the_stopwatch_counts_hours_past_a_day():
    assert stopwatch(timedelta(0)) == "0:00:00"
    assert stopwatch(timedelta(hours=1, minutes=5, seconds=12)) == "1:05:12"
    assert stopwatch(timedelta(hours=26, seconds=59.9)) == "26:00:59"


def _running() -> SessionView:
    return SessionView(
        1, 1, "2026-000001", "Server fermo", "anna", "on_site", STARTED, None, "", 0,
        Decimal("0.00"), False,
    )  # fmt: skip


def test_the_figures_so_far_follow_the_billing_rules():
    policy = load("default")
    session = _running()
    now = STARTED + timedelta(minutes=21)
    assert figures.so_far(policy, session, now) == (timedelta(minutes=21), 2, Decimal("80.00"))
    nearest = replace(policy, billing=replace(policy.billing, rounding="nearest"))
    assert figures.so_far(nearest, session, now)[1:] == (1, Decimal("40.00"))
    assert figures.scatti(1) == "1 scatto"
    assert figures.scatti(4) == "4 scatti"


@pytest.mark.parametrize(("free", "said"), [(None, False), (False, False), (True, True)])
def test_the_bar_says_when_the_work_is_free_of_charge(free: bool | None, said: bool):
    """On a free incident (warranty, a follow-up…) the bar still says what the work is
    worth, and that the customer does not pay it."""
    policy = load("default")
    session = replace(_running(), free=free)
    _what, shown = figures.running(policy, session, STARTED + timedelta(minutes=21))
    assert "2 scatti · 80,00\xa0€" in shown.plain  # euro amounts are Italian-style
    assert ("free of charge" in shown.plain) is said
    assert shown.plain.endswith("T stop")


def test_a_timer_looks_forgotten_past_midnight_or_the_limit():
    policy = load("default")
    assert figures.stale_reason(policy, STARTED, STARTED + timedelta(hours=10)) is None
    later = STARTED + timedelta(hours=10, minutes=1)
    assert figures.stale_reason(policy, STARTED, later) == "it ran longer than 10h 00m"
    evening = datetime(2026, 11, 22, 23, 0, tzinfo=ROME)
    assert figures.stale_reason(policy, evening, evening + timedelta(hours=1)) == (
        "it ran past midnight"
    )


def test_the_bar_speaks_italian_by_default(policy):
    """With no language setting the idle bar, the scatti and a forgotten timer are said in
    Italian (the words of the catalogue, not the English msgids)."""
    from techconsole.i18n import set_language

    set_language("it")
    what, keys = figures.idle(HIGHLIGHTED)
    assert what.plain == "■ Nessun timer in corso"
    assert keys.plain == "T lo avvia sulla richiesta evidenziata"
    assert figures.scatti(1) == "1 scatto" and figures.scatti(4) == "4 scatti"
    assert figures.kind_word("on_site") == "presso il cliente"
    started = datetime(2026, 11, 23, 20, 0, tzinfo=UTC)
    late = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
    assert figures.stale_reason(policy, started, late) == "è rimasto acceso oltre la mezzanotte"
