"""The program's words in the user's language: gettext message catalogues.

Every string shown to a person is written in English in the code and marked with
:func:`_` (or :func:`ngettext`, :func:`pgettext`); the catalogues in ``locale/`` give
the Italian (the default) and English words. The entry point calls
:func:`set_language` once, from the settings; the lower layers only call :func:`_`,
which looks the message up when it is called, never at import time.

:func:`N_` marks a string for extraction without translating it (a table of codes
whose words are looked up later with :func:`_`).

This module uses only the standard library, so every layer may import it.
"""

from __future__ import annotations

import gettext
from pathlib import Path

DOMAIN = "techconsole"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES: tuple[str, ...] = ("it", "en")
DEFAULT_LANGUAGE = "it"

_state: dict[str, object] = {}


def _load(lang: str) -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)


def set_language(lang: str) -> None:
    """Speak ``lang`` (``"it"`` or ``"en"``) from now on, in this process."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}: one of {', '.join(LANGUAGES)}")
    _state["lang"] = lang
    _state["translations"] = _load(lang)


def language() -> str:
    """The language in use: the one last set, else Italian."""
    return str(_state.get("lang", DEFAULT_LANGUAGE))


def _translations() -> gettext.NullTranslations:
    found = _state.get("translations")
    if found is None:
        set_language(language())
        found = _state["translations"]
    assert isinstance(found, gettext.NullTranslations)
    return found


def _(message: str) -> str:
    """``message`` in the current language."""
    return _translations().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for ``n``, in the current language."""
    return _translations().ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` in the current language, told apart by ``context``."""
    return _translations().pgettext(context, message)


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue without translating it now."""
    return message


__all__ = ["DOMAIN", "LANGUAGES", "N_", "_", "language", "ngettext", "pgettext", "set_language"]
