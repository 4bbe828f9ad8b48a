"""The work on an incident as its screen shows it: sessions, parts and the bill so far.

Read with the incident in the screen's worker (:func:`read`), drawn as Rich renderables
(:func:`render`); amounts in euro the Italian way, times in the policy's zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from techconsole.domain import display
from techconsole.domain.money import eur, number
from techconsole.domain.policy import Policy
from techconsole.services.context import Context
from techconsole.services.work import billing, materials, timer
from techconsole.services.work.billing import IncidentBill
from techconsole.services.work.materials import MaterialView
from techconsole.services.work.timer_views import SessionView
from techconsole.tui.widgets.text import cell, local, plain


@dataclass(frozen=True, slots=True)
class WorkFacts:
    sessions: tuple[SessionView, ...]
    parts: tuple[MaterialView, ...]
    bill: IncidentBill


def read(ctx: Context, number: str) -> WorkFacts:
    """The incident's sessions, parts and bill (three reads; called from a worker)."""
    return WorkFacts(
        tuple(timer.sessions(ctx, incident=number)),
        tuple(materials.materials(ctx, number)),
        billing.bill_incident(ctx, number),
    )


def _minutes(session: SessionView, now: datetime) -> str:
    minutes = int(session.elapsed(now).total_seconds() // 60)
    hours, rest = divmod(minutes, 60)
    return f"{hours}h {rest:02d}m" if hours else f"{rest}m"


def _sessions(work: WorkFacts, policy: Policy, now: datetime) -> Table:
    table = Table(box=box.SIMPLE_HEAD, expand=False, pad_edge=False)
    for name in ("Start", "End", "Who", "Kind", "Time", "Scatti"):
        table.add_column(name, no_wrap=True, justify="right" if name == "Scatti" else "left")
    table.add_column("Note")
    for s in work.sessions:
        end = local(s.ended_at, policy.zone) if s.ended_at else Text("running", style="bold")
        table.add_row(
            local(s.started_at, policy.zone),
            end,
            cell(s.technician),
            plain(s.kind.replace("_", " ")),
            _minutes(s, now),
            str(s.units),
            Text(plain(s.note)),
        )
    return table


def _parts(work: WorkFacts) -> Table:
    table = Table(box=box.SIMPLE_HEAD, expand=False, pad_edge=False)
    table.add_column("Code", no_wrap=True)
    table.add_column("Part")
    table.add_column("Qty", justify="right", no_wrap=True)
    table.add_column("Price", justify="right", no_wrap=True)
    table.add_column("Serial", no_wrap=True)
    table.add_column("", no_wrap=True)
    for p in work.parts:
        table.add_row(
            cell(p.code or display.NONE),
            Text(plain(p.description)),
            number(p.quantity.normalize()),
            eur(p.unit_price),
            cell(p.serial or display.NONE),
            "warranty" if p.warranty else "",
        )
    return table


def render(work: WorkFacts | None, policy: Policy, now: datetime) -> RenderableType:
    heading = Text("Work", style="bold")
    if work is None:
        return Group(heading, Text("reading…", style="dim"))
    bill = work.bill.bill
    if not work.sessions and not work.parts:
        return Group(heading, Text("no work recorded yet (T starts the timer)", style="dim"))
    units = "1 scatto" if bill.units == 1 else f"{bill.units} scatti"
    summary = Text(f"  {units} · taxable {eur(bill.taxable)} · total {eur(bill.total)}")
    if bill.free_reason:
        summary.append(f" · free: {plain(bill.free_reason)}", style="italic")
    if bill.running_sessions:
        summary.append(" · a timer is still running", style="dim")
    parts: list[RenderableType] = [heading.append_text(summary)]
    if work.sessions:
        parts.append(_sessions(work, policy, now))
    if work.parts:
        parts.append(_parts(work))
    return Group(*parts)
