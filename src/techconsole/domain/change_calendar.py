"""The calendar of customisations and updates (seeds 000, 001): the months no work is
done in, and the days the updates are released.  Every day is a calendar day in the
policy's zone.

- (000) "NON SI EFFETTUANO PERSONALIZZAZIONI SOFTWARE a ridosso, ovvero, in periodo di
  alto lavoro … da marzo ad agosto": work that starts, ends or runs through a month of
  ``freeze_months`` is refused, and so is a delivery in one; the refusal names the first
  day allowed.
- (001) "la nostra azienda rilascera' due aggiornamenti l'anno": ``releases_per_year``
  releases on the days of ``release_dates`` (``"MM-DD"``), or, when it lists none,
  evenly spaced from 1 January on the first day of a month (two: 1 January and 1 July;
  three: 1 January, 1 May, 1 September).

Pure: no I/O.  A refusal is a :class:`~techconsole.domain.changes.ChangeRefused`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, timedelta

from techconsole.domain.changes import ChangeRefused, day_text, translated
from techconsole.domain.limits import LAST_YEAR
from techconsole.domain.policy_rules import ChangeRules
from techconsole.i18n import NP_, _, language, translator

ONE_DAY = timedelta(days=1)

MONTHS = (
    NP_("month", "January"),
    NP_("month", "February"),
    NP_("month", "March"),
    NP_("month", "April"),
    NP_("month", "May"),
    NP_("month", "June"),
    NP_("month", "July"),
    NP_("month", "August"),
    NP_("month", "September"),
    NP_("month", "October"),
    NP_("month", "November"),
    NP_("month", "December"),
)

#: why a delivery counts as accepted without the customer saying so


def month_word(month: int, lang: str | None = None) -> str:
    return translated(MONTHS[month - 1], lang)


# ------------------------------------------------------------------ the frozen months


def frozen(rules: ChangeRules, day: date) -> bool:
    """Whether ``day`` falls in the high-work period (a month of ``freeze_months``)."""
    return day.month in rules.freeze_months


def _first_of_next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def next_allowed(rules: ChangeRules, day: date) -> date:
    """The first day from ``day`` on outside the frozen months (``day`` itself if it is)."""
    while frozen(rules, day):  # at most 11 months: the policy leaves one open
        day = _first_of_next_month(day)
    return day


def last_allowed_before(rules: ChangeRules, day: date) -> date:
    """The last day before ``day`` outside the frozen months."""
    day -= ONE_DAY
    while frozen(rules, day):
        day = date(day.year, day.month, 1) - ONE_DAY
    return day


def _runs(months: Sequence[int]) -> list[tuple[int, int]]:
    """The frozen months as runs of consecutive months (December runs on into January)."""
    chosen = sorted(set(months))
    if not chosen:
        return []
    runs: list[list[int]] = []
    for month in chosen:
        if runs and runs[-1][1] == month - 1:
            runs[-1][1] = month
        else:
            runs.append([month, month])
    if len(runs) > 1 and runs[0][0] == 1 and runs[-1][1] == 12:  # across the new year
        runs[0][0] = runs[-1][0]
        runs.pop()
    return sorted((first, last) for first, last in runs)


def period_words(rules: ChangeRules, lang: str | None = None) -> str:
    """``March to August`` (``da marzo ad agosto``): the frozen months, said as runs."""
    parts = []
    for first, last in _runs(rules.freeze_months):
        if first == last:
            parts.append(month_word(first, lang))
        else:
            said = translator(lang or language()).gettext("{first} to {last}")
            parts.append(said.format(first=month_word(first, lang), last=month_word(last, lang)))
    return ", ".join(parts)


def check_work(rules: ChangeRules, start: date, end: date) -> None:
    """Refuse work from ``start`` to ``end`` (its delivery) that touches the high-work
    period, saying the first day allowed; refuse an end before the start."""
    if end < start:
        raise ChangeRefused(
            _("the delivery ({end}) is before the work starts ({start})").format(
                end=day_text(end), start=day_text(start)
            )
        )
    if not rules.freeze_months:
        return
    period = period_words(rules)
    if frozen(rules, start):
        raise ChangeRefused(
            _(
                "no customisation work starts on {day}: {period} is the high-work period; "
                "the first day allowed is {allowed}"
            ).format(
                day=day_text(start),
                period=period,
                allowed=day_text(next_allowed(rules, start)),
            )
        )
    check_delivery_day(rules, end)
    crossed = next((d for d in _months_between(start, end) if frozen(rules, d)), None)
    if crossed is not None:
        raise ChangeRefused(
            _(
                "the work from {start} to {end} runs through the high-work period ({period}): "
                "deliver by {before}, or start on {allowed}"
            ).format(
                start=day_text(start),
                end=day_text(end),
                period=period,
                before=day_text(last_allowed_before(rules, crossed)),
                allowed=day_text(next_allowed(rules, crossed)),
            )
        )


def _months_between(start: date, end: date) -> Iterator[date]:
    """The first day of each month after ``start``'s, up to ``end``'s."""
    day = _first_of_next_month(start)
    while day <= end:
        yield day
        day = _first_of_next_month(day)


def check_delivery_day(rules: ChangeRules, day: date) -> None:
    """Refuse a delivery in the high-work period, saying the first day allowed."""
    if frozen(rules, day):
        raise ChangeRefused(
            _(
                "no customisation is delivered on {day}: {period} is the high-work period; "
                "the first day allowed is {allowed}"
            ).format(
                day=day_text(day),
                period=period_words(rules),
                allowed=day_text(next_allowed(rules, day)),
            )
        )


# ------------------------------------------------------------------ the releases


def release_days(rules: ChangeRules) -> tuple[tuple[int, int], ...]:
    """The (month, day) of each release of a year, in the year's order; none when the
    policy has no release calendar."""
    if rules.release_dates:
        pairs = (tuple(int(part) for part in d.split("-")) for d in rules.release_dates)
        return tuple(sorted((m, d) for m, d in pairs))
    count = rules.releases_per_year
    if not count:
        return ()
    return tuple((1 + k * 12 // count, 1) for k in range(count))


def releases_in(rules: ChangeRules, year: int) -> tuple[date, ...]:
    return tuple(date(year, month, day) for month, day in release_days(rules))


def next_releases(rules: ChangeRules, after_day: date, count: int = 1) -> tuple[date, ...]:
    """The first ``count`` release days after ``after_day`` (not on it)."""
    if not release_days(rules):
        return ()
    found: list[date] = []
    year = after_day.year
    while len(found) < count and year <= LAST_YEAR:
        found += [d for d in releases_in(rules, year) if d > after_day]
        year += 1
    return tuple(found[:count])


def is_release(rules: ChangeRules, day: date) -> bool:
    return (day.month, day.day) in release_days(rules)


def check_release(rules: ChangeRules, day: date, today: date) -> None:
    """Refuse a day that is not a release of the calendar, or one before ``today``."""
    upcoming = next_releases(rules, today - ONE_DAY, 3)
    if not upcoming:
        raise ChangeRefused(
            _("this policy has no release calendar: set [changes] releases_per_year")
        )
    listed = ", ".join(day_text(d) for d in upcoming)
    if not is_release(rules, day):
        raise ChangeRefused(
            _("{day} is not a release day; the next releases are on {listed}").format(
                day=day_text(day), listed=listed
            )
        )
    if day < today:
        raise ChangeRefused(
            _("the release of {day} is past; the next releases are on {listed}").format(
                day=day_text(day), listed=listed
            )
        )
