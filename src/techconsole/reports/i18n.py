"""The words and formats of a report, in Italian (the default) or English.

``language()`` picks the language: ``--lang``, else the one configured (the settings'
``language``, which the caller passes), else Italian. A report's language is its own,
independent of the console's. :class:`Words` formats money, dates, times and durations
for that language with Babel (``1.234,50 €`` and ``23/11/2026`` in Italian;
``€1,234.50`` and ``23 Nov 2026`` in English) and words every code a report carries:
session kinds, line labels, the reasons of discounts and surcharges, the free-of-charge
reasons. The words come from the gettext catalogues (:mod:`techconsole.i18n`), looked up
in the report's language with :func:`techconsole.i18n.translator`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import Literal
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time

from techconsole.domain.coverage import GAP_TEXTS
from techconsole.domain.money import eur, number
from techconsole.i18n import translate, translator
from techconsole.reports.labels import FREE_REASONS, KINDS, LABELS, LINE_LABELS, LINE_REASONS
from techconsole.services.errors import InvalidInput

Lang = Literal["it", "en"]
LANGUAGES: tuple[Lang, ...] = ("it", "en")
ENV_VAR = "TECHCONSOLE_LANG"
LOCALES: dict[Lang, str] = {"it": "it_IT", "en": "en_GB"}
DATE_PATTERNS: dict[Lang, str] = {"it": "dd/MM/yyyy", "en": "d MMM yyyy"}


class UnknownLanguage(InvalidInput):
    """A language techconsole does not write reports in (exit code 2)."""


def language(
    explicit: str | None = None, configured: str | None = None, source: str = f"${ENV_VAR}"
) -> Lang:
    """``explicit`` (``--lang``), else ``configured`` (the settings' language, which
    came from ``source``), else ``"it"``. Nothing is read from the environment here.

    ``it``, ``IT``, ``it_IT`` and ``it-IT`` all mean Italian; anything that is neither
    Italian nor English is refused with the choices, wherever it came from.
    """
    value = explicit
    if value is not None and value.strip():
        source = "--lang"
    else:
        value = configured or ""
    if not value.strip():
        return "it"
    code = value.strip().replace("-", "_").split("_")[0].lower()
    for lang in LANGUAGES:
        if code == lang:
            return lang
    raise UnknownLanguage(
        f"{source}: reports are written in it (Italian) or en (English), not '{value.strip()}'"
    )


class Words:
    """Labels and formats of one language."""

    def __init__(self, lang: Lang = "it") -> None:
        self.lang: Lang = lang
        self.locale = LOCALES[lang]
        self.words = translator(lang)
        self._labels: Mapping[str, str] = LABELS

    def __getitem__(self, key: str) -> str:
        return translate(self.words, self._labels[key])

    def word(self, table: Mapping[str, str], code: str) -> str | None:
        """The word of ``code`` in one of the code tables, or None if it has none."""
        marked = table.get(code)
        return None if marked is None else translate(self.words, marked)

    def label(self, key: str, **args: object) -> str:
        return self[key].format(**args)

    # ------------------------------------------------------------------ formats
    def money(self, value: Decimal) -> str:
        return _money(str(value), self.locale)

    def number(self, value: Decimal | int) -> str:
        return _number(str(value), self.locale)

    def percent(self, value: Decimal | str) -> str:
        return f"{self.number(Decimal(value))} %"

    def date(self, value: date) -> str:
        return _date(value, DATE_PATTERNS[self.lang], self.locale)

    def time(self, value: datetime, zone: ZoneInfo) -> str:
        return format_time(value.astimezone(zone), "HH:mm", locale=self.locale)

    def when(self, value: datetime | None, zone: ZoneInfo) -> str:
        """Date and time in ``zone``: ``23/11/2026 11:30``; ``—`` when unknown."""
        if value is None:
            return "—"
        return f"{self.date(value.astimezone(zone).date())} {self.time(value, zone)}"

    def duration(self, minutes: int) -> str:
        """``45 min``, ``1 h``, ``1 h 30 min``."""
        hours, rest = divmod(max(minutes, 0), 60)
        if not hours:
            return f"{rest} min"
        return f"{hours} h" if not rest else f"{hours} h {rest} min"

    def yes_no(self, value: bool) -> str:
        return self["yes"] if value else self["no"]

    def units(self, count: Decimal | int) -> str:
        """A quantity of scatti: ``1 scatto``, ``4 scatti``; ``4 units``."""
        form = 1 if Decimal(count) == 1 else 2  # 1,5 scatti: the plural
        return self.words.ngettext("{n} unit", "{n} units", form).format(n=self.number(count))

    def day_arg(self, text: str) -> str:
        """A ``dd/mm/yyyy`` argument of a code, in this language's date format."""
        try:
            return self.date(datetime.strptime(text, "%d/%m/%Y").date())  # noqa: DTZ007
        except ValueError:
            return text

    # ------------------------------------------------------------------ codes
    def kind(self, code: str) -> str:
        """A session kind: ``on_site`` → ``presso il cliente``; unknown codes as they are."""
        return self.word(KINDS, code) or code.replace("_", " ")

    def line_label(self, code: str, args: Mapping[str, str], base: Decimal) -> str:
        """A charge's description; ``base`` is the amount a percentage applies to."""
        template = self.word(LINE_LABELS, code)
        if template is None:
            return code.replace("_", " ")
        return template.format(
            kind=self.kind(args.get("kind", "")),
            minutes=args.get("minutes", ""),
            day=self.day_arg(args.get("day", "")),
            percent=self.percent(args.get("percent", "0")),
            base=self.money(base),
        )

    def line_reason(self, code: str, args: Mapping[str, str]) -> str:
        if not code:
            return ""
        template = self.word(LINE_REASONS, code)
        if template is None:
            return code.replace("_", " ")
        return template.format(
            hours=args.get("hours", ""),
            per_hour=self.percent(args.get("per_hour", "0")),
        )

    def free_reason(self, code: str, args: Mapping[str, str]) -> str:
        """Why nothing is charged for labour: ``Garanzia – non fatturato``."""
        template = self.word(FREE_REASONS, code)
        if template is None:
            return code.replace("_", " ")
        return template.format(
            category=args.get("category", ""),
            since=self.day_arg(args.get("since", "")),
        )

    def gap(self, code: str, args: Mapping[str, str]) -> str:
        """Why a machine was not covered: ``backup non installato dal 12/11/2026``."""
        template = self.word(GAP_TEXTS, code)
        if template is None:
            return code.replace("_", " ")
        return template.format(
            software=args.get("software", ""), day=self.day_arg(args.get("day", ""))
        )


# Babel takes a fifth of a millisecond to format a value: a month of summaries formats the
# same few amounts, numbers and days thousands of times.  Keyed by the value's text, so
# 1.5 and 1.50 stay apart.
@lru_cache(maxsize=4096)
def _money(value: str, locale: str) -> str:
    return eur(Decimal(value), locale)


@lru_cache(maxsize=4096)
def _number(value: str, locale: str) -> str:
    return number(Decimal(value), locale)


@lru_cache(maxsize=4096)
def _date(value: date, pattern: str, locale: str) -> str:
    return str(format_date(value, pattern, locale=locale))
