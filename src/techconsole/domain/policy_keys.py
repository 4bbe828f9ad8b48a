"""Which keys of a policy file no rule applies yet, so nobody believes they are enforced.

Every key of the file is read by a rule (the calendars, clocks, queue, intake, billing…),
or it is a note for the reader of the file (:data:`NOTES`), or it is listed here in
:data:`NOT_APPLIED` with the seed it comes from and the rule that will apply it.
``techconsole policy check`` reports the ones a policy sets; a test fails when a listed
key starts being read (take it off the list) or when a new key is read by nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from techconsole.domain.policy import Policy
from techconsole.i18n import N_


@dataclass(frozen=True, slots=True)
class Pending:
    """A key that is parsed and checked but that no rule applies yet."""

    #: the key as written in the file: ``service.health_check_every_months``
    key: str
    #: the seed it encodes (``../spec/policy.md``): ``004``
    seed: str
    #: what applying it will do, in English (a catalogue message)
    rule: str


NOT_APPLIED: tuple[Pending, ...] = (
    Pending(
        "changes.freeze_months",
        "000",
        N_("no software customisations shipped in these months"),
    ),
    Pending(
        "changes.contest_days",
        "000",
        N_("a delivered customisation or update can no longer be contested after these days"),
    ),
    Pending(
        "changes.acceptance_test_days",
        "001",
        N_("the customer tests a heavy customisation within these days of its release"),
    ),
    Pending(
        "changes.releases_per_year",
        "001",
        N_("at most this many releases a year"),
    ),
)

#: Keys that describe something to the reader of the file and set no rule
#: (``*`` stands for any name of a table: a severity, a clock).
NOTES: tuple[str, ...] = ("severities.*.meaning", "clocks.*.description")


def _default(section: Any, name: str) -> Any:
    """The value ``name`` has in a section nobody wrote anything in."""
    return getattr(type(section)(), name)


def not_applied(policy: Policy) -> tuple[Pending, ...]:
    """The keys of :data:`NOT_APPLIED` that ``policy`` sets to something other than empty."""
    found = []
    for pending in NOT_APPLIED:
        section_name, name = pending.key.split(".")
        section = getattr(policy, section_name)
        if getattr(section, name) != _default(section, name):
            found.append(pending)
    return tuple(found)
