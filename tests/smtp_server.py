"""A real SMTP server for the mail tests: aiosmtpd on 127.0.0.1, on a free port.

It keeps every message it takes, byte for byte as it arrived, and answers as a test
tells it: refuse a recipient (``550``), defer the data (``451``), drop the connection in
the middle of ``DATA``; with STARTTLS or implicit TLS from a certificate made for the
test (``openssl``), and a login when one is required.
"""

from __future__ import annotations

import shutil
import socket
import ssl
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


@dataclass
class Received:
    sender: str
    recipients: list[str]
    data: bytes  # the message as the server received it (CRLF line ends, dots unstuffed)


@dataclass
class Handler:
    received: list[Received] = field(default_factory=list)
    refuse: dict[str, str] = field(default_factory=dict)  # recipient → the answer
    data_answer: str = "250 OK: queued"
    drop_in_data: bool = False

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.drop_in_data:
            server.transport.close()  # the connection breaks before any answer
            return "250 OK"  # never reaches the client
        if self.data_answer.startswith("250"):
            self.received.append(
                Received(
                    envelope.mail_from, list(envelope.rcpt_tos), bytes(envelope.original_content)
                )
            )
        return self.data_answer


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def certificate(folder: Path) -> tuple[Path, Path] | None:
    """A self-signed certificate for 127.0.0.1 (certificate, key), or None without openssl."""
    openssl = shutil.which("openssl")
    if openssl is None:
        return None
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            openssl,
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


class Server:
    """``with Server(...) as server:`` — ``server.port``, ``server.handler.received``."""

    def __init__(
        self,
        *,
        tls: str = "",  # "" | "starttls" | "implicit"
        cert: tuple[Path, Path] | None = None,
        login: tuple[str, str] | None = None,
    ) -> None:
        self.handler = Handler()
        self.port = free_port()
        self.logins: list[tuple[str, str]] = []
        kwargs: dict[str, Any] = {}
        context = None
        if tls:
            assert cert is not None
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(str(cert[0]), str(cert[1]))
        if tls == "starttls":
            kwargs.update(tls_context=context, require_starttls=True)
        if login is not None:
            kwargs.update(authenticator=self._check(login), auth_required=True)
            kwargs.update(auth_require_tls=bool(tls))
        self.controller = Controller(
            self.handler,
            hostname="127.0.0.1",
            port=self.port,
            ssl_context=context if tls == "implicit" else None,
            ready_timeout=30.0,
            **kwargs,
        )

    def _check(self, login: tuple[str, str]) -> Any:
        def authenticate(
            server: Any, session: Any, envelope: Any, mechanism: str, data: Any
        ) -> AuthResult:
            if isinstance(data, LoginPassword):
                given = (data.login.decode(), data.password.decode())
                self.logins.append(given)
                return AuthResult(success=given == login, handled=False)
            return AuthResult(success=False, handled=False)

        return authenticate

    def __enter__(self) -> Server:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()
