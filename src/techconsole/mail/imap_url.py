"""The address of an IMAP folder: ``imaps://user@host:993/INBOX``.

``imaps://`` is IMAP over TLS (port 993 unless given), ``imap+starttls://`` IMAP that
turns to TLS with STARTTLS before logging in (port 143). Plain ``imap://`` sends the
password in the clear: it is accepted only for a server on this machine (127.0.0.1,
``localhost``). The password never goes in the address (it would be stored and shown
with every message); the user name may be an e-mail address, ``@`` and all.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from techconsole.i18n import _

SCHEMES: dict[str, tuple[str, int]] = {
    # scheme: (how TLS starts, default port)
    "imaps": ("implicit", 993),
    "imap+starttls": ("starttls", 143),
    "imap": ("none", 143),
}
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


@dataclass(frozen=True, slots=True)
class ImapTarget:
    """A parsed IMAP address: ``folder`` is the mailbox name as the server knows it."""

    scheme: str
    user: str
    host: str
    port: int
    folder: str

    @property
    def tls(self) -> str:
        """``implicit``, ``starttls`` or ``none``."""
        return SCHEMES[self.scheme][0]

    @property
    def server(self) -> str:
        """``host:port``, as messages name the server."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"

    @property
    def url(self) -> str:
        """The address written back in its usual form (the default port left out); it
        reads back to the same target."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        port = "" if self.port == SCHEMES[self.scheme][1] else f":{self.port}"
        user = _escape(self.user, "%/?#:[]")
        return f"{self.scheme}://{user}@{host}{port}/{_escape(self.folder, '%?#')}"


def _escape(text: str, special: str) -> str:
    """``text`` percent-encoded where it would not read back, and only there: a folder
    ``Già letti`` stays readable."""
    return "".join(f"%{ord(char):02X}" if char in special else char for char in text)


def parse_imap_url(url: str) -> ImapTarget:
    """The parts of an IMAP address; :class:`ValueError` with a message for the user when
    it is not one techconsole can use."""
    text = url.strip()
    example = "imaps://assistenza@mail.example.it/INBOX"
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as error:
        raise ValueError(
            _("{url} is not a valid IMAP address ({reason})").format(url=text, reason=error)
        ) from error
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise ValueError(
            _(
                "{url} is not an IMAP address: it must start with imaps:// (TLS)"
                " or imap+starttls://, as in {example}"
            ).format(url=text, example=example)
        )
    if parts.password is not None:
        raise ValueError(
            _(
                "the IMAP address must not contain the password: write it as {example}"
                " and give the password separately"
            ).format(example=example)
        )
    host = (parts.hostname or "").lower()
    if not host:
        raise ValueError(
            _("the IMAP address {url} has no server: write it as {example}").format(
                url=text, example=example
            )
        )
    user = unquote(parts.username or "")
    if not user:
        raise ValueError(
            _("the IMAP address {url} has no user name: write it as {example}").format(
                url=text, example=example
            )
        )
    if port == 0:
        raise ValueError(_("the IMAP address {url} has port 0").format(url=text))
    if parts.query or parts.fragment:
        raise ValueError(
            _("the IMAP address {url} cannot have a ?query or #fragment").format(url=text)
        )
    if scheme == "imap" and host not in LOCAL_HOSTS:
        raise ValueError(
            _(
                "imap:// would send the password unencrypted to {host}: use imaps://"
                " or imap+starttls:// (imap:// is only for a server on this computer)"
            ).format(host=host)
        )
    folder = unquote(parts.path).strip("/") or "INBOX"
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in folder):
        raise ValueError(
            _("the folder in the IMAP address {url} contains control characters").format(url=text)
        )
    return ImapTarget(scheme, user, host, port or SCHEMES[scheme][1], folder)


def mailbox_name(folder: str) -> str:
    """``folder`` as an IMAP command argument: modified UTF-7 (RFC 3501 §5.1.3), quoted."""
    out: list[str] = []
    pending: list[str] = []

    def flush() -> None:
        if pending:
            encoded = base64.b64encode("".join(pending).encode("utf-16-be")).decode("ascii")
            out.append("&" + encoded.rstrip("=").replace("/", ",") + "-")
            pending.clear()

    for char in folder:
        if 0x20 <= ord(char) <= 0x7E:
            flush()
            out.append("&-" if char == "&" else char)
        else:
            pending.append(char)
    flush()
    return quoted("".join(out))


def quoted(text: str) -> str:
    """An IMAP quoted string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
