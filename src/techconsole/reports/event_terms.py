"""The words of the codes a timeline event's fields hold: a contact's role, the channel
a request came by, a part's state, an outcome, what a verification found.

Each is a catalogue message with a context (``pgettext``); a code without one is said as
it is. :func:`translations` reads a language other than the process's through
:func:`techconsole.i18n.translator`. The events themselves are worded by
:mod:`.event_words`.
"""

from __future__ import annotations

import gettext
from collections.abc import Mapping
from functools import cache
from typing import cast

from techconsole import i18n
from techconsole.domain import channels
from techconsole.i18n import NP_
from techconsole.reports.i18n import Lang, Words

RESOLVED: Mapping[bool, str] = {
    True: NP_("outcome", "problem solved"),
    False: NP_("outcome", "not solved"),
}

#: a part's state (domain.parts.STATES): said of a proposal on the timeline and the parts
PART_STATES: Mapping[str, str] = {
    "proposed": NP_("part", "proposed, awaiting confirmation"),
    "fitted": NP_("part", "fitted"),
    "declined": NP_("part", "declined by the customer"),
}

#: what a verification of software on a machine found
INSTALLED: Mapping[bool, str] = {
    True: NP_("software", "installed"),
    False: NP_("software", "missing"),
}

ROLES: Mapping[str, str] = {
    "titolare": NP_("contact role", "owner (titolare)"),
    "ads": NP_("contact role", "system administrator (ADS)"),
    "employee": NP_("contact role", "employee"),
}

CHANNELS = channels.CHANNELS  # the domain's: the policy's refusals say them too


def translations(lang: str | None) -> gettext.NullTranslations:
    """The catalogue of ``lang`` (``None``: the process's language)."""
    return i18n.translator(lang or i18n.language())


@cache
def words(lang: str) -> Words:
    """The labels and formats of ``lang`` (made once per language)."""
    return Words(cast(Lang, lang))


#: the same, short, for parentheses after a name: "Maria Bianchi (owner)"
ROLES_SHORT: Mapping[str, str] = {
    "titolare": NP_("contact role", "owner"),
    "ads": NP_("contact role", "ADS"),
    "employee": NP_("contact role", "employee"),
}


def role(code: str, lang: str | None = None) -> str:
    message = ROLES.get(code)
    return code if message is None else i18n.translate(translations(lang), message)


def role_short(code: str, lang: str | None = None) -> str:
    """A contact's role after a name: ``Maria Bianchi (titolare)``, ``(owner)`` in English
    (:func:`role` says "owner (titolare)", which reads badly in parentheses)."""
    message = ROLES_SHORT.get(code)
    return code if message is None else i18n.translate(translations(lang), message)


def part_state(code: str, lang: str | None = None) -> str:
    """``proposed`` → ``proposto, in attesa di conferma`` (seed 003)."""
    message = PART_STATES.get(code)
    return code if message is None else i18n.translate(translations(lang), message)


channel = channels.channel_word  # ``walk_in`` → ``di persona``: the domain's words
