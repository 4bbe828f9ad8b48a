"""Taking the messages of a source: parse each, record it (once), then mark it taken.

The order is what makes a crash harmless: a message is marked taken at its source only
after the transaction that recorded it committed, so a crash in between leaves it at the
source, and taking it again meets its Message-ID and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from techconsole.i18n import _
from techconsole.mail.parse import NotAMessage, parse
from techconsole.mail.sources import Source
from techconsole.services.context import Context
from techconsole.services.mail import intake
from techconsole.services.mail.views import Taken


@dataclass(frozen=True, slots=True)
class Options:
    """What intake needs from the settings."""

    max_attachment_bytes: int = 10 * 1024 * 1024
    web_form_senders: tuple[str, ...] = ()
    own_addresses: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Ingested:
    """One message of a source: what taking it did, or why it could not be read."""

    source: str
    key: str
    taken: Taken | None
    error: str = ""


def ingest(
    ctx: Context,
    source: Source,
    options: Options,
    *,
    on_message: Callable[[Ingested], None] | None = None,
    limit: int | None = None,
    stopping: Callable[[], bool] | None = None,
) -> list[Ingested]:
    """Take every new message of ``source``; each result also goes to ``on_message``.
    ``stopping`` is asked between messages (a service being stopped)."""
    done: list[Ingested] = []
    for fetched in _first(source.messages(), limit):
        if stopping is not None and stopping():
            break
        try:
            mail = parse(fetched.raw, max_attachment_bytes=options.max_attachment_bytes)
        except NotAMessage as exc:
            result = Ingested(
                source.name,
                fetched.key,
                None,
                _("not a mail message, left where it is: {error}").format(error=exc),
            )
        else:
            taken = intake.take(
                ctx,
                mail,
                source=source.name,
                web_form_senders=options.web_form_senders,
                own_addresses=options.own_addresses,
            )
            source.taken(fetched.key)
            result = Ingested(source.name, fetched.key, taken)
        done.append(result)
        if on_message is not None:
            on_message(result)
    return done


T = TypeVar("T")


def _first(items: Iterable[T], limit: int | None) -> Iterable[T]:
    for count, item in enumerate(items):
        if limit is not None and count >= limit:
            return
        yield item
