"""``techconsole timer``: start, stop and correct work sessions."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Any
from zoneinfo import ZoneInfo

import typer
from rich.table import Table

from techconsole.cli.common import services_context
from techconsole.cli.incident_actions import AtOpt, IncidentArg, instant
from techconsole.cli.options import wants_json
from techconsole.cli.output import emit_json, out, safe
from techconsole.cli.render import iso
from techconsole.domain.instants import format_duration
from techconsole.domain.money import eur, plain
from techconsole.services.context import Context
from techconsole.services.work import timer
from techconsole.services.work.timer import SessionView

app = typer.Typer(help="The work timer: sessions billed in scatti.", no_args_is_help=True)

KindOpt = Annotated[
    str, typer.Option("--kind", "-k", help="remote, on_site, phone, travel or lab.")
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
        "minutes": s.elapsed(now) // timedelta(minutes=1),
        "units": s.units,
        "amount": plain(s.amount),
        "stale": s.stale,
        "note": s.note,
    }


def _line(ctx: Context, s: SessionView) -> str:
    """One session for people, as Rich markup (its text escaped)."""
    zone, now = ctx.policy.zone, ctx.now()
    end = f"{s.ended_at.astimezone(zone):%H:%M}" if s.ended_at else "running"
    text = safe(
        f"#{s.id} {s.incident} {s.kind} {s.started_at.astimezone(zone):%d/%m/%Y %H:%M}–{end}"
        f" · {format_duration(s.elapsed(now))} · {s.units} scatti · {eur(s.amount)}",
        one_line=True,
    )
    if s.stale:
        text += (
            " [yellow]⚠ looks forgotten: stop it with --at the real end "
            "(techconsole timer stop --at …)[/yellow]"
        )
    return text


@app.command()
def start(
    incident: IncidentArg,
    kind: KindOpt = "remote",
    at: AtOpt = None,
    switch: Annotated[bool, typer.Option("--switch", help="Stop a running timer first.")] = False,
) -> None:
    """Start working on an incident (saved at once: a crash loses nothing)."""
    with services_context() as ctx:
        s = timer.start(ctx, incident, kind=kind, at=instant(ctx, at), switch=switch)
        if wants_json():
            emit_json(session_json(s, ctx.now(), ctx.policy.zone))
        else:
            out.print(f"[green]▶[/green] timer started: {_line(ctx, s)}")


@app.command()
def stop(
    at: AtOpt = None,
    note: Annotated[str, typer.Option("--note", help="What was done.")] = "",
) -> None:
    """Stop your running timer (``--at`` for the real end of a forgotten one)."""
    with services_context() as ctx:
        s = timer.stop(ctx, at=instant(ctx, at), note=note)
        if wants_json():
            emit_json(session_json(s, ctx.now(), ctx.policy.zone))
        else:
            out.print(f"[green]■[/green] timer stopped: {_line(ctx, s)}")


@app.command()
def status() -> None:
    """Your running timer, if any."""
    with services_context() as ctx:
        s = timer.status(ctx)
        if wants_json():
            emit_json(None if s is None else session_json(s, ctx.now(), ctx.policy.zone))
        elif s is None:
            out.print("No timer running.")
        else:
            out.print(f"▶ {safe(s.subject, one_line=True)}\n  {_line(ctx, s)}")


@app.command("list")
def list_sessions(
    tech: Annotated[str | None, typer.Option("--tech", help="Whose sessions (login).")] = None,
    month: Annotated[str | None, typer.Option("--month", help="YYYY-MM.")] = None,
    incident: Annotated[str | None, typer.Option("--incident", help="One incident.")] = None,
    everyone: Annotated[bool, typer.Option("--all", help="Everyone's sessions.")] = False,
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
            "Incident",
            "Who",
            "Kind",
            "Start",
            "End",
            "Time",
            "Scatti",
            "Amount",
            title="Work sessions",
            title_justify="left",
        )
        for s in rows:
            table.add_row(
                str(s.id),
                s.incident,
                safe(s.technician),
                s.kind,
                f"{s.started_at.astimezone(zone):%d/%m/%Y %H:%M}",
                f"{s.ended_at.astimezone(zone):%H:%M}" if s.ended_at else "[bold]running[/bold]",
                format_duration(s.elapsed(now)),
                str(s.units),
                eur(s.amount),
            )
        out.print(table)
        total = sum(s.units for s in rows)
        out.print(f"{len(rows)} session(s), {total} scatti")


@app.command()
def edit(
    session_id: Annotated[int, typer.Argument(metavar="SESSION", help="Session number (#).")],
    start_at: Annotated[str | None, typer.Option("--start", help="New start, ISO 8601.")] = None,
    end_at: Annotated[str | None, typer.Option("--end", help="New end, ISO 8601.")] = None,
    kind: Annotated[str | None, typer.Option("--kind", "-k", help="New kind.")] = None,
    note: Annotated[str | None, typer.Option("--note", help="New note.")] = None,
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
        )
        if wants_json():
            emit_json(session_json(s, ctx.now(), ctx.policy.zone))
        else:
            out.print(f"[green]✓[/green] corrected: {_line(ctx, s)}")
