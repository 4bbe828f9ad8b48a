"""Customisations (seeds 000, 001): their lifecycle and the days a delivery can be
contested or must be tested in (the months no work is done and the release calendar are
:mod:`techconsole.domain.change_calendar`).

A customisation request goes *requested* → *agreed* (its work and delivery dates agreed)
→ *developed* → *delivered* → *tested* → *accepted* or *contested*; a contested one is
agreed again (new dates), developed and delivered again.  Every day here is a calendar
day in the policy's zone; the day of the delivery is day 0.

- (000) "Scaduti 30 gg dalla consegna … non ha più alcun diritto di contestazione": a
  delivery is contested up to ``contest_days`` days after it (delivered on 01/10, the
  last day is 31/10); later it is refused with the day the right ended, and the delivery
  counts as accepted.
- (001) "Personalizzazioni forti … devono testare il software personalizzato entro 15
  giorni di calendario solare, dal ricevimento della release": a heavy customisation is
  tested within ``acceptance_test_days`` days of its delivery (delivered on 01/10, by
  16/10); one not tested by then counts as accepted and can no longer be contested.

Pure: no I/O.  A refusal is a :class:`ChangeRefused` whose message says why, in the
language in use.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from techconsole.domain.errors import DomainError
from techconsole.domain.policy_rules import ChangeRules
from techconsole.i18n import N_, NP_, _, language, ngettext, translate, translator


class ChangeRefused(DomainError):
    """A step a customisation cannot take, or a day it cannot take it on."""


class Status(StrEnum):
    REQUESTED = "requested"
    AGREED = "agreed"
    DEVELOPED = "developed"
    DELIVERED = "delivered"
    TESTED = "tested"
    ACCEPTED = "accepted"
    CONTESTED = "contested"


class Step(StrEnum):
    SCHEDULE = "schedule"
    DEVELOP = "develop"
    DELIVER = "deliver"
    TEST = "test"
    ACCEPT = "accept"
    CONTEST = "contest"


#: each step: the statuses it is taken from, and the status it leads to
STEPS: dict[Step, tuple[frozenset[Status], Status]] = {
    Step.SCHEDULE: (frozenset({Status.REQUESTED, Status.AGREED, Status.CONTESTED}), Status.AGREED),
    Step.DEVELOP: (frozenset({Status.AGREED}), Status.DEVELOPED),
    # developed is implied when a delivery is recorded straight from agreed
    Step.DELIVER: (frozenset({Status.AGREED, Status.DEVELOPED}), Status.DELIVERED),
    Step.TEST: (frozenset({Status.DELIVERED}), Status.TESTED),
    Step.ACCEPT: (frozenset({Status.DELIVERED, Status.TESTED}), Status.ACCEPTED),
    Step.CONTEST: (frozenset({Status.DELIVERED, Status.TESTED}), Status.CONTESTED),
}

#: a delivery the customer has and may still test, accept or contest
WITH_CUSTOMER = frozenset({Status.DELIVERED, Status.TESTED})

STATUS_WORDS: dict[Status, str] = {
    Status.REQUESTED: NP_("change status", "requested"),
    Status.AGREED: NP_("change status", "agreed"),
    Status.DEVELOPED: NP_("change status", "developed"),
    Status.DELIVERED: NP_("change status", "delivered"),
    Status.TESTED: NP_("change status", "tested"),
    Status.ACCEPTED: NP_("change status", "accepted"),
    Status.CONTESTED: NP_("change status", "contested"),
}

#: why a step is refused in a status (``{what}``: ``customisation #3``)
REFUSALS: dict[Step, str] = {
    Step.SCHEDULE: N_("cannot agree new dates for {what}: it is {status}"),
    Step.DEVELOP: N_("cannot mark {what} developed: it is {status}"),
    Step.DELIVER: N_("cannot deliver {what}: it is {status}"),
    Step.TEST: N_("cannot record a test of {what}: it is {status}"),
    Step.ACCEPT: N_("cannot accept {what}: it is {status}"),
    Step.CONTEST: N_("cannot contest {what}: it is {status}"),
}

BY_TEST_DEADLINE = "test_deadline"
BY_CONTEST_WINDOW = "contest_window"


def day_text(value: date) -> str:
    return f"{value:%d/%m/%Y}"


def status_word(status: str, lang: str | None = None) -> str:
    """``delivered`` → ``consegnata``; an unknown code as it is."""
    try:
        message = STATUS_WORDS[Status(status)]
    except ValueError:
        return status
    return translated(message, lang)


def translated(message: str, lang: str | None) -> str:
    """A message marked with ``N_``/``NP_`` in ``lang`` (default: the language in use)."""
    return translate(translator(lang or language()), message)


# ------------------------------------------------------------------ the lifecycle


def after(status: Status, step: Step, what: str = "") -> Status:
    """The status ``step`` leads to from ``status``; refused when it cannot be taken from
    there (``what`` names the customisation in the refusal: ``change #3``)."""
    sources, target = STEPS[step]
    if status in sources:
        return target
    said = _(REFUSALS[step]).format(what=what or _("the customisation"), status=status_word(status))
    hint = _HINTS.get((step, status))
    raise ChangeRefused(f"{said}; {translated(hint, None)}" if hint else said)


_HINTS: dict[tuple[Step, Status], str] = {
    (Step.DEVELOP, Status.REQUESTED): NP_("change hint", "agree its dates first"),
    (Step.DELIVER, Status.REQUESTED): NP_("change hint", "agree its dates first"),
    (Step.DEVELOP, Status.CONTESTED): NP_("change hint", "agree new dates first"),
    (Step.DELIVER, Status.CONTESTED): NP_("change hint", "agree new dates first"),
    (Step.TEST, Status.REQUESTED): NP_("change hint", "it has not been delivered yet"),
    (Step.TEST, Status.AGREED): NP_("change hint", "it has not been delivered yet"),
    (Step.TEST, Status.DEVELOPED): NP_("change hint", "it has not been delivered yet"),
    (Step.ACCEPT, Status.REQUESTED): NP_("change hint", "it has not been delivered yet"),
    (Step.ACCEPT, Status.AGREED): NP_("change hint", "it has not been delivered yet"),
    (Step.ACCEPT, Status.DEVELOPED): NP_("change hint", "it has not been delivered yet"),
    (Step.CONTEST, Status.REQUESTED): NP_("change hint", "it has not been delivered yet"),
    (Step.CONTEST, Status.AGREED): NP_("change hint", "it has not been delivered yet"),
    (Step.CONTEST, Status.DEVELOPED): NP_("change hint", "it has not been delivered yet"),
}


# ------------------------------------------------------------------ after the delivery


@dataclass(frozen=True, slots=True)
class Delivery:
    """What the rules need to know of a customisation: heavy or not, its status, when it
    was delivered and tested."""

    heavy: bool
    status: Status
    delivered_on: date | None = None
    tested_on: date | None = None


@dataclass(frozen=True, slots=True)
class Standing:
    """Where a customisation stands on a day."""

    #: its status as the customer's rights make it: a delivery past its deadlines is
    #: accepted even when nobody recorded it
    status: Status
    #: why it counts as accepted without the customer saying so (``BY_…``), else ``""``
    accepted_by: str = ""
    #: the last day the customer may test it (heavy ones only)
    test_by: date | None = None
    #: the last day it may be contested
    contest_until: date | None = None

    @property
    def with_customer(self) -> bool:
        """Delivered, and the customer may still test, accept or contest it."""
        return self.status in WITH_CUSTOMER


def test_by(rules: ChangeRules, heavy: bool, delivered_on: date | None) -> date | None:
    """(001) the last day a heavy customisation delivered on ``delivered_on`` is tested."""
    if not heavy or delivered_on is None or rules.acceptance_test_days is None:
        return None
    return delivered_on + timedelta(days=rules.acceptance_test_days)


def contest_until(rules: ChangeRules, delivered_on: date | None) -> date | None:
    """(000) the last day a delivery of ``delivered_on`` may be contested."""
    if delivered_on is None or rules.contest_days is None:
        return None
    return delivered_on + timedelta(days=rules.contest_days)


def standing(rules: ChangeRules, change: Delivery, today: date) -> Standing:
    """Where ``change`` stands ``today``: a delivery not tested by its test deadline, or
    past its contest window, counts as accepted."""
    deadline = test_by(rules, change.heavy, change.delivered_on)
    window = contest_until(rules, change.delivered_on)
    if change.status in WITH_CUSTOMER:
        if change.status is Status.DELIVERED and deadline is not None and today > deadline:
            return Standing(Status.ACCEPTED, BY_TEST_DEADLINE, deadline, window)
        if window is not None and today > window:
            return Standing(Status.ACCEPTED, BY_CONTEST_WINDOW, deadline, window)
    return Standing(change.status, "", deadline, window)


def _delivered(change: Delivery, day: date, what: str) -> date:
    delivered = change.delivered_on
    assert delivered is not None, "a delivered customisation has its day"
    if day < delivered:
        raise ChangeRefused(
            _("{day} is before {what} was delivered ({delivered})").format(
                day=day_text(day),
                what=what or _("the customisation"),
                delivered=day_text(delivered),
            )
        )
    return delivered


def accepted_already(rules: ChangeRules, change: Delivery, day: date, what: str = "") -> None:
    """Refuse a step on a delivery that counts as accepted on ``day`` already, saying why
    and since when."""
    now = standing(rules, change, day)
    if now.accepted_by == BY_TEST_DEADLINE and now.test_by is not None:
        raise ChangeRefused(
            _(
                "{what} counts as accepted: it was not tested by {deadline}, {days} calendar "
                "days after its delivery on {delivered}"
            ).format(
                what=what or _("the customisation"),
                deadline=day_text(now.test_by),
                days=rules.acceptance_test_days,
                delivered=day_text(change.delivered_on or now.test_by),
            )
        )
    if now.accepted_by == BY_CONTEST_WINDOW and now.contest_until is not None:
        raise ChangeRefused(
            _(
                "{what} can no longer be contested: the right to contest it ended on "
                "{expired}, {days} days after its delivery on {delivered}; it counts as accepted"
            ).format(
                what=what or _("the customisation"),
                expired=day_text(now.contest_until),
                days=rules.contest_days,
                delivered=day_text(change.delivered_on or now.contest_until),
            )
        )


def check_after_delivery(
    rules: ChangeRules, change: Delivery, step: Step, day: date, what: str = ""
) -> Status:
    """The status a test, an acceptance or a contest on ``day`` leads to; refused when
    the status does not allow it, when ``day`` is before the delivery, or when the
    delivery counts as accepted by then (its test deadline or contest window passed)."""
    target = after(change.status, step, what)
    _delivered(change, day, what)
    accepted_already(rules, change, day, what)
    return target


# ------------------------------------------------------------------ said to people


def days_words(until: date, today: date) -> str:
    """``today``, ``tomorrow``, ``in 5 days``, ``3 days ago``: how far ``until`` is."""
    days = (until - today).days
    if days == 0:
        return _("today")
    if days == 1:
        return _("tomorrow")
    if days > 1:
        return ngettext("in {n} day", "in {n} days", days).format(n=days)
    return ngettext("{n} day ago", "{n} days ago", -days).format(n=-days)


def accepted_words(accepted_by: str) -> str:
    """Why a delivery counts as accepted without the customer saying so; ``""`` when it
    does not."""
    if accepted_by == BY_TEST_DEADLINE:
        return _("not tested by its deadline")
    if accepted_by == BY_CONTEST_WINDOW:
        return _("no longer contestable")
    return ""
