"""A country's public holidays, looked up the first time a calendar asks about a day.

The ``holidays`` package is imported only then: building it costs ~20 ms, and its country
tables ~0.2 s more, that a command which never asks whether a day is a holiday
(``incident list``) does without.  A table pickles as its country and subdivision (the
policy cache of :mod:`techconsole.services.policies` stores policies that way).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date


class HolidayTable:
    """The holidays of ``country`` (ISO 3166 code) and, if given, one of its subdivisions.

    Kept year by year as plain dates and names: the years looked up (:meth:`learn`) are
    pickled with the table, so a policy read back from the cache answers for them without
    importing ``holidays`` at all (importing a country imports every country: ~0.2 s).
    """

    __slots__ = ("_country", "_subdiv", "_years")

    def __init__(self, country: str, subdiv: str | None) -> None:
        self._country = country
        self._subdiv = subdiv
        self._years: dict[int, dict[date, str]] = {}

    def __getstate__(self) -> tuple[str, str | None, dict[int, dict[date, str]]]:
        return self._country, self._subdiv, self._years

    def __setstate__(self, state: tuple[str, str | None, dict[int, dict[date, str]]]) -> None:
        self._country, self._subdiv, self._years = state

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, HolidayTable):
            return NotImplemented
        return (self._country, self._subdiv) == (other._country, other._subdiv)

    def __hash__(self) -> int:
        return hash((self._country, self._subdiv))

    def __repr__(self) -> str:
        return f"HolidayTable({self._country!r}, {self._subdiv!r})"

    def learn(self, years: Iterable[int]) -> None:
        """Look up the holidays of ``years`` now (those not known yet)."""
        wanted = sorted(set(years) - self._years.keys())
        if not wanted:
            return
        import holidays

        table = holidays.country_holidays(self._country, subdiv=self._subdiv, years=wanted)
        for year in wanted:
            self._years[year] = {}
        for day, name in table.items():
            self._years.setdefault(day.year, {})[day] = name

    def _year(self, year: int) -> dict[date, str]:
        known = self._years.get(year)
        if known is None:
            self.learn([year])
            known = self._years[year]
        return known

    def __contains__(self, day: date) -> bool:
        return day in self._year(day.year)

    def get(self, day: date) -> str | None:
        return self._year(day.year).get(day)
