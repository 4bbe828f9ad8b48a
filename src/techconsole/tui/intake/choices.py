"""What the new-incident form offers and says, from the policy: channels (the refused
ones marked) and the words next to the customer and requester (severities and levels,
which triage offers too, are :mod:`techconsole.tui.widgets.options`)."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from techconsole.domain.policy import Policy
from techconsole.services.views import ContactView, CustomerView
from techconsole.tui.widgets.text import cell, plain

#: the ways requests arrive (policy.md §5), offered even where a policy refuses them
COMMON_CHANNELS = ("email", "phone", "whatsapp", "web")


def channels(policy: Policy) -> list[tuple[str, str]]:
    """Every channel the policy knows of or refuses, and the usual ones; the refused
    ones say so."""
    rules = policy.intake
    names = dict.fromkeys((*rules.channels, *COMMON_CHANNELS, *rules.refused))
    return [
        (plain(name) + (" (refused by the policy)" if rules.refusal(name) else ""), name)
        for name in names
    ]


def default_channel(policy: Policy) -> str:
    accepted = [name for _label, name in channels(policy) if not refusal(policy, name)]
    return "email" if "email" in accepted else (accepted or ["email"])[0]


def refusal(policy: Policy, channel: Any) -> str | None:
    """Why the policy refuses requests on ``channel``, as the form says it; or ``None``."""
    if not isinstance(channel, str):
        return "say how the request came"
    why = policy.intake.refusal(channel)
    if why is None:
        return None
    return f"policy '{policy.name}' refuses requests by {channel}: {why}"


def urgent_hint(policy: Policy) -> str:
    keyword = policy.intake.urgent_keyword
    if keyword:
        return f"{keyword} in the subject ticks it"
    return "ahead of the others in the queue"


def customer_hint(customer: CustomerView) -> Text:
    if customer.contract:
        return Text(f"plan {plain(customer.plan)} (contract in force)")
    return Text(f"no contract: plan {plain(customer.plan)}, served after contract customers")


def contact_line(contact: ContactView) -> Text:
    """``Maria Bianchi (titolare) · may authorise``."""
    line = cell(contact.name)
    line.append(f" ({plain(contact.role)})")
    if contact.may_authorise:
        line.append(" · may authorise", style="green")
    else:
        line.append(" · may not authorise", style="dim")
    return line


def requester_hint(policy: Policy, contact: ContactView | None) -> str:
    if contact is None:
        return "optional · who asked"
    if contact.role in policy.intake.needs_authorisation:
        return (
            f"{plain(contact.name)} is {plain(contact.role)}: the incident will wait for "
            "the authorisation of a titolare or ADS"
        )
    if contact.may_authorise:
        return f"{plain(contact.name)} may authorise the intervention"
    return "optional · who asked"
