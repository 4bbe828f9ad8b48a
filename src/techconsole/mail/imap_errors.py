"""What goes wrong on an IMAP connection, in words a user can act on.

:func:`guard` turns every failure (certificate, TLS, network, timeout, the server's
refusals) into a :class:`~techconsole.mail.sources.SourceError`, with the password
blanked out should a server ever echo it; :func:`ok` checks a command's answer.
"""

from __future__ import annotations

import imaplib
import socket
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from techconsole.domain.text import strip_controls
from techconsole.i18n import _
from techconsole.mail.sources import SourceError

if TYPE_CHECKING:
    from techconsole.mail.imap_connect import Connection
    from techconsole.mail.imap_url import ImapTarget


def answer(data: Any) -> str:
    """The text of a server's answer (imaplib gives a list of bytes)."""
    items = data if isinstance(data, list | tuple) else [data]
    parts = [i.decode("utf-8", "replace") if isinstance(i, bytes) else str(i) for i in items if i]
    return strip_controls(" ".join(parts), keep_newlines=False)[:300]


def reason(error: BaseException) -> str:
    """Why ``error`` happened, in one line."""
    if isinstance(error, ssl.SSLCertVerificationError) and error.verify_message:
        return strip_controls(str(error.verify_message), keep_newlines=False)
    if isinstance(error, OSError) and error.strerror:
        return strip_controls(error.strerror, keep_newlines=False)
    return answer(list(error.args)) or type(error).__name__


def ok(result: tuple[str, Any], doing: str, target: ImapTarget, folder: str | None = None) -> Any:
    """The data of a command the server accepted; a :class:`SourceError` saying what was
    refused (``doing``, with ``{folder}``) otherwise."""
    typ, data = result
    if typ != "OK":
        raise SourceError(
            _("{server} refused {doing}: {reason}").format(
                server=target.server,
                doing=doing.format(folder=folder or target.folder),
                reason=answer(data),
            )
        )
    return data


@contextmanager
def guard(link: Connection) -> Iterator[None]:
    """Failures of the connection as :class:`SourceError` (the connection is dropped)."""
    server = link.target.server
    try:
        yield
    except SourceError as error:
        raise SourceError(link.scrub(str(error))) from None
    except ssl.SSLCertVerificationError as error:
        link.drop()
        message = _(
            "the certificate of {server} is not trusted ({reason}): if the server uses a"
            " certificate of your own, give the certificate of the authority that signed it"
            " (CA file)"
        ).format(server=server, reason=reason(error))
        raise SourceError(link.scrub(message)) from None
    except ssl.SSLError as error:
        link.drop()
        message = _("TLS with {server} failed: {reason}").format(
            server=server, reason=reason(error)
        )
        raise SourceError(link.scrub(message)) from None
    except imaplib.IMAP4.abort as error:
        link.drop()
        message = _("the connection with {server} broke: {reason}").format(
            server=server, reason=reason(error)
        )
        raise SourceError(link.scrub(message)) from None
    except imaplib.IMAP4.error as error:
        link.drop()
        message = _("{server} answered with an error: {reason}").format(
            server=server, reason=reason(error)
        )
        raise SourceError(link.scrub(message)) from None
    except ConnectionRefusedError:
        link.drop()
        raise SourceError(
            _("{server} refused the connection: is an IMAP server listening on that port?").format(
                server=server
            )
        ) from None
    except socket.gaierror as error:
        link.drop()
        raise SourceError(
            _("cannot find the server {host}: {reason}").format(
                host=link.target.host, reason=reason(error)
            )
        ) from None
    except TimeoutError:
        link.drop()
        raise SourceError(
            _("{server} did not answer within {seconds:g} seconds").format(
                server=server, seconds=link.timeout
            )
        ) from None
    except OSError as error:
        link.drop()
        raise SourceError(
            link.scrub(
                _("cannot talk to {server}: {reason}").format(server=server, reason=reason(error))
            )
        ) from None
