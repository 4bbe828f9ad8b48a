"""Money: ``Decimal`` euros, half-up to the cent, Italian for people, plain for machines."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_currency, format_decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal(100)


def cents(value: Decimal) -> Decimal:
    """``value`` rounded half-up to the cent."""
    if isinstance(value, float):
        raise TypeError("money is a Decimal, never a float")
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def percent_of(amount: Decimal, percent: Decimal) -> Decimal:
    return cents(amount * percent / HUNDRED)


def eur(value: Decimal, locale: str = "it_IT") -> str:
    """``1.234,56 €`` (Italian) or ``€1,234.56`` (``en_GB``)."""
    return format_currency(cents(value), "EUR", locale=locale)


def number(value: Decimal, locale: str = "it_IT") -> str:
    """A quantity or percentage the Italian way: ``1,5``; ``20``."""
    return format_decimal(value, locale=locale)


def plain(value: Decimal) -> str:
    """For machines: ``1234.56``."""
    return f"{cents(value):f}"


def plain_number(value: Decimal) -> str:
    """A quantity for machines, without trailing zeros: ``1.5``, ``2``, ``20``."""
    return f"{value.normalize():f}"
