"""Handing a message to an SMTP server: the URL of the settings, TLS, login, and what a
failure means for the message.

``smtp+starttls://user@host:587`` (submission: STARTTLS, then the login),
``smtps://user@host:465`` (TLS from the first byte) and ``smtp://host:25`` (a relay on
the local network; no TLS, no login).  Certificates are verified, against the system's
authorities or ``ca_file`` (a private CA).  The password never appears in a URL or a
message.

A failure is :class:`TemporaryFailure` (a 4xx answer, a connection lost or refused: try
again later), :class:`PermanentFailure` (a 5xx answer to this message: the server will
never take it), or :class:`UncertainDelivery` (the connection broke after the message
was handed over, before the server said whether it took it: it may have it).
``server`` marks the failures of the server itself — connection, TLS, login — which no
other message would escape either.
"""

from __future__ import annotations

import contextlib
import smtplib
import ssl
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from techconsole.domain.mail import header_text
from techconsole.i18n import _

PORTS = {"smtp": 25, "smtps": 465, "smtp+starttls": 587}


class SmtpUrlError(ValueError):
    """``mail.smtp_url`` is not an SMTP URL we can use (the message says why)."""


class MailFailure(Exception):
    """The server did not take the message; ``server``: nothing would get through now."""

    permanent = False

    def __init__(self, message: str, *, server: bool = False) -> None:
        super().__init__(message)
        self.server = server


class TemporaryFailure(MailFailure):
    pass


class PermanentFailure(MailFailure):
    permanent = True


class UncertainDelivery(MailFailure):
    """The message was handed over, but no answer came: the server may have it."""


@dataclass(frozen=True, slots=True)
class SmtpTarget:
    scheme: str  # smtp | smtps | smtp+starttls
    host: str
    port: int
    user: str | None = None

    def __str__(self) -> str:
        who = f"{self.user}@" if self.user else ""
        return f"{self.scheme}://{who}{self.host}:{self.port}"


