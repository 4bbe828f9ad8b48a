"""The Italian words of the timeline's events while they wait in ``events.po.part``.

``events.po.part`` holds the catalogue entries of :mod:`techconsole.reports.event_words`
until they are merged into the ``techconsole`` catalogue. The fixture
:func:`events_catalogue` lays those entries over the real catalogue of each language, so
the tests check the real Italian wording now, and exactly the same once the entries are
merged (and the part is gone: the fixture then changes nothing).
"""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

import pytest

from techconsole import i18n

PART = i18n.LOCALE_DIR / "it" / "LC_MESSAGES" / "events.po.part"
_ENTRY = re.compile(r'^(msgctxt|msgid|msgstr) (".*")$')


def read_po(path: Path) -> dict[tuple[str | None, str], str]:
    """``{(context, msgid): msgstr}`` of a .po file of one-line entries (no header)."""
    found: dict[tuple[str | None, str], str] = {}
    entry: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _ENTRY.match(line)
        if match:
            entry[match[1]] = ast.literal_eval(match[2])
        elif line.startswith('"') and entry:  # a continuation line (the header's)
            continue
        if "msgstr" in entry:
            if entry["msgid"]:
                found[(entry.get("msgctxt"), entry["msgid"])] = entry["msgstr"]
            entry = {}
    return found


class PartTranslations(gettext.NullTranslations):
    """``messages`` first, else the real catalogue."""

    def __init__(self, messages: dict[tuple[str | None, str], str], lang: str) -> None:
        super().__init__()
        self.messages = messages
        self.add_fallback(gettext.translation(i18n.DOMAIN, i18n.LOCALE_DIR, [lang], fallback=True))

    def gettext(self, message: str) -> str:
        if (None, message) in self.messages:
            return self.messages[(None, message)]
        return super().gettext(message)

    def pgettext(self, context: str, message: str) -> str:
        if (context, message) in self.messages:
            return self.messages[(context, message)]
        return super().pgettext(context, message)


@pytest.fixture
def events_catalogue(monkeypatch: pytest.MonkeyPatch) -> None:
    """``i18n.translator("it")`` knows the entries of ``events.po.part``."""
    if PART.exists():
        real = i18n.translator
        italian = PartTranslations(read_po(PART), "it")
        monkeypatch.setattr(
            i18n, "translator", lambda lang: italian if lang == "it" else real(lang)
        )
