"""``techconsole mail send|outbox|retry|reply``: the messages we send to customers.

The notices are queued by the incidents' own steps (taken in charge, resolved…) as the
policy's ``[mail]`` section says; ``mail send`` delivers them through the SMTP server of
the settings (``mail.smtp_url``), ``mail outbox`` shows how that went, ``mail retry``
sends a failed or uncertain message again, ``mail reply`` writes to the customer.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from techconsole.cli import choices, mail_settings
from techconsole.cli.common import services_context
from techconsole.cli.ids import row_id
from techconsole.cli.incident_actions import IncidentArg
from techconsole.cli.mail import app
from techconsole.cli.options import settings, wants_json
from techconsole.cli.output import EXIT_REFUSED, emit_json, err, fail, out, safe
from techconsole.i18n import _, ngettext

if TYPE_CHECKING:
    from techconsole.services.context import Context
    from techconsole.services.mail.outbox_views import OutboxEntry


@app.command(help=_("Deliver the messages waiting in the outbox, once (exit 1 if some failed)."))
def send(
    limit: Annotated[
        int | None, typer.Option(min=1, max=100_000, help=_("At most this many messages."))
    ] = None,
) -> None:
    from techconsole.mail import sender
    from techconsole.mail.smtp import SmtpUrlError, parse_smtp_url

    chosen = settings()
    if not chosen.mail_smtp_url:
        fail(_("set mail.smtp_url in your config file (see techconsole config path)"))
    try:
        target = parse_smtp_url(chosen.mail_smtp_url)
    except SmtpUrlError as exc:
        fail(str(exc))
    password = mail_settings.password(target.user)
    with services_context(service=True) as ctx:
        summary = sender.send_pending(
            ctx,
            target,
            password,
            sender=mail_settings.sender(ctx),
            render_report=mail_settings.report_renderer(ctx),
            render_ads=mail_settings.ads_renderer(ctx),
            max_messages=limit,
            ca_file=chosen.mail_smtp_ca_file,
        )
    if wants_json():
        emit_json(
            {
                "server": str(target),
                "messages": [vars_of(o) for o in summary.outcomes],
                "recovered": [vars_of(o) for o in summary.recovered],
                "counts": summary.counts,
                "stopped": summary.stopped,
            }
        )
    else:
        _say_summary(summary)
    if not summary.all_sent:
        raise typer.Exit(EXIT_REFUSED)


def watch_sender() -> Callable[[Context], None] | None:
    """What ``mail watch`` does each round to deliver the outbox, when ``mail.smtp_url``
    is set: the same as ``mail send``, saying only what was sent or failed."""
    from techconsole.mail import sender
    from techconsole.mail.smtp import SmtpUrlError, parse_smtp_url

    chosen = settings()
    if not chosen.mail_smtp_url:
        return None
    try:
        target = parse_smtp_url(chosen.mail_smtp_url)
    except SmtpUrlError as exc:
        fail(str(exc))
    password = mail_settings.password(target.user)

    def deliver(ctx: Context) -> None:
        summary = sender.send_pending(
            ctx,
            target,
            password,
            sender=mail_settings.sender(ctx),
            render_report=mail_settings.report_renderer(ctx),
            render_ads=mail_settings.ads_renderer(ctx),
            ca_file=chosen.mail_smtp_ca_file,
        )
        if wants_json():  # mail watch --json: one object a line, as things happen
            import json

            for outcome in (*summary.recovered, *summary.outcomes):
                sys.stdout.write(json.dumps({"outbox": vars_of(outcome)}, default=str) + "\n")
            if summary.stopped:
                sys.stdout.write(json.dumps({"outbox_stopped": summary.stopped}) + "\n")
            sys.stdout.flush()
        elif summary.outcomes or summary.recovered or summary.stopped:
            _say_summary(summary)

    return deliver


def vars_of(outcome: Any) -> dict[str, Any]:
    return {k: getattr(outcome, k) for k in ("id", "incident", "to", "state", "error")}


def _say_summary(summary: Any) -> None:
    for o in summary.recovered:
        err.print(
            "[yellow]"
            + _("message {id} ({to}) was being sent when a run stopped: now uncertain").format(
                id=o.id, to=safe(o.to, one_line=True)
            )
            + "[/yellow]"
        )
    for o in summary.outcomes:
        if o.state == "sent":
            out.print(
                "[green]✓[/green] "
                + _("message {id} sent to {to}").format(id=o.id, to=safe(o.to, one_line=True))
            )
        else:
            said = _("message {id} to {to}: {state}").format(
                id=o.id, to=safe(o.to, one_line=True), state=state_word(o.state)
            )
            err.print(f"[red]✗[/red] {said} — {safe(_(o.error), one_line=True)}")
    if summary.stopped:
        err.print("[red]" + _("stopped: {why}").format(why=safe(summary.stopped)) + "[/red]")
    if not summary.outcomes and not summary.recovered:
        out.print(_("Nothing to send."))
    else:
        sent, total = summary.counts.get("sent", 0), len(summary.outcomes)
        out.print(
            ngettext(
                "{sent} of {total} message sent", "{sent} of {total} messages sent", total
            ).format(sent=sent, total=total)
        )


def _state_cell(entry: OutboxEntry) -> str:
    """The state as people read it, with the attempts made when there were some."""
    word = (
        _("queued") if entry.state == "pending" and not entry.attempts else state_word(entry.state)
    )
    if entry.attempts and entry.state != "sent":
        word += " " + ngettext("({n} attempt)", "({n} attempts)", entry.attempts).format(
            n=entry.attempts
        )
    colour = {"sent": "green", "failed": "red", "uncertain": "yellow"}.get(entry.state)
    return f"[{colour}]{word}[/{colour}]" if colour else word


def state_word(state: str) -> str:
    """An outgoing message's state in words (``pending`` after a failure: to be tried again)."""
    words = {
        "pending": _("to be tried again"),
        "sending": _("being sent"),
        "sent": _("sent"),
        "failed": _("failed"),
        "uncertain": _("uncertain"),
    }
    return words.get(state, state)


