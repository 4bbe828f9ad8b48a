"""The work on an incident as its screen shows it: sessions, parts and the bill so far.

Read with the incident in the screen's worker (:func:`read`), drawn as Rich renderables
(:func:`render`); amounts in euro the Italian way, times in the policy's zone.  While a
timer runs on the incident its session counts in the bill's line as the timer bar counts
it (:func:`techconsole.tui.timer.figures.running_so_far`), so the line ticks with the bar.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from techconsole.domain import display, levels, parts
from techconsole.domain.free import reason_text
from techconsole.domain.money import eur, number, percent_of
from techconsole.domain.policy import Policy
from techconsole.domain.prepaid import block_words, training_words
from techconsole.i18n import N_, NP_, _, language, ngettext, translate, translator
from techconsole.reports import event_words, labels, late_words
from techconsole.services.context import Context
from techconsole.services.work import billing, materials, timer
from techconsole.services.work.billing import IncidentBill
from techconsole.services.work.materials import MaterialView
from techconsole.services.work.timer_views import SessionView
from techconsole.tui.timer import figures
from techconsole.tui.widgets.text import cell, local, plain


@dataclass(frozen=True, slots=True)
class WorkFacts:
    sessions: tuple[SessionView, ...]
    parts: tuple[MaterialView, ...]
    bill: IncidentBill


def read(ctx: Context, number: str) -> WorkFacts:
    """The incident's sessions, parts and bill (three reads; called from a worker)."""
    return WorkFacts(
        tuple(timer.sessions(ctx, incident=number, free=False)),  # the bill says it
        tuple(materials.materials(ctx, number)),
        billing.bill_incident(ctx, number),
    )


#: the sessions table's headings (English msgids, shown with ``_``)
SESSION_COLUMNS = (
    N_("Start"),
    N_("End"),
    N_("Who"),
    N_("Kind"),
    NP_("duration", "Time"),
    N_("Scatti"),
)


def session_kind(kind: str) -> str:
    """A session's kind in the language in use (``on_site``: presso il cliente)."""
    marked = labels.KINDS.get(kind)
    return kind.replace("_", " ") if marked is None else _(marked)


def _minutes(session: SessionView, now: datetime) -> str:
    minutes = int(session.length(now).total_seconds() // 60)
    hours, rest = divmod(minutes, 60)
    return f"{hours}h {rest:02d}m" if hours else f"{rest}m"


def _sessions(work: WorkFacts, policy: Policy, now: datetime) -> Table:
    table = Table(box=box.SIMPLE_HEAD, expand=False, pad_edge=False)
    for name in SESSION_COLUMNS:
        right = name == SESSION_COLUMNS[-1]
        table.add_column(
            translate(translator(language()), name),
            no_wrap=True,
            justify="right" if right else "left",
        )
    table.add_column(_("Note"))
    for s in work.sessions:
        end = local(s.ended_at, policy.zone) if s.ended_at else Text(_("running"), style="bold")
        table.add_row(
            local(s.started_at, policy.zone),
            end,
            cell(s.technician),
            plain(session_kind(s.kind)),
            _minutes(s, now),
            str(s.units),
            Text(plain(s.note)),
        )
    return table


def _parts(work: WorkFacts) -> Table:
    table = Table(box=box.SIMPLE_HEAD, expand=False, pad_edge=False)
    table.add_column(_("Code"), no_wrap=True)
    table.add_column(_("Part"))
    table.add_column(_("Qty"), justify="right", no_wrap=True)
    table.add_column(_("Price"), justify="right", no_wrap=True)
    table.add_column(_("Serial no."), no_wrap=True)
    table.add_column("", no_wrap=True)
    table.add_column("")
    for p in work.parts:
        state = Text("")
        if p.state != parts.FITTED:  # seed 003: proposed to the customer, or declined
            style = "bold" if p.waiting else "dim"
            state = Text(("⏳ " if p.waiting else "") + event_words.part_state(p.state), style)
        table.add_row(
            cell(p.code or display.NONE),
            Text(plain(p.description)),
            number(p.quantity.normalize()),
            eur(p.unit_price),
            cell(p.serial or display.NONE),
            _("warranty") if p.warranty else "",
            state,
        )
    return table


def render(work: WorkFacts | None, policy: Policy, now: datetime) -> RenderableType:
    heading = Text(_("Work"), style="bold")
    if work is None:
        return Group(heading, Text(_("reading…"), style="dim"))
    bill = work.bill.bill
    if not work.sessions and not work.parts:
        return Group(heading, Text(_("no work recorded yet (T starts the timer)"), style="dim"))
    count, taxable, total = bill.units, bill.taxable, bill.total
    more, worth = figures.running_so_far(policy, work.sessions, now)
    if more:  # a running timer's scatti so far, billed as the finished ones are
        count += more
        if not bill.free_reason:
            taxable += worth
            total = taxable + percent_of(taxable, bill.vat_percent)
    units = ngettext("{n} scatto", "{n} scatti", count).format(n=count)
    summary = Text(f"  {units} · ")
    summary.append(_("taxable {amount}").format(amount=eur(taxable)))
    summary.append(" · " + _("total {amount}").format(amount=eur(total)))
    if bill.free_code:
        said = reason_text(bill.free_code, bill.free_args)
        free = _("free: {reason}").format(reason=plain(said))
        summary.append(f" · {free}", style="italic")
    if bill.running_sessions:
        summary.append(" · " + _("a timer is still running, counted so far"), style="dim")
    lines: list[RenderableType] = [heading.append_text(summary)]
    if bill.late is not None:
        late = late_words.sentence(bill.late, local(bill.late.term.at, policy.zone))
        lines.append(Text(f"  ⚠ {late}", style="italic"))
    for warning in levels.warnings(bill.level_check):  # level 2 only on site (seed 004)
        lines.append(Text(f"  ⚠ {warning}", style="italic"))
    for use in work.bill.prepaid:  # seed 000: the contract's prepaid hours, its training
        if use.block:
            lines.append(Text("  " + block_words(use.used, use.left, use.block), style="dim"))
        if use.allowance:
            words = training_words(use.training_used, use.training_left, use.allowance)
            lines.append(Text("  " + words, style="dim"))
    if work.sessions:
        lines.append(_sessions(work, policy, now))
    if work.parts:
        lines.append(_parts(work))
        if any(p.waiting for p in work.parts):
            said = _("a proposed part is fitted and billed once the customer agrees (K)")
            lines.append(Text("  " + said, style="dim"))
    return Group(*lines)