def parse_smtp_url(url: str) -> SmtpTarget:
    """The server of ``mail.smtp_url``; a password in it is refused (it belongs in the
    password file or ``$TECHCONSOLE_SMTP_PASSWORD``)."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise SmtpUrlError(
            _("'{url}' is not an SMTP URL: {error}").format(url=url, error=exc)
        ) from None
    scheme = parts.scheme.lower()
    if scheme not in PORTS:
        raise SmtpUrlError(
            _("'{url}' is not an SMTP URL: use smtp+starttls://, smtps:// or smtp://").format(
                url=url
            )
        )
    if parts.password is not None:
        raise SmtpUrlError(
            _(
                "mail.smtp_url holds a password: remove it, and put it in the file named by "
                "mail.smtp_password_file or in $TECHCONSOLE_SMTP_PASSWORD"
            )
        )
    if not parts.hostname:
        raise SmtpUrlError(_("'{url}' names no server").format(url=url))
    user = unquote(parts.username) if parts.username else None
    return SmtpTarget(scheme, parts.hostname, port or PORTS[scheme], user)


def _said(code: int, reply: bytes | str) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    return header_text(f"{code} {text}", 300)


def _by_code(code: int, what: str) -> MailFailure:
    if 500 <= code < 600:
        return PermanentFailure(what)
    return TemporaryFailure(what)


def _connect(target: SmtpTarget, context: ssl.SSLContext, timeout: float) -> smtplib.SMTP:
    if target.scheme == "smtps":
        return smtplib.SMTP_SSL(target.host, target.port, timeout=timeout, context=context)
    return smtplib.SMTP(target.host, target.port, timeout=timeout)


def send(
    target: SmtpTarget,
    password: str | None,
    raw: bytes,
    sender: str,
    recipients: Sequence[str],
    *,
    ca_file: str | None = None,
    timeout: float = 60.0,
) -> dict[str, str]:
    """Hand ``raw`` to the server for ``recipients``; the recipients it refused while
    taking it for the others (address → answer), usually none.  Raises a
    :class:`MailFailure` when it did not take it."""
    where = str(target)
    try:
        context = ssl.create_default_context(cafile=ca_file or None)
    except (OSError, ssl.SSLError) as exc:
        raise TemporaryFailure(
            _("cannot read the CA file {path}: {error}").format(path=ca_file, error=exc),
            server=True,
        ) from None
    client: smtplib.SMTP | None = None
    try:
        client = _connect(target, context, timeout)
        client.ehlo()
        if target.scheme == "smtp+starttls":
            if not client.has_extn("starttls"):
                raise TemporaryFailure(
                    _("{server} does not offer STARTTLS: nothing is sent in clear").format(
                        server=where
                    ),
                    server=True,
                )
            client.starttls(context=context)
            client.ehlo()
        if target.user:
            client.login(target.user, password or "")
        refused = _transaction(client, raw, sender, recipients)
        _quit(client)  # the server has the message: how the goodbye goes changes nothing
        return refused
    except MailFailure:
        raise
    except smtplib.SMTPAuthenticationError as exc:
        raise TemporaryFailure(
            _(
                "{server} refused the login of {user} ({answer}): check mail.smtp_password_file "
                "or $TECHCONSOLE_SMTP_PASSWORD"
            ).format(server=where, user=target.user, answer=_said(exc.smtp_code, exc.smtp_error)),
            server=True,
        ) from None
    except smtplib.SMTPNotSupportedError:
        raise TemporaryFailure(
            _("{server} does not accept a login (AUTH): remove the user from mail.smtp_url").format(
                server=where
            ),
            server=True,
        ) from None
    except ssl.SSLCertVerificationError as exc:
        raise TemporaryFailure(
            _(
                "the certificate of {server} cannot be verified ({error}); a private CA? "
                "set mail.smtp_ca_file"
            ).format(server=where, error=exc.verify_message or exc),
            server=True,
        ) from None
    except smtplib.SMTPResponseException as exc:
        raise _by_code(
            exc.smtp_code,
            _("{server} answered {answer}").format(
                server=where, answer=_said(exc.smtp_code, exc.smtp_error)
            ),
        ) from None
    except (TimeoutError, smtplib.SMTPException, OSError) as exc:
        raise TemporaryFailure(
            _("cannot talk to {server}: {error}").format(
                server=where, error=header_text(str(exc) or type(exc).__name__, 200)
            ),
            server=True,
        ) from None
    finally:
        if client is not None:
            client.close()


def _quit(client: smtplib.SMTP) -> None:
    with contextlib.suppress(smtplib.SMTPException, OSError):
        client.quit()


def _transaction(
    client: smtplib.SMTP, raw: bytes, sender: str, recipients: Sequence[str]
) -> dict[str, str]:
    """MAIL, RCPT, DATA, step by step: a failure before DATA is the server's answer; a
    connection lost during DATA leaves the message uncertain."""
    code, reply = client.mail(sender)
    if code != 250:
        raise _by_code(
            code,
            _("the server refused the sender {sender}: {answer}").format(
                sender=sender, answer=_said(code, reply)
            ),
        )
    refused: dict[str, str] = {}
    codes: list[int] = []
    for address in recipients:
        code, reply = client.rcpt(address)
        if code not in (250, 251):
            refused[address] = _said(code, reply)
            codes.append(code)
    if len(refused) == len(recipients):
        client.rset()
        listed = "; ".join(f"{a}: {why}" for a, why in refused.items())
        answer = _("the server refused every recipient: {listed}").format(listed=listed)
        if all(500 <= c < 600 for c in codes):
            raise PermanentFailure(answer)
        raise TemporaryFailure(answer)
    try:
        code, reply = client.data(raw)
    except smtplib.SMTPDataError as exc:
        raise _by_code(
            exc.smtp_code,
            _("the server refused the message: {answer}").format(
                answer=_said(exc.smtp_code, exc.smtp_error)
            ),
        ) from None
    except (smtplib.SMTPServerDisconnected, OSError) as exc:
        raise UncertainDelivery(
            _(
                "the connection broke while the message was handed over ({error}): the "
                "server may have it"
            ).format(error=header_text(str(exc) or type(exc).__name__, 200))
        ) from None
    if code != 250:
        raise _by_code(
            code, _("the server refused the message: {answer}").format(answer=_said(code, reply))
        )
    return refused
