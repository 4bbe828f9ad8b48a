"""Contract terms (seed 001): "La sottoscrizione di un piano ha una durata minima di un anno
con pagamento anticipato" — how long a term of months lasts, which contract is in force,
until when a customer is under contract, and the renewal's dates.

Every expected day below is counted on a calendar, not asked of the program: a term of N
months ends the day before the same day N months later, or on the last day of the month
when that day does not exist.
"""

from __future__ import annotations

from datetime import date

import pytest

from techconsole.domain.contracts import (
    Term,
    cover,
    ends_words,
    in_force,
    latest,
    left_words,
    renewal,
    term_end,
    too_short,
)
from techconsole.i18n import set_language


@pytest.mark.parametrize(
    ("first", "months", "last", "why"),
    [
        (date(2026, 1, 1), 12, date(2026, 12, 31), "a calendar year"),
        (date(2026, 6, 15), 12, date(2027, 6, 14), "the day before 15 June 2027"),
        (date(2026, 3, 1), 1, date(2026, 3, 31), "March has 31 days"),
        (date(2026, 2, 1), 1, date(2026, 2, 28), "2026 is not a leap year"),
        (date(2028, 2, 1), 1, date(2028, 2, 29), "2028 is"),
        (date(2026, 1, 31), 1, date(2026, 2, 28), "no 30 February: the month's last day"),
        (date(2028, 2, 29), 12, date(2029, 2, 28), "from a leap day: 28 February next year"),
        (date(2026, 12, 1), 3, date(2027, 2, 28), "across the new year"),
        (date(2027, 1, 1), 24, date(2028, 12, 31), "two years"),
    ],
)
def test_a_term_of_months_ends_the_day_before_the_same_day(first, months, last, why):
    assert term_end(first, months) == last, why


def test_a_three_month_contract_is_too_short_for_a_minimum_of_a_year():
    """(001) "una durata minima di un anno": from 01/01/2026 the contract must run to
    31/12/2026 at least; three months (to 31/03/2026) are refused, with that day."""
    assert too_short(date(2026, 1, 1), date(2026, 3, 31), 12) == date(2026, 12, 31)
    assert too_short(date(2026, 1, 1), date(2026, 12, 30), 12) == date(2026, 12, 31)
    assert too_short(date(2026, 1, 1), date(2026, 12, 31), 12) is None
    assert too_short(date(2026, 1, 1), date(2028, 12, 31), 12) is None  # longer is fine
    assert too_short(date(2026, 1, 1), date(2026, 1, 1), 0) is None  # no minimum


def _t(id_: int, first: date, last: date, plan: str = "basic") -> Term:
    return Term(id_, plan, first, last)


YEAR_2026 = _t(1, date(2026, 1, 1), date(2026, 12, 31))
YEAR_2027 = _t(2, date(2027, 1, 1), date(2027, 12, 31), "enterprise")


def test_the_cover_runs_through_a_renewal_recorded_in_advance():
    today = date(2026, 12, 4)
    alone = cover([YEAR_2026], today)
    assert alone is not None
    assert (alone.current, alone.ends_on, alone.renewed) == (YEAR_2026, date(2026, 12, 31), False)
    assert alone.days_left(today) == 27  # 4 → 31 December
    assert alone.expiring(today, 30) and alone.expiring(today, 27)
    assert not alone.expiring(today, 26)
    renewed = cover([YEAR_2027, YEAR_2026], today)
    assert renewed is not None
    assert (renewed.current, renewed.last, renewed.renewed) == (YEAR_2026, YEAR_2027, True)
    assert renewed.days_left(today) == 392  # 27 days of 2026 and the 365 of 2027
    assert not renewed.expiring(today, 30)


def test_a_gap_of_a_day_ends_the_cover():
    later = _t(2, date(2027, 1, 2), date(2027, 12, 31))
    found = cover([YEAR_2026, later], date(2026, 12, 4))
    assert found is not None and found.ends_on == date(2026, 12, 31)
    assert cover([YEAR_2026, later], date(2027, 1, 1)) is None  # no contract that day
    assert cover([YEAR_2026], date(2025, 12, 31)) is None


def test_of_overlapping_contracts_the_one_started_last_is_in_force():
    upgrade = _t(3, date(2026, 7, 1), date(2027, 6, 30), "enterprise")
    assert in_force([YEAR_2026, upgrade], date(2026, 6, 30)) == YEAR_2026
    assert in_force([YEAR_2026, upgrade], date(2026, 7, 1)) == upgrade
    assert latest([YEAR_2026, upgrade]) == upgrade
    assert latest([]) is None


def test_a_renewal_starts_the_day_after_the_last_day():
    assert renewal(YEAR_2026, 12) == (date(2027, 1, 1), date(2027, 12, 31))
    assert renewal(_t(4, date(2026, 3, 1), date(2027, 2, 28)), 12) == (
        date(2027, 3, 1),
        date(2028, 2, 29),  # 2028 is a leap year: March to the end of February
    )


def test_how_the_end_reads():
    set_language("en")
    assert left_words(0) == "today"
    assert left_words(1) == "tomorrow"
    assert left_words(27) == "in 27 days"
    assert ends_words(date(2026, 12, 31), 27) == "contract ends 31/12/2026, in 27 days"
    set_language("it")
    # after "Contratto:" on the incident screen, in the lead's list after the plan: it
    # does not say "contratto" again, nor "in scadenza" of a contract with a year to run
    assert ends_words(date(2026, 12, 31), 27) == "scade il 31/12/2026, tra 27 giorni"
    assert ends_words(date(2027, 11, 13), 342) == "scade il 13/11/2027, tra 342 giorni"
    assert left_words(1) == "domani"


@pytest.mark.parametrize(
    ("preset", "minimum", "in_advance"),
    [
        # policy.md §1 (seed 001): "A plan lasts at least one year, paid in advance"
        ("default", 12, True),
        # (001) "una durata minima di un anno con pagamento anticipato"
        ("istes", 12, True),
        # (002) "la sottoscrizione di un contratto annuale"; nothing about payment
        ("mb-services", 12, False),
        # (003) "in modalità di contratto annuale"; nothing about payment
        ("onsite-tech", 12, False),
        # (004) names no length: no minimum
        ("client-contract", 0, False),
    ],
)
def test_each_preset_states_the_contract_terms_of_its_seed(preset, minimum, in_advance):
    from techconsole.services import policies

    rules = policies.load(preset).contracts
    assert (rules.minimum_months, rules.paid_in_advance) == (minimum, in_advance)
    assert rules.expiring_days == 30


def test_contract_keys_are_checked():
    from techconsole.domain.errors import PolicyError
    from techconsole.domain.policy_build import parse_policy
    from techconsole.services import policies

    text = policies.resolve("default").read_text(encoding="utf-8")
    for line, bad, key in (
        ("minimum_months = 12 ", "minimum_months = -1", "contracts.minimum_months"),
        ("minimum_months = 12 ", "minimum_months = 121", "contracts.minimum_months"),
        ("expiring_days = 30 ", "expiring_days = 400", "contracts.expiring_days"),
        ("paid_in_advance = true ", 'paid_in_advance = "sì"', "contracts.paid_in_advance"),
        ("minimum_months = 12 ", "renew_automatically = true", "contracts.renew_automatically"),
    ):
        broken = text.replace(line, bad + " ", 1)
        with pytest.raises(PolicyError) as caught:
            parse_policy(broken)
        assert key in [k for k, _ in caught.value.problems], bad
