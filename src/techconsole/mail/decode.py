"""Header and text decoding that never fails: what mail clients really send.

Every function here takes what the parser stored (header values are ``str`` with the
bytes that were not ASCII kept as surrogate escapes) and returns clean Unicode, with no
surrogates left: a wrong or unknown charset falls back to UTF-8 when the bytes are valid
UTF-8, else Windows-1252 (what "ISO-8859-1" means in practice), else UTF-8 with
replacement characters.  Malformed RFC 2047 encoded-words (spaces inside, no ``?=`` at
the end, a multi-byte character split over two words) are decoded as the sender meant.
"""

from __future__ import annotations

import binascii
import codecs
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import getaddresses, parsedate_to_datetime

from techconsole.domain.mail import Address
from techconsole.domain.text import drop_escapes

#: codecs that are "text encodings" to Python but no mail charset: they turn
#: backslashes into characters or never decode
_NOT_CHARSETS = {"unicode_escape", "raw_unicode_escape", "idna", "punycode", "undefined"}
#: what mail (and every browser) means by these labels: Windows-1252, whose 0x80–0x9F are
#: the euro sign and the typographic quotes instead of invisible controls
_LATIN1 = {"latin_1", "iso8859_1", "ascii"}
#: the single-byte charsets Italian mail is labelled with, rightly or not
_WESTERN = {*_LATIN1, "cp1252", "iso8859_15"}
_SURROGATE = re.compile("[\ud800-\udfff]")
_EW = re.compile(
    r"=\?([^?\s]+)\?([bBqQ])\?"  # =?charset?encoding?
    r"(?:([^?]*)\?=|([^?\s]+)(?=\s|$))"  # text?=  or, unterminated, up to a space
)
_FOLD = re.compile(r"\r?\n(?=[ \t])")
_SPACES = re.compile(r"\s+")
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_ANGLE_ID = re.compile(r"<([^<>]*)>")
_EMAIL = re.compile(r"[^@\s<>()\[\],;:\"\\]+@[^@\s<>()\[\],;:\"\\]+")
_B64_JUNK = re.compile(rb"[^A-Za-z0-9+/]")
MAX_EMAIL = 254


def _candidates(charset: str | None) -> Iterator[str]:
    if charset:
        label = charset.strip().strip("\"'").split("*", 1)[0]
        try:
            name = codecs.lookup(label).name.replace("-", "_")
        except (LookupError, ValueError, TypeError):
            name = ""
        if name in _WESTERN:
            # valid UTF-8 beyond ASCII is hardly ever Western text by chance: mislabelled
            yield "utf-8"
        if name in _LATIN1:
            yield "cp1252"
            yield "latin-1"
        elif name and name not in _NOT_CHARSETS:
            yield name
    yield "utf-8"
    yield "cp1252"


def decode_bytes(data: bytes, charset: str | None = None) -> str:
    """``data`` as text: in its declared ``charset`` when that decodes it (UTF-8 first
    when it claims a Western single-byte charset), else the fallbacks (UTF-8,
    Windows-1252, UTF-8 with replacement characters)."""
    if charset is None and data.isascii():
        return data.decode("ascii")
    for name in _candidates(charset):
        try:
            text = data.decode(name)
        except (LookupError, ValueError, TypeError):
            continue
        if not _SURROGATE.search(text):
            return text
    return data.decode("utf-8", "replace")


def clean(value: str) -> str:
    """A string from the parser with its undecoded bytes (surrogate escapes) decoded."""
    if not _SURROGATE.search(value):
        return value
    return decode_bytes(value.encode("utf-8", "surrogateescape"))


def _ew_bytes(encoding: str, text: str) -> bytes | None:
    data = text.encode("ascii", "surrogateescape")
    try:
        if encoding in "qQ":
            return binascii.a2b_qp(data, header=True)
        data = _B64_JUNK.sub(b"", data)
        if len(data) % 4 == 1:  # one character too many: no whole byte in it
            data = data[:-1]
        return binascii.a2b_base64(data + b"=" * (-len(data) % 4))
    except (binascii.Error, ValueError):
        return None


def decode_header(raw: str) -> str:
    """A header's text with its encoded-words decoded (RFC 2047, leniently), unfolded;
    the whitespace inside is kept as it is except around the folds."""
    raw = _FOLD.sub("", raw)
    if "=?" not in raw:
        return clean(raw)
    pieces: list[tuple[str | None, bytes | str]] = []  # (charset, bytes) or (None, text)
    pos = 0
    for match in _EW.finditer(raw):
        between = raw[pos : match.start()]
        data = _ew_bytes(match.group(2), match.group(3) or match.group(4) or "")
        pos = match.end()
        if data is None:  # not decodable: kept as it came
            pieces.append((None, between + match.group(0)))
            continue
        after_word = bool(pieces) and pieces[-1][0] is not None
        if between and not (after_word and between.isspace()):
            pieces.append((None, between))
        charset = match.group(1).lower()
        last = pieces[-1] if pieces else None
        if last is not None and last[0] == charset and isinstance(last[1], bytes):
            pieces[-1] = (charset, last[1] + data)  # a character split over two words
        else:
            pieces.append((charset, data))
    pieces.append((None, raw[pos:]))
    return "".join(
        clean(part) if isinstance(part, str) else decode_bytes(part, charset)
        for charset, part in pieces
    )


def one_line(text: str) -> str:
    """``text`` on one line: terminal escape sequences dropped whole (a bare ``[31m`` left
    of one would read as the customer's text), then controls and runs of whitespace
    become one space."""
    return _SPACES.sub(" ", _CONTROLS.sub(" ", drop_escapes(text))).strip()


def addresses(raw: str) -> list[Address]:
    """The mailboxes of an address header; the malformed ones are left out."""
    found: list[Address] = []
    try:
        pairs = getaddresses([_FOLD.sub("", raw)])
    except Exception:  # a parser bug on a hostile header is no reason to lose the message
        return found
    for name, addr in pairs:
        email = clean(addr).strip().strip("<>").lower()
        if len(email) > MAX_EMAIL or not _EMAIL.fullmatch(email) or _CONTROLS.search(email):
            continue
        found.append(Address(email=email, name=one_line(decode_header(name)).strip("\"' ")))
    return found


def message_ids(raw: str) -> tuple[str, ...]:
    """The ids of a Message-ID, In-Reply-To or References header, without brackets."""
    value = clean(_FOLD.sub("", raw))
    found = _ANGLE_ID.findall(value) or value.replace(",", " ").split()
    ids = ("".join(ch for ch in mid if ch.isprintable() and not ch.isspace()) for mid in found)
    return tuple(mid for mid in ids if mid)


def header_date(raw: str | None) -> datetime | None:
    """A header's date as an aware UTC datetime (without a zone: UTC), or ``None``."""
    if not raw:
        return None
    try:
        when = parsedate_to_datetime(one_line(clean(raw)))
        if when.tzinfo is None:
            return when.replace(tzinfo=UTC)
        return when.astimezone(UTC)
    except (TypeError, ValueError, OverflowError, IndexError):
        return None
