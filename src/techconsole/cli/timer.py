"""``techconsole timer``: start, stop and correct work sessions."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Any
from zoneinfo import ZoneInfo

import typer
from rich.table import Table

from techconsole.cli import choices
from techconsole.cli.common import services_context
from techconsole.cli.ids import row_id
from techconsole.cli.incident_actions import AtOpt, IncidentArg, instant
from techconsole.cli.options import wants_json
from techconsole.cli.output import emit_json, out, safe
from techconsole.cli.render import iso
from techconsole.domain.instants import format_duration, format_span
from techconsole.domain.money import eur, plain
from techconsole.i18n import _, ngettext, pgettext
from techconsole.services.context import Context
from techconsole.services.work import timer
from techconsole.services.work.timer import SessionView

app = typer.Typer(help=_("The work timer: sessions billed in scatti."), no_args_is_help=True)

KindOpt = Annotated[
    str,
    choices.option(
        "--kind", "-k", choices=choices.SESSION_KINDS, help=_("The kind of work: {choices}.")
    ),
]
ForceOpt = Annotated[
    bool,
    typer.Option(
        "--force",
        help=_("Keep a session longer than the policy's maximum (noted in the audit trail)."),
    ),
]


def session_json(s: SessionView, now: datetime, zone: ZoneInfo) -> dict[str, Any]:
    return {
        "id": s.id,
        "incident": s.incident,
        "technician": s.technician,
        "kind": s.kind,
        "started_at": iso(s.started_at, zone),
        "ended_at": iso(s.ended_at, zone),
        "running": s.running,
        "minutes": s.length(now) // timedelta(minutes=1),  # as the report and the table
        "units": s.units,
        "amount": plain(s.amount),
        "stale": s.stale,
        "note": s.note,
        "discarded": s.discarded,
        "free": s.free,
    }


def session_line(ctx: Context, s: SessionView) -> str:
    """One session for people, as Rich markup (its text escaped)."""
    zone, now = ctx.policy.zone, ctx.now()
    end = f"{s.ended_at.astimezone(zone):%H:%M}" if s.ended_at else _("running")
    units = ngettext("{n} scatto", "{n} scatti", s.units).format(n=s.units)
    kind = choices.SESSION_KINDS.word(s.kind)
    text = safe(
        f"#{s.id} {s.incident} {kind} {s.started_at.astimezone(zone):%d/%m/%Y %H:%M}–{end}"
        f" · {format_duration(s.length(now))} · {units} · {eur(s.amount)}",
        one_line=True,
    )
    if s.free:  # worth that, not billed: `bill incident` says why
        text += f" [italic]{safe(_('free of charge'))}[/italic]"
    if s.stale:
        stale = _("looks forgotten: stop it with --at the real end (techconsole timer stop --at …)")
        text += f" [yellow]⚠ {safe(stale)}[/yellow]"
    return text


@app.command(help=_("Start working on an incident (saved at once: a crash loses nothing)."))
def start(
    incident: IncidentArg,
    kind: KindOpt = "remote",
    at: AtOpt = None,
    switch: Annotated[
        bool, typer.Option("--switch", help=_("Stop a running timer first."))
    ] = False,
    force: ForceOpt = False,
) -> None:
    """Start working on an incident (saved at once: a crash loses nothing)."""
    with services_context() as ctx:
        s = timer.start(ctx, incident, kind=kind, at=instant(ctx, at), switch=switch, force=force)
        if wants_json():
            emit_json(session_json(s, ctx.now(), ctx.policy.zone))
        else:
            said = _("timer started: {session}").format(session=session_line(ctx, s))
            out.print(f"[green]▶[/green] {said}")


DiscardOpt = Annotated[
    bool,
    typer.Option(
        "--discard",
        help=_(
            "Do not keep the session (a timer started by mistake): only within the policy's "
            "grace time ([timer] discard_within)."
        ),
    ),
]


def _discarded(ctx: Context, s: SessionView) -> str:
    """``timer discarded: #12 2026-000031 remote · 42 s · not billed``."""
    kind = choices.SESSION_KINDS.word(s.kind)
    said = _("timer discarded: {session} · not billed").format(
        session=f"#{s.id} {s.incident} {kind} · {format_span(s.elapsed(ctx.now()))}"
    )
    return f"[yellow]✗[/yellow] {safe(said, one_line=True)}"


@app.command(help=_("Stop your running timer (--at for the real end of a forgotten one)."))
def stop(
    at: AtOpt = None,
    note: Annotated[str, typer.Option("--note", help=_("What was done."))] = "",
    force: ForceOpt = False,
    discard: DiscardOpt = False,
) -> None:
    """Stop your running timer (``--at`` for the real end of a forgotten one)."""
    with services_context() as ctx:
        s = timer.stop(ctx, at=instant(ctx, at), note=note, force=force, discard=discard)
        if wants_json():
            emit_json(session_json(s, ctx.now(), ctx.policy.zone))
            return
        if s.discarded:
            out.print(_discarded(ctx, s))
            return
        said = _("timer stopped: {session}").format(session=session_line(ctx, s))
        out.print(f"[green]■[/green] {said}")
        if timer.discardable(ctx, s):
            hint = _(
                "it lasted {length}, within the grace time of {grace}: if the timer was "
                "started by mistake, discard the session with: techconsole timer discard {id}"
            ).format(
                length=format_span(s.elapsed(ctx.now())),
                grace=format_span(ctx.policy.discard_within),
                id=s.id,
            )
            out.print(f"[dim]{safe(hint)}[/dim]")


