"""Taking the messages of a source: parse each, record it (once), then mark it taken.

The order is what makes a crash harmless: a message is marked taken at its source only
after the transaction that recorded it committed, so a crash in between leaves it at the
source, and taking it again meets its Message-ID and changes nothing.  Messages are
recorded in small batches (one transaction for up to :data:`BATCH` messages or
:data:`BATCH_BYTES` of them), which is what makes a full Maildir quick to take.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from techconsole.domain.mail import IncomingMail
from techconsole.i18n import _
from techconsole.mail.parse import NotAMessage, parse
from techconsole.mail.sources import Fetched, Source
from techconsole.services.context import Context
from techconsole.services.errors import ServiceError
from techconsole.services.mail import intake
from techconsole.services.mail.views import Taken

BATCH = 50
BATCH_BYTES = 32 * 1024 * 1024


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
    ``stopping`` is asked between batches (a service being stopped)."""
    done: list[Ingested] = []

    def report(result: Ingested) -> None:
        done.append(result)
        if on_message is not None:
            on_message(result)

    for batch in _batches(_first(source.messages(), limit), stopping):
        parsed: list[tuple[Fetched, IncomingMail]] = []
        for fetched in batch:
            try:
                parsed.append(
                    (fetched, parse(fetched.raw, max_attachment_bytes=options.max_attachment_bytes))
                )
            except NotAMessage as exc:
                said = _("not a mail message, left where it is: {error}").format(error=exc)
                report(Ingested(source.name, fetched.key, None, said))
        for (fetched, _mail), taken in zip(
            parsed, _take(ctx, parsed, source, options), strict=True
        ):
            if isinstance(taken, Taken):
                source.taken(fetched.key)
                report(Ingested(source.name, fetched.key, taken))
            else:
                report(Ingested(source.name, fetched.key, None, taken))
    return done


def _take(
    ctx: Context, parsed: list[tuple[Fetched, IncomingMail]], source: Source, options: Options
) -> list[Taken | str]:
    """What taking each message did, or why the services refused it (left at its source)."""
    mails = [mail for _fetched, mail in parsed]
    kwargs = {
        "source": source.name,
        "web_form_senders": options.web_form_senders,
        "own_addresses": options.own_addresses,
    }
    try:
        return list(intake.take_many(ctx, mails, **kwargs))  # type: ignore[arg-type]
    except ServiceError:
        pass  # one of them: each on its own, to say which
    found: list[Taken | str] = []
    for mail in mails:
        try:
            found.append(intake.take(ctx, mail, **kwargs))  # type: ignore[arg-type]
        except ServiceError as exc:
            found.append(_("not taken, left where it is: {error}").format(error=exc))
    return found


def _batches(
    items: Iterable[Fetched], stopping: Callable[[], bool] | None
) -> Iterator[list[Fetched]]:
    batch: list[Fetched] = []
    size = 0
    for item in items:
        if stopping is not None and stopping():
            return
        batch.append(item)
        size += len(item.raw)
        if len(batch) >= BATCH or size >= BATCH_BYTES:
            yield batch
            batch, size = [], 0
    if batch and not (stopping is not None and stopping()):
        yield batch


T = TypeVar("T")


def _first(items: Iterable[T], limit: int | None) -> Iterable[T]:
    for count, item in enumerate(items):
        if limit is not None and count >= limit:
            return
        yield item
