"""The story of each subject (``data/demo/stories.toml``): what the customer writes, the
technician's note while working on it, the note on solving it and, for a visit that did
not solve it, why — so that a printer jam is not described as a black monitor and fixed
by a new power supply.

The category's own lists (``incidents.toml``) are still drawn from for every incident,
in the same order: the same seed gives the same customers, times and work sessions;
where a subject has its story, its texts are the ones written, and its ``parts`` the ones
fitted (``work.Work._parts``).  A story's texts may use ``{postazione}`` and ``{n}`` only
where its subject does: they take the subject's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from techconsole.services.errors import ServiceError

_PLACEHOLDER = re.compile(r"\{(\w*)\}")
#: the texts of a story, and whether each must be there
FIELDS = (("description", True), ("note", True), ("resolution", True), ("unresolved", False))


@dataclass(frozen=True, slots=True)
class Story:
    description: str
    note: str
    resolution: str
    #: why a visit did not solve it (a level-2 category's); ``""``: none
    unresolved: str = ""
    #: the codes of the parts that fit it (``work.toml``); ``None``: any of its category's
    parts: tuple[str, ...] | None = None


#: a workstation and a number, as the subject was filled in
Place = tuple[str, int]


def told(text: str, place: Place | None) -> str:
    """A story's ``text`` with the subject's workstation and number filled in."""
    if place is None or "{" not in text:
        return text
    return placed(text, *place)


#: "della", "nella", "sulla", "dalla", "la" right before the workstation, which elide
#: before a vowel ("dell'accettazione", "per l'amministrazione")
_ARTICLE = re.compile(r"\b(?:([DdNnSs]e|[Dd]a|[Ss]u)ll|([Ll]))a (?=\{postazione\})")
_VOWELS = tuple("aeiouàèéìòùAEIOU")


def placed(template: str, workstation: str, n: int) -> str:
    """``template`` with ``{postazione}`` and ``{n}`` filled in, the article before the
    workstation elided as Italian writes it before a vowel."""
    if workstation.startswith(_VOWELS):
        template = _ARTICLE.sub(lambda m: f"{m[1]}ll'" if m[1] else f"{m[2]}'", template)
    return template.format(postazione=workstation, n=n)


def read_stories(
    path: Path, data: dict[str, Any], subjects: dict[str, tuple[tuple[str, ...], bool]]
) -> dict[str, dict[str, Story]]:
    """The stories of ``data`` (the parsed file at ``path``) by category code and subject,
    checked against ``subjects`` (category code -> its subjects, urgent ones included,
    and whether its visits can fail to solve)."""
    found: dict[str, dict[str, Story]] = {}
    entries = data.get("stories", [])
    if not isinstance(entries, list):
        raise _fail(path, "stories", "a list of tables is expected")
    for index, entry in enumerate(entries):
        where = f"stories[{index}]"
        if not isinstance(entry, dict):
            raise _fail(path, where, "a table is expected")
        category, subject = entry.get("category"), entry.get("subject")
        if category not in subjects:
            raise _fail(path, f"{where}.category", f"no category {category!r} in incidents.toml")
        known, visits_fail = subjects[category]
        if subject not in known:
            raise _fail(path, f"{where}.subject", f"{subject!r} is not a subject of {category}")
        if subject in found.setdefault(category, {}):
            raise _fail(path, f"{where}.subject", f"{subject!r} has a story already")
        texts = {}
        for name, needed in FIELDS:
            value = entry.get(name, "")
            if not isinstance(value, str) or (needed and not value.strip()):
                raise _fail(path, f"{where}.{name}", "a text is expected")
            extra = set(_PLACEHOLDER.findall(value)) - set(_PLACEHOLDER.findall(subject))
            if extra:
                raise _fail(path, f"{where}.{name}", f"{{{extra.pop()}}} is not in its subject")
            texts[name] = value
        if texts["unresolved"] and not visits_fail:
            raise _fail(path, f"{where}.unresolved", f"{category}'s visits always solve")
        parts = entry.get("parts")
        if parts is not None and (
            not isinstance(parts, list) or not all(isinstance(p, str) for p in parts)
        ):
            raise _fail(path, f"{where}.parts", "a list of part codes is expected")
        fits = None if parts is None else tuple(parts)
        found[category][subject] = Story(**texts, parts=fits)
    return found


def check_parts(path: Path, stories: dict[str, dict[str, Story]], codes: set[str]) -> None:
    """Every part a story names is one of ``work.toml`` (``codes``)."""
    for category, told in stories.items():
        for subject, story in told.items():
            unknown = sorted(set(story.parts or ()) - codes)
            if unknown:
                where = f"{category} {subject!r}: parts"
                raise _fail(path, where, f"no part {unknown[0]!r} in work.toml")


def _fail(path: Path, key: str, why: str) -> ServiceError:
    return ServiceError(f"{path}: {key}: {why} (reinstall techconsole?)")
