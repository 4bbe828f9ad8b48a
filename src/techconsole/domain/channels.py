"""The channels a request comes by, in words: one table for the refusals of the policy
(:mod:`.policy_rules`), the timeline's words (``reports.event_terms``) and the forms.

Each word is a catalogue message with the context ``channel``; a code without one is
said as it is.
"""

from __future__ import annotations

from collections.abc import Mapping

from techconsole import i18n
from techconsole.i18n import NP_

CHANNELS: Mapping[str, str] = {
    "email": NP_("channel", "e-mail"),
    "pec": NP_("channel", "certified e-mail (PEC)"),
    "whatsapp": NP_("channel", "WhatsApp"),
    "web": NP_("channel", "web form"),
    "post": NP_("channel", "post"),
    "phone": NP_("channel", "phone"),
    "walk_in": NP_("channel", "in person"),
    "in_person": NP_("channel", "in person"),
    "health_check": NP_("channel", "health check"),
}


def channel_word(code: str, lang: str | None = None) -> str:
    """``walk_in`` → ``di persona`` in ``lang`` (default: the language in use)."""
    message = CHANNELS.get(code)
    if message is None:
        return code
    return i18n.translate(i18n.translator(lang or i18n.language()), message)
