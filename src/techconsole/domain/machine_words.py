"""A machine's kind in words: the command line's ``asset list`` and the console's
Postazioni say it the same way."""

from __future__ import annotations

from typing import Final

from techconsole.i18n import NP_, language, translate, translator

#: a machine's kind for people (``store.assets.ASSET_KINDS``)
KIND_WORDS: Final[dict[str, str]] = {
    "workstation": NP_("machine kind", "workstation"),
    "server": NP_("machine kind", "server"),
    "laptop": NP_("machine kind", "laptop"),
    "mobile": NP_("machine kind", "mobile device"),
    "other": NP_("machine kind", "other"),
}


def kind_word(kind: str) -> str:
    """A machine's kind in the language in use."""
    marked = KIND_WORDS.get(kind)
    return kind if marked is None else translate(translator(language()), marked)
