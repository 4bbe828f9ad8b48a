"""The parts of a parsed message: which one is its text, which are its files.

The text is the first ``text/plain`` part that says something, else the first
``text/html`` converted (:mod:`techconsole.mail.html_text`); a part with a file name or
``Content-Disposition: attachment`` is never the text.  The files are every other part
with a name or that disposition, and the images, sounds, videos and documents that came
without a name (``immagine-1.png``, ``allegato-1.pdf``).  A forwarded message is one file
(``.eml``); what it contains is not looked into.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Iterator
from dataclasses import dataclass
from email import policy as email_policy
from email.message import Message

from techconsole.domain.mail import Attachment, safe_filename
from techconsole.mail.decode import clean, decode_bytes, decode_header
from techconsole.mail.html_text import html_to_text

_EXTENSIONS = {
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/jpg": "jpg",
    "image/pjpeg": "jpg",
    "image/gif": "gif",
    "image/bmp": "bmp",
    "image/webp": "webp",
    "image/tiff": "tif",
    "image/svg+xml": "svg",
    "image/heic": "heic",
    "application/pdf": "pdf",
    "application/zip": "zip",
    "message/rfc822": "eml",
    "text/plain": "txt",
    "text/html": "html",
    "text/calendar": "ics",
}
#: the kinds of part that are files even when they come without a name
_UNNAMED_FILES = {"image", "audio", "video", "application"}
DELIVERY_STATUS = {"message/delivery-status", "message/global-delivery-status"}


@dataclass(frozen=True, slots=True)
class Leaf:
    """A part that is not a multipart: its type, disposition and name, read once."""

    part: Message
    content_type: str
    attachment: bool  # Content-Disposition: attachment
    filename: str  # as the sender named it, decoded ("" when it has none)
    body_candidate: bool  # may be the message's text (not a related part's resource)


def content_type(part: Message) -> str:
    try:
        return part.get_content_type()
    except Exception:  # a header the parser's own parser chokes on: as if missing
        return "text/plain"


def _filename(part: Message) -> str:
    try:
        name = part.get_filename() or ""
    except Exception:
        name = ""
    if "\ufffd" in name:  # raw 8-bit in the header, which the parser gave up on
        name = _raw_filename(part) or name
    return decode_header(name) if "=?" in name else clean(name)


def _raw_filename(part: Message) -> str:
    """The file name of a header written in raw 8-bit (UTF-8 or Windows-1252)."""
    for header, param in (("content-disposition", "filename"), ("content-type", "name")):
        for key, value in part.raw_items():
            if key.lower() == header:
                try:
                    params = email_policy.default.header_factory(header, clean(value)).params
                except Exception:
                    continue
                if params.get(param):
                    return str(params[param])
    return ""


def _disposition(part: Message) -> str:
    try:
        return part.get_content_disposition() or ""
    except Exception:
        return ""


def leaves(part: Message, candidate: bool = True) -> Iterator[Leaf]:
    """The parts that are not multiparts, in order; a message inside is one leaf."""
    ctype = content_type(part)
    if ctype.startswith("multipart/") and part.is_multipart():
        for i, sub in enumerate(part.get_payload()):
            if isinstance(sub, Message):
                # a related part's first part is its document, the others its resources
                yield from leaves(sub, candidate and (i == 0 or ctype != "multipart/related"))
        return
    if ctype.startswith("multipart/"):  # a multipart without its boundary: its text
        ctype = "text/plain"
    disposition = _disposition(part)
    yield Leaf(part, ctype, disposition == "attachment", _filename(part), candidate)


def _payload(leaf: Leaf) -> bytes:
    part = leaf.part
    try:
        if leaf.content_type.startswith("message/") and part.is_multipart():
            inner = part.get_payload()
            if isinstance(inner, list) and inner and isinstance(inner[0], Message):
                return inner[0].as_bytes(policy=email_policy.compat32)
            return b""
        data = part.get_payload(decode=True)
    except Exception:  # what cannot be decoded nor regenerated comes as nothing
        return b""
    return data if isinstance(data, bytes) else b""


def _charset(part: Message) -> str | None:
    try:
        return part.get_content_charset()
    except Exception:
        return None


def part_text(leaf: Leaf) -> str:
    """The text of a text part, decoded (an HTML part's source, not converted)."""
    data = _payload(leaf)
    charset = _charset(leaf.part)
    if charset is None and leaf.content_type == "text/html":
        charset = _meta_charset(data)
    return decode_bytes(data, charset)


def _meta_charset(data: bytes) -> str | None:
    head = data[:2048].lower()
    at = head.find(b"charset=")
    if at < 0:
        return None
    value = head[at + 8 : at + 48].lstrip(b"\"' ")
    end = next((i for i, byte in enumerate(value) if byte in b"\"' ;/>"), len(value))
    return value[:end].decode("ascii", "replace") or None


def body(found: list[Leaf]) -> tuple[Leaf | None, str, bool]:
    """The part that is the message's text, the text and whether it was HTML."""
    candidates = [
        leaf
        for leaf in found
        if leaf.body_candidate
        and not leaf.attachment
        and not leaf.filename
        and leaf.content_type in ("text/plain", "text/html")
    ]
    first_plain: Leaf | None = None
    for leaf in candidates:
        if leaf.content_type == "text/plain":
            text = part_text(leaf)
            if text.strip():
                return leaf, text, False
            first_plain = first_plain or leaf
    for leaf in candidates:
        if leaf.content_type == "text/html":
            text = html_to_text(part_text(leaf))
            if text.strip():
                return leaf, text, True
    return first_plain, "", False


def _extension(ctype: str) -> str:
    known = _EXTENSIONS.get(ctype)
    if known:
        return known
    guessed = mimetypes.guess_extension(ctype, strict=False)
    return guessed.lstrip(".") if guessed else "bin"


def attachments(found: list[Leaf], text_part: Leaf | None, limit: int) -> list[Attachment]:
    """The files of a message, each with a safe name; ``data`` is ``None`` above ``limit``."""
    files: list[Attachment] = []
    unnamed: dict[str, int] = {}
    for leaf in found:
        if leaf is text_part:
            continue
        ctype, maintype = leaf.content_type, leaf.content_type.partition("/")[0]
        named = bool(leaf.filename) or leaf.attachment
        if not named and maintype not in _UNNAMED_FILES:
            continue  # an alternative text, a report's parts, an inline forwarded message
        kind = {"image": "immagine", "message": "messaggio"}.get(maintype, "allegato")
        if leaf.filename:
            name = safe_filename(leaf.filename)
        else:
            unnamed[kind] = unnamed.get(kind, 0) + 1
            name = f"{kind}-{unnamed[kind]}.{_extension(ctype)}"
        data = _payload(leaf)
        files.append(Attachment(name, ctype, len(data), data if len(data) <= limit else None))
    return files
