"""A country's public holidays, looked up the first time a calendar asks about a day.

The ``holidays`` package is imported only then: building it costs ~20 ms, and its country
tables ~0.2 s more, that a command which never asks whether a day is a holiday
(``incident list``) does without.  A table pickles as its country and subdivision (the
policy cache of :mod:`techconsole.services.policies` stores policies that way).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from holidays import HolidayBase


class HolidayTable:
    """The holidays of ``country`` (ISO 3166 code) and, if given, one of its subdivisions."""

    __slots__ = ("_country", "_subdiv", "_table")

    def __init__(self, country: str, subdiv: str | None) -> None:
        self._country = country
        self._subdiv = subdiv
        self._table: HolidayBase | None = None

    def __getstate__(self) -> tuple[str, str | None]:
        return self._country, self._subdiv

    def __setstate__(self, state: tuple[str, str | None]) -> None:
        self._country, self._subdiv = state
        self._table = None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, HolidayTable):
            return NotImplemented
        return (self._country, self._subdiv) == (other._country, other._subdiv)

    def __hash__(self) -> int:
        return hash((self._country, self._subdiv))

    def __repr__(self) -> str:
        return f"HolidayTable({self._country!r}, {self._subdiv!r})"

    def _get_table(self) -> HolidayBase:
        if self._table is None:
            import holidays

            self._table = holidays.country_holidays(self._country, subdiv=self._subdiv)
        return self._table

    def __contains__(self, day: date) -> bool:
        return day in self._get_table()

    def get(self, day: date) -> str | None:
        return self._get_table().get(day)
