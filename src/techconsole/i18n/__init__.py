"""The program's words in the user's language: gettext message catalogues.

Every string shown to a person is written in English in the code and marked with
:func:`_` (or :func:`ngettext`, :func:`pgettext`); the catalogues in ``locale/`` give
the Italian (the default) and English words. The entry point calls
:func:`set_language` once, from the settings; the lower layers only call :func:`_`,
which looks the message up when it is called, never at import time.

:func:`N_` marks a string for extraction without translating it (a table of codes
whose words are looked up later with :func:`_` or :func:`translate`); :func:`NP_` does
the same with a context. :func:`translator` gives the words of
one language without changing the process's (a report has a language of its own).

The ``.po`` sources live in ``locale/<lang>/LC_MESSAGES/``. A wheel carries them
compiled (``.mo``, by ``hatch_build.py``); in a source checkout or an editable install
there is no ``.mo``, and the ``.po`` is compiled in memory with Babel the first time a
language is used. This module itself uses only the standard library (Babel is imported
on that fallback path only), so every layer may import it and the start is not slower.
"""

from __future__ import annotations

import gettext
import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

DOMAIN = "techconsole"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES: tuple[str, ...] = ("it", "en")
DEFAULT_LANGUAGE = "it"
#: the Babel locale of each language (numbers, dates, weekday names)
LOCALES: dict[str, str] = {"it": "it_IT", "en": "en_GB"}

_state: dict[str, str] = {}
_loaded: dict[str, gettext.NullTranslations] = {}
_lock = threading.Lock()


def catalogue_paths(lang: str, locale_dir: Path = LOCALE_DIR) -> tuple[Path, Path]:
    """The ``.po`` source and the compiled ``.mo`` of ``lang``."""
    base = locale_dir / lang / "LC_MESSAGES" / DOMAIN
    return base.with_suffix(".po"), base.with_suffix(".mo")


def compile_po(po: Path) -> bytes:
    """The ``.mo`` bytes of a ``.po`` file, as ``pybabel compile`` writes them (fuzzy and
    untranslated entries left out, so they read as the English msgid)."""
    from babel.messages.mofile import write_mo  # only without a compiled catalogue
    from babel.messages.pofile import read_po

    with po.open("rb") as source:
        catalog = read_po(source, locale=po.parent.parent.name, domain=DOMAIN)
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def load(lang: str, locale_dir: Path = LOCALE_DIR) -> gettext.NullTranslations:
    """The catalogue of ``lang``: the ``.mo`` when it is at least as new as the ``.po``
    (a wheel has only the ``.mo``), else the ``.po`` compiled now; with neither, the
    English msgids as they are."""
    po, mo = catalogue_paths(lang, locale_dir)
    if mo.is_file() and (not po.is_file() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as compiled:
            return gettext.GNUTranslations(compiled)
    if po.is_file():
        return gettext.GNUTranslations(io.BytesIO(compile_po(po)))
    return gettext.NullTranslations()


def _check(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}: one of {', '.join(LANGUAGES)}")
    return lang


def translator(lang: str) -> gettext.NullTranslations:
    """The words of ``lang`` (``gettext``, ``ngettext``, ``pgettext``), loaded once,
    without changing the language of the process."""
    found = _loaded.get(_check(lang))
    if found is None:
        with _lock:
            found = _loaded.get(lang)
            if found is None:
                found = _loaded[lang] = load(lang)
    return found


def set_language(lang: str) -> None:
    """Speak ``lang`` (``"it"`` or ``"en"``) from now on, in this process."""
    translator(lang)  # load it now: a broken catalogue is said at start, not mid-screen
    _state["lang"] = lang


@contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Speak ``lang`` inside the block, then the language spoken before: for values that
    must not depend on the reader's language (a ``--json`` field shown in English). The
    language is the process's: use it where one thread speaks, as the command line does."""
    before = language()
    set_language(lang)
    try:
        yield
    finally:
        set_language(before)


def language() -> str:
    """The language in use: the one last set, else Italian."""
    return _state.get("lang", DEFAULT_LANGUAGE)


def locale() -> str:
    """The Babel locale of the language in use: ``it_IT`` or ``en_GB``."""
    return LOCALES[language()]


def _(message: str) -> str:
    """``message`` in the current language."""
    return translator(language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for ``n``, in the current language."""
    return translator(language()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` in the current language, told apart by ``context``."""
    return translator(language()).pgettext(context, message)


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue without translating it now."""
    return message


#: how gettext joins a context and a message (``msgctxt`` and ``msgid``)
CONTEXT_SEPARATOR = "\x04"


def NP_(context: str, message: str) -> str:
    """Mark ``message`` with ``context`` for the catalogue, without translating it now
    (two different words that are one in English: a company's name, a person's)."""
    return f"{context}{CONTEXT_SEPARATOR}{message}"


def translate(words: gettext.NullTranslations, marked: str) -> str:
    """A message marked with :func:`N_` or :func:`NP_`, in the language of ``words``."""
    context, separator, message = marked.partition(CONTEXT_SEPARATOR)
    if separator:
        return words.pgettext(context, message)
    return words.gettext(marked)


__all__ = [
    "DOMAIN",
    "LANGUAGES",
    "LOCALES",
    "NP_",
    "N_",
    "_",
    "language",
    "locale",
    "ngettext",
    "pgettext",
    "set_language",
    "speaking",
    "translate",
    "translator",
]
