"""Customisations and releases (seeds 000, 001), the pure rules: every step from every
status, every day of a year against the high-work months, the contest window and the
test deadline at their edges, the release calendar.

The seed sentences:

- (000) "NON SI EFFETTUANO PERSONALIZZAZIONI SOFTWARE a ridosso, ovvero, in periodo di
  alto lavoro … il 'periodo di alto lavoro' rientra nell'intervallo che va da marzo ad
  agosto."
- (000) "Scaduti 30 gg dalla consegna della personalizzazione ovvero aggiornamento
  ultimo, l'Azienda Cliente non ha più alcun diritto di contestazione sul prodotto
  software ricevuto."
- (001) "Per i Clienti che hanno richiesto delle personalizzazioni "forti" … devono
  testare il software personalizzato entro 15 giorni di calendario solare, dal
  ricevimento della release."
- (001) "Dal 2018 la nostra azienda rilascera' due aggiornamenti l'anno".

Every expected day below is counted on a calendar by hand (the day of the delivery is
day 0), not computed by the program.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from techconsole.domain import change_calendar as cal
from techconsole.domain import changes as c
from techconsole.domain.changes import ChangeRefused, Status, Step
from techconsole.domain.errors import PolicyError
from techconsole.domain.policy_build import parse_policy
from techconsole.domain.policy_rules import ChangeRules
from techconsole.i18n import set_language
from techconsole.services import policies

#: the istes preset's rules (seeds 000, 001)
ISTES = ChangeRules(
    freeze_months=(3, 4, 5, 6, 7, 8), contest_days=30, acceptance_test_days=15, releases_per_year=2
)
NONE = ChangeRules()


@pytest.fixture(autouse=True)
def _english() -> None:
    set_language("en")


def test_the_preset_is_the_seeds_reading():
    assert policies.load("istes").changes == ISTES


# --- the lifecycle ----------------------------------------------------------------------

#: (status, step) → the status it leads to; every pair not listed is refused
ALLOWED = {
    ("requested", "schedule"): "agreed",
    ("agreed", "schedule"): "agreed",  # new dates agreed
    ("contested", "schedule"): "agreed",  # reworked: new dates
    ("agreed", "develop"): "developed",
    ("agreed", "deliver"): "delivered",  # developed by then
    ("developed", "deliver"): "delivered",
    ("delivered", "test"): "tested",
    ("delivered", "accept"): "accepted",
    ("tested", "accept"): "accepted",
    ("delivered", "contest"): "contested",
    ("tested", "contest"): "contested",
}


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("step", list(Step))
def test_every_step_from_every_status(status: Status, step: Step):
    expected = ALLOWED.get((status.value, step.value))
    if expected is not None:
        assert c.after(status, step) == expected
        return
    with pytest.raises(ChangeRefused, match=f"it is {status.value}"):
        c.after(status, step, "customisation #3")


def test_a_refusal_names_the_customisation_and_what_to_do_first():
    with pytest.raises(ChangeRefused) as caught:
        c.after(Status.REQUESTED, Step.DELIVER, "customisation #3")
    assert str(caught.value) == (
        "cannot deliver customisation #3: it is requested; agree its dates first"
    )
    with pytest.raises(ChangeRefused) as caught:
        c.after(Status.ACCEPTED, Step.CONTEST, "customisation #3")
    assert str(caught.value) == "cannot contest customisation #3: it is accepted"
    with pytest.raises(ChangeRefused, match="agree new dates first"):
        c.after(Status.CONTESTED, Step.DELIVER, "customisation #3")


def test_an_accepted_customisation_is_final():
    assert all((Status.ACCEPTED.value, step.value) not in ALLOWED for step in Step)


def test_the_statuses_in_italian():
    assert [c.status_word(s.value, "it") for s in Status] == [
        "richiesta",
        "concordata",
        "sviluppata",
        "consegnata",
        "collaudata",
        "accettata",
        "contestata",
    ]


# --- "da marzo ad agosto" -----------------------------------------------------------------


def _year(year: int) -> list[date]:
    first = date(year, 1, 1)
    return [first + timedelta(days=n) for n in range((date(year + 1, 1, 1) - first).days)]


@pytest.mark.parametrize("year", [2027, 2028])  # 2028 has a 29 February
def test_every_day_of_a_year_against_march_to_august(year: int):
    """Frozen from 1 March to 31 August; the first day allowed after any of them is
    1 September; the last before them is the last day of February."""
    february_end = date(year, 2, 29) if year % 4 == 0 else date(year, 2, 28)
    for day in _year(year):
        in_period = 3 <= day.month <= 8
        assert cal.frozen(ISTES, day) is in_period, day
        assert cal.next_allowed(ISTES, day) == (date(year, 9, 1) if in_period else day), day
        if in_period:
            assert cal.last_allowed_before(ISTES, day) == february_end, day
        elif day.day > 1:
            assert cal.last_allowed_before(ISTES, day) == day - timedelta(days=1), day


def test_without_frozen_months_every_day_is_allowed():
    for day in _year(2027):
        assert not cal.frozen(NONE, day)
        assert cal.next_allowed(NONE, day) == day
    cal.check_work(NONE, date(2027, 3, 1), date(2027, 8, 31))
    cal.check_delivery_day(NONE, date(2027, 6, 15))


def test_the_period_is_said_as_runs_of_months():
    assert cal.period_words(ISTES, "en") == "March to August"
    assert cal.period_words(ISTES, "it") == "marzo–agosto"
    winter = ChangeRules(freeze_months=(12, 1, 11, 6))
    assert cal.period_words(winter, "en") == "June, November to January"
    assert cal.next_allowed(winter, date(2026, 11, 15)) == date(2027, 2, 1)  # across the year
    assert cal.last_allowed_before(winter, date(2027, 1, 20)) == date(2026, 10, 31)


WORK = [
    # start, delivery, the refusal (None: allowed)
    (date(2026, 11, 23), date(2026, 12, 18), None),
    (date(2027, 1, 10), date(2027, 2, 28), None),  # the last day before the period
    (date(2027, 9, 1), date(2027, 10, 15), None),  # the first day after it
    (
        date(2027, 4, 1),
        date(2027, 9, 30),
        "no customisation work starts on 01/04/2027: March to August is the high-work "
        "period; the first day allowed is 01/09/2027",
    ),
    (
        date(2027, 1, 10),
        date(2027, 3, 1),
        "no customisation is delivered on 01/03/2027: March to August is the high-work "
        "period; the first day allowed is 01/09/2027",
    ),
    (
        date(2027, 2, 1),
        date(2027, 9, 30),
        "the work from 01/02/2027 to 30/09/2027 runs through the high-work period (March "
        "to August): deliver by 28/02/2027, or start on 01/09/2027",
    ),
    (
        date(2027, 2, 1),
        date(2027, 1, 31),
        "the delivery (31/01/2027) is before the work starts (01/02/2027)",
    ),
]


@pytest.mark.parametrize(("start", "end", "refusal"), WORK)
def test_work_in_the_high_work_period_is_refused_with_the_first_day_allowed(
    start: date, end: date, refusal: str | None
):
    if refusal is None:
        cal.check_work(ISTES, start, end)
        return
    with pytest.raises(ChangeRefused) as caught:
        cal.check_work(ISTES, start, end)
    assert str(caught.value) == refusal


def test_a_delivery_in_the_period_is_refused_in_italian_too():
    set_language("it")
    with pytest.raises(ChangeRefused) as caught:
        cal.check_delivery_day(ISTES, date(2027, 6, 15))
    assert str(caught.value) == (
        "nessuna personalizzazione si consegna il 15/06/2027: marzo–agosto è il periodo di "
        "alto lavoro; il primo giorno possibile è il 01/09/2027"
    )


# --- "Scaduti 30 gg dalla consegna" and "entro 15 giorni di calendario solare" ---------

#: why a delivery counts as accepted: its contest window or its test deadline passed
W, T = c.BY_CONTEST_WINDOW, c.BY_TEST_DEADLINE
#: (heavy, delivered, tested, day) → the status, why accepted, test by, contest until
STANDINGS = [
    # not heavy, delivered 01/10/2026: contestable to 31/10 (day 30), accepted from 01/11
    (False, "2026-10-01", None, "2026-10-31", "delivered", "", None, "2026-10-31"),
    (False, "2026-10-01", None, "2026-11-01", "accepted", W, None, "2026-10-31"),
    # heavy, delivered 01/10/2026: tested by 16/10 (day 15), else accepted from 17/10
    (True, "2026-10-01", None, "2026-10-16", "delivered", "", "2026-10-16", "2026-10-31"),
    (True, "2026-10-01", None, "2026-10-17", "accepted", T, "2026-10-16", "2026-10-31"),
    # heavy, tested in time: contestable to the end of the window
    (True, "2026-10-01", "2026-10-16", "2026-10-31", "tested", "", "2026-10-16", "2026-10-31"),
    (True, "2026-10-01", "2026-10-16", "2026-11-01", "accepted", W, "2026-10-16", "2026-10-31"),
    # across the end of a short month: 31/01/2027 + 30 days = 02/03/2027, + 15 = 15/02
    (True, "2027-01-31", None, "2027-02-15", "delivered", "", "2027-02-15", "2027-03-02"),
    (False, "2027-01-31", None, "2027-03-02", "delivered", "", None, "2027-03-02"),
    (False, "2027-01-31", None, "2027-03-03", "accepted", W, None, "2027-03-02"),
    # a leap year's February: 31/01/2028 + 30 days = 01/03/2028
    (False, "2028-01-31", None, "2028-03-01", "delivered", "", None, "2028-03-01"),
]  # fmt: skip


def _d(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


@pytest.mark.parametrize(
    ("heavy", "delivered", "tested", "day", "status", "why", "test_by", "until"), STANDINGS
)
def test_where_a_delivery_stands(heavy, delivered, tested, day, status, why, test_by, until):
    recorded = Status.TESTED if tested else Status.DELIVERED
    change = c.Delivery(heavy, recorded, _d(delivered), _d(tested))
    found = c.standing(ISTES, change, date.fromisoformat(day))
    assert (found.status, found.accepted_by, found.test_by, found.contest_until) == (
        status,
        why,
        _d(test_by),
        _d(until),
    )


def test_before_a_delivery_there_are_no_deadlines():
    for status in (Status.REQUESTED, Status.AGREED, Status.DEVELOPED):
        found = c.standing(ISTES, c.Delivery(True, status), date(2026, 11, 23))
        assert (found.status, found.accepted_by, found.test_by, found.contest_until) == (
            status,
            "",
            None,
            None,
        )


def test_without_the_policys_days_a_delivery_waits_for_the_customer():
    late = date(2030, 1, 1)
    found = c.standing(NONE, c.Delivery(True, Status.DELIVERED, date(2026, 10, 1)), late)
    assert (found.status, found.test_by, found.contest_until) == ("delivered", None, None)
    target = c.check_after_delivery(
        NONE, c.Delivery(True, Status.DELIVERED, date(2026, 10, 1)), Step.CONTEST, late
    )
    assert target == "contested"


def test_a_contest_on_the_thirtieth_day_is_taken_and_the_next_day_refused():
    """(000) "Scaduti 30 gg dalla consegna … non ha più alcun diritto di contestazione":
    delivered 01/10/2026, the last day is 31/10/2026."""
    delivered = c.Delivery(False, Status.DELIVERED, date(2026, 10, 1))
    assert c.check_after_delivery(ISTES, delivered, Step.CONTEST, date(2026, 10, 31)) == (
        "contested"
    )
    with pytest.raises(ChangeRefused) as caught:
        c.check_after_delivery(
            ISTES, delivered, Step.CONTEST, date(2026, 11, 1), "customisation #3"
        )
    assert str(caught.value) == (
        "customisation #3 can no longer be contested: the right to contest it ended on "
        "31/10/2026, 30 days after its delivery on 01/10/2026; it counts as accepted"
    )


def test_a_heavy_delivery_not_tested_in_15_days_counts_as_accepted():
    """(001) "devono testare il software personalizzato entro 15 giorni di calendario
    solare": delivered 01/10/2026, tested by 16/10/2026; on 17/10 neither a test nor a
    contest is taken (its contest window would still run to 31/10)."""
    heavy = c.Delivery(True, Status.DELIVERED, date(2026, 10, 1))
    assert c.check_after_delivery(ISTES, heavy, Step.TEST, date(2026, 10, 16)) == "tested"
    for step in (Step.TEST, Step.CONTEST, Step.ACCEPT):
        with pytest.raises(ChangeRefused) as caught:
            c.check_after_delivery(ISTES, heavy, step, date(2026, 10, 17), "customisation #3")
        assert str(caught.value) == (
            "customisation #3 counts as accepted: it was not tested by 16/10/2026, 15 "
            "calendar days after its delivery on 01/10/2026"
        )
    tested = c.Delivery(True, Status.TESTED, date(2026, 10, 1), date(2026, 10, 16))
    assert c.check_after_delivery(ISTES, tested, Step.CONTEST, date(2026, 10, 31)) == ("contested")


def test_a_step_before_the_delivery_day_is_refused():
    delivered = c.Delivery(False, Status.DELIVERED, date(2026, 10, 1))
    with pytest.raises(ChangeRefused) as caught:
        c.check_after_delivery(ISTES, delivered, Step.ACCEPT, date(2026, 9, 30), "customisation #3")
    assert str(caught.value) == "30/09/2026 is before customisation #3 was delivered (01/10/2026)"


# --- "due aggiornamenti l'anno" -----------------------------------------------------------

CALENDARS = [
    (ChangeRules(releases_per_year=1), ((1, 1),)),
    (ChangeRules(releases_per_year=2), ((1, 1), (7, 1))),  # the seed: two a year
    (ChangeRules(releases_per_year=3), ((1, 1), (5, 1), (9, 1))),
    (ChangeRules(releases_per_year=4), ((1, 1), (4, 1), (7, 1), (10, 1))),
    (ChangeRules(releases_per_year=5), ((1, 1), (3, 1), (5, 1), (8, 1), (10, 1))),
    (ChangeRules(releases_per_year=12), tuple((m, 1) for m in range(1, 13))),
    (ChangeRules(release_dates=("10-15", "04-15")), ((4, 15), (10, 15))),
    (ChangeRules(releases_per_year=2, release_dates=("10-15", "04-15")), ((4, 15), (10, 15))),
    (NONE, ()),
]


@pytest.mark.parametrize(("rules", "days"), CALENDARS)
def test_the_release_days_of_a_year(rules: ChangeRules, days):
    assert cal.release_days(rules) == days


def test_the_next_releases_are_after_the_day():
    assert cal.next_releases(ISTES, date(2026, 11, 23), 3) == (
        date(2027, 1, 1),
        date(2027, 7, 1),
        date(2028, 1, 1),
    )
    assert cal.next_releases(ISTES, date(2027, 1, 1)) == (date(2027, 7, 1),)  # not on it
    assert cal.next_releases(ISTES, date(2026, 12, 31)) == (date(2027, 1, 1),)
    assert cal.next_releases(NONE, date(2026, 11, 23), 3) == ()


def test_a_fix_is_linked_to_a_release_day_to_come():
    today = date(2026, 11, 23)
    cal.check_release(ISTES, date(2027, 7, 1), today)
    with pytest.raises(ChangeRefused) as caught:
        cal.check_release(ISTES, date(2027, 2, 1), today)
    assert str(caught.value) == (
        "01/02/2027 is not a release day; the next releases are on 01/01/2027, 01/07/2027, "
        "01/01/2028"
    )
    with pytest.raises(ChangeRefused, match="the release of 01/07/2026 is past"):
        cal.check_release(ISTES, date(2026, 7, 1), today)
    with pytest.raises(ChangeRefused, match="no release calendar"):
        cal.check_release(NONE, date(2027, 1, 1), today)


def test_days_said_to_people():
    today = date(2026, 11, 23)
    assert [c.days_words(today + timedelta(days=n), today) for n in (0, 1, 15, -1, -3)] == [
        "today",
        "tomorrow",
        "in 15 days",
        "1 day ago",
        "3 days ago",
    ]


# --- the policy file ------------------------------------------------------------------


def _policy(extra: str):
    text = policies.resolve("default").read_text(encoding="utf-8")
    return parse_policy(f"{text}\n[changes]\n{extra}\n")


def test_release_dates_are_read_from_the_file():
    rules = _policy('releases_per_year = 2\nrelease_dates = ["10-15", "04-15"]').changes
    assert cal.release_days(rules) == ((4, 15), (10, 15))


@pytest.mark.parametrize(
    ("extra", "said"),
    [
        ('release_dates = ["02-29"]', "'02-29' is not a day of every year"),
        ('release_dates = ["7-1"]', "'7-1' is not a day of the year: write MM-DD"),
        ('release_dates = ["01-01", "01-01"]', "name 01-01 more than once"),
        (
            'releases_per_year = 3\nrelease_dates = ["01-15", "07-15"]',
            "releases_per_year is 3 but release_dates lists 2 days",
        ),
        ("releases_per_year = 13", "less than or equal to 12"),
        ("freeze_months = [1,2,3,4,5,6,7,8,9,10,11,12]", "every month is frozen"),
    ],
)
def test_a_wrong_release_calendar_is_refused_with_the_key(extra: str, said: str):
    with pytest.raises(PolicyError) as caught:
        _policy(extra)
    assert said in str(caught.value)
    assert "changes" in str(caught.value)
