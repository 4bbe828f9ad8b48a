"""Mail as the rules see it: a received message, already parsed, and the rules of intake.

The transports (``techconsole.mail``: files, Maildir, IMAP, SMTP) turn bytes into an
:class:`IncomingMail` and an :class:`Outgoing` into bytes; what a message *means* —
noise that never opens an incident (RFC 3834), the incident it replies to, when its
clock starts, a file name safe to save — is decided here, without any I/O.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from techconsole.domain.limits import EARLIEST, FUTURE_SKEW

#: how old a message's own Date may be and still start its clock (a PC with a wrong clock,
#: a message stuck in an outbox): older, the time we received it counts
MAX_DATE_AGE = timedelta(days=30)

#: the incident number in a subject, as our messages write it: ``[2026-000123]``
_NUMBER = re.compile(r"\[(\d{4}-\d{6})\]")
_UNSAFE_NAME = re.compile(r"[^\w.\- ()+,]+", re.UNICODE)
_RESERVED = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"COM{i}" for i in range(10)),
    *(f"LPT{i}" for i in range(10)),
}
MAX_FILE_NAME = 120


@dataclass(frozen=True, slots=True)
class Address:
    """One mailbox: the display name (decoded, may be empty) and the address, lowercased."""

    email: str
    name: str = ""

    @property
    def domain(self) -> str:
        return self.email.rpartition("@")[2]


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file that came with a message.  ``data`` is ``None`` when it was larger than the
    limit (it stays in the original message at its source); ``filename`` is already safe."""

    filename: str
    content_type: str
    size: int
    data: bytes | None


@dataclass(frozen=True, slots=True)
class IncomingMail:
    """A received message, decoded: every text is ``str`` in Unicode, every time aware.

    ``message_id`` is the Message-ID without its angle brackets, or ``sha256:<hex>`` of the
    message's bytes when it has none (``has_message_id`` says which).  ``text`` is the
    whole body as text (an HTML-only body converted, never rendered); ``received_at`` the
    time our server received it (the topmost ``Received:`` or ``Delivery-Date:``).
    """

    message_id: str
    sender: Address
    subject: str
    text: str
    sha256: str
    size: int
    has_message_id: bool = True
    to: tuple[Address, ...] = ()
    cc: tuple[Address, ...] = ()
    reply_to: Address | None = None
    date: datetime | None = None
    received_at: datetime | None = None
    in_reply_to: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    from_html: bool = False
    attachments: tuple[Attachment, ...] = ()
    #: the headers that tell a person's message from a machine's, lowercased names:
    #: auto-submitted, precedence, x-autoreply, x-autorespond, list-id, return-path,
    #: x-auto-response-suppress, x-techconsole (ours), and any the settings name
    machine_headers: dict[str, str] = field(default_factory=dict)
    #: a delivery status notification (multipart/report; report-type=delivery-status)
    is_report: bool = False

    def thread_ids(self) -> tuple[str, ...]:
        """The messages this one answers: In-Reply-To first, then References, newest first."""
        seen: list[str] = []
        for mid in (*self.in_reply_to, *reversed(self.references)):
            if mid and mid not in seen:
                seen.append(mid)
        return tuple(seen)


@dataclass(frozen=True, slots=True)
class OutgoingAttachment:
    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True, slots=True)
class Outgoing:
    """A message we send, as the outbox holds it; headers are built from these fields only,
    each made single-line (:func:`header_text`)."""

    message_id: str  # without angle brackets: ``tc.<uuid>@<domain>``
    sender: Address
    to: tuple[Address, ...]
    subject: str
    text: str
    html: str | None = None
    in_reply_to: str | None = None
    references: tuple[str, ...] = ()
    attachments: tuple[OutgoingAttachment, ...] = ()
    #: an automatic message (acknowledgement, notice): ``Auto-Submitted`` says which kind
    automatic: bool = True
    #: RFC 3834: ``auto-replied`` answers a message received (the "in coda"
    #: acknowledgement), ``auto-generated`` is a notice of our own (taken in charge,
    #: resolved, an authorisation request); only written when ``automatic``
    auto_submitted: str = "auto-replied"


#: RFC 3834's ``Auto-Submitted`` values: an answer to a message, a notice of our own
AUTO_REPLY, AUTO_NOTICE = "auto-replied", "auto-generated"
#: an address we write to: ASCII, one ``@``, a dot in the domain, nothing a header could
#: read as a separator or a comment
_MAILBOX = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")


