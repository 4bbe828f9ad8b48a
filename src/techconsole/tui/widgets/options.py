"""What the forms offer from the policy that more than one of them asks: the severities
and the levels (the new-incident form and triage)."""

from __future__ import annotations

from techconsole.domain.policy import Policy
from techconsole.tui.widgets.text import plain

#: the levels' words when the policy does not name them (policy.md §8)
LEVELS = {1: "remote", 2: "on site (hardware)"}


def severities(policy: Policy) -> list[tuple[str, str]]:
    return [(plain(s.label or s.code), s.code) for s in policy.severities]


def levels(policy: Policy) -> list[tuple[str, int]]:
    names = {**LEVELS, **dict(policy.service.levels)}
    return [(f"{level} · {plain(name)}", level) for level, name in sorted(names.items())]
