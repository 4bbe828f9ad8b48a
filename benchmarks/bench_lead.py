"""The team load at scale: 1,000,000 incidents, 50,000 of them open, a month of work.

Run by hand::

    python benchmarks/bench_lead.py                       # SQLite, 1M incidents, seed 1
    python benchmarks/bench_lead.py --reuse /tmp/q.db     # the database bench_queue.py made
    python benchmarks/bench_lead.py --incidents 100000 --runs 10
    python benchmarks/bench_lead.py --pg                  # PostgreSQL too

The incidents come from ``demo.generate`` exactly as in ``bench_queue.py`` (same files,
same PostgreSQL schema, reused).  The demo records no work, so this adds a month of it
once, straight into ``work_session``: every technician, every weekday of the current
month so far, six sessions of 20–90 minutes on incidents of theirs, and a running timer
for every other technician.

``lead.team_load`` is timed as the console and ``techconsole team load`` call it, at three
instants: now, the next weekday at 11:00 in Rome (office hours: every plan's clocks can be
at risk, the most work for "at risk"), and the last day of the month before at 23:00 (the
month's compliance counts every clock that stopped in it).  Two warm-up calls, then
``--runs`` timed ones: min, median, p95 and worst; without the month's compliance (what
the lead view reads on every change) and with it (on opening, on ``r``, once a minute).
The number of incidents whose clocks were worked out for "at risk", and of those that
reached a milestone in the month, is printed too.

The month's compliance is then timed alone (``load_queries.compliance`` in a read
transaction, as ``team_load`` reads it), in turns with the floor: a read transaction
that reads nothing (``SELECT 1``); min / median / max of each and the ratio of the
medians.  Copied beside the benchmarks of a checkout from before migration 0023, the
script times that checkout's ``compliance(…, first, last)`` the same way: a before/after
on the same machine and database.

Targets: **< 250 ms median** without compliance (the lead view reads that on every change
in the database, one read at a time; the queue's own target, 50 ms, is for the screen
technicians keep open all day); **< 100 ms** for the month's compliance alone at the end
of a month (issue 15).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from rich.table import Table
from sqlalchemy import func, insert, text
from sqlmodel import col, select

sys.path.insert(0, str(Path(__file__).parent))
import bench_queue
from results import record
from techconsole.services.context import Context, utc_now
from techconsole.services.policies import load
from techconsole.services.team import load as lead
from techconsole.services.team import load_queries as lead_queries

try:
    from techconsole.services.team import compliance as month_compliance
except ImportError:  # a checkout from before migration 0023: compliance in load_queries
    month_compliance = None  # type: ignore[assignment]
from techconsole.services.work.months import month_bounds, month_of
from techconsole.store.database import Database
from techconsole.store.models import Incident, Technician
from techconsole.store.work import WorkSession

ROME = ZoneInfo("Europe/Rome")
TARGET_MS = 250.0
#: the month's compliance alone (issue 15), at the end of a month
COMPLIANCE_TARGET_MS = 100.0
console = bench_queue.console


def add_work(db: Database, now: datetime) -> int:
    """A month of work sessions (once): the number of sessions the table holds."""
    with db.read() as session:
        held = session.exec(select(func.count()).select_from(WorkSession)).one()
        if held:
            return int(held)
        team = [(t.id or 0, t.login) for t in session.exec(select(Technician)).all()]
        theirs = {
            tech_id: list(
                session.exec(
                    select(Incident.id).where(col(Incident.assignee_id) == tech_id).limit(200)
                )
            )
            for tech_id, _login in team
        }
    rng, rows = random.Random(1), []
    first = now.astimezone(ROME).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    for index, (tech_id, _login) in enumerate(team):
        incidents = theirs[tech_id] or [1]
        day = first
        while day.date() <= now.astimezone(ROME).date():
            start = day.replace(hour=9)
            for _ in range(6 if day.weekday() < 5 else 0):
                end = start + timedelta(minutes=rng.randint(20, 90))
                if end >= now:
                    break
                rows.append(_session(rng.choice(incidents), tech_id, start, end, now))
                start = end + timedelta(minutes=rng.randint(0, 30))
            day += timedelta(days=1)
        if index % 2 == 0:
            rows.append(
                _session(rng.choice(incidents), tech_id, now - timedelta(hours=1), None, now)
            )
    with db.write() as session:
        session.execute(insert(WorkSession), rows)
    return len(rows)


def _session(
    incident: int, tech: int, start: datetime, end: datetime | None, now: datetime
) -> dict[str, Any]:
    return {
        "incident_id": incident,
        "technician_id": tech,
        "kind": "remote",
        "started_at": start.astimezone(UTC),
        "ended_at": None if end is None else end.astimezone(UTC),
        "note": "",
        "created_at": now,
        "updated_at": now,
    }


def office_hours(now: datetime) -> datetime:
    """The next weekday at 11:00 in Rome (today's, when it is still to come)."""
    day = now.astimezone(ROME).replace(hour=11, minute=0, second=0, microsecond=0)
    while day <= now or day.weekday() >= 5:
        day += timedelta(days=1)
    return day.astimezone(UTC)


def month_end(now: datetime) -> datetime:
    """The last day of the month before ``now``'s, at 23:00 in Rome: its compliance covers
    the whole month (every clock that stopped in it)."""
    first = now.astimezone(ROME).replace(day=1, hour=23, minute=0, second=0, microsecond=0)
    return (first - timedelta(days=1)).replace(tzinfo=ROME).astimezone(UTC)


def time_it(ctx: Context, runs: int, compliance: bool) -> list[float]:
    for _ in range(2):
        lead.team_load(ctx, compliance=compliance)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        lead.team_load(ctx, compliance=compliance)
        times.append(1000 * (time.perf_counter() - started))
    return times


def work_counts(ctx: Context) -> tuple[int, int]:
    """(incidents whose clocks "at risk" works out, those compliance works out)."""
    now, policy = ctx.now(), ctx.policy
    first, last = month_bounds(month_of(now.astimezone(policy.zone).date()), policy.zone)
    with ctx.db.read() as session:
        risky = lead_queries.risk_candidates(session, policy, now)
        month = (month_compliance or lead_queries).milestone_incidents(session, policy, first, last)
    return len(risky), len(month)


def _frozen(at: datetime) -> Callable[[], datetime]:
    return lambda: at


def compliance_call(ctx: Context) -> Callable[[], Any]:
    """The month's compliance alone, as ``team_load`` reads it, in a read transaction."""
    now, policy = ctx.now(), ctx.policy
    month = month_of(now.astimezone(policy.zone).date())
    bounds = month_bounds(month, policy.zone)

    def call() -> Any:
        with ctx.db.read() as session:
            if month_compliance is None:  # a checkout from before migration 0023
                return lead_queries.compliance(session, policy, now, *bounds)  # type: ignore[attr-defined]
            return month_compliance.compliance(session, policy, now, {month: bounds})

    return call


def floor_call(ctx: Context) -> Callable[[], Any]:
    """The floor: a read transaction that reads nothing (``SELECT 1``)."""

    def call() -> Any:
        with ctx.db.read() as session:
            return session.execute(text("SELECT 1")).one()

    return call


def interleaved(calls: list[Callable[[], Any]], runs: int) -> list[list[float]]:
    """Each call timed ``runs`` times after two warm-ups, in turns (load moves them alike)."""
    for call in calls:
        call()
        call()
    times: list[list[float]] = [[] for _ in calls]
    for _ in range(runs):
        for call, out in zip(calls, times, strict=True):
            started = time.perf_counter()
            call()
            out.append(1000 * (time.perf_counter() - started))
    return times


def _spread(times: list[float]) -> str:
    return f"{min(times):.1f} / {statistics.median(times):.1f} / {max(times):.1f}"


def run_backend(label: str, db: Database, args: argparse.Namespace) -> list[Table]:
    real_now = utc_now()
    sessions = add_work(db, real_now)
    with db.read() as session:
        lead_login = session.exec(select(Technician.login).where(Technician.role == "lead")).first()
    assert lead_login is not None
    table = Table(
        "instant",
        "read",
        "min ms",
        "median ms",
        "p95 ms",
        "worst ms",
        "clocks worked out",
        title=f"{label}: team_load, {sessions:,} work sessions",
        title_justify="left",
    )
    alone = Table(
        "instant",
        "incidents with a milestone this month",
        "compliance min / median / max ms",
        "floor min / median / max ms",
        "median ÷ floor",
        title=f"{label}: the month's compliance alone, and the floor (an empty read)",
        title_justify="left",
    )
    instants = (
        ("now", real_now),
        ("weekday 11:00", office_hours(real_now)),
        ("month's end", month_end(real_now)),
    )
    for name, at in instants:
        ctx = Context(db, load(args.policy), lead_login, _frozen(at))
        shown = f"{name} ({at.astimezone(ROME):%a %d/%m %H:%M})"
        risky, month = work_counts(ctx)
        for compliance in (False, True):
            times = time_it(ctx, args.runs, compliance)
            median = statistics.median(times)
            p95 = statistics.quantiles(times, n=20, method="inclusive")[18]
            record(
                "lead",
                f"{label}, {name}: team load" + (" with compliance" if compliance else ""),
                times,
                target="" if compliance else f"< {TARGET_MS:.0f} ms",
                met=None if compliance else median < TARGET_MS,
            )
            table.add_row(
                shown,
                "with compliance" if compliance else "team only",
                f"{min(times):.1f}",
                f"{median:.1f}" + (" ✓" if compliance or median < TARGET_MS else " ✗"),
                f"{p95:.1f}",
                f"{max(times):.1f}",
                f"{risky:,} at risk" + (f" + {month:,} this month" if compliance else ""),
            )
        counted, floor = interleaved([compliance_call(ctx), floor_call(ctx)], args.runs)
        median = statistics.median(counted)
        record(
            "lead",
            f"{label}, {name}: compliance alone",
            counted,
            floor=statistics.median(floor),
            target=f"< {COMPLIANCE_TARGET_MS:.0f} ms",
            met=median < COMPLIANCE_TARGET_MS,
        )
        alone.add_row(
            shown,
            f"{month:,}",
            _spread(counted) + (" ✓" if median < COMPLIANCE_TARGET_MS else " ✗"),
            _spread(floor),
            f"{median / statistics.median(floor):.1f}×",
        )
    return [table, alone]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--policy", default="default")
    parser.add_argument("--reuse", metavar="PATH", help="SQLite file: generated if missing")
    parser.add_argument("--pg", nargs="?", const=bench_queue.DEFAULT_PG, metavar="URL")
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    parser.add_argument(
        "--pg-schema", metavar="NAME", help="PostgreSQL schema (tc_bench_<incidents>_<seed>)"
    )
    args = parser.parse_args(argv)
    args.analyze = False
    backends = []
    if not args.no_sqlite:
        backends.append(("SQLite", bench_queue.sqlite_database))
    if args.pg:
        backends.append(("PostgreSQL", bench_queue.pg_database))
    for label, open_database in backends:
        db, _generation, where = open_database(args)
        console.print(f"{label}: {where}", highlight=False)
        try:
            for table in run_backend(label, db, args):
                console.print(table)
        finally:
            db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
