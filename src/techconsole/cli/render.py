"""Drawing services' views for people (Rich) and for machines (plain dicts for --json)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from techconsole import i18n
from techconsole.cli.fitted import fitted
from techconsole.cli.output import safe
from techconsole.domain import display
from techconsole.domain.authorisation import ended
from techconsole.domain.levels import LevelCheck, warnings
from techconsole.domain.policy import Policy
from techconsole.domain.sla import ClockState
from techconsole.domain.statuses import status_word as status_word
from techconsole.i18n import N_, NP_, _, language, pgettext, translate, translator
from techconsole.services.views import IncidentView, MachineCoverage, QueuePage, TechnicianView

if TYPE_CHECKING:  # Rich's tables are imported when one is drawn, not by --json output
    from rich.table import Table
    from rich.text import Text

#: Colours for ``display.tone``; the glyph and the text carry the meaning without them.
TONE_STYLES = {
    "ok": "green",
    "warning": "yellow",
    "breached": "bold red",
    "missed": "red",
    "paused": "cyan",
    "muted": "dim",
}
SHORT_STATUS = {"awaiting_authorisation": NP_("status", "awaiting auth.")}


def local(value: datetime | None, zone: ZoneInfo) -> str:
    """An instant for people, in the policy zone, its weekday in the language in use:
    ``ven 27/11/2026 17:00`` (``Fri 27/11/2026 17:00``)."""
    if value is None:
        return "—"
    from techconsole.i18n.formats import weekday_datetime  # Babel: only when a date shows

    return weekday_datetime(value, zone)


def iso(value: datetime | None, zone: ZoneInfo) -> str | None:
    """An instant for machines: ISO 8601 with the policy zone's offset."""
    return None if value is None else value.astimezone(zone).isoformat()


def _status(words: dict[str, str], status: str) -> str:
    marked = words.get(status)
    if marked is None:
        return status.replace("_", " ")
    return translate(translator(language()), marked)


def sla_cell(state: ClockState | None, now: datetime, zone: ZoneInfo) -> str:
    """Glyph and countdown, coloured by meaning (Rich markup)."""
    if state is None:
        return f"[dim]{display.NONE}[/dim]"
    style = TONE_STYLES[display.tone(state)]
    text = display.countdown(state, now, zone)
    return f"[{style}]{display.glyph(state)} {text}[/{style}]"


def _minutes(value: timedelta | None) -> int | None:
    """Whole minutes, cut toward zero like the countdown text."""
    if value is None:
        return None
    minutes = abs(value) // timedelta(minutes=1)
    return -minutes if value < timedelta(0) else minutes


def clock_json(state: ClockState | None, now: datetime, zone: ZoneInfo) -> dict[str, Any] | None:
    if state is None:
        return None
    return {
        "clock": state.clock,
        "label": state.label,
        "status": state.status.value,
        "target_minutes": _minutes(state.target),
        "elapsed_minutes": _minutes(state.elapsed),
        "remaining_minutes": _minutes(state.remaining),
        "due": iso(state.due, zone),
        "opens_at": iso(state.opens_at, zone),
        "stopped_at": iso(state.stopped_at, zone),
        "at_risk": state.at_risk,
        "countdown": _json_countdown(state, now, zone),
    }


def _json_countdown(state: ClockState, now: datetime, zone: ZoneInfo) -> str:
    """The countdown text of ``--json``: in English whatever the language, so that a script
    reading it does not change with the reader's settings."""
    with i18n.speaking("en"):
        return display.countdown(state, now, zone)


_INSTANTS = (
    "arrived_at",
    "acknowledged_at",
    "estimated_resolution_at",
    "promised_on_site_at",
    "on_site_at",
    "resolved_at",
    "closed_at",
    "authorised_at",
    "authorised_until",
    "account_provided_at",
    "account_valid_until",
    "due_at",
)
_PLAIN = (
    "id",
    "number",
    "customer_id",
    "customer",
    "requester",
    "requester_role",
    "channel",
    "subject",
    "description",
    "severity",
    "severity_triaged",
    "urgent",
    "urgent_on_request",
    "level",
    "category",
    "program",
    "status",
    "assignee",
    "assignee_name",
    "plan",
    "contract",
    "resolved",
    "follow_up_of",
    "needs_authorisation",
    "authorised_by",
    "authorised_via",
    "account_provided_by",
    "version",
    "asset_id",
    "asset",
    "on_site_agreed",
)


