"""``mail watch``: take new mail and send the outbox every few seconds, until stopped.

Between rounds it waits ``interval`` seconds; a lone IMAP source is watched with IMAP
IDLE meanwhile, so a new message is taken as soon as the server has it.  A source that
fails (the IMAP server down, a network cut), a database busy or away for
a moment, or an SMTP server refusing: each is said on stderr and tried again next round;
the service keeps running.  Stopping (SIGTERM, Ctrl+C) waits for the
message being taken to be recorded.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import datetime

from techconsole.cli.common import services_context
from techconsole.cli.options import settings
from techconsole.cli.output import CommandError, err, safe
from techconsole.i18n import _
from techconsole.mail import intake_run
from techconsole.mail.intake_run import Ingested
from techconsole.mail.sources import Source, SourceError
from techconsole.services.context import Context
from techconsole.services.errors import ServiceError
from techconsole.settings.mail import mail_intake
from techconsole.store.errors import DatabaseBusy, DatabaseUnavailable


def run(
    sources: list[Source],
    interval: int,
    stop: threading.Event,
    *,
    on_message: Callable[[Ingested], None],
    send: Callable[[Context], None] | None = None,
    wake: int | None = None,
) -> None:
    """Rounds until ``stop`` is set; a byte written to the ``wake`` file descriptor (the
    signal handler that sets ``stop`` writes one) ends an IMAP IDLE at once."""
    chosen = settings()
    with services_context(service=True) as ctx:
        opts = mail_intake(chosen).options(ctx.policy)
        err.print(
            "[dim]"
            + safe(
                _("Watching {sources} every {seconds} s (Ctrl+C to stop).").format(
                    sources=", ".join(s.name for s in sources), seconds=interval
                )
            )
            + "[/dim]"
        )
        while not stop.is_set():
            for source in sources:
                if stop.is_set():
                    break
                try:
                    intake_run.ingest(
                        ctx, source, opts, on_message=on_message, stopping=stop.is_set
                    )
                except (SourceError, ServiceError, DatabaseBusy, DatabaseUnavailable) as exc:
                    stamp = datetime.now().astimezone().strftime("%H:%M:%S")
                    err.print(f"[red]✗[/red] {stamp} {safe(str(exc))}")
                finally:
                    if not hasattr(source, "wait"):  # an IMAP connection stays, for IDLE
                        source.close()
            if send is not None and not stop.is_set():
                try:
                    send(ctx)
                except (CommandError, ServiceError, DatabaseBusy, DatabaseUnavailable) as exc:
                    err.print(f"[red]✗[/red] {safe(str(exc))}")
            _pause(sources, interval, stop, wake)
    for source in sources:
        source.close()


#: how long one IMAP IDLE lasts before the watcher looks whether it was asked to stop
IDLE_SLICE = 5.0


def _pause(sources: list[Source], interval: int, stop: threading.Event, wake: int | None) -> None:
    """Until the next round: ``interval`` seconds, or less when the one source is an IMAP
    mailbox whose server says a message arrived (IMAP IDLE; without a ``wake`` descriptor
    in short slices, so that a stop is heard within seconds)."""
    waiting = [s for s in sources if hasattr(s, "wait")]
    if len(sources) != 1 or len(waiting) != 1:
        stop.wait(interval)
        return
    wait: Callable[[float, int | None], bool] = waiting[0].wait
    deadline = time.monotonic() + interval
    while not stop.is_set() and (left := deadline - time.monotonic()) > 0:
        try:
            if wait(left if wake is not None else min(IDLE_SLICE, left), wake):
                return
        except SourceError:  # said at the next round, when the source is read again
            stop.wait(min(IDLE_SLICE, left))
            return
