"""The words of the lead's team figures PDF (:mod:`.team_pdf`) in one language: the
summary's :class:`~techconsole.reports.summary_words.SummaryWords` plus its own labels
(English msgids looked up in the report's language), short month names and the axes'
figures (``1.250`` and ``75 %`` in Italian, ``1,250`` and ``75 %`` in English)."""

from __future__ import annotations

from datetime import date

from babel.dates import format_date

from techconsole.i18n import N_
from techconsole.reports.i18n import Lang
from techconsole.reports.summary_words import SummaryWords

LABELS: dict[str, str] = {
    "team_title": N_("How the team did"),
    "team_subject": N_("The team's figures over time, for the lead"),
    "team_as_of": N_("Figures as of {when}"),
    "team_compliance": N_("SLA compliance per plan, month by month"),
    "team_compliance_note": N_(
        "Of the SLA clocks with a target that stopped in the month, the share that stopped "
        "within it. No bar: no clock of the plan stopped that month."
    ),
    "team_misses": N_("Missed clocks per customer"),
    "team_misses_note": N_("SLA clocks stopped past their target, {start} to {end}."),
    "team_no_misses": N_("No clock missed in these months."),
    "team_scatti": N_("Scatti per technician, week by week (from Monday)"),
    "team_scatti_note": N_(
        "Scatti of the work sessions started in the week, rounded as billed; the figure "
        "over a bar is the week's total."
    ),
    "team_no_scatti": N_("No work session in these weeks."),
    "team_queue": N_("Open incidents at the end of each day"),
    "team_queue_note": N_(
        "Incidents arrived and not yet resolved at the end of each day ({zone}), from "
        "{start} to {end}."
    ),
}


class TeamWords(SummaryWords):
    """:class:`SummaryWords` with the team figures' labels."""

    def __init__(self, lang: Lang = "it") -> None:
        super().__init__(lang)
        self._labels = {**self._labels, **LABELS}

    def short_month(self, month: str) -> str:
        """``2026-11`` → ``nov`` (``Nov``)."""
        day = date(int(month[:4]), int(month[5:7]), 1)
        return str(format_date(day, "LLL", locale=self.locale))

    def month_of(self, month: str) -> str:
        """``2026-11`` → ``Novembre 2026`` (``November 2026``)."""
        return self.month_name(date(int(month[:4]), int(month[5:7]), 1))

    def month_in_text(self, month: str) -> str:
        """``2026-11`` in running text: ``novembre 2026`` (``November 2026``)."""
        day = date(int(month[:4]), int(month[5:7]), 1)
        return str(format_date(day, "LLLL yyyy", locale=self.locale))

    def day_month(self, day: date) -> str:
        """``16/11`` in both languages."""
        return str(format_date(day, "dd/MM", locale=self.locale))

    def more_customers(self, count: int, missed: int) -> str:
        """``e altri 3 clienti: 4 orologi mancati``."""
        said = self.words.ngettext(
            "and {n} more customer: {missed}", "and {n} more customers: {missed}", count
        )
        clocks = self.words.ngettext("{n} missed clock", "{n} missed clocks", missed)
        return said.format(n=self.number(count), missed=clocks.format(n=self.number(missed)))
