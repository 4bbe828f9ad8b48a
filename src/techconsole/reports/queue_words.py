"""The queue's order in words, as the policy sets it (policy.md §4): for ``queue``,
``policy show`` and the console's command palette.

``contract customers first, then category software, then severity, then the SLA due
time, then arrival (first in, first out)`` — each key of the policy's ``[queue] order``
in turn; the priority categories (seed 000: faults in our own software, "priorità
elevata") where the policy places them.
"""

from __future__ import annotations

from techconsole.domain.policy import CATEGORY_KEY, Policy
from techconsole.i18n import N_, _, ngettext

KEYS = {
    "contract": N_("contract customers first"),
    "urgent": N_("urgent requests"),
    "severity": N_("severity"),
    "due": N_("the SLA due time"),
    "arrival": N_("arrival (first in, first out)"),
}


def key_words(policy: Policy, key: str) -> str:
    if key == CATEGORY_KEY:
        names = ", ".join(policy.priority_categories)
        return ngettext(
            "category {names}", "categories {names}", len(policy.priority_categories)
        ).format(names=names)
    message = KEYS.get(key)
    return key if message is None else _(message)


def order_words(policy: Policy) -> str:
    """The policy's queue order, one key after the other."""
    return _(", then ").join(key_words(policy, key) for key in policy.queue_order)