def entry_json(entry: OutboxEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "state": entry.state,
        "kind": entry.kind,
        "incident": entry.incident,
        "to": [a.email for a in entry.to],
        "subject": entry.subject,
        "message_id": entry.message_id,
        "in_reply_to": entry.in_reply_to or None,
        "automatic": entry.automatic,
        "attach_report": entry.attach_report,
        "attachment": entry.attachment or None,
        "customer_id": entry.customer_id,
        "period": (
            {"start": entry.period.start, "end": entry.period.end} if entry.period else None
        ),
        "attempts": entry.attempts,
        "next_attempt_at": entry.next_attempt_at,
        "last_error": entry.last_error,
        "queued_at": entry.queued_at,
        "sent_at": entry.sent_at,
        "queued_by": entry.actor,
    }


@app.command(help=_("The messages we send: queued, sent, failed, uncertain."))
def outbox(
    state: Annotated[
        str | None,
        choices.option("--state", choices=choices.MAIL_STATES, help=_("Only these: {choices}.")),
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=10_000, help=_("At most this many."))] = 100,
) -> None:
    from rich.box import SIMPLE
    from rich.table import Table

    from techconsole.i18n.formats import day_month_time
    from techconsole.services.mail import outbox as service

    with services_context() as ctx:
        found = service.list_outbox(ctx, [state] if state else None, limit=limit)
        zone = ctx.policy.zone
    if wants_json():
        emit_json([entry_json(e) for e in found])
        return
    if not found:
        out.print(_("The outbox is empty."))
        return
    table = Table(
        _("Id"), _("State"), _("Incident"), _("To"), _("Subject"), _("Queued / sent"), box=SIMPLE
    )
    for e in found:
        times = day_month_time(e.queued_at, zone)
        if e.sent_at is not None:
            times += "\n" + day_month_time(e.sent_at, zone)
        subject = safe(e.subject, one_line=True)
        if e.last_error:
            subject += f"\n[dim]{safe(_(e.last_error), one_line=True)}[/dim]"
        table.add_row(
            str(e.id),
            _state_cell(e),
            e.incident or "—",
            safe(", ".join(a.email for a in e.to), one_line=True),
            subject,
            times,
        )
    out.print(table)


@app.command(
    help=_("Send a failed or uncertain message again (after checking it was not received).")
)
def retry(
    mail_id: Annotated[
        int, typer.Argument(metavar="ID", parser=row_id, help=_("The message's id (mail outbox)."))
    ],
) -> None:
    from techconsole.services.mail import outbox as service

    with services_context() as ctx:
        entry = service.retry(ctx, mail_id)
    if wants_json():
        emit_json(entry_json(entry))
        return
    out.print(
        "[green]✓[/green] "
        + _("message {id} is queued again: techconsole mail send delivers it").format(id=entry.id)
    )


def _typed_text() -> str:
    """The message when --text is not given: standard input, else the editor on a terminal
    ($VISUAL, $EDITOR, else vi); lines starting with ``#`` are left out."""
    if not sys.stdin.isatty():
        return sys.stdin.read()
    import shlex
    import subprocess
    import tempfile

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    hint = _("# Write the message to the customer; lines starting with # are left out.")
    with tempfile.TemporaryDirectory(prefix="techconsole-") as folder:
        draft = Path(folder) / "messaggio.txt"
        draft.write_text(hint + "\n", encoding="utf-8")
        try:
            subprocess.run([*shlex.split(editor), str(draft)], check=True)
        except (OSError, ValueError, subprocess.CalledProcessError) as exc:
            fail(_("cannot open the editor {editor}: {error}").format(editor=editor, error=exc))
        typed = draft.read_text(encoding="utf-8")
    return "\n".join(line for line in typed.splitlines() if not line.startswith("#"))


@app.command(
    help=_("Write to the customer about an incident (the text from --text, stdin or $EDITOR).")
)
def reply(
    ref: IncidentArg,
    text: Annotated[
        str | None, typer.Option("--text", "-t", help=_("The message to the customer."))
    ] = None,
) -> None:
    from techconsole.services.mail import reply as service

    message = text if text is not None else _typed_text()
    with services_context() as ctx:
        entry = service.reply(ctx, ref, message)
    if wants_json():
        emit_json(entry_json(entry))
        return
    out.print(
        "[green]✓[/green] "
        + _("message {id} to {to} queued: techconsole mail send delivers it").format(
            id=entry.id, to=safe(", ".join(a.email for a in entry.to), one_line=True)
        )
    )
