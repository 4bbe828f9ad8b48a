"""IMAP IDLE (RFC 2177): wait for the server to say a message arrived.

The standard library's :mod:`imaplib` (before Python 3.14) has no IDLE, so this sends
the command and reads the answers straight from the connection's socket, with a deadline,
under a tag of its own; when it returns, the connection is where imaplib left it.
While it waits it also watches a *wake* file descriptor, when given: a byte written there
(by a signal handler asked to stop) ends the wait at once, as if the time had run out.
"""

from __future__ import annotations

import imaplib
import itertools
import re
import select
import socket
import ssl
import time

_EXISTS = re.compile(rb"^\* \d+ EXISTS\b", re.IGNORECASE)
_tags = itertools.count(1)


class _Lines:
    """The lines a socket receives, each read with a deadline."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock
        self._buffer = b""

    def line(self, deadline: float, wake: int | None = None) -> bytes | None:
        """The next line, ``None`` when the deadline passed first or ``wake`` became
        readable."""
        while b"\r\n" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            if wake is not None and not self._decrypted():
                ready, _, _ = select.select([self._sock.fileno(), wake], [], [], remaining)
                if wake in ready or not ready:
                    return None
            self._sock.settimeout(remaining)
            try:
                chunk = self._sock.recv(65536)
            except TimeoutError:
                return None
            if not chunk:
                raise imaplib.IMAP4.abort("the server closed the connection")
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\r\n", 1)
        return line

    def _decrypted(self) -> bool:
        """Whether TLS holds bytes already read and decrypted (select cannot see them)."""
        return isinstance(self._sock, ssl.SSLSocket) and self._sock.pending() > 0


def idle(conn: imaplib.IMAP4, seconds: float, timeout: float, wake: int | None = None) -> bool:
    """Wait up to ``seconds`` in IDLE; ``True`` as soon as the server announces a new
    message (``* n EXISTS``), ``False`` when the time ran out (or ``wake`` became
    readable) without one.  ``timeout`` is how long the server may take to answer the
    command itself."""
    sock = conn.socket()
    tag = f"TCIDLE{next(_tags)}".encode("ascii")
    lines = _Lines(sock)
    arrived = False
    try:
        conn.send(tag + b" IDLE\r\n")
        while True:  # until the server says it is idling
            line = lines.line(time.monotonic() + timeout)
            if line is None:
                raise imaplib.IMAP4.abort("no answer to IDLE")
            if line.startswith(b"+"):
                break
            if line.startswith(tag + b" "):
                return True  # refused: the caller looks for itself
            arrived = arrived or bool(_EXISTS.match(line))
        deadline = time.monotonic() + seconds
        while not arrived:
            line = lines.line(deadline, wake)
            if line is None:
                break
            arrived = bool(_EXISTS.match(line))
        conn.send(b"DONE\r\n")
        end = time.monotonic() + timeout
        while True:  # until IDLE is over
            line = lines.line(end)
            if line is None:
                raise imaplib.IMAP4.abort("no answer to DONE")
            if line.startswith(tag + b" "):
                return arrived
            arrived = arrived or bool(_EXISTS.match(line))
    finally:
        sock.settimeout(timeout)
