"""The options that take one of a few values, and their values in words.

Each such option (``mail outbox --state``, ``timer start --kind``, ``--format``…) takes
a value's code (``pending``: what scripts type) or its words in Italian or English
(``in attesa``, case and accents aside; see :mod:`techconsole.domain.choices`), and
hands the command the code.  Its help lists the values in the language in use, as
``in attesa (pending), in invio (sending), …``, and so does the usage error for a value
that is none of them (exit code 2, before anything is read or written):

    Valore non valido per '--state': 'x' non è tra i valori ammessi: in attesa
    (pending), …

:func:`option` and :func:`argument` make the Typer parameter; the sets are below, one
per kind of value, each with the codes of the layer that keeps them (the tests check
they are the same).  Light: only the domain's words are imported.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

import typer
from typer import _click as click

from techconsole.domain.choices import Choices, Value
from techconsole.domain.machine_words import KIND_WORDS
from techconsole.domain.statuses import STATUS_WORDS
from techconsole.i18n import N_, NP_, language, translate, translator

#: what the help shows for the value of such an option (its values follow in the help)
VALUE = NP_("value type", "VALUE")


def _check(choices: Choices, also: Callable[[str], str] | None = None) -> Any:
    """A Typer callback: the value typed made its code, or a usage error listing them
    (``also``: what else to try a value as, when it is none of them)."""

    def check(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        if value is None or value == "":  # not given (an optional one's default)
            return value
        if isinstance(value, list | tuple):
            return [one(ctx, param, v) for v in value]
        return one(ctx, param, value)

    def one(ctx: click.Context, param: click.Parameter, value: str) -> str:
        code = choices.code(value)
        if code is None and also is not None:
            code = choices.code(also(value))
        if code is None:
            raise typer.BadParameter(choices.refusal(value), ctx=ctx, param=cast(Any, param))
        return code

    return check


def option(
    *decls: str,
    choices: Choices,
    help: str,
    also: Callable[[str], str] | None = None,
    **kwargs: Any,
) -> Any:
    """``typer.Option`` taking one of ``choices``: ``help`` (translated) has them listed
    where it says ``{choices}``."""
    return typer.Option(
        *decls,
        help=help.format(choices=choices.listed()),
        callback=_check(choices, also),
        metavar=translate(translator(language()), VALUE),
        **kwargs,
    )


def argument(*, choices: Choices, metavar: str, help: str, **kwargs: Any) -> Any:
    """``typer.Argument`` taking one of ``choices``; ``metavar``: its name (translated)."""
    return typer.Argument(
        help=help.format(choices=choices.listed()),
        callback=_check(choices),
        metavar=metavar,
        **kwargs,
    )


# -- the values ----------------------------------------------------------------------

#: an outgoing message's state (services.mail.outbox.STATES); ``pending`` is also said
#: "queued" or "to be tried again", as the outbox's table shows it
MAIL_STATES = Choices.of(
    Value("pending", NP_("message state", "pending"), N_("queued"), N_("to be tried again")),
    Value("sending", N_("being sent")),
    Value("sent", N_("sent")),
    Value("failed", N_("failed")),
    Value("uncertain", N_("uncertain")),
)

#: an incident's status (domain.statuses.STATUSES)
STATUSES = Choices.of(*(Value(code, marked) for code, marked in STATUS_WORDS.items()))

#: the queue's views (services.incidents.queue.VIEWS), also as the console titles them
VIEWS = Choices.of(
    Value("all", NP_("queue view", "all"), N_("All open")),
    Value("mine", NP_("queue view", "mine"), N_("Mine")),
    Value("unassigned", NP_("queue view", "unassigned"), N_("Unassigned")),
    Value("waiting", NP_("queue view", "waiting"), N_("Waiting")),
    Value("breached", NP_("queue view", "breached"), N_("Breached")),
    Value("at_risk", NP_("queue view", "at risk"), N_("At risk")),
    Value("recent", NP_("queue view", "recent"), N_("Recent")),
)

#: a work session's kind (domain.billing_types.SESSION_KINDS), as the bill says it
SESSION_KINDS = Choices.of(
    Value("remote", N_("remote")),
    Value("on_site", N_("on site")),
    Value("phone", N_("phone")),
    Value("travel", N_("travel")),
    Value("lab", N_("workshop")),
    Value("training", N_("training")),
)

#: a machine's kind (store.assets.ASSET_KINDS)
ASSET_KINDS = Choices.of(*(Value(code, marked) for code, marked in KIND_WORDS.items()))

#: how a request came in (domain.policy_rules.Channel); each policy accepts some of them
INCIDENT_CHANNELS = Choices.of(
    Value("email", NP_("channel", "e-mail")),
    Value("phone", NP_("channel", "phone")),
    Value("whatsapp", NP_("channel", "WhatsApp")),
    Value("web", NP_("channel", "web form")),
    Value("walk_in", NP_("channel", "in person")),
)

#: how a customer authorised work (domain.authorisation.VIA)
AUTHORISED_VIA = Choices.of(
    Value("email", NP_("channel", "e-mail")),
    Value("phone", NP_("channel", "phone")),
    Value("whatsapp", NP_("channel", "WhatsApp")),
    Value("web", NP_("channel", "web form")),
    Value("in_person", NP_("channel", "in person")),
    Value("signed_form", N_("signed form")),
)

#: how the customer answered about a part (domain.parts.VIA)
ANSWERED_VIA = Choices.of(
    Value("phone", NP_("channel", "phone")),
    Value("email", NP_("channel", "e-mail")),
    Value("in_person", NP_("channel", "in person")),
)

#: how a report reached a data controller (domain.ads_cadence.VIA)
DELIVERED_VIA = Choices.of(
    Value("email", NP_("channel", "e-mail")),
    Value("pec"),
    Value("in_person", NP_("channel", "in person")),
    Value("post", NP_("channel", "post")),
)

#: how often a data controller gets a report (domain.ads_cadence.CADENCES)
CADENCES = Choices.of(
    Value("monthly", N_("monthly")),
    Value("bimonthly", N_("every two months")),
    Value("quarterly", N_("quarterly")),
    Value("half-yearly", N_("every six months")),
    Value("yearly", N_("yearly")),
)

#: a technician's role (domain of services.team)
TEAM_ROLES = Choices.of(
    Value("technician", NP_("team role", "technician")),
    Value("lead", NP_("team role", "lead")),
)

#: a customer's contact's role (store.models.CONTACT_ROLES)
CONTACT_ROLES = Choices.of(
    Value("titolare", NP_("contact role", "owner")),
    Value("ads", NP_("contact role", "system administrator")),
    Value("employee", NP_("contact role", "employee")),
)

#: where a customer's software runs (services.customers.registry.DEPLOYMENTS)
DEPLOYMENTS = Choices.of(
    Value("on_premise", NP_("deployment", "on premise")), Value("cloud", NP_("deployment", "cloud"))
)

#: the language of a document (reports.i18n.LANGUAGES)
DOCUMENT_LANGUAGES = Choices.of(
    Value("it", NP_("language", "Italian")),
    Value("en", NP_("language", "English")),
)


def language_of_locale(value: str) -> str:
    """``it_IT``, ``en-GB`` → ``it``, ``en``: a locale's language (what ``--lang`` takes
    besides the languages' codes and names)."""
    return value.strip().replace("-", "_").split("_")[0]


def formats(*codes: str) -> Choices:
    """A ``--format``'s values: ``pdf``, ``csv``… as they are; ``text``, ``table`` in words."""
    words = {"text": NP_("format", "text"), "table": NP_("format", "table")}
    return Choices.of(*(Value(c, words[c]) if c in words else Value(c) for c in codes))
