"""How an incident reads on its screen: facts, SLA clocks, timeline (Rich renderables).

Every word a customer or a colleague typed goes through :func:`plain`/:func:`cell` into
a :class:`~rich.text.Text`, never into markup.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from zoneinfo import ZoneInfo

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text

from techconsole.domain import display
from techconsole.domain.authorisation import ended
from techconsole.domain.contracts import ends_words
from techconsole.domain.policy import Policy
from techconsole.domain.sla import ClockState
from techconsole.domain.statuses import status_word as status_word
from techconsole.i18n import N_, NP_, _, language, pgettext, translate, translator
from techconsole.reports import event_words
from techconsole.services.views import ContractCover, IncidentDetail, IncidentView
from techconsole.tui.incident import mail_lines
from techconsole.tui.incident.loaner_lines import loaner_fact, loaner_of
from techconsole.tui.widgets.text import cell, clock_text, local, plain

#: how an authorisation came, beyond the channels' own words
VIA_WORDS = {"in_person": NP_("channel", "in person"), "signed_form": N_("signed form")}


def via_word(code: str) -> str:
    """How an authorisation came (``phone``: telefono), in the language in use."""
    marked = VIA_WORDS.get(code)
    if marked is None:
        return event_words.channel(code)
    return translate(translator(language()), marked)


def title(view: IncidentView) -> Text:
    line = Text(_("Incident {number} · ").format(number=plain(view.number)), style="bold")
    line.append_text(cell(view.subject, "bold"))
    return line


def _authorisation(
    view: IncidentView, policy: Policy, now: datetime | None, warn: str
) -> Text | None:
    zone = policy.zone
    if view.authorised_by:
        said = Text(plain(view.authorised_by))
        said.append(
            " "
            + _("via {via}, {when}").format(
                via=via_word(view.authorised_via or ""),
                when=local(view.authorised_at, zone),
            )
        )
        if view.authorised_until:
            until = _("until {when}").format(when=local(view.authorised_until, zone))
            said.append(f" {until}")
        if now is not None and ended(view.authorised_until, now):
            over = _("ended: no work until it is authorised again (A)")
            said.append(f"  ⚠ {over}", style=warn)
        return said
    if view.needs_authorisation:
        return Text(_("waiting for a titolare or ADS (A records it)"), style="italic")
    return None


def facts(
    detail: IncidentDetail,
    policy: Policy,
    styles: Mapping[str, str],
    now: datetime | None = None,
) -> Table:
    """The incident's facts; at ``now`` an authorisation or a server account that has
    ended is said so."""
    view, zone = detail.incident, policy.zone
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    severity = Text(view.severity)
    if not view.severity_triaged:  # seed 001: "attribuito dal personale tecnico"
        severity.append("  " + _("(the policy's default: not yet triaged)"), style="italic")
    if view.urgent:
        severity.append("  ! " + _("urgent"), style=styles["urgent"])
    if view.urgent_on_request:
        severity.append("  " + _("(at the customer's request)"))
    requester = cell(view.requester or display.NONE)
    if view.requester_role:
        requester.append(f" ({plain(event_words.role_short(view.requester_role))})")
    plan = display.plan_words(policy, view.plan, view.contract)  # as the lead reads it
    level = f"{view.level}" + (f" · {plain(view.category)}" if view.category else "")
    if view.level == 2:
        level += " · " + _("on site")
    rows: list[tuple[str, Text | str]] = [
        (_("Customer"), cell(view.customer)),
        (_("Requester"), requester),
        (_("Channel"), plain(event_words.channel(view.channel))),
        (_("Severity"), severity),
        (_("Level"), level + (" · " + _("warranty") if warranty(detail) else "")),
        (_("Status"), status_word(view.status)),
        (
            _("Assignee"),
            cell(view.assignee_name or view.assignee or pgettext("assignee", "unassigned")),
        ),
        (_("Plan"), plain(plan)),
    ]
    if detail.contract is not None:
        rows.append((_("Contract"), contract(detail.contract, styles)))
    rows += [
        (_("Arrived"), local(view.arrived_at, zone)),
        (_("Acknowledged"), local(view.acknowledged_at, zone)),
    ]
    # the machine and the program it is about, after the customer
    program = [(_("Program"), cell(view.program))] if view.program else []
    rows[1:1] = [*machine_rows(detail, styles), *program]
    if view.estimated_resolution_at:
        rows.append((_("Estimate"), local(view.estimated_resolution_at, zone)))
    if view.promised_on_site_at:
        promise = Text(local(view.promised_on_site_at, zone))
        if view.on_site_agreed:
            agreed = _("later than the guarantee, agreed: {how}")
            promise.append(" · " + agreed.format(how=plain(view.on_site_agreed)))
        rows.append((_("On site by"), promise))
    loaner = loaner_of(detail.timeline)
    if loaner is not None:
        rows.append((_("Loaner PC"), loaner_fact(loaner, zone)))
    rows += [
        (_("On site"), local(view.on_site_at, zone)),
        (_("Resolved"), _resolved(view, policy)),
    ]
    authorised = _authorisation(view, policy, now, styles["breached"])
    if authorised is not None:
        rows.append((_("Authorised"), authorised))
    if view.account_provided_by:
        account = Text(plain(view.account_provided_by))
        when = local(view.account_provided_at, zone)
        account.append(", " + _("{when} (password not recorded)").format(when=when))
        if view.account_valid_until:
            until = local(view.account_valid_until, zone)
            account.append(", " + _("valid until {when}").format(when=until))
        if now is not None and ended(view.account_valid_until, now):
            expired = _("expired: ask the customer for a new temporary password")
            account.append(f"  ⚠ {expired}", style=styles["breached"])
        rows.append((_("Server account"), account))
    if view.fixed_in_release is not None:
        rows.append((_("Fix in release"), release_fact(view, zone, now)))
    if view.follow_up_of:
        rows.append((_("Follow-up of"), plain(view.follow_up_of)))
    for label, value in rows:
        grid.add_row(label, value)
    if view.description:
        grid.add_row(_("Description"), Text(plain(view.description, one_line=False)))
    return grid


def release_fact(view: IncidentView, zone: ZoneInfo, now: datetime | None) -> str:
    """``01/07/2027 (in 209 days)``: the release the fix comes with (001); ``released``
    once its day has come."""
    from techconsole.domain.changes import day_text, days_words

    day = view.fixed_in_release
    assert day is not None
    if now is None:
        return day_text(day)
    today = now.astimezone(zone).date()
    when = _("released") if day <= today else days_words(day, today)
    return f"{day_text(day)} ({when})"


def machine_rows(detail: IncidentDetail, styles: Mapping[str, str]) -> list[tuple[str, Text]]:
    """The machine the incident is about (seed 004) and whether the work on it is on a
    covered machine, and why not: ``PC-Ufficio  ✗ not covered: backup not installed since
    12/11/2026``; nothing when it names none (``M`` chooses one)."""
    machine = detail.machine
    if machine is None:
        return []
    said = Text(plain(machine.name), style="bold")
    if machine.covered:
        said.append(f"  ✓ {pgettext('machine', 'covered')}", style=styles["ok"])
    else:
        why = _("not covered: {reasons}").format(reasons=plain("; ".join(machine.reasons())))
        said.append(f"  ✗ {why}", style=styles["warning"])
        if detail.incident.contract:
            said.append(" · " + _("the work is billed outside the contract"))
    return [(_("Workstation"), said)]


def contract(cover: ContractCover, styles: Mapping[str, str]) -> Text:
    """``contract ends 31/12/2026, in 27 days``: the customer's last day under contract
    (a renewal already recorded included); marked when it falls within the policy's
    ``[contracts] expiring_days``."""
    words = ends_words(cover.ends_on, cover.days_left)
    if cover.expiring:
        return Text("⚠ " + words, style=styles["warning"])
    return Text(words)


def warranty(detail: IncidentDetail) -> bool:
    """Whether the work is under warranty: the last triage that said so decides."""
    for event in reversed(detail.timeline):
        if event.kind == "triage" and "warranty" in event.data:
            return bool(event.data["warranty"])
    return False


def _resolved(view: IncidentView, policy: Policy) -> str:
    when = local(view.resolved_at, policy.zone)
    if view.resolved is None:
        return when
    outcome = _("solved") if view.resolved else _("not solved")
    return f"{when} · {outcome}"


def clocks(view: IncidentView, policy: Policy, now: datetime, styles: Mapping[str, str]) -> Table:
    """The SLA clocks: each running one with its countdown; once the incident is resolved or
    closed, each clock that stopped, met (✓) or missed (✗ late 0h 12m)."""
    states = view.clocks.states(policy, now)
    if not view.is_open:
        states = [state for state in states if state.stopped_at is not None and state.target]
    loaner = view.clocks.loaner_state(policy, now)  # the loaner PC due (seed 004)
    if loaner is not None and (view.is_open or loaner.stopped_at is not None):
        states.append(loaner)
    table = Table(box=box.SIMPLE_HEAD, expand=False, pad_edge=False, title_justify="left")
    table.add_column(_("SLA clock"))
    table.add_column(_("Now"), no_wrap=True)
    table.add_column(_("Due"), no_wrap=True)
    table.add_column(_("Used"), no_wrap=True)
    for state in states:
        table.add_row(
            Text(plain(state.label)),
            clock_text(state, now, policy.zone, styles),
            local(state.due, policy.zone),
            progress(state, styles),
        )
    if not states:
        none = _("no running clock") if view.is_open else _("no SLA clock was stopped")
        table.add_row(Text(none, style="dim"), "", "", "")
    return table


BAR_WIDTH = 16


def progress(state: ClockState, styles: Mapping[str, str], width: int = BAR_WIDTH) -> Text:
    """How much of the clock's target is used: ``██████░░░░░░░░░░  38 %``, in the clock's
    tone; past 100 % the bar is full and the figure says how far over."""
    if state.fraction_used is None:
        return Text(display.NONE, style=styles["muted"])
    used = max(state.fraction_used, 0.0)
    filled = min(width, round(used * width))
    bar = Text("█" * filled, style=styles[display.tone(state)])
    bar.append("░" * (width - filled), style=styles["muted"])
    bar.append(f" {used * 100:4.0f} %")
    return bar


def timeline(detail: IncidentDetail, policy: Policy) -> Group:
    table = Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False)
    table.add_column(_("When"), no_wrap=True)
    table.add_column(_("Who"), no_wrap=True)
    table.add_column(_("What"), no_wrap=True)
    table.add_column(_("Note"), ratio=1)
    for event in detail.timeline:
        table.add_row(
            local(event.at, policy.zone),
            cell(mail_lines.who(event) or event.actor or display.NONE),
            cell(event_words.action(event.kind)),
            mail_lines.note(event) or Text(plain(event_words.summary(event), one_line=False)),
        )
    heading = Text(_("Timeline"), style="bold")
    if detail.follow_ups:
        said = _("follow-ups: {numbers}").format(numbers=plain(", ".join(detail.follow_ups)))
        heading.append(f"  · {said}", style="")
    return Group(heading, table)
