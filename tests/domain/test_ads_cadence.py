"""The reports to a data controller on the agreed cadence (seed 001: "L'operato della
nostra azienda sara' riportato al titolare con cadenza da stabilire tra le parti (file di
log e report)"): each period follows the last one delivered, none skipped, none twice."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from techconsole.domain.ads_cadence import (
    CADENCES,
    MOST_DUE,
    Period,
    add_months,
    due_periods,
    next_period,
)

D = date

# (cadence, agreement starts, last day reported, today, the periods due)
EXAMPLES = [
    # monthly from 1 September; nothing delivered on 4 December: three months due
    ("monthly", D(2026, 9, 1), None, D(2026, 12, 4),
     [(D(2026, 9, 1), D(2026, 9, 30)), (D(2026, 10, 1), D(2026, 10, 31)),
      (D(2026, 11, 1), D(2026, 11, 30))]),
    # September delivered: October and November remain
    ("monthly", D(2026, 9, 1), D(2026, 9, 30), D(2026, 12, 4),
     [(D(2026, 10, 1), D(2026, 10, 31)), (D(2026, 11, 1), D(2026, 11, 30))]),
    # a period is due only once its last day is over: 30 November is not yet
    ("monthly", D(2026, 11, 1), None, D(2026, 11, 30), []),
    ("monthly", D(2026, 11, 1), None, D(2026, 12, 1), [(D(2026, 11, 1), D(2026, 11, 30))]),
    # quarterly from 1 January 2026, reported until 31 March: the second quarter is due
    ("quarterly", D(2026, 1, 1), D(2026, 3, 31), D(2026, 7, 15),
     [(D(2026, 4, 1), D(2026, 6, 30))]),
    # yearly from 15 March
    ("yearly", D(2025, 3, 15), None, D(2026, 3, 15), [(D(2025, 3, 15), D(2026, 3, 14))]),
    # a cadence changed to quarterly after the monthly reports up to October: the next
    # report covers from 1 November, three months
    ("quarterly", D(2026, 1, 1), D(2026, 10, 31), D(2027, 2, 1),
     [(D(2026, 11, 1), D(2027, 1, 31))]),
]  # fmt: skip


@pytest.mark.parametrize(("cadence", "starts", "last", "today", "due"), EXAMPLES)
def test_the_periods_due(cadence, starts, last, today, due):
    found = due_periods(starts, CADENCES[cadence], last, today)
    assert [(p.start, p.end) for p in found] == due
    # no gap, no overlap: each starts the day after the previous one ends
    for before, after in itertools.pairwise(found):
        assert after.start == before.due_on


def test_the_next_period_and_its_due_day():
    upcoming = next_period(D(2026, 12, 1), 1, None)
    assert upcoming == Period(D(2026, 12, 1), D(2026, 12, 31))
    assert upcoming.due_on == D(2027, 1, 1)
    assert next_period(D(2026, 1, 1), 6, D(2026, 6, 30)) == Period(D(2026, 7, 1), D(2026, 12, 31))


def test_months_end_on_the_month_s_last_day():
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert add_months(D(2026, 11, 15), 3) == D(2027, 2, 15)


def test_years_forgotten_are_listed_not_counted_without_end():
    assert len(due_periods(D(1990, 1, 1), 1, None, D(2026, 1, 1))) == MOST_DUE
