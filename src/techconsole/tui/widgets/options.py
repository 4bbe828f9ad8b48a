"""What the forms offer from the policy that more than one of them asks: the severities
and the levels (the new-incident form and triage)."""

from __future__ import annotations

from techconsole.domain.policy import Policy
from techconsole.i18n import NP_, language, translate, translator
from techconsole.tui.widgets.text import plain

#: the levels' words when the policy does not name them (policy.md §8), said in the
#: console's language; a policy's own names are shown as it writes them
LEVELS = {1: NP_("level", "remote"), 2: NP_("level", "on site (hardware)")}


def severities(policy: Policy) -> list[tuple[str, str]]:
    return [(plain(s.label or s.code), s.code) for s in policy.severities]


def levels(policy: Policy) -> list[tuple[str, int]]:
    words = translator(language())
    names = {level: translate(words, marked) for level, marked in LEVELS.items()}
    names.update(policy.service.levels)
    return [(f"{level} · {plain(name)}", level) for level, name in sorted(names.items())]