def mailbox(email: str, name: str = "") -> Address | None:
    """The :class:`Address` a contact's e-mail names (lowercased, the name made one line),
    or ``None`` when it is empty or not an address we can write to."""
    email = email.strip().lower()
    if len(email) > 254 or not _MAILBOX.fullmatch(email):
        return None
    return Address(email, header_text(name, 120))


#: why a message never opens an incident nor gets an answer (RFC 3834 and friends)
NOISE_AUTO = "auto_submitted"
NOISE_BULK = "bulk"
NOISE_LIST = "mailing_list"
NOISE_BOUNCE = "bounce"
NOISE_OWN = "own_message"
_BOUNCERS = ("mailer-daemon@", "postmaster@")


def noise(mail: IncomingMail, own_addresses: tuple[str, ...] = ()) -> str | None:
    """Why ``mail`` is not a person writing to us (one of the ``NOISE_*`` codes), or ``None``."""
    headers = mail.machine_headers
    if "x-techconsole" in headers or mail.sender.email in {a.lower() for a in own_addresses}:
        return NOISE_OWN
    if mail.is_report or mail.sender.email.startswith(_BOUNCERS):
        return NOISE_BOUNCE
    if headers.get("return-path", "").strip() == "<>":
        return NOISE_BOUNCE
    auto = headers.get("auto-submitted", "").strip().lower()
    if auto and auto.split(";")[0].strip() != "no":
        return NOISE_AUTO
    if "x-autoreply" in headers or "x-autorespond" in headers:
        return NOISE_AUTO
    suppress = headers.get("x-auto-response-suppress", "").lower()
    if "oof" in suppress and "all" in suppress:  # Exchange's out-of-office
        return NOISE_AUTO
    if headers.get("precedence", "").strip().lower() in {"bulk", "junk", "list"}:
        return NOISE_BULK
    if "list-id" in headers:
        return NOISE_LIST
    return None


def incident_number(subject: str) -> str | None:
    """The incident number a subject carries (``[2026-000123]``), or ``None``."""
    found = _NUMBER.search(subject)
    return found.group(1) if found else None


def clock_start(mail: IncomingMail, fetched_at: datetime) -> datetime:
    """When a request by mail arrived: our server's receipt, else the message's Date when
    it is sane (not in the future, not older than :data:`MAX_DATE_AGE`), else ``fetched_at``."""
    for when in (mail.received_at, mail.date):
        if when is None or when < EARLIEST:
            continue
        if when > fetched_at + FUTURE_SKEW:
            continue
        if when is mail.date and fetched_at - when > MAX_DATE_AGE:
            continue
        return min(when, fetched_at)
    return fetched_at


def safe_filename(name: str, fallback: str = "allegato") -> str:
    """A file name that is safe to save anywhere: no directories, no control or shell
    characters, no leading dot, not a Windows device name, at most 120 characters
    (the extension kept)."""
    name = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = _UNSAFE_NAME.sub("_", name).strip(" ._")
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    device, dot_rest, rest = stem.partition(".")
    if not stem:
        stem = fallback
    elif device.rstrip(" ").upper() in _RESERVED:  # Windows: "nul.tar.gz" is the device too
        stem = f"{fallback}{dot_rest}{rest}"
    ext = ext[:16]
    stem = stem[: MAX_FILE_NAME - len(ext) - 1]
    return f"{stem}.{ext}" if ext else stem


def header_text(text: str, limit: int = 250) -> str:
    """``text`` as one header line: CR, LF and other controls become spaces (no header
    injection), runs of spaces one, at most ``limit`` characters."""
    flat = "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in text)
    return " ".join(flat.split())[:limit]


#: domains of free mail services: an unknown address there says nothing of its customer
FREE_MAIL = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "libero.it",
        "virgilio.it",
        "alice.it",
        "tim.it",
        "tin.it",
        "tiscali.it",
        "fastwebnet.it",
        "email.it",
        "inwind.it",
        "iol.it",
        "hotmail.com",
        "hotmail.it",
        "outlook.com",
        "outlook.it",
        "live.com",
        "live.it",
        "msn.com",
        "yahoo.com",
        "yahoo.it",
        "icloud.com",
        "me.com",
        "aruba.it",
        "pec.it",
        "legalmail.it",
        "gmx.com",
        "proton.me",
        "protonmail.com",
    }
)

_REPLY_PREFIX = re.compile(r"^\s*((re|r|fw|fwd|i|inoltro|rif)\s*(\[\d+\])?\s*:\s*)+", re.IGNORECASE)


def bare_subject(subject: str) -> str:
    """``subject`` without the reply and forward prefixes (Re:, R:, Fwd:, I:) and our
    ``[2026-000123]`` tag."""
    return _NUMBER.sub("", _REPLY_PREFIX.sub("", subject)).strip()
