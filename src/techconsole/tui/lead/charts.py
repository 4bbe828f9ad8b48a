"""The lead's charts: how the team did over time (:mod:`techconsole.services.team.stats`),
drawn with block characters — a sparkline per plan of the SLA met month by month, the
customers with most missed clocks, each technician's scatti week by week, the queue's size
day by day.  The same figures, as numbers, are ``techconsole team stats``."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from techconsole.domain.display import bar, spark
from techconsole.i18n import _, formats
from techconsole.services.team.load import share
from techconsole.services.team.stats import TeamStats
from techconsole.tui.widgets.text import plain

#: how many customers the chart of missed clocks names
CUSTOMERS = 6


def _compliance(found: TeamStats, styles: Mapping[str, str]) -> Table:
    table = Table.grid(padding=(0, 2))
    rows: dict[str, list[tuple[int, int]]] = defaultdict(list)
    labels: dict[str, str] = {}
    for c in found.compliance:
        rows[c.plan].append((c.met, c.stopped))
        labels[c.plan] = c.label
    for plan, months in rows.items():
        shares = [
            None if (value := share(met, stopped)) is None else float(value)
            for met, stopped in months
        ]
        met = sum(m for m, _s in months)
        stopped = sum(s for _m, s in months)
        table.add_row(
            Text(plain(labels[plan])),
            Text(spark(shares, 100), style=styles["ok"]),
            Text(formats.percent(share(met, stopped)), justify="right"),
        )
    return table


def _misses(found: TeamStats, width: int, styles: Mapping[str, str]) -> RenderableType:
    if not found.misses:
        return Text(_("no clock missed"), style="dim")
    table = Table.grid(padding=(0, 2))
    most = found.misses[0].missed
    for m in found.misses[:CUSTOMERS]:
        table.add_row(
            Text(plain(m.customer), no_wrap=True, overflow="ellipsis"),
            Text(bar(m.missed, most, width), style=styles["missed"]),
            Text(str(m.missed), justify="right"),
        )
    return table


def _scatti(found: TeamStats) -> RenderableType:
    by: dict[str, dict[object, int]] = defaultdict(dict)
    for s in found.scatti:
        by[s.login][s.week] = s.scatti
    if not by:
        return Text(_("no work recorded"), style="dim")
    top = max(s.scatti for s in found.scatti)
    table = Table.grid(padding=(0, 2))
    for login in sorted(by):
        weeks = [by[login].get(week, 0) for week in found.weeks]
        table.add_row(Text(plain(login)), Text(spark(list(weeks), top)), Text(str(weeks[-1])))
    return table


def trends(found: TeamStats, styles: Mapping[str, str], width: int) -> Group:
    """The four charts, one under the other, for a body ``width`` columns wide."""
    months, weeks, days = len(found.months), len(found.weeks), len(found.queue)
    sizes = [d.open for d in found.queue]
    queue = Text(spark(list(sizes)))
    if sizes:
        queue.append(f"  {sizes[-1]}", style="bold")
        queue.append("  " + _("(most {n})").format(n=max(sizes)), style="dim")
    heading = Text(_("How the team did"), style="bold")
    return Group(
        heading,
        Text(""),
        Text(_("SLA met per plan, the last {n} months").format(n=months), style="bold"),
        _compliance(found, styles),
        Text(""),
        Text(_("Missed clocks per customer, the last {n} months").format(n=months), style="bold"),
        _misses(found, max(10, min(40, width // 3)), styles),
        Text(""),
        Text(_("Scatti per technician, the last {n} weeks").format(n=weeks), style="bold"),
        _scatti(found),
        Text(""),
        Text(_("Open incidents at the end of each day, the last {n}").format(n=days), style="bold"),
        queue,
    )
