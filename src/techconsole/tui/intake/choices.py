"""What the new-incident form offers and says, from the policy: channels (the refused
ones marked) and the words next to the customer and requester (severities and levels,
which triage offers too, are :mod:`techconsole.tui.widgets.options`)."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from techconsole.domain.display import plan_words
from techconsole.domain.policy import Policy
from techconsole.i18n import _
from techconsole.reports import event_words
from techconsole.services.views import ContactView, CustomerView
from techconsole.tui.widgets.text import cell, plain

#: the ways requests arrive (policy.md §5), offered even where a policy refuses them
COMMON_CHANNELS = ("email", "phone", "whatsapp", "web")


def channels(policy: Policy) -> list[tuple[str, str]]:
    """Every channel the policy knows of or refuses, and the usual ones, in words (an
    unknown one as the policy names it); the refused ones say so."""
    rules = policy.intake
    names = dict.fromkeys((*rules.channels, *COMMON_CHANNELS, *rules.refused))
    refused = " " + _("(refused by the policy)")
    return [
        (plain(event_words.channel(name)) + (refused if rules.refusal(name) else ""), name)
        for name in names
    ]


def default_channel(policy: Policy) -> str:
    accepted = [name for _label, name in channels(policy) if not refusal(policy, name)]
    return "email" if "email" in accepted else (accepted or ["email"])[0]


def refusal(policy: Policy, channel: Any) -> str | None:
    """Why the policy refuses requests on ``channel``, said as the service refuses it (the
    policy's reason names the channel: ``policy_rules.refusal``); or ``None``."""
    if not isinstance(channel, str):
        return _("say how the request came")
    why = policy.intake.refusal(channel)
    if why is None:
        return None
    return _("policy '{policy}': {reason}").format(policy=policy.name, reason=why)


def urgent_hint(policy: Policy) -> str:
    keyword = policy.intake.urgent_keyword
    if keyword:
        return _("{keyword} in the subject ticks it").format(keyword=keyword)
    return _("ahead of the others in the queue")


def customer_hint(customer: CustomerView, policy: Policy) -> Text:
    """``plan Professional 8×7 (contract in force)``, or the plan of a customer without
    a contract and what it means for the queue."""
    plan = plain(plan_words(policy, customer.plan, customer.contract))
    if customer.contract:
        return Text(_("plan {plan} (contract in force)").format(plan=plan))
    return Text(_("{plan}: served after the customers with a contract").format(plan=plan))


def contact_line(contact: ContactView) -> Text:
    """``Maria Bianchi (titolare) · può autorizzare``."""
    line = cell(contact.name)
    line.append(f" ({plain(event_words.role_short(contact.role))})")
    if contact.may_authorise:
        line.append(" · " + _("may authorise"), style="green")
    else:
        line.append(" · " + _("may not authorise"), style="dim")
    return line


def requester_hint(policy: Policy, contact: ContactView | None) -> str:
    if contact is None:
        return _("optional · who asked")
    name = plain(contact.name)
    if contact.role in policy.intake.needs_authorisation:
        return _(
            "{name} is {role}: the incident will wait for the authorisation of a titolare or ADS"
        ).format(name=name, role=plain(event_words.role(contact.role)))
    if contact.may_authorise:
        return _("{name} may authorise the intervention").format(name=name)
    return _("optional · who asked")
