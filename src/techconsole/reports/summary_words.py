"""The words of the monthly summary and the activity report in one language: the work
report's :class:`~techconsole.reports.i18n.Words` (money, dates, times) plus
:mod:`.summary_labels` (looked up in the catalogues), amounts for table cells, month
names, and the wording of an activity row (its action, the text the services wrote, its details).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from babel import Locale
from babel.dates import format_date

from techconsole.domain.ads_cadence import Period, add_months
from techconsole.domain.money import cents
from techconsole.reports import event_words
from techconsole.reports.blocks import clean
from techconsole.reports.i18n import Lang, Words
from techconsole.reports.summary_labels import FREE_SHORT, LABELS
from techconsole.services.documents.activity import ActivityRow


def customer_code(customer_id: int) -> str:
    """``C0042``: how a customer is named in file names and footers (never its name)."""
    return f"C{customer_id:04d}"


def period_label(period: Period) -> str:
    """How a file names a report's period: ``2026-11`` for a calendar month, else both
    days (``2026-10-15_2026-11-14``)."""
    if period.start.day == 1 and period.due_on == add_months(period.start, 1):
        return f"{period.start:%Y-%m}"
    return f"{period.start.isoformat()}_{period.end.isoformat()}"


def ads_stem(customer_id: int, period: Period) -> str:
    """The name of the report of ``period`` to a customer's data controller, without its
    language or extension: ``RA-2026-11-C0042``."""
    return f"RA-{period_label(period)}-{customer_code(customer_id)}"


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

    def price_plan(self, plan: str | None, mixed: bool) -> str:
        """Whose prices a report's labour was billed at: a plan's own (its label), the
        contract in force on each day's, or ``""`` for the policy's standard prices."""
        if mixed:
            return self["prices_mixed"]
        return clean(plan, one_line=True) if plan else ""

    def price_note(self, plan: str | None, mixed: bool) -> str:
        """The same, as a note under a report's row."""
        if mixed:
            return self["prices_mixed_note"]
        return self.label("price_of_plan", plan=clean(plan, one_line=True)) if plan else ""

    # ------------------------------------------------------------------ activity
    def action(self, code: str) -> str:
        """``timer_stopped`` → ``Fine lavoro``; an unknown code as it is, readable."""
        return event_words.action(code, self.lang)

    def actor(self, row: ActivityRow) -> str:
        if row.actor == "system":
            return self["system"]
        return clean(row.actor_name or row.actor, one_line=True)

    def text(self, row: ActivityRow) -> str:
        """What the row says: a person's text as written, else the program's sentence
        for the event's kind and fields (``autorizzazione ricevuta``)."""
        return event_words.text(row.action, row.text, row.data, self.lang)

    def details(self, row: ActivityRow) -> str:
        """``9 min · 1 scatto · telefono``: the event's fields, worded, in a fixed order."""
        return event_words.details(row.action, row.data, self.lang)
