"""``techconsole team load``: each technician's work and the month's SLA compliance (leads)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import typer
from rich.table import Table

from techconsole.cli.common import services_context
from techconsole.cli.options import wants_json
from techconsole.cli.output import emit_json, out, safe
from techconsole.cli.render import iso
from techconsole.domain import display
from techconsole.i18n import _, formats, pgettext
from techconsole.services.team import load as lead
from techconsole.services.team.load import Load, PlanCompliance, TeamLoad, TechnicianLoad

app = typer.Typer(help=_("The team as a lead sees it."), no_args_is_help=True)


def _load_json(load: Load) -> dict[str, int]:
    return {"open": load.open, "at_risk": load.at_risk, "breached": load.breached}


def _tech_json(tech: TechnicianLoad, now: datetime, zone: ZoneInfo) -> dict[str, Any]:
    timer = tech.timer
    return {
        "login": tech.login,
        "name": tech.name,
        "role": tech.role,
        "active": tech.active,
        **_load_json(tech.load),
        "timer": None
        if timer is None
        else {
            "incident": timer.incident,
            "subject": timer.subject,
            "kind": timer.kind,
            "started_at": iso(timer.started_at, zone),
            "minutes": timer.elapsed(now) // timedelta(minutes=1),
        },
        "scatti_today": tech.scatti_today,
        "scatti_month": tech.scatti_month,
    }


def _plan_json(row: PlanCompliance) -> dict[str, Any]:
    percent = row.percent
    return {
        "plan": row.plan,
        "label": row.label,
        "stopped": row.stopped,
        "met": row.met,
        "percent": None if percent is None else str(percent),
    }


def team_json(load: TeamLoad, zone: ZoneInfo) -> dict[str, Any]:
    return {
        "at": iso(load.now, zone),
        "day": load.day.isoformat(),
        "month": load.month,
        "technicians": [_tech_json(t, load.now, zone) for t in load.technicians],
        "unassigned": _load_json(load.unassigned),
        "compliance": [_plan_json(row) for row in load.compliance or ()],
    }


def _count(value: int, glyph: str, colour: str) -> str:
    return f"[{colour}]{glyph} {value}[/{colour}]" if value else "[dim]0[/dim]"


def _loads(load: Load) -> tuple[str, str, str]:
    return (
        str(load.open),
        _count(load.at_risk, "▲", "yellow"),
        _count(load.breached, "✖", "red"),
    )


def _print(load: TeamLoad, zone: ZoneInfo) -> None:
    from techconsole.i18n.formats import weekday_datetime  # Babel: only when a date shows

    table = Table(
        _("Technician"),
        pgettext("incidents", "Open"),
        _("At risk"),
        _("Breached"),
        _("Timer"),
        _("Today"),
        _("Month"),
        title=_("Team load — {when}").format(when=weekday_datetime(load.now, zone)),
        title_justify="left",
        caption=_("★ lead · Today, Month: scatti worked (a running timer counts so far)"),
        caption_justify="left",
    )
    for tech in load.technicians:
        who = safe(tech.name, one_line=True)
        if tech.login != tech.name:  # "root", not "root (root)", as the console says it
            who += f" [dim]({safe(tech.login)})[/dim]"
        if tech.role == "lead":
            who += " ★"
        if not tech.active:
            who += " [dim]" + _("inactive") + "[/dim]"
        timer = display.NONE
        if tech.timer is not None:
            elapsed = display.hours_minutes(tech.timer.elapsed(load.now))
            timer = f"▶ {tech.timer.incident} {elapsed} {safe(tech.timer.subject, one_line=True)}"
        table.add_row(
            who, *_loads(tech.load), timer, str(tech.scatti_today), str(tech.scatti_month)
        )
    table.add_section()
    unassigned = _("unassigned")
    table.add_row(f"[italic]{unassigned}[/italic]", *_loads(load.unassigned), "", "", "")
    out.print(table)
    compliance = Table(
        _("Plan"),
        _("Stopped"),
        _("Met"),
        _("Compliance"),
        title=_(
            "SLA compliance {month} — clocks that stopped this month, share met in time"
        ).format(month=load.month),
        title_justify="left",
    )
    for row in load.compliance or ():
        percent = row.percent
        shown = formats.percent(percent)
        compliance.add_row(safe(row.label), str(row.stopped), str(row.met), shown)
    out.print(compliance)


@app.command(
    "load",
    help=_(
        "Each technician's open, at-risk and breached incidents, running timer and scatti "
        "(today, this month), and this month's SLA compliance per plan. Leads only."
    ),
)
def show_load() -> None:
    """Each technician's open, at-risk and breached incidents, running timer and scatti
    (today, this month), and this month's SLA compliance per plan.  Leads only."""
    with services_context() as ctx:
        load = lead.team_load(ctx)
        if wants_json():
            emit_json(team_json(load, ctx.policy.zone))
        else:
            _print(load, ctx.policy.zone)
