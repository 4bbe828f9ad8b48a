"""A message's text as a note on its incident: what the person wrote, without the message
they answered nor their signature.

A reply carries everything before it: the quoted lines (``> ...``), an attribution line
("On Tue, 3 Mar 2026 Mario Rossi wrote:", "Il giorno mar 3 mar 2026 alle ore 10:00 Mario
Rossi ha scritto:"), Outlook's header block ("-----Messaggio originale-----", "Da: ...
Inviato: ..."), a signature after a ``-- `` line (RFC 3676) and a phone's footer ("Inviato
da iPhone").  :func:`note_text` cuts at the first of them; when nothing would be left, the
whole text is the note.
"""

from __future__ import annotations

import re

_ATTRIBUTION = re.compile(
    r"^\s*(?:On\s.*\bwrote|(?:Il|In\s+data)\s.*\bha\s+scritto)\s*(?::\s*)?$", re.IGNORECASE
)
_ATTRIBUTION_START = re.compile(r"^\s*(?:On|Il|In\s+data)\s", re.IGNORECASE)
_ORIGINAL = re.compile(
    r"^\s*-{2,}\s*(?:original\s+message|messaggio\s+originale)\s*-{2,}\s*$", re.IGNORECASE
)
_RULE = re.compile(r"^\s*_{10,}\s*$")  # Outlook's line above its header block
_FROM = re.compile(r"^\s*\*?(?:From|Da)\s*:", re.IGNORECASE)
_SENT = re.compile(r"^\s*\*?(?:Sent|Inviato|Date|Data)\s*:", re.IGNORECASE)
_SENT_INLINE = re.compile(r"\s\*?(?:Sent|Inviato)\s*:", re.IGNORECASE)
_FOOTER = re.compile(
    r"^\s*(?:"
    r"(?:sent|inviato|inviata)\s+(?:from|with|da|dal|dalla|con)\s+(?:(?:il|la|lo)\s+)?"
    r"(?:my|mio|mia)\s.*"  # "Inviato dal mio Samsung Galaxy", "Sent from my iPhone"
    r"|(?:sent|inviato|inviata)\s+(?:from|with|da|con)\s+(?:iphone|ipad|android|outlook"
    r"|posta|mail|gmail|yahoo|libero|samsung|huawei|xiaomi|blackberry|smartphone)\b.*"
    r"|(?:get|scarica)\s+outlook\s+(?:for|per)\s.*"
    r")$",
    re.IGNORECASE,
)
#: a phone's footer is one short line
_FOOTER_LENGTH = 80
_BLANK_RUNS = re.compile(r"\n{4,}")
#: how many lines below "From:"/"Da:" Outlook's "Sent:"/"Inviato:" may come
_HEADER_BLOCK = 4


def _tidy(lines: list[str]) -> str:
    text = "\n".join(line.rstrip() for line in lines)
    return _BLANK_RUNS.sub("\n\n\n", text).strip()


def _next_text(lines: list[str], i: int) -> str:
    return next((line for line in lines[i + 1 :] if line.strip()), "")


def _is_attribution(lines: list[str], i: int) -> bool:
    line = lines[i]
    if not _ATTRIBUTION_START.match(line):
        return False
    if not _ATTRIBUTION.match(line):  # clients wrap a long attribution on two lines
        if i + 1 >= len(lines) or not _ATTRIBUTION.match(f"{line} {lines[i + 1]}"):
            return False
        line = f"{line} {lines[i + 1]}"
    # a sentence that only ends the same way has no date, no address, no quote below
    return any(ch.isdigit() for ch in line) or "@" in line or _next_text(lines, i)[:1] == ">"


def _is_footer(line: str) -> bool:
    return len(line) <= _FOOTER_LENGTH and bool(_FOOTER.match(line))


def _is_header_block(lines: list[str], i: int) -> bool:
    if _RULE.match(lines[i]):
        return bool(_FROM.match(_next_text(lines, i)))
    if not _FROM.match(lines[i]):
        return False
    if _SENT_INLINE.search(lines[i]):
        return True
    return any(_SENT.match(line) for line in lines[i + 1 : i + 1 + _HEADER_BLOCK])


def _cut(lines: list[str]) -> int:
    """Where the reply ends: the first line of what it carries, or ``len(lines)``."""
    for i, line in enumerate(lines):
        if line.startswith(">"):
            continue
        if line in ("-- ", "--") or _ORIGINAL.match(line) or _is_footer(line):
            return i
        if _is_attribution(lines, i) or _is_header_block(lines, i):
            return i
    return len(lines)


def note_text(text: str) -> str:
    """``text`` with the quoted message, the signature and a phone's footer cut; newlines
    as ``\\n``, no trailing spaces, at most two blank lines in a row.  Never empty when
    ``text`` is not: what has nothing before its quote is kept whole."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept = lines[: _cut(lines)]
    while kept and (not kept[-1].strip() or kept[-1].lstrip().startswith(">")):
        kept.pop()  # the quote below the answer
    return _tidy(kept) or _tidy(lines)