def incident_json(view: IncidentView, policy: Policy, now: datetime) -> dict[str, Any]:
    """Every field of the incident, times in the policy zone, and its clocks now."""
    data: dict[str, Any] = {name: getattr(view, name) for name in _PLAIN}
    data.update({name: iso(getattr(view, name), policy.zone) for name in _INSTANTS})
    states = view.clocks.states(policy, now) if view.is_open else []
    data["clocks"] = [clock_json(s, now, policy.zone) for s in states]
    # the loaner-PC clock (seed 004), when a loaner is (or was) due; stopped ones too
    data["loaner"] = clock_json(view.clocks.loaner_state(policy, now), now, policy.zone)
    data["account_expired"] = ended(view.account_valid_until, now)
    data["authorisation_ended"] = ended(view.authorised_until, now)
    # the release that will carry the fix (001), a day: YYYY-MM-DD
    release = view.fixed_in_release
    data["fixed_in_release"] = release.isoformat() if release is not None else None
    return data


def machine_json(machine: MachineCoverage | None) -> dict[str, Any] | None:
    """The incident's machine and whether the work on it is on a covered machine."""
    if machine is None:
        return None
    return {
        "id": machine.asset_id,
        "name": machine.name,
        "covered": machine.covered,
        "reasons": list(machine.reasons()),
        "gaps": [
            {"code": g.code, "software": g.software or None, "day": g.day}
            for g in machine.coverage.gaps
        ],
    }


def level_json(found: LevelCheck | None) -> dict[str, Any] | None:
    """The level declared, the one the work is billed at, and the warnings (seed 004)."""
    if found is None:
        return None
    return {
        "declared": found.declared,
        "effective": found.effective,
        "warnings": list(found.warnings),
        "messages": list(warnings(found)),
    }


def level_lines(found: LevelCheck | None) -> list[str]:
    """``⚠ level 2 without work at the customer's site: billed as level 1`` (markup)."""
    if found is None:
        return []
    return [f"[yellow]⚠ {said}[/yellow]" for said in warnings(found)]


def machine_words(machine: MachineCoverage) -> str:
    """``PC-01 — covered`` or ``PC-01 — not covered: backup not installed since …`` (markup)."""
    name = safe(machine.name, one_line=True)
    if machine.covered:
        covered = pgettext("machine", "covered")
        return f"{name} — [green]{covered}[/green]"
    why = safe("; ".join(machine.reasons()), one_line=True)
    said = _("not covered: {reasons}").format(reasons=why)
    return f"{name} — [yellow]{said}[/yellow]"


#: a technician's role as people read it (``--json`` keeps the code)
ROLES = {"technician": NP_("team role", "technician"), "lead": NP_("team role", "lead")}


def role_word(code: str) -> str:
    """``lead`` → ``responsabile`` in Italian; an unknown code as it is."""
    marked = ROLES.get(code)
    return code if marked is None else translate(translator(language()), marked)


def technician_json(tech: TechnicianView) -> dict[str, Any]:
    return {
        "id": tech.id,
        "login": tech.login,
        "name": tech.display_name,
        "role": tech.role,
        "active": tech.active,
    }


