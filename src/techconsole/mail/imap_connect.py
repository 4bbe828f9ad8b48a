"""The connection of an IMAP source: TLS, login, the folder.

:class:`Connection` opens (and, after a pause, checks and reopens) one logged-in
connection with the folder selected; what goes wrong on it is put in words by
:mod:`techconsole.mail.imap_errors`.
"""

from __future__ import annotations

import imaplib
import ssl
import time
from contextlib import suppress
from pathlib import Path

from techconsole.i18n import _
from techconsole.mail.imap_errors import answer, reason
from techconsole.mail.imap_url import ImapTarget, mailbox_name, quoted
from techconsole.mail.sources import SourceError

#: the keyword of the messages the console has taken
KEYWORD = "$TechconsoleTaken"
#: a connection unused for longer is checked (NOOP) before it is used again
CHECK_AFTER = 60.0


class Connection:
    """One logged-in connection to the target's server, its folder selected."""

    def __init__(
        self, target: ImapTarget, password: str, *, ca_file: Path | None, timeout: float
    ) -> None:
        self.target = target
        self.ca_file = ca_file
        self.timeout = timeout
        self.password = password
        self.capabilities: frozenset[str] = frozenset()
        #: whether the folder keeps keywords (PERMANENTFLAGS has ``\*`` or ours)
        self.keywords = True
        self._conn: imaplib.IMAP4 | None = None
        self._used = 0.0
        self._uidvalidity: bytes | None = None

    def open(self) -> imaplib.IMAP4:
        """The connection, opened when there is none or the old one broke."""
        if self._conn is not None:
            idle_for, self._used = time.monotonic() - self._used, time.monotonic()
            if idle_for < CHECK_AFTER:
                return self._conn
            try:
                self._conn.noop()
                return self._conn
            except (imaplib.IMAP4.abort, OSError):
                self.drop()  # logged out by the server meanwhile: a new one
        conn = self._connect()
        try:
            self._login(conn)
            self._select(conn)
        except BaseException:
            _shutdown(conn)
            raise
        self._conn = conn
        self._used = time.monotonic()
        return conn

    def close(self) -> None:
        """Log out (never CLOSE: that would expunge the folder's deleted messages)."""
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.logout()
            except (imaplib.IMAP4.error, OSError):
                _shutdown(conn)

    def drop(self) -> None:
        """Forget a connection that failed, without talking to the server."""
        conn, self._conn = self._conn, None
        if conn is not None:
            _shutdown(conn)

    def scrub(self, text: str) -> str:
        """``text`` without the password in it."""
        if len(self.password) >= 3:
            text = text.replace(self.password, "***")
        return text

    def _context(self) -> ssl.SSLContext:
        try:
            return ssl.create_default_context(cafile=str(self.ca_file) if self.ca_file else None)
        except (OSError, ssl.SSLError) as error:
            raise SourceError(
                _("cannot use the certificate file {path}: {reason}").format(
                    path=self.ca_file, reason=reason(error)
                )
            ) from None

    def _connect(self) -> imaplib.IMAP4:
        target = self.target
        if target.tls == "implicit":
            return imaplib.IMAP4_SSL(
                target.host, target.port, ssl_context=self._context(), timeout=self.timeout
            )
        conn = imaplib.IMAP4(target.host, target.port, timeout=self.timeout)
        if target.tls == "starttls":
            try:
                if "STARTTLS" not in conn.capabilities:
                    raise SourceError(
                        _("{server} does not offer STARTTLS: use imaps:// if it has TLS").format(
                            server=target.server
                        )
                    )
                conn.starttls(ssl_context=self._context())
            except BaseException:
                _shutdown(conn)
                raise
        return conn

    def _login(self, conn: imaplib.IMAP4) -> None:
        user, password = self.target.user, self.password
        try:
            if user.isascii() and password.isascii():
                conn.login(quoted(user), password)
            elif "AUTH=PLAIN" in conn.capabilities:
                secret = f"\0{user}\0{password}".encode()
                conn.authenticate("PLAIN", lambda _challenge: secret)
            else:
                raise SourceError(
                    _(
                        "{server} cannot receive a user name or password with accented"
                        " or other non-ASCII letters"
                    ).format(server=self.target.server)
                )
        except imaplib.IMAP4.abort:
            raise
        except imaplib.IMAP4.error as error:
            raise SourceError(
                self.scrub(
                    _(
                        "{server} refused the login of {user} ({reason}):"
                        " check the user name and the password"
                    ).format(server=self.target.server, user=user, reason=reason(error))
                )
            ) from None
        typ, data = conn.capability()
        if typ == "OK" and data and isinstance(data[0], bytes):
            self.capabilities = frozenset(data[0].decode("ascii", "replace").upper().split())
        else:
            self.capabilities = frozenset(name.upper() for name in conn.capabilities)

    def _select(self, conn: imaplib.IMAP4) -> None:
        folder = self.target.folder
        try:
            typ, data = conn.select(mailbox_name(folder))
        except imaplib.IMAP4.readonly:
            raise SourceError(
                _("the folder {folder} on {server} is read-only").format(
                    folder=folder, server=self.target.server
                )
            ) from None
        if typ != "OK":
            raise SourceError(
                _("cannot open the folder {folder} on {server}: {reason}").format(
                    folder=folder, server=self.target.server, reason=answer(data)
                )
            )
        flags = [item for item in conn.response("PERMANENTFLAGS")[1] if item]
        self.keywords = not flags or any(
            isinstance(item, bytes) and (b"\\*" in item or KEYWORD.encode() in item)
            for item in flags
        )
        uidvalidity = (conn.response("UIDVALIDITY")[1] or [None])[0]
        if self._uidvalidity is not None and uidvalidity != self._uidvalidity:
            raise SourceError(
                _(
                    "the folder {folder} on {server} was rebuilt meanwhile (new UIDVALIDITY):"
                    " start again"
                ).format(folder=folder, server=self.target.server)
            )
        self._uidvalidity = uidvalidity


def _shutdown(conn: imaplib.IMAP4) -> None:
    with suppress(OSError):
        conn.shutdown()
