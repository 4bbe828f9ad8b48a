"""An :class:`~techconsole.domain.mail.Outgoing` as the bytes an SMTP server is given.

The standard library's :class:`email.message.EmailMessage` with the ``SMTP`` policy:
CRLF line ends, headers in ASCII (names and subjects in UTF-8 as RFC 2047 encoded
words), the text in UTF-8 quoted-printable, attachments in base64 with their names
encoded as RFC 2231 says.  Every header is built from the message's fields made one
line (:func:`~techconsole.domain.mail.header_text`): a customer's subject with a CR/LF
and a ``Bcc:`` in it stays a subject.

An automatic message says so (RFC 3834): ``Auto-Submitted: auto-replied`` when it
answers a message received, ``auto-generated`` for a notice of our own, and asks
Exchange's out-of-office not to answer it (``X-Auto-Response-Suppress``).  Every message
carries ``X-Techconsole: <version>``: taking mail in recognises our own by it.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.headerregistry import Address as HeaderAddress
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime

from techconsole import __version__
from techconsole.domain.mail import Address, Outgoing, header_text, safe_filename

#: a Message-ID as we write it between angle brackets: no spaces, brackets or quotes
_MSGID = re.compile(r"[^\s<>\"()\\,;]+@[^\s<>\"()\\,;]+")
MAX_REFERENCES = 20


def _mailbox(address: Address) -> HeaderAddress:
    """A header address; the display name one line (encoded when it is not ASCII)."""
    local, _at, domain = address.email.strip().rpartition("@")
    if not local or not domain or any(ch.isspace() or ch in '<>,;"' for ch in address.email):
        raise ValueError(f"'{header_text(address.email, 80)}' is not an e-mail address")
    return HeaderAddress(display_name=header_text(address.name, 120), username=local, domain=domain)


def message_id(text: str) -> str | None:
    """``text`` as ``<id>`` when it is a Message-ID we may write in a header, else None."""
    found = header_text(text, 900).strip().strip("<>")
    return f"<{found}>" if _MSGID.fullmatch(found) else None


def compose(
    out: Outgoing,
    *,
    pdf: bytes | None = None,
    pdf_name: str = "",
    date: datetime | None = None,
    version: str = __version__,
) -> bytes:
    """The message's bytes (CRLF line ends, ready for SMTP ``DATA``).

    ``pdf`` is one more attachment (a work report) named ``pdf_name``; ``date`` the
    ``Date:`` header (default: now).  A sender or recipient that is not an address
    raises :class:`ValueError`.
    """
    msg = EmailMessage(policy=SMTP)
    msg["From"] = _mailbox(out.sender)
    if not out.to:
        raise ValueError("a message needs at least one recipient")
    msg["To"] = [_mailbox(a) for a in out.to]
    msg["Subject"] = header_text(out.subject, 900)
    msg["Date"] = format_datetime((date or datetime.now(UTC)).astimezone(UTC))
    own = message_id(out.message_id)
    if own is None:
        raise ValueError(f"'{header_text(out.message_id, 80)}' is not a Message-ID")
    msg["Message-ID"] = own
    answered = message_id(out.in_reply_to or "")
    if answered:
        msg["In-Reply-To"] = answered
    references = [m for m in (message_id(r) for r in out.references) if m]
    if answered and answered not in references:
        references.append(answered)
    if references:
        msg["References"] = " ".join(references[-MAX_REFERENCES:])
    if out.automatic:
        msg["Auto-Submitted"] = header_text(out.auto_submitted, 40) or "auto-replied"
        msg["X-Auto-Response-Suppress"] = "All"
    msg["X-Techconsole"] = header_text(version, 40)
    msg.set_content(out.text, subtype="plain", charset="utf-8", cte="quoted-printable")
    if out.html:
        msg.add_alternative(out.html, subtype="html", charset="utf-8", cte="quoted-printable")
    files = [(a.filename, a.content_type, a.data) for a in out.attachments]
    if pdf is not None:
        files.append((pdf_name or "rapporto.pdf", "application/pdf", pdf))
    for name, content_type, data in files:
        maintype, _slash, subtype = content_type.partition("/")
        if not maintype or not subtype:
            maintype, subtype = "application", "octet-stream"
        msg.add_attachment(
            data, maintype=maintype, subtype=subtype, filename=safe_filename(name, "allegato")
        )
    return msg.as_bytes()
