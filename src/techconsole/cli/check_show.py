"""Health checks for people (``checks due``, ``checks show``, ``checks list``): Rich tables,
imported only when one is drawn (``--json`` needs none of this)."""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from rich.table import Table

from techconsole.cli.check_words import (
    item_word,
    kind_word,
    outcome_word,
    schedule_words,
    state_word,
)
from techconsole.cli.output import out, safe
from techconsole.cli.render import local
from techconsole.domain import check_items
from techconsole.i18n import _, ngettext, pgettext
from techconsole.services.checks.views import CheckView, DueList, ScheduleView


def print_due(found: DueList) -> None:
    if found.every is None:
        out.print(
            _("The policy sets no monthly health checks (service.health_check_every_months).")
        )
    if found.checks:
        table = Table(
            title=_("Health checks as of {day}").format(day=f"{found.today:%d/%m/%Y}"),
            expand=True,
        )
        for header in (_("State"), _("Day")):
            table.add_column(header, no_wrap=True)
        table.add_column(_("Customer"), ratio=2, no_wrap=True, overflow="ellipsis")
        table.add_column(pgettext("machine", "Machine"), ratio=2, overflow="fold")
        table.add_column(_("Check"), ratio=1, no_wrap=True, overflow="ellipsis")
        table.add_column(_("Last done"), no_wrap=True)
        table.add_column(_("Technician"), no_wrap=True, overflow="ellipsis")
        for c in found.checks:
            machine = f"#{c.asset_id} {safe(c.asset, one_line=True)}"
            if c.reasons():
                why = safe("; ".join(c.reasons()), one_line=True)
                machine += "\n[yellow]" + _("not covered now: {reasons}").format(reasons=why)
                machine += "[/yellow]"
            what = kind_word(c.kind)
            if c.repeat_of:
                what += " " + _("(after {number})").format(number=c.repeat_of)
            table.add_row(
                state_word(c.state),
                f"{c.day:%d/%m/%Y}",
                safe(c.customer, one_line=True),
                machine,
                what,
                f"{c.last_done:%d/%m/%Y}" if c.last_done else _("never"),
                safe(c.technician or "—"),
            )
        out.print(table)
        overdue = len(found.overdue)
        said = ngettext("{n} check to do", "{n} checks to do", len(found.checks)).format(
            n=len(found.checks)
        )
        if overdue:
            said += ", " + ngettext("{n} overdue", "{n} overdue", overdue).format(n=overdue)
        hint = _("{counts}; techconsole checks record MACHINE records one").format(counts=said)
        out.print(f"[dim]{hint}[/dim]")
    else:
        out.print(_("No health check to do."))
    if found.uncovered:
        table = Table(
            _("Customer"),
            pgettext("machine", "Machine"),
            _("Why"),
            title=_("Not covered: no check (the monitoring comes with the contract)"),
        )
        for u in found.uncovered:
            table.add_row(
                safe(u.customer, one_line=True),
                f"#{u.asset_id} {safe(u.asset, one_line=True)}",
                safe("; ".join(u.reasons()), one_line=True),
            )
        out.print(table)


def print_check(check: CheckView, zone: ZoneInfo) -> None:
    head = f"{check.number} · #{check.asset_id} {safe(check.asset, one_line=True)}"
    out.print(f"[bold]{head}[/bold] · {safe(check.customer, one_line=True)}")
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="dim")
    facts.add_column()
    facts.add_row(_("Done"), f"{local(check.done_at, zone)}, {safe(check.done_by_name)}")
    if check.due_on is not None:
        facts.add_row(_("Agreed day"), f"{check.due_on:%d/%m/%Y}")
    if check.repeat_of:
        facts.add_row(_("Repeat of"), check.repeat_of)
    facts.add_row(_("Outcome"), outcome_word(check.outcome))
    if check.repeat_by is not None:
        repeat = _("repeat due by {day}").format(day=f"{check.repeat_by:%d/%m/%Y}")
        if check.repeated_by:
            repeat += " · " + _("done: {number}").format(number=check.repeated_by)
        facts.add_row(_("Dangerous condition"), f"[bold red]{repeat}[/bold red]")
    out.print(facts)
    items = Table(_("Item"), _("Outcome"), _("Found and done"), _("Incident"))
    for item in check.items:
        items.add_row(
            item_word(item.item),
            outcome_word(item.outcome),
            safe(item.finding),
            item.incident or "",
        )
    out.print(items)
    if check.note.strip():
        out.print(safe(check.note))
    if check.no_personal_access:
        out.print(f"[italic]{_(check_items.STATEMENT)}[/italic]")


def print_list(checks: Sequence[CheckView], zone: ZoneInfo) -> None:
    table = Table(
        _("Check"),
        _("Done"),
        _("Customer"),
        pgettext("machine", "Machine"),
        _("Outcome"),
        _("Technician"),
    )
    for c in checks:
        table.add_row(
            c.number,
            local(c.done_at, zone),
            safe(c.customer, one_line=True),
            f"#{c.asset_id} {safe(c.asset, one_line=True)}",
            outcome_word(c.outcome),
            safe(c.done_by),
        )
    out.print(table)


def print_schedules(views: Sequence[ScheduleView]) -> None:
    table = Table(_("Customer"), _("Agreed day"), _("Technician"))
    for v in views:
        table.add_row(safe(v.customer, one_line=True), schedule_words(v), safe(v.technician or "—"))
    out.print(table)
