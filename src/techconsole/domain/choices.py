"""Values typed from a short list: each one's code and its words, in every language.

An option such as ``mail outbox --state`` takes one of a few values.  Each is stored and
printed in ``--json`` as its code (``pending``), which scripts keep typing; people read
it in words (``in attesa``).  A :class:`Choices` accepts both: the code, or the words
of the value in any language of the program (the words it is listed as, and the ones
the tables print it as), whatever the case, the accents, and the spaces, dashes,
underscores and apostrophes (``In Attesa``, ``in_attesa``, ``on site``).  It lists the
values in the language in use, each as its words with the code after them (``in attesa
(pending)``), or as the code alone when the words are the code (``ok``, ``pdf``).

Pure: the words are catalogue messages (marked with ``N_``/``NP_``) looked up when a
list is said or a value is read.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from techconsole.domain.search import fold as _fold
from techconsole.i18n import LANGUAGES, _, language, translate, translator

#: what is left out when a typed value is compared (``in_attesa`` is ``in attesa``)
_IGNORED = str.maketrans("", "", " \t_-'’.")


def fold(text: str) -> str:
    """``text`` as it is compared: no case, accents, spaces, dashes, underscores,
    apostrophes or dots (``"In Attesa"``, ``"in_attesa"`` → ``"inattesa"``)."""
    return _fold(text).translate(_IGNORED)


@dataclass(frozen=True)
class Value:
    """One of the values: its code, and its words (marked messages): the first is the
    one listed, the others are also understood (what a table prints)."""

    code: str
    words: tuple[str, ...] = ()

    def __init__(self, code: str, *words: str) -> None:
        object.__setattr__(self, "code", code)
        object.__setattr__(self, "words", words)


@dataclass(frozen=True)
class Choices:
    """The values an option takes, in the order they are listed."""

    values: tuple[Value, ...]
    #: other ways of typing a value, in no language in particular (``n/a``) → its code
    aliases: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, *values: Value | str, aliases: Mapping[str, str] | None = None) -> Choices:
        """``Choices.of(Value("pending", N_("pending")), "pdf")``: a bare code has no words."""
        made = tuple(v if isinstance(v, Value) else Value(v) for v in values)
        return cls(made, dict(aliases or {}))

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(v.code for v in self.values)

    def word(self, code: str, lang: str | None = None) -> str:
        """The words ``code`` is listed as, in ``lang`` (default: the language in use)."""
        for value in self.values:
            if value.code == code and value.words:
                return translate(translator(lang or language()), value.words[0])
        return code

    def listed(self) -> str:
        """``in attesa (pending), inviato (sent), …``: each value's words and code."""
        said = []
        for value in self.values:
            words = self.word(value.code)
            same = fold(words) == fold(value.code)
            said.append(value.code if same else f"{words} ({value.code})")
        return ", ".join(said)

    def _codes(self) -> Iterator[tuple[str, str]]:
        for value in self.values:
            yield fold(value.code), value.code
        for typed, code in self.aliases.items():
            yield fold(typed), code

    def _words(self) -> Iterator[tuple[str, str]]:
        for lang in LANGUAGES:
            words = translator(lang)
            for value in self.values:
                for marked in value.words:
                    yield fold(translate(words, marked)), value.code

    @cached_property
    def _by_code(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for typed, code in self._codes():
            found.setdefault(typed, code)  # a code wins over an alias
        return found

    @cached_property
    def _by_words(self) -> dict[str, str]:
        """Made the first time a value is not a code (it reads every language's words)."""
        found: dict[str, str] = {}
        for typed, code in self._words():
            found.setdefault(typed, code)
        return found

    def code(self, typed: str) -> str | None:
        """The code of the value ``typed`` (its code or its words), ``None``: none; a code
        wins over the words of another value."""
        folded = fold(typed)
        found = self._by_code.get(folded)
        return found if found is not None else self._by_words.get(folded)

    def ambiguous(self) -> dict[str, set[str]]:
        """What could be typed for two values (a translation that clashes): none."""
        seen: dict[str, set[str]] = {}
        for typed, code in (*self._codes(), *self._words()):
            seen.setdefault(typed, set()).add(code)
        return {typed: codes for typed, codes in seen.items() if len(codes) > 1}

    def refusal(self, typed: str) -> str:
        """Why ``typed`` is refused, with the values accepted, in the language in use."""
        return _("'{value}' is not one of the values accepted: {choices}").format(
            value=typed, choices=self.listed()
        )
