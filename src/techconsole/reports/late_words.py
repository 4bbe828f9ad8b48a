"""How late the technician came on site, and against which term, in one sentence for the
bill's readers (``bill incident``, the incident screen's work): seed 003's "se la presenza
presso il cliente dovesse verificarsi dopo il termine indicato"."""

from __future__ import annotations

from collections.abc import Mapping

from techconsole.domain import display
from techconsole.domain.lateness import AGREED, GUARANTEE, PROMISE, Lateness
from techconsole.domain.money import number
from techconsole.i18n import NP_, _, language, ngettext, translate, translator

#: the term a late arrival is measured against (domain.lateness.TERMS)
TERMS: Mapping[str, str] = {
    GUARANTEE: NP_("late against", "the guaranteed time"),
    PROMISE: NP_("late against", "the promised time"),
    AGREED: NP_("late against", "the time agreed with the customer"),
}


def sentence(late: Lateness, when: str) -> str:
    """``On site 1h 00m late (service hours) against the guaranteed time, 23/11/2026 13:00:
    urgent job, no call-out fee and no labour charged``; ``when`` is the term's time as
    the reader shows times."""
    said = _("On site {delay} late (service hours) against {term}, {when}").format(
        delay=display.hours_minutes(late.late_by),
        term=translate(translator(language()), TERMS[late.term.kind]),
        when=when,
    )
    if late.waives_all:
        return said + ": " + _("urgent job, no call-out fee and no labour charged")
    discount = ngettext(
        "{hours} hour counted, {percent} % off",
        "{hours} hours counted, {percent} % off",
        late.hours,
    )
    return said + ": " + discount.format(hours=late.hours, percent=number(late.percent))
