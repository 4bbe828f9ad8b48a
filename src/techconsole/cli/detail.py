"""One incident in full for people: facts, SLA clocks, timeline (``incident show``)."""

from __future__ import annotations

from datetime import datetime

from rich.table import Table

from techconsole.cli.output import out, safe
from techconsole.cli.render import local, sla_cell, status_word
from techconsole.domain import display
from techconsole.domain.policy import Policy
from techconsole.reports import event_words
from techconsole.services.views import EventView, IncidentDetail


def _facts(detail: IncidentDetail, policy: Policy) -> list[tuple[str, str]]:
    v, zone = detail.incident, policy.zone
    requester = "—"
    if v.requester:
        requester = f"{safe(v.requester)} ({v.requester_role})"
    urgency = "[bold red]! urgent[/bold red]" if v.urgent else "not urgent"
    if v.urgent_on_request:
        urgency += " (on request)"
    rows = [
        ("Customer", safe(v.customer, one_line=True)),
        ("Requester", requester),
        ("Channel", v.channel),
        ("Severity", f"{v.severity} · {urgency} · level {v.level}"),
        ("Category", safe(v.category) or "—"),
        ("Plan", v.plan + ("" if v.contract else " (no contract)")),
        ("Status", status_word(v.status)),
        ("Assignee", f"{safe(v.assignee)} ({safe(v.assignee_name or '')})" if v.assignee else "—"),
        ("Arrived", local(v.arrived_at, zone)),
        ("Taken in charge", local(v.acknowledged_at, zone)),
    ]
    optional = [
        ("Estimated resolution", v.estimated_resolution_at),
        ("On site by", v.promised_on_site_at),
        ("On site", v.on_site_at),
        ("Resolved", v.resolved_at),
        ("Closed", v.closed_at),
    ]
    rows += [(label, local(at, zone)) for label, at in optional if at is not None]
    if v.resolved is not None:
        rows.append(("Solved", "yes" if v.resolved else "no"))
    if v.needs_authorisation:
        if v.authorised_at is not None:
            text = (
                f"by {safe(v.authorised_by or '?')} via {v.authorised_via} "
                f"at {local(v.authorised_at, zone)}"
            )
            if v.authorised_until:
                text += f" until {local(v.authorised_until, zone)}"
        else:
            text = "[yellow]awaiting a titolare's or ADS's authorisation[/yellow]"
        rows.append(("Authorisation", text))
    if v.account_provided_at is not None:
        rows.append(
            (
                "Server account",
                f"by {safe(v.account_provided_by or '?')} at {local(v.account_provided_at, zone)}",
            )
        )
    if v.follow_up_of:
        rows.append(("Follow-up of", v.follow_up_of))
    if detail.follow_ups:
        rows.append(("Follow-ups", ", ".join(detail.follow_ups)))
    return rows


def event_text(event: EventView) -> str:
    """What the event says (:func:`event_words.describe`), else what it changed:
    ``severity A (was C), urgent True``."""
    said = event_words.describe(event)
    if said:
        return said
    parts = []
    for key, value in event.data.items():
        if key.startswith("old_") or value is None:
            continue
        old = event.data.get(f"old_{key}")
        parts.append(
            f"{key.replace('_', ' ')} {value}" + (f" (was {old})" if old is not None else "")
        )
    return ", ".join(parts)


def print_detail(detail: IncidentDetail, policy: Policy, now: datetime) -> None:
    v, zone = detail.incident, policy.zone
    out.print(f"[bold]{v.number}[/bold]  {safe(v.subject, one_line=True)}")
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="dim")
    facts.add_column()
    for label, value in _facts(detail, policy):
        facts.add_row(label, value)
    out.print(facts)
    if v.description.strip():
        out.print()
        out.print(safe(v.description))
    if v.is_open:
        clocks = Table("Clock", "SLA", "Target", "Elapsed", "Due", title="SLA clocks")
        for state in v.clocks.states(policy, now):
            target = "—" if state.target is None else display.hours_minutes(state.target)
            clocks.add_row(
                safe(state.label),
                sla_cell(state, now, zone),
                target,
                display.hours_minutes(state.elapsed),
                local(state.due, zone),
            )
        out.print(clocks)
    timeline = Table("When", "Who", "What", "Text", title="Timeline")
    for event in detail.timeline:
        timeline.add_row(
            local(event.at, zone),
            safe(event.actor or "system"),
            event.kind.replace("_", " "),
            safe(event_text(event)),
        )
    out.print(timeline)
