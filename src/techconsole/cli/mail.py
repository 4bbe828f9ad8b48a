"""``techconsole mail``: requests in by e-mail, notices out (see :mod:`techconsole.mail`).

Taking mail acts as the mail service, whoever runs it: ``mail ingest``, ``mail fetch``
and ``mail watch`` need no technician login (a Postfix pipe, a cron job, a systemd unit).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from techconsole.cli.common import services_context
from techconsole.cli.mail_words import outcome_line
from techconsole.cli.options import settings, wants_json
from techconsole.cli.output import EXIT_BAD_INPUT, EXIT_REFUSED, emit_json, err, fail, out, safe
from techconsole.i18n import _
from techconsole.settings.mail import mail_intake

if TYPE_CHECKING:
    from techconsole.mail.intake_run import Ingested
    from techconsole.mail.sources import Source

app = typer.Typer(
    help=_("Mail: requests in from files, Maildir and IMAP; notices out through SMTP."),
    no_args_is_help=True,
)


def _row(result: Ingested) -> dict[str, Any]:
    taken = result.taken
    row: dict[str, Any] = {"source": result.source, "key": result.key, "error": result.error}
    if taken is not None:
        row.update(
            outcome=taken.outcome,
            mail=taken.mail_id,
            message_id=taken.message_id,
            incident=taken.incident,
            customer=taken.customer,
            sender=taken.sender,
            subject=taken.subject,
            unknown_person=taken.unknown_person,
            reason=taken.reason,
        )
    return row


def _say(result: Ingested) -> None:
    if wants_json():
        return
    if result.error:
        said = result.error if result.key in result.error else f"{result.key}: {result.error}"
        err.print(f"[red]✗[/red] {safe(said)}")
    else:
        assert result.taken is not None
        out.print(outcome_line(result.taken))


def _say_line(result: Ingested) -> None:
    """``mail watch``: each message as it is taken; with --json one JSON object a line."""
    if wants_json():
        import json

        sys.stdout.write(json.dumps(_row(result), ensure_ascii=False, default=str) + "\n")
        sys.stdout.flush()
        return
    _say(result)


def _take_all(sources: Sequence[Source | Ingested], *, each: bool = False) -> list[Ingested]:
    """Take every source's messages.  A source that fails stops the command (exit 1),
    unless ``each`` (one file each): then it is that file's error and the rest go on.
    An :class:`Ingested` in ``sources`` is a file already known to be unreadable."""
    from techconsole.mail import intake_run
    from techconsole.mail.intake_run import Ingested
    from techconsole.mail.sources import SourceError

    chosen = settings()
    done: list[Ingested] = []
    with services_context(service=True) as ctx:
        opts = mail_intake(chosen).options(ctx.policy)
        for source in sources:
            if isinstance(source, Ingested):
                _say(source)
                done.append(source)
                continue
            try:
                done += intake_run.ingest(ctx, source, opts, on_message=_say)
            except SourceError as exc:
                if not each:
                    fail(str(exc), EXIT_REFUSED)
                failed = Ingested(source.name, source.name, None, str(exc))
                _say(failed)
                done.append(failed)
            finally:
                source.close()
    return done


def _finish(done: list[Ingested]) -> None:
    if wants_json():
        emit_json([_row(result) for result in done])
    elif not done:
        out.print(_("No new messages."))
    if any(result.error for result in done):
        raise typer.Exit(EXIT_BAD_INPUT)


@app.command(
    help=_(
        "Take messages from RFC 822 files, or one message on stdin (for a Postfix pipe or "
        ".forward): each opens an incident, adds a note to the one it answers, or waits in "
        "the inbox. Taking a message twice changes nothing."
    )
)
def ingest(
    files: Annotated[
        list[Path] | None,
        typer.Argument(help=_("Message files; none (or -): one message on stdin.")),
    ] = None,
) -> None:
    from techconsole.mail.intake_run import Ingested
    from techconsole.mail.sources import FileSource, SourceError, StdinSource

    paths = [p for p in files or [] if str(p) != "-"]
    if not paths:
        _finish(_take_all([StdinSource(sys.stdin.buffer)], each=True))
        return
    sources: list[Source | Ingested] = []
    for path in dict.fromkeys(paths):  # each file alone: one unreadable stops no other
        try:
            sources.append(FileSource([path]))
        except SourceError as exc:
            sources.append(Ingested("file", str(path), None, str(exc)))
    _finish(_take_all(sources, each=True))


MaildirOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--maildir",
        help=_("A Maildir to take mail from, instead of the settings' sources (repeatable)."),
    ),
]


def _sources(maildirs: list[Path] | None = None) -> list[Source]:
    from techconsole.mail.setup import no_source
    from techconsole.mail.sources import SourceError

    try:
        found = mail_intake(settings(), maildirs or ()).sources()
    except SourceError as exc:
        fail(str(exc), EXIT_BAD_INPUT)
    if not found:
        fail(no_source(), EXIT_BAD_INPUT)
    return found


@app.command(
    help=_("Take the new messages of every source in the settings (Maildirs, IMAP), once.")
)
def fetch(maildir: MaildirOpt = None) -> None:
    _finish(_take_all(_sources(maildir)))


@app.command(
    help=_(
        "Keep taking new mail (and sending the outbox when mail.smtp_url is set) every "
        "mail.poll_seconds, until stopped (Ctrl+C, or SIGTERM from systemd). With --json, "
        "each message taken is one JSON object on a line."
    )
)
def watch(
    interval: Annotated[
        int | None,
        typer.Option("--interval", min=1, max=86_400, help=_("Seconds between rounds.")),
    ] = None,
    maildir: MaildirOpt = None,
) -> None:
    from techconsole.cli import mail_watch
    from techconsole.cli.mail_out import watch_sender

    stop = threading.Event()
    wake, woken = os.pipe()  # the handler's byte ends an IMAP IDLE at once
    os.set_blocking(woken, False)

    def stopping(_signum: int, _frame: object) -> None:
        stop.set()
        with contextlib.suppress(OSError):  # a full pipe has woken the watcher already
            os.write(woken, b"\0")

    signal.signal(signal.SIGTERM, stopping)
    signal.signal(signal.SIGINT, stopping)
    chosen = settings()
    sources, send = _sources(maildir), watch_sender()
    mail_watch.run(
        sources,
        interval or chosen.mail_poll_seconds,
        stop,
        on_message=_say_line,
        send=send,
        wake=wake,
    )
