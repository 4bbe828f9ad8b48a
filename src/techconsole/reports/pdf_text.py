"""Text for the PDF's core fonts, which hold windows-1252 only (€, Italian accents, ‘’“”–…).

Invisible formatting characters are shown by their code point first (``<U+202E>``, see
:func:`~techconsole.domain.text.strip_controls`).  Anything else a customer typed is
replaced by its closest form instead of stopping the export: accents are dropped from
letters outside the set (``ő`` → ``o``), ligatures and full-width forms are decomposed, a
few symbols get an ASCII spelling (``→`` → ``->``) and what is left becomes ``?``.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from techconsole.domain.text import strip_controls

ENCODING = "windows-1252"

_SPELLED = {
    "→": "->",
    "←": "<-",
    "⇒": "=>",
    "↔": "<->",
    "≤": "<=",
    "≥": ">=",
    "≠": "!=",
    "≈": "~",
    "−": "-",
    "‐": "-",
    "‑": "-",
    "‒": "-",
    "―": "—",
    "✓": "v",
    "✔": "v",
    "✗": "x",
    "✘": "x",
    "′": "'",
    "″": '"',
    "Ł": "L",
    "ł": "l",
    "Đ": "D",
    "đ": "d",
    "Ħ": "H",
    "ħ": "h",
    "ı": "i",
    "\u2009": " ",
    "\u202f": " ",
    "\u2007": " ",
    # an invisible character is shown as ⟨U+202E⟩ (domain.text): <U+202E> in the PDF
    "⟨": "<",
    "⟩": ">",
}


def fits(text: str) -> bool:
    try:
        text.encode(ENCODING)
    except UnicodeEncodeError:
        return False
    return True


@lru_cache(maxsize=4096)
def _replace(char: str) -> str:
    if char in _SPELLED:
        return _SPELLED[char]
    decomposed = unicodedata.normalize("NFKD", char)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    if base and fits(base):
        return base
    return "?"


def pdf_safe(text: str) -> str:
    """``text`` without control sequences and with every character printable by the core
    fonts."""
    text = strip_controls(text)
    if fits(text):
        return text
    return "".join(c if fits(c) else _replace(c) for c in text)
