"""The words of the monthly summary and the activity report in one language: the work
report's :class:`~techconsole.reports.i18n.Words` (money, dates, times) plus
:mod:`.summary_labels` (looked up in the catalogues), amounts for table cells, month
names, and the wording of an activity row (its action, the text the services wrote, its details).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from functools import lru_cache

from babel import Locale
from babel.dates import format_date

from techconsole.domain.money import cents
from techconsole.reports.activity_labels import (
    ACTIONS,
    CHANNELS,
    DETAILS,
    GENERATED,
    RESOLVED,
    ROLES,
)
from techconsole.reports.blocks import clean
from techconsole.reports.i18n import Lang, Words
from techconsole.reports.summary_labels import FREE_SHORT, LABELS
from techconsole.services.documents.activity import ActivityRow

#: details already said by the worded text of an action of this kind
_SAID_BY_TEXT = {
    "report": ("report", "revision"),
    "follow_up": ("follow_up",),
    "account_provided": ("contact",),
    "claimed": ("assignee",),  # the one who claims is the actor
}


def customer_code(customer_id: int) -> str:
    """``C0042``: how a customer is named in file names and footers (never its name)."""
    return f"C{customer_id:04d}"


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[re.Pattern[str], dict[str, str]], ...]:
    return tuple((re.compile(rf"{p}\Z"), t) for p, t in GENERATED)


class SummaryWords(Words):
    """:class:`Words` with the summary's and the activity report's labels."""

    def __init__(self, lang: Lang = "it") -> None:
        super().__init__(lang)
        self._labels = {**self._labels, **LABELS}
        symbols = Locale.parse(self.locale).number_symbols["latn"]
        self._separators = str.maketrans({",": symbols["group"], ".": symbols["decimal"]})

    def amount(self, value: Decimal) -> str:
        """An amount in a table cell, without the currency: ``1.234,50``, ``-46,00``
        (the language's separators; Python formats, as Babel's ``#,##0.00`` would)."""
        return f"{cents(value):,.2f}".translate(self._separators)

    def month_name(self, first_day: date) -> str:
        """``Novembre 2026``, ``November 2026``."""
        text = str(format_date(first_day, "LLLL yyyy", locale=self.locale))
        return text[:1].upper() + text[1:]

    def period(self, start: date, end: date) -> str:
        return self.label("period_value", start=self.date(start), end=self.date(end))

    def free_short(self, code: str | None) -> str:
        if not code:
            return ""
        return self.word(FREE_SHORT, code) or code.replace("_", " ")

    # ------------------------------------------------------------------ activity
    def action(self, code: str) -> str:
        """``timer_stopped`` → ``Fine lavoro``; an unknown code as it is, readable."""
        return ACTIONS[self.lang].get(code, code.replace("_", " ").replace(".", " "))

    def actor(self, row: ActivityRow) -> str:
        if row.actor == "system":
            return self["system"]
        return clean(row.actor_name or row.actor, one_line=True)

    def text(self, row: ActivityRow) -> str:
        """What the row says: a person's text as written; the services' own English
        sentences (``authorisation received``) in this language."""
        text = clean(row.text, one_line=True)
        for pattern, templates in _patterns():
            found = pattern.match(text)
            if found:
                return templates[self.lang].format(*found.groups())
        return text

    def details(self, row: ActivityRow) -> str:
        """``9 min · 1 scatto · telefono``: the event's data, worded, in a fixed order."""
        skip = _SAID_BY_TEXT.get(row.action, ())
        parts = [self._detail(k, v) for k, v in row.details if k not in skip]
        return " · ".join(p for p in parts if p)

    def _detail(self, key: str, value: str) -> str:
        template = DETAILS[self.lang].get(key, key.replace("_", " ") + " {v}")
        value = clean(value, one_line=True)
        return template.format(v=self._value(key, value))

    def _value(self, key: str, value: str) -> str:
        try:
            if key == "minutes":
                return self.duration(int(value))
            if key == "units":
                return self.units(int(value))
            if key == "quantity":
                return self.number(Decimal(value))
            if key == "unit_price":
                return self.money(Decimal(value))
        except (ArithmeticError, ValueError):
            return value
        if key == "session_kind":
            return self.kind(value)
        if key == "resolved":
            return RESOLVED[self.lang].get(value == "True", value)
        if key == "role":
            return ROLES[self.lang].get(value, value)
        if key == "via":
            return CHANNELS[self.lang].get(value, value)
        return value
