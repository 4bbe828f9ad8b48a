"""One incident in full for people: facts, SLA clocks, timeline (``incident show``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from rich.table import Table

from techconsole.cli.output import out, safe
from techconsole.cli.render import level_lines, local, machine_words, sla_cell, status_word
from techconsole.domain import display
from techconsole.domain.authorisation import ended
from techconsole.domain.policy import Policy
from techconsole.i18n import _
from techconsole.reports import event_words
from techconsole.services.mail.views import MailView
from techconsole.services.views import EventView, IncidentDetail


def _facts(detail: IncidentDetail, policy: Policy, now: datetime) -> list[tuple[str, str]]:
    v, zone = detail.incident, policy.zone
    requester = "—"
    if v.requester:
        requester = safe(v.requester)
        if v.requester_role:
            requester += f" ({safe(event_words.role_short(v.requester_role))})"
    urgency = ("[bold red]! " + _("urgent") + "[/bold red]") if v.urgent else _("not urgent")
    if v.urgent_on_request:
        urgency += " " + _("(on request)")
    said = v.severity
    if not v.severity_triaged:  # seed 001: "attribuito dal personale tecnico"
        said += " " + _("(the policy's default: not yet triaged)")
    severity = _("{severity} · {urgency} · level {level}").format(
        severity=said, urgency=urgency, level=v.level
    )
    for line in level_lines(detail.level_check):  # the level the work bears out (seed 004)
        severity += f"\n{line}"
    rows = [
        (_("Customer"), safe(v.customer, one_line=True)),
        (_("Requester"), requester),
        (_("Channel"), safe(event_words.channel(v.channel))),
        (_("Severity"), severity),
        (_("Category"), safe(v.category) or "—"),
        *([(_("Program"), safe(v.program, one_line=True))] if v.program else []),
        (_("Plan"), display.plan_words(policy, v.plan, v.contract)),
        *([(_("Machine"), machine_words(detail.machine))] if detail.machine else []),
        (_("Status"), status_word(v.status)),
        (
            _("Assignee"),
            f"{safe(v.assignee)} ({safe(v.assignee_name or '')})" if v.assignee else "—",
        ),
        (_("Arrived"), local(v.arrived_at, zone)),
        (_("Taken in charge"), local(v.acknowledged_at, zone)),
    ]
    optional = [
        (_("Estimated resolution"), v.estimated_resolution_at),
        (_("On site by"), v.promised_on_site_at),
        (_("On site"), v.on_site_at),
        (_("Resolved"), v.resolved_at),
        (_("Closed"), v.closed_at),
    ]
    rows += [(label, local(at, zone)) for label, at in optional if at is not None]
    if v.on_site_agreed:
        agreed = _("later than the guarantee, agreed: {how}")
        rows.append((_("Customer's agreement"), agreed.format(how=safe(v.on_site_agreed))))
    if v.resolved is not None:
        rows.append((_("Solved"), _("yes") if v.resolved else _("no")))
    if v.needs_authorisation:
        if v.authorised_at is not None:
            text = _("by {who} via {via} at {when}").format(
                who=safe(v.authorised_by or "?"),
                via=v.authorised_via,
                when=local(v.authorised_at, zone),
            )
            if v.authorised_until:
                text += " " + _("until {when}").format(when=local(v.authorised_until, zone))
            if ended(v.authorised_until, now):
                over = _("ended: no work until it is authorised again")
                text += f" [bold red]⚠ {over}[/bold red]"
        else:
            text = "[yellow]" + _("awaiting the authorisation of a titolare or ADS") + "[/yellow]"
        rows.append((_("Authorisation"), text))
    if v.account_provided_at is not None:
        account = _("by {who} at {when}").format(
            who=safe(v.account_provided_by or "?"), when=local(v.account_provided_at, zone)
        )
        if v.account_valid_until:
            account += ", " + _("valid until {when}").format(
                when=local(v.account_valid_until, zone)
            )
        if ended(v.account_valid_until, now):
            expired = _("expired: ask the customer for a new temporary password")
            account += f" [bold red]⚠ {expired}[/bold red]"
        rows.append((_("Server account"), account))
    if v.fixed_in_release is not None:
        rows.append((_("Fix in release"), release_words(v.fixed_in_release, now, zone)))
    if v.follow_up_of:
        rows.append((_("Follow-up of"), v.follow_up_of))
    if detail.follow_ups:
        rows.append((_("Follow-ups"), ", ".join(detail.follow_ups)))
    return rows


def release_words(day: date, now: datetime, zone: ZoneInfo) -> str:
    """``01/07/2027 (in 209 days)``, or ``01/01/2027 (released)`` once the day has come."""
    from techconsole.domain.changes import day_text, days_words

    today = now.astimezone(zone).date()
    when = _("released") if day <= today else days_words(day, today)
    return f"{day_text(day)} ({when})"


def event_text(event: EventView) -> str:
    """What the event says, else what it changed (``severity A (was C), urgent yes``),
    else its fields worded: :func:`event_words.summary`, as the console says it."""
    return event_words.summary(event)


def print_detail(
    detail: IncidentDetail, policy: Policy, now: datetime, mails: Sequence[MailView] = ()
) -> None:
    v, zone = detail.incident, policy.zone
    # worked out before anything is printed: a plan the policy does not know stops here
    loaner = v.clocks.loaner_state(policy, now)  # a stopped one is said once closed too
    states = v.clocks.states(policy, now) if v.is_open else []
    out.print(f"[bold]{v.number}[/bold]  {safe(v.subject, one_line=True)}")
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="dim")
    facts.add_column()
    for label, value in _facts(detail, policy, now):
        facts.add_row(label, value)
    out.print(facts)
    if v.description.strip():
        out.print()
        out.print(safe(v.description))
    if v.is_open or loaner is not None:
        clocks = Table(
            _("Clock"), _("SLA"), _("Target"), _("Elapsed"), _("Due"), title=_("SLA clocks")
        )
        for state in [*states, *([loaner] if loaner is not None else [])]:
            target = "—" if state.target is None else display.hours_minutes(state.target)
            clocks.add_row(
                safe(state.label),
                sla_cell(state, now, zone),
                target,
                display.hours_minutes(state.elapsed),
                local(state.due, zone),
            )
        out.print(clocks)
    timeline = Table(_("When"), _("Who"), _("What"), _("Text"), title=_("Timeline"))
    for event in detail.timeline:
        timeline.add_row(
            local(event.at, zone),
            safe(event.actor or (_("mail") if "mail" in event.data else _("system"))),
            event_words.action(event.kind) or event.kind.replace("_", " "),
            safe(event_text(event)),
        )
    out.print(timeline)
    if mails:
        print_mails(mails, zone)


def print_mails(mails: Sequence[MailView], zone: ZoneInfo) -> None:
    """The messages received and sent on the incident, with their attachments."""
    table = Table(_("Id"), _("When"), _("From / to"), _("Subject"), _("State"), title=_("Mail"))
    for m in mails:
        who = f"← {m.sender}" if m.direction == "in" else f"→ {m.recipients}"
        subject = safe(m.subject, one_line=True)
        for part in m.attachments:
            kept = "" if part.kept else " " + _("(larger than the limit: not kept)")
            subject += f"\n📎 {part.id}: {safe(part.filename, one_line=True)}{kept}"
        table.add_row(str(m.id), local(m.at, zone), safe(who, one_line=True), subject, m.state)
    out.print(table)
