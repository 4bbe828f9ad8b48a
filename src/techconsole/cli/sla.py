"""``techconsole sla``: due instants and business calendars of a policy's plans."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Annotated

import typer
from rich.table import Table

from techconsole.cli.common import load_policy
from techconsole.cli.options import wants_json
from techconsole.cli.output import EXIT_REFUSED, emit_json, fail, out, safe, when
from techconsole.cli.timeparse import parse_day, parse_instant
from techconsole.domain.instants import format_duration
from techconsole.domain.policy import Plan, Policy
from techconsole.i18n import _, locale, ngettext, pgettext

app = typer.Typer(help=_("SLA due times and business calendars."), no_args_is_help=True)


def _unknown(what: str, value: str, policy: Policy, names: str) -> str:
    """``unknown plan 'x'; policy 'default' has: basic, gold``, in the language in use."""
    return what.format(value=value, policy=policy.name, names=names)


def _named(value: str, names: dict[str, str]) -> str | None:
    """The name ``value`` means among ``names`` (name → label), in any case, or by its
    label (``Basic`` and ``basic 8×5`` for ``basic``, ``b`` for ``B``); ``None``: none."""
    wanted = value.strip().casefold()
    for name, label in names.items():
        if wanted in (name.casefold(), label.casefold()):
            return name
    return None


def _plan(policy: Policy, name: str) -> tuple[str, Plan]:
    """The plan ``name`` means (its key and the plan), or exit saying which there are."""
    found = _named(name, {key: plan.label for key, plan in policy.plans.items()})
    if found is None:
        said = _("unknown plan '{value}'; policy '{policy}' has: {names}")
        fail(_unknown(said, name, policy, ", ".join(policy.plans)))
    return found, policy.plans[found]


@app.command(help=_("When a request is due: its target counted in the plan's business time."))
def due(
    plan: Annotated[str, typer.Option("--plan", "-p", help=_("Plan name, e.g. basic."))],
    severity: Annotated[str, typer.Option("--severity", "-s", help=_("Severity, e.g. A."))],
    at: Annotated[
        str | None,
        typer.Option(
            help=_(
                "When the request arrived: "
                "27/11 17:00, yesterday 17:00, 2 hours ago or ISO 8601, in the policy's zone "
                "\\[default: now]."
            )
        ),
    ] = None,
    clock: Annotated[
        str | None, typer.Option(help=_("Clock name \\[default: the policy's first clock]."))
    ] = None,
    urgent: Annotated[bool, typer.Option("--urgent", help=_("The request is urgent."))] = False,
) -> None:
    """When a request is due: its target counted in the plan's business time."""
    policy = load_policy()
    plan, chosen = _plan(policy, plan)
    code = _named(severity, {s.code: s.label for s in policy.severities})
    if code is None:
        codes = ", ".join(s.code for s in policy.severities)
        said = _("unknown severity '{value}'; policy '{policy}' has: {names}")
        fail(_unknown(said, severity, policy, codes))
    severity = code
    clocks = {c.name: c.label for c in policy.clocks}
    if clock is None:
        applicable = policy.clocks_for(urgent)
        clock = applicable[0].name if applicable else policy.clocks[0].name
    else:
        named = _named(clock, clocks)
        if named is None:
            said = _("unknown clock '{value}'; policy '{policy}' has: {names}")
            fail(_unknown(said, clock, policy, ", ".join(clocks)))
        clock = named
    arrived = parse_instant(at, policy.zone) if at else datetime.now(policy.zone)
    target = policy.target(plan, clock, severity, urgent)
    if target is None:
        said = (
            _("plan '{plan}' has no {clock} target for an urgent severity {severity} request")
            if urgent
            else _(
                "plan '{plan}' has no {clock} target for a non-urgent severity {severity} request"
            )
        )
        fail(said.format(plan=plan, clock=clock, severity=severity), EXIT_REFUSED)
    due_at = chosen.calendar.add(arrived, target).astimezone(policy.zone)
    minutes = target // timedelta(minutes=1)
    if wants_json():
        emit_json(
            {
                "plan": plan,
                "severity": severity,
                "clock": clock,
                "at": arrived.isoformat(),
                "due": due_at.isoformat(),
                "business_minutes": minutes,
            }
        )
        return
    out.print(due_at.isoformat())
    said = ngettext(
        "{minutes} business minute ({duration}) of plan {plan}, clock {clock}, severity "
        "{severity}: from {start} to {end} ({zone})",
        "{minutes} business minutes ({duration}) of plan {plan}, clock {clock}, severity "
        "{severity}: from {start} to {end} ({zone})",
        minutes,
    ).format(
        minutes=minutes,
        duration=format_duration(target),
        plan=safe(chosen.label),
        clock=safe(clocks[clock]),
        severity=severity,
        start=when(arrived.astimezone(policy.zone)),
        end=when(due_at.astimezone(policy.zone)),
        zone=policy.zone.key,
    )
    out.print(f"[dim]{said}[/dim]")


@app.command(help=_("The plan's open windows day by day, with holidays and closures."))
def calendar(
    plan: Annotated[str, typer.Option("--plan", "-p", help=_("Plan name, e.g. basic."))],
    start: Annotated[
        str, typer.Option("--from", help=_("First day, YYYY-MM-DD or today."))
    ] = "today",
    days: Annotated[int, typer.Option(min=1, max=366, help=_("How many days."))] = 7,
) -> None:
    """The plan's open windows day by day, with holidays and closures."""
    policy = load_policy()
    plan, chosen = _plan(policy, plan)
    cal = chosen.calendar
    first = parse_day(start, cal.zone)
    rows = []
    for offset in range(days):
        day = first + timedelta(days=offset)
        begin = datetime(day.year, day.month, day.day, tzinfo=cal.zone)
        end = begin + timedelta(days=1)
        spans = [
            (s.astimezone(cal.zone), e.astimezone(cal.zone)) for s, e in cal.intervals(begin, end)
        ]
        open_time = cal.elapsed(begin, end)  # real time: a DST day has 23 or 25 hours
        rows.append((day, spans, open_time, _note(chosen, day)))
    if wants_json():
        emit_json(
            {
                "plan": plan,
                "policy": policy.name,
                "timezone": cal.zone.key,
                "days": [
                    {
                        "date": d,
                        "open": [{"from": s, "to": e} for s, e in spans],
                        "business_minutes": t // timedelta(minutes=1),
                        "note": note,
                    }
                    for d, spans, t, note in rows
                ],
            }
        )
        return
    table = Table(title=f"{safe(chosen.label)} — {policy.zone.key}", title_justify="left")
    table.add_column(_("Day"))
    table.add_column(pgettext("opening hours", "Open"))
    table.add_column(_("Hours"), justify="right")
    table.add_column(_("Note"))
    from babel.dates import format_date  # the weekday in the language in use

    closed = "[dim]" + _("closed") + "[/dim]"
    for day, spans, open_time, note in rows:
        windows = (
            ", ".join(f"{s:%H:%M}–{'24:00' if e.date() > day else f'{e:%H:%M}'}" for s, e in spans)
            or closed
        )
        shown = str(format_date(day, "EEE dd/MM/yyyy", locale=locale()))
        table.add_row(shown, windows, format_duration(open_time), safe(note))
    out.print(table)


def _note(plan: Plan, day: date) -> str:
    cal = plan.calendar
    notes = []
    holiday = cal.holiday(day)
    if holiday:
        notes.append(holiday)
    for closure in cal.closures:
        if any(d == day for y in (day.year - 1, day.year) for d in closure.days_in(y)):
            notes.append(closure.reason or _("company closure"))
    return "; ".join(notes)
