"""An incident's statuses, and the words people read for them (one table for every front
end: the command line, the console, the services' messages)."""

from __future__ import annotations

from techconsole.i18n import NP_, language, translate, translator

#: every status an incident can be in, in the order of its life
STATUSES = ("open", "in_progress", "waiting", "awaiting_authorisation", "resolved", "closed")

#: an incident's status for people (marked here, translated when shown)
STATUS_WORDS = {
    "open": NP_("status", "open"),
    "in_progress": NP_("status", "in progress"),
    "waiting": NP_("status", "waiting"),
    "awaiting_authorisation": NP_("status", "awaiting authorisation"),
    "resolved": NP_("status", "resolved"),
    "closed": NP_("status", "closed"),
}


def status_word(status: str, lang: str | None = None) -> str:
    """``status`` in words, in ``lang`` (default: the language in use); an unknown code
    with its underscores as spaces (``in_progress``: in lavorazione)."""
    marked = STATUS_WORDS.get(status)
    if marked is None:
        return status.replace("_", " ")
    return translate(translator(lang or language()), marked)
