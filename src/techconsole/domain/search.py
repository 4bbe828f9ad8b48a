"""What the queue's text search finds: the same letters, whatever their case and accents.

A search matches an incident when the text typed, folded, is part of its number, its
subject or its customer's name, folded the same way: ``citta`` and ``CITTÀ`` find
"Città di Prova". Folding is :func:`fold`; the store keeps a folded copy of each subject
and each customer's name, and an index of the open incidents' folded texts by trigram
(every run of three letters), so a search reads only the incidents it finds.

A text of fewer than :data:`TRIGRAM` letters has no trigram to look up: it is matched
against every open incident's folded text (still right, slower on a big queue). A whole
incident number (``2026-000123``) is looked up by the number itself.
"""

from __future__ import annotations

import re
import unicodedata

#: the letters a trigram index needs to look a text up
TRIGRAM = 3
#: an incident's number as the program writes it: the year, a dash, six digits or more
_NUMBER = re.compile(r"[0-9]{4}-[0-9]{6,}")


def fold(text: str) -> str:
    """``text`` without case or accents: ``"Città"`` and ``"CITTA"`` are both ``"citta"``.

    Case folded (``ß`` is ``ss``), then decomposed (compatibility: ``ﬁ`` is ``fi``, ``²``
    is ``2``) and stripped of combining marks, the accents among them.  Letters that are
    not an accented Latin one stay what they are (``ø``, ``ł``, Greek, Cyrillic), but
    the dotless ``ı`` is an ``i`` (``I``, its capital, must find it).  Done
    twice: a decomposition may give capitals (``℡`` is ``TEL``), and folding what was
    folded must change nothing (true of every character, the tests check)."""
    return _fold_once(_fold_once(text))


def _fold_once(text: str) -> str:
    # the dotless ı is an i without its dot (its capital is I): the accent-less i
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("ı", "i"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def whole_number(text: str) -> str | None:
    """The incident number ``text`` is (``"2026-000123"``, spaces around it allowed), or
    ``None`` when it is anything else (part of a number, a word)."""
    typed = text.strip()
    return typed if _NUMBER.fullmatch(typed) else None


def matches(text: str, *fields: str) -> bool:
    """Whether a search for ``text`` finds a row of these ``fields`` (number, subject,
    customer's name): what the store's index answers, written out."""
    folded = fold(text)
    return any(folded in fold(field) for field in fields)
