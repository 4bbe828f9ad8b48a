"""A message's bytes, as a mail server or a file gives them, made an :class:`IncomingMail`.

:func:`parse` reads what real mail clients send — Outlook's quoted-printable Windows-1252,
Gmail's base64 UTF-8, old clients' undeclared Latin-1, wrong and unknown charsets,
malformed encoded-words, HTML without a text part — and never fails on a message: what
cannot be decoded comes as near as it can (a replacement character, no date, no
address).  Only bytes that are no mail message at all (nothing, or no header a message
has) raise :class:`NotAMessage`.

The message is parsed once (``email`` with ``policy.default``), each distinct header
value parsed once, each part decoded once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime
from email.headerregistry import BaseHeader, HeaderRegistry
from email.message import Message
from email.parser import BytesParser
from email.policy import default

from techconsole.domain.mail import Address, IncomingMail
from techconsole.i18n import _
from techconsole.mail.decode import (
    addresses,
    decode_header,
    header_date,
    message_ids,
    one_line,
)
from techconsole.mail.parts import DELIVERY_STATUS, attachments, body, content_type, leaves

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024

#: the headers that tell a person's message from a machine's (IncomingMail.machine_headers)
MACHINE_HEADERS = (
    "auto-submitted",
    "precedence",
    "x-autoreply",
    "x-autorespond",
    "list-id",
    "list-unsubscribe",
    "return-path",
    "x-auto-response-suppress",
    "x-techconsole",
    "x-failed-recipients",
    "x-contact-form",
)
#: a message has at least one of these; bytes with none of them are no message
_MESSAGE_HEADERS = {
    *("from", "sender", "to", "cc", "subject", "date", "message-id", "received"),
    *("return-path", "delivery-date", "delivered-to", "mime-version", "reply-to"),
    *("in-reply-to", "references"),
}


class NotAMessage(ValueError):
    """The bytes are no mail message: empty, or without any header a message has."""


class _OnceRegistry(HeaderRegistry):
    """The header registry of one parse: each distinct header value is parsed once (the
    parser itself asks for a part's Content-Type several times)."""

    def __init__(self) -> None:
        super().__init__()
        self._parsed: dict[tuple[str, str], BaseHeader] = {}

    def __call__(self, name: str, value: str) -> BaseHeader:
        key = (name.lower(), value)
        found = self._parsed.get(key)
        if found is None:
            found = self._parsed[key] = super().__call__(name, value)
        return found


def _read(raw: bytes) -> Message:
    policy = default.clone(header_factory=_OnceRegistry())
    try:
        return BytesParser(policy=policy).parsebytes(raw.lstrip(b"\r\n\t "))
    except Exception as error:  # the parser is meant to take anything; if not, say so
        raise NotAMessage(_("not a readable mail message: {error}").format(error=error)) from error


def _first_address(*values: str | None) -> Address | None:
    for value in values:
        if value:
            found = addresses(value)
            if found:
                return found[0]
    return None


def _received_at(received: str | None, delivery_date: str | None) -> datetime | None:
    when = header_date(received.rpartition(";")[2]) if received and ";" in received else None
    return when or header_date(delivery_date)


def _is_report(msg: Message, types: Iterable[str]) -> bool:
    if content_type(msg) == "multipart/report":
        try:
            if str(msg.get_param("report-type", "")).lower() == "delivery-status":
                return True
        except Exception:
            pass
    return any(ctype in DELIVERY_STATUS for ctype in types)


def _receipt(msg: Message, headers: dict[str, str]) -> dict[str, str]:
    """A read receipt (RFC 8098: multipart/report; report-type=disposition-notification)
    is an automatic reply even when its sender forgot to say so."""
    if content_type(msg) == "multipart/report" and "auto-submitted" not in headers:
        try:
            kind = str(msg.get_param("report-type", "")).lower()
        except Exception:
            kind = ""
        if kind == "disposition-notification":
            headers["auto-submitted"] = "auto-replied (read receipt)"
    return headers


def _text(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")


def parse(
    raw: bytes,
    *,
    max_attachment_bytes: int = MAX_ATTACHMENT_BYTES,
    extra_headers: Iterable[str] = (),
) -> IncomingMail:
    """The message ``raw`` decoded; its files larger than ``max_attachment_bytes`` come
    without their data.  ``extra_headers`` (names) join :data:`MACHINE_HEADERS` in
    ``machine_headers``.  Raises :class:`NotAMessage` for bytes that are no message."""
    raw = bytes(raw)
    if not raw.strip():
        raise NotAMessage(_("not a mail message: it is empty"))
    msg = _read(raw)
    headers: dict[str, list[str]] = {}
    for name, value in msg.raw_items():
        headers.setdefault(name.lower(), []).append(str(value))
    if not headers.keys() & _MESSAGE_HEADERS:
        raise NotAMessage(_("not a mail message: it has no mail headers"))

    def first(name: str) -> str | None:
        values = headers.get(name)
        return values[0] if values else None

    def every(name: str) -> tuple[Address, ...]:
        return tuple(a for value in headers.get(name, ()) for a in addresses(value))

    digest = hashlib.sha256(raw).hexdigest()
    ids = message_ids(first("message-id") or "")
    sender = _first_address(first("from"), first("sender"), first("return-path"))
    found = list(leaves(msg))
    text_part, text, from_html = body(found)
    wanted = (*MACHINE_HEADERS, *(name.lower() for name in extra_headers))
    return IncomingMail(
        message_id=ids[0] if ids else f"sha256:{digest}",
        has_message_id=bool(ids),
        sender=sender or Address(email=""),
        subject=one_line(decode_header(first("subject") or "")),
        text=_text(text),
        sha256=digest,
        size=len(raw),
        to=every("to"),
        cc=every("cc"),
        reply_to=_first_address(first("reply-to")),
        date=header_date(first("date")),
        received_at=_received_at(first("received"), first("delivery-date")),
        in_reply_to=message_ids(first("in-reply-to") or ""),
        references=message_ids(first("references") or ""),
        from_html=from_html,
        attachments=tuple(attachments(found, text_part, max_attachment_bytes)),
        machine_headers=_receipt(
            msg,
            {
                name: one_line(decode_header(header))
                for name in wanted
                if (header := first(name)) is not None
            },
        ),
        is_report=_is_report(msg, (leaf.content_type for leaf in found)),
    )
