"""Dates and amounts in the language in use, with Babel.

``weekday_datetime`` reads ``ven 27/11/2026 17:00`` in Italian and ``Fri 27/11/2026
17:00`` in English; ``parse_amount`` reads an amount a person typed the way their
language writes it (``1.234,56`` in Italian, ``1,234.56`` in English) into a
:class:`~decimal.Decimal`, never a float.

Unlike the package itself this module needs Babel (a dependency of techconsole), and
imports it when a date or an amount is first formatted or read, not at start-up.
"""

from __future__ import annotations

import re
from datetime import datetime, tzinfo
from decimal import Decimal, InvalidOperation

from techconsole.i18n import LOCALES, _, language

#: a number as machines and ``--json`` write it: digits, a dot for the decimals
_PLAIN = re.compile(r"[+-]?\d+(\.\d+)?\Z")
#: what an amount may hold at all: digits, signs, the separators and spaces of a locale
_AMOUNT_CHARS = re.compile(r"[0-9+\-.,'\s\u00a0\u202f\u2019]+\Z")


class AmountError(ValueError):
    """Text that is not an amount in the language in use (the message says why).

    ``readings`` holds the two ways to write an ambiguous text unambiguously (``1250``,
    ``1,250``), for a caller that words the refusal itself.
    """

    def __init__(self, message: str, readings: tuple[str, str] | None = None) -> None:
        super().__init__(message)
        self.readings = readings


def _locale(lang: str | None) -> str:
    return LOCALES[lang or language()]


def _local(value: datetime, zone: tzinfo | None) -> datetime:
    return value.astimezone(zone) if zone is not None else value


def count(value: int, lang: str | None = None) -> str:
    """A count as the language in use writes it: ``28.355`` in Italian, ``28,355`` in
    English."""
    from babel.numbers import format_decimal

    return str(format_decimal(value, locale=_locale(lang)))


def percent(value: Decimal | None, lang: str | None = None) -> str:
    """A share with one decimal as the language in use writes it: ``92,5 %`` in Italian,
    ``92.5 %`` in English; ``—`` when there is nothing to measure (``None``)."""
    if value is None:
        return "—"
    from babel.numbers import format_decimal

    return f"{format_decimal(value, format='0.0', locale=_locale(lang))} %"


def weekday_datetime(value: datetime, zone: tzinfo | None = None, lang: str | None = None) -> str:
    """``ven 27/11/2026 17:00`` (``Fri 27/11/2026 17:00``), in ``zone`` when given."""
    from babel.dates import format_datetime

    local = _local(value, zone)
    return str(format_datetime(local, "EEE dd/MM/yyyy HH:mm", locale=_locale(lang)))


def weekday_time(value: datetime, zone: tzinfo | None = None, lang: str | None = None) -> str:
    """``lun 09:00`` (``Mon 09:00``), in ``zone`` when given."""
    from babel.dates import format_datetime

    local = _local(value, zone)
    return str(format_datetime(local, "EEE HH:mm", locale=_locale(lang)))


def weekday_day(value: datetime, zone: tzinfo | None = None, lang: str | None = None) -> str:
    """``ven 27/11`` (``Fri 27/11``), in ``zone`` when given."""
    from babel.dates import format_datetime

    local = _local(value, zone)
    return str(format_datetime(local, "EEE dd/MM", locale=_locale(lang)))


def month_year(month: str, lang: str | None = None) -> str:
    """``2026-11`` → ``novembre 2026`` (``November 2026``)."""
    from datetime import date

    from babel.dates import format_date

    year, number = month.split("-")
    return str(format_date(date(int(year), int(number), 1), "LLLL y", locale=_locale(lang)))


def day_month_time(value: datetime, zone: tzinfo | None = None) -> str:
    """``07/01 09:00``, in ``zone`` when given (the same in both languages)."""
    return f"{_local(value, zone):%d/%m %H:%M}"


def _example(lang: str | None) -> str:
    """``1.234,56`` or ``1,234.56``: how the language writes an amount."""
    from babel.numbers import format_decimal

    return str(format_decimal(Decimal("1234.56"), "#,##0.00", locale=_locale(lang)))


def parse_amount(text: str, lang: str | None = None) -> Decimal:
    """An amount typed by a person, in ``lang`` (default: the language in use).

    Italian reads ``1.234,56``, ``1234,56`` and ``35``; English ``1,234.56``. A plain
    ``35.00`` (as scripts and ``--json`` write it) is read too when the language's own
    reading refuses it. Text that both readings accept with different values (``1.250``
    in Italian: 1250, or 1.25?) is refused as ambiguous, like anything that is not an
    amount: :class:`AmountError` says what was typed and how to write it.
    """
    if not isinstance(text, str):
        kind = type(text).__name__
        raise AmountError(_("an amount must be typed as text, not {kind}").format(kind=kind))
    typed = text.strip()
    if not typed:
        raise AmountError(_("no amount was typed"))
    value = _read(typed, lang)
    if value is not None and _PLAIN.match(typed) and value != Decimal(typed):
        message = _("'{text}' is ambiguous: type {local} or {plain}")
        readings = (typed.replace(".", ""), _decimal_comma(typed, lang))
        raise AmountError(
            message.format(text=typed, local=readings[0], plain=readings[1]), readings
        )
    if value is None or not value.is_finite():
        message = _("'{text}' is not a number (like {example})")
        raise AmountError(message.format(text=typed, example=_example(lang)))
    return value


def _decimal_comma(typed: str, lang: str | None) -> str:
    """``1.250`` with the language's decimal sign: ``1,250``."""
    from babel.numbers import get_decimal_symbol

    return typed.replace(".", str(get_decimal_symbol(_locale(lang))))


def _read(typed: str, lang: str | None) -> Decimal | None:
    from babel.numbers import NumberFormatError, parse_decimal

    if not _AMOUNT_CHARS.match(typed):
        return None
    try:
        return parse_decimal(typed, locale=_locale(lang), strict=True)
    except NumberFormatError:
        return Decimal(typed) if _PLAIN.match(typed) else None
    except InvalidOperation:
        return None