#: the queue's columns (keys; their headers are :data:`QUEUE_HEADERS`, translated)
QUEUE_COLUMNS = (
    "Number",
    "Sev",
    "!",
    "Customer",
    "Plan",
    "Subject",
    "Status",
    "Assignee",
    "Age",
    "SLA",
    "Loaner",
)
QUEUE_HEADERS = {
    "Number": N_("Number"),
    "Sev": N_("Sev"),
    "!": "!",
    "Customer": N_("Customer"),
    "Plan": N_("Plan"),
    "Subject": N_("Subject"),
    "Status": N_("Status"),
    "Assignee": N_("Assignee"),
    "Age": N_("Age"),
    "SLA": N_("SLA"),
    "Loaner": N_("Loaner PC"),
}
#: on a narrow terminal, once the customer and subject are cut short (:mod:`.fitted`),
#: these columns go, in this order; the others always show.
DROPPABLE = ("Plan", "Age", "Assignee", "Customer", "Status")
#: the loaner-PC column shows only when a line has a loaner due (seed 004)
OPTIONAL = ("Loaner",)


def one_line(markup: str) -> Text:
    """A cell that stays on one line, cut with an ellipsis when the column is narrow."""
    from rich.text import Text

    cell = Text.from_markup(markup, overflow="ellipsis")
    cell.no_wrap = True
    return cell


def _queue_cells(page: QueuePage, policy: Policy) -> list[dict[str, Text]]:
    rows = []
    for row in page.rows:
        clock = row.clock or display.headline(row.clocks.states(policy, page.now))
        cells = (
            row.number,
            row.severity,
            "[bold red]![/bold red]" if row.urgent else "",
            safe(row.customer, one_line=True),
            _plan_cell(policy, row.plan, row.contract),
            safe(row.subject, one_line=True),
            _status(SHORT_STATUS, row.status)
            if row.status in SHORT_STATUS
            else status_word(row.status),
            safe(row.assignee) if row.assignee else "[dim]—[/dim]",
            display.age(row.arrived_at, page.now),
            sla_cell(clock, page.now, policy.zone),
            loaner_cell(row.clocks.loaner_state(policy, page.now), page.now, policy.zone),
        )
        rows.append({name: one_line(c) for name, c in zip(QUEUE_COLUMNS, cells, strict=True)})
    return rows


def _plan_cell(policy: Policy, plan: str, contract: bool) -> str:
    """The plan's label (the policy's words, as text), dim when the incident is not under
    a contract of that plan."""
    label = safe(display.plan_label(policy, plan), one_line=True)
    return label if contract else f"[dim]{label}[/dim]"


def queue_table(page: QueuePage, policy: Policy, width: int) -> Table:
    """The queue as the console shows it, one incident a line, in queue order.

    On a narrow terminal the customer and subject are cut short first, then the plan,
    age, assignee, customer and status columns are left out, in that order; the number,
    severity, subject and SLA countdown always show.
    """
    rows = _queue_cells(page, policy)
    headers = {name: _(QUEUE_HEADERS[name]) for name in QUEUE_COLUMNS}
    shown = [
        name
        for name in QUEUE_COLUMNS
        if name not in OPTIONAL or any(r[name].plain.strip() for r in rows)
    ]
    return fitted(headers, rows, shown, width, DROPPABLE, right=("Age",))


def loaner_cell(state: ClockState | None, now: datetime, zone: ZoneInfo) -> str:
    """The loaner-PC countdown of a queue line, or nothing when no loaner is due."""
    return "" if state is None else sla_cell(state, now, zone)


def queue_json(page: QueuePage, policy: Policy) -> dict[str, Any]:
    zone = policy.zone
    return {
        "total": page.total,
        "now": iso(page.now, zone),
        "rows": [
            {
                "id": r.id,
                "number": r.number,
                "severity": r.severity,
                "urgent": r.urgent,
                "customer": r.customer,
                "plan": r.plan,
                "contract": r.contract,
                "subject": r.subject,
                "status": r.status,
                "assignee": r.assignee,
                "arrived_at": iso(r.arrived_at, zone),
                "age": display.age(r.arrived_at, page.now),
                "due_at": iso(r.due_at, zone),
                "sla": clock_json(r.clock, page.now, zone),
                "loaner": clock_json(r.clocks.loaner_state(policy, page.now), page.now, zone),
            }
            for r in page.rows
        ],
    }
