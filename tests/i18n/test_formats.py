"""Dates with their weekday and amounts typed by people, in the language in use."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from techconsole.i18n import formats, set_language
from techconsole.i18n.formats import (
    AmountError,
    day_month_time,
    parse_amount,
    weekday_datetime,
    weekday_day,
    weekday_time,
)

ROME = ZoneInfo("Europe/Rome")
FRIDAY_5PM = datetime(2026, 11, 27, 16, 0, tzinfo=UTC)  # 17:00 in Rome


def test_weekday_and_date_in_italian_by_default():
    assert weekday_datetime(FRIDAY_5PM, ROME) == "ven 27/11/2026 17:00"
    assert weekday_time(FRIDAY_5PM, ROME) == "ven 17:00"
    assert weekday_day(FRIDAY_5PM, ROME) == "ven 27/11"
    assert day_month_time(FRIDAY_5PM, ROME) == "27/11 17:00"


def test_weekday_and_date_in_english(english: None):
    assert weekday_datetime(FRIDAY_5PM, ROME) == "Fri 27/11/2026 17:00"
    assert weekday_time(FRIDAY_5PM, ROME) == "Fri 17:00"
    assert weekday_day(FRIDAY_5PM, ROME) == "Fri 27/11"
    assert weekday_datetime(FRIDAY_5PM, ROME, lang="it") == "ven 27/11/2026 17:00"


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("1.234,56", "1234.56"),
        ("1234,56", "1234.56"),
        (" 35 ", "35"),
        ("35,50", "35.50"),
        ("-46,00", "-46.00"),
        ("35.00", "35.00"),  # as scripts and --json write it
        ("12.5", "12.5"),
    ],
)
def test_italian_amounts(typed: str, value: str):
    parsed = parse_amount(typed)
    assert isinstance(parsed, Decimal) and parsed == Decimal(value)


def test_english_amounts(english: None):
    assert parse_amount("1,234.56") == Decimal("1234.56")
    assert parse_amount("35.50") == Decimal("35.50")
    assert parse_amount("1.234,56", lang="it") == Decimal("1234.56")
    with pytest.raises(AmountError, match=r"'1,5' is not a number \(like 1,234\.56\)"):
        parse_amount("1,5")


@pytest.mark.parametrize("typed", ["abc", "1e5", "NaN", "Infinity", "1,2,3", "1..2", "١٢"])
def test_garbage_is_refused_in_words(typed: str):
    with pytest.raises(AmountError) as refused:
        parse_amount(typed)
    assert str(refused.value) == f"'{typed}' non è un numero (ad esempio 1.234,56)"


def test_an_ambiguous_amount_is_refused_with_both_readings():
    """In Italian ``1.250`` is 1250, to a script 1.25: neither is guessed."""
    with pytest.raises(AmountError, match=r"'1.250' è ambiguo: scrivi 1250 oppure 1,250"):
        parse_amount("1.250")
    set_language("en")
    with pytest.raises(AmountError) as refused:
        parse_amount("1.250", lang="it")
    assert refused.value.readings == ("1250", "1,250")
    assert str(refused.value) == "'1.250' is ambiguous: type 1250 or 1,250"


def test_nothing_or_a_float_is_refused():
    with pytest.raises(AmountError, match="nessun importo"):
        parse_amount("  ")
    with pytest.raises(AmountError, match="float"):
        parse_amount(1.5)  # type: ignore[arg-type]


def test_a_share_is_written_as_each_language_writes_it():
    """The lead's compliance: ``92,5 %`` in Italian, ``92.5 %`` in English (the console's
    lead view wrote the Italian comma in English too, unlike ``team stats``)."""
    assert formats.percent(Decimal("92.46"), "it") == "92,5 %"
    assert formats.percent(Decimal("92.46"), "en") == "92.5 %"
    assert formats.percent(Decimal("100"), "it") == "100,0 %"
    assert formats.percent(None, "en") == "—"  # nothing measured