@app.command(
    help=_(
        "Discard the session you just stopped (a timer started by mistake): not billed, "
        "not on the work report; only within the policy's grace time (audited)."
    )
)
def discard(
    session_id: Annotated[
        int | None,
        typer.Argument(
            metavar="[SESSION]",
            parser=row_id,
            help=_("Session number (#) \\[default: your last session]."),
            show_default=False,
        ),
    ] = None,
) -> None:
    """Discard the session you just stopped (a timer started by mistake)."""
    with services_context() as ctx:
        s = timer.discard(ctx, session_id)
        if wants_json():
            emit_json(session_json(s, ctx.now(), ctx.policy.zone))
        else:
            out.print(_discarded(ctx, s))


@app.command(help=_("Your running timer, if any."))
def status() -> None:
    """Your running timer, if any."""
    with services_context() as ctx:
        s = timer.status(ctx)
        if wants_json():
            emit_json(None if s is None else session_json(s, ctx.now(), ctx.policy.zone))
        elif s is None:
            out.print(_("No timer running."))
        else:
            out.print(f"▶ {safe(s.subject, one_line=True)}\n  {session_line(ctx, s)}")


@app.command(
    "list", help=_("Work sessions, oldest first (yours unless --tech, --all or --incident).")
)
def list_sessions(
    tech: Annotated[str | None, typer.Option("--tech", help=_("Whose sessions (login)."))] = None,
    month: Annotated[
        str | None, typer.Option("--month", metavar="YYYY-MM", help=_("The month, e.g. 2026-11."))
    ] = None,
    incident: Annotated[str | None, typer.Option("--incident", help=_("One incident."))] = None,
    everyone: Annotated[bool, typer.Option("--all", help=_("Everyone's sessions."))] = False,
) -> None:
    """Work sessions, oldest first (yours unless --tech, --all or --incident)."""
    with services_context() as ctx:
        rows = timer.sessions(
            ctx, technician=tech, month=month, incident=incident, everyone=everyone
        )
        now, zone = ctx.now(), ctx.policy.zone
        if wants_json():
            emit_json([session_json(s, now, zone) for s in rows])
            return
        table = Table(
            "#",
            _("Incident"),
            _("Who"),
            _("Kind"),
            _("Start"),
            _("End"),
            pgettext("duration", "Time"),
            _("Units"),
            _("Amount"),
            title=_("Work sessions"),
            title_justify="left",
        )
        for s in rows:
            table.add_row(
                str(s.id),
                s.incident,
                safe(s.technician),
                choices.SESSION_KINDS.word(s.kind),
                f"{s.started_at.astimezone(zone):%d/%m/%Y %H:%M}",
                f"{s.ended_at.astimezone(zone):%H:%M}"
                if s.ended_at
                else ("[bold]" + _("running") + "[/bold]"),
                format_duration(s.length(now)),
                str(s.units),
                _amount_cell(s),
            )
        out.print(table)
        total = sum(s.units for s in rows)
        sessions = ngettext("{n} session", "{n} sessions", len(rows)).format(n=len(rows))
        units = ngettext("{n} scatto", "{n} scatti", total).format(n=total)
        free = sum(s.units for s in rows if s.free)
        if free:  # worth that, not billed: `bill incident` says why
            units += " " + ngettext("({n} free of charge)", "({n} free of charge)", free).format(
                n=free
            )
        out.print(f"{sessions}, {units}")


def _amount_cell(s: SessionView) -> str:
    """What a session is worth; for a free incident's work, dim and said free of charge
    (the customer pays none of it: its bill says why)."""
    if not s.free:
        return eur(s.amount)
    return f"[dim]{eur(s.amount)}[/dim] [italic]{safe(_('free of charge'))}[/italic]"


@app.command(help=_("Correct a session (audited; refused in a month closed for invoicing)."))
def edit(
    session_id: Annotated[
        int, typer.Argument(metavar="SESSION", parser=row_id, help=_("Session number (#)."))
    ],
    start_at: Annotated[
        str | None,
        typer.Option(
            "--start",
            help=_("New start: 9:30 (the same day), 27/11 9:30, yesterday 17:00 or ISO 8601."),
        ),
    ] = None,
    end_at: Annotated[
        str | None,
        typer.Option(
            "--end", help=_("New end: 18:30 (the same day), 27/11 18:30, +1h or ISO 8601.")
        ),
    ] = None,
    kind: Annotated[
        str | None,
        choices.option(
            "--kind", "-k", choices=choices.SESSION_KINDS, help=_("New kind: {choices}.")
        ),
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help=_("New note."))] = None,
    force: ForceOpt = False,
) -> None:
    """Correct a session (audited; refused in a month closed for invoicing)."""
    with services_context() as ctx:
        s = timer.edit(
            ctx,
            session_id,
            start_at=instant(ctx, start_at, "--start"),
            end_at=instant(ctx, end_at, "--end"),
            kind=kind,
            note=note,
            force=force,
        )
        if wants_json():
            emit_json(session_json(s, ctx.now(), ctx.policy.zone))
        else:
            said = _("corrected: {session}").format(session=session_line(ctx, s))
            out.print(f"[green]✓[/green] {said}")
