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


@dataclass(frozen=True, slots=True)
class Pending:
    """A key that is parsed and checked but that no rule applies yet."""

    #: the key as written in the file: ``service.health_check_every_months``
    key: str
    #: the seed it encodes (``../spec/policy.md``): ``004``
    seed: str
    #: what applying it will do, in English (a catalogue message)
    rule: str


#: Every key is applied today: the changes' keys (seeds 000, 001) by
#: :mod:`techconsole.domain.changes`.  A key parsed before its rule exists is listed here
#: as ``Pending("section.key", "seed", N_("what applying it will do"))``.
NOT_APPLIED: tuple[Pending, ...] = ()

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
