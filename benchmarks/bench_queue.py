"""The queue at scale: the first 200 rows of 1,000,000 incidents, 50,000 of them open.

Run by hand::

    python benchmarks/bench_queue.py                       # SQLite, 1M incidents, seed 1
    python benchmarks/bench_queue.py --reuse /tmp/q.db     # generate once, then reuse
    python benchmarks/bench_queue.py --incidents 100000 --runs 30
    python benchmarks/bench_queue.py --pg                  # PostgreSQL too (schema of its own)
    python benchmarks/bench_queue.py --explain             # query plans of every view

The data comes from ``techconsole.demo.generate`` (about 5 % of the incidents
open); its run time is reported, since filling a database that size is a figure of its
own.  The SQLite database is a file (a temporary one unless ``--reuse PATH``: a missing
PATH is generated, an existing one is used as it is).  On PostgreSQL the data goes to the
schema ``tc_bench_<incidents>_<seed>``, reused if it is complete, dropped with ``--drop``.

Each view is timed through the service the console calls, ``queue.queue(ctx, view=…,
limit=200)``: the count of matching incidents, the first 200 rows in queue order with
customer and assignee, their clock events, and each row's live clock state.  Two warm-up
calls, then ``--runs`` timed calls (at least 20): median, p95 and worst.  The SELECTs of
one call are then re-run through the bare driver (median of 7) to show how much of the
median is SQL (count / page / clock events); the rest is SQLAlchemy's result handling
and the clocks.  ``--explain`` prints their plans (``EXPLAIN QUERY PLAN`` on SQLite,
``EXPLAIN (ANALYZE, BUFFERS)`` on PostgreSQL).

SQLite's planner statistics are left as techconsole leaves them (it never runs
``ANALYZE``); ``--analyze`` runs it first, to see the plans a DBA's ``ANALYZE`` gives.

Target: **< 50 ms median** for the first 200 rows of the unfiltered queue.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from sqlalchemy import create_engine, event, func, text
from sqlmodel import col, select

from techconsole import demo
from techconsole.services.context import Context, utc_now
from techconsole.services.incidents import queue
from techconsole.services.policies import load
from techconsole.store.database import Database
from techconsole.store.models import Incident, Technician

DEFAULT_PG = os.environ.get(
    "TECHCONSOLE_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
TARGET_MS = 50.0
WARM_UP = 2
console = Console(width=None if sys.stdout.isatty() else 160)


# -- the database -------------------------------------------------------------------------


def _count(db: Database) -> tuple[int, int]:
    with db.read() as session:
        total = session.exec(select(func.count()).select_from(Incident)).one()
        open_ = session.exec(
            select(func.count()).select_from(Incident).where(col(Incident.is_open))
        ).one()
    return int(total), int(open_)


def _generate(db: Database, args: argparse.Namespace) -> float:
    """Fill ``db`` with ``demo.generate``; the seconds it took."""
    db.migrate()
    ctx = Context(db, load(args.policy), "bench", utc_now)
    last = [0.0]

    def progress(done: int, total: int) -> None:
        now = time.perf_counter()
        if now - last[0] >= 10 or done == total:
            last[0] = now
            elapsed = now - started
            console.print(f"  {done:,} / {total:,} incidents, {elapsed:.0f} s", highlight=False)

    console.print(f"Generating {args.incidents:,} incidents (seed {args.seed}) …")
    started = time.perf_counter()
    summary = demo.generate(
        ctx, incidents=args.incidents, seed=args.seed, progress=progress, reports=False
    )
    seconds = time.perf_counter() - started
    console.print(
        f"  made {summary.incidents:,} incidents ({summary.open_incidents:,} open, "
        f"{summary.unassigned:,} of them unassigned, {summary.breached:,} breached), "
        f"{summary.events:,} events, {summary.customers:,} customers, "
        f"{summary.technicians} technicians in {seconds:.1f} s",
        highlight=False,
    )
    return seconds


def sqlite_database(args: argparse.Namespace) -> tuple[Database, float | None, str]:
    if args.reuse:
        path = Path(args.reuse).expanduser().resolve()
    else:
        folder = Path(tempfile.mkdtemp(prefix="techconsole-bench-"))
        path = folder / f"queue-{args.incidents}-{args.seed}.db"
    existed = path.exists()
    db = Database(f"sqlite:///{path}")
    generation = None
    if existed:
        db.migrate(lambda message: console.print(f"  {message}"), load(args.policy))
    else:
        generation = _generate(db, args)
    if args.analyze:
        with db.engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    return db, generation, str(path)


def pg_database(args: argparse.Namespace) -> tuple[Database, float | None, str]:
    schema = f"tc_bench_{args.incidents}_{args.seed}"
    base = args.pg
    joiner = "&" if "?" in base else "?"
    url = f"{base}{joiner}options=-csearch_path%3D{schema}"
    admin = create_engine(base)
    with admin.begin() as conn:
        exists = conn.execute(
            text("SELECT 1 FROM information_schema.schemata WHERE schema_name = :s"),
            {"s": schema},
        ).first()
        complete = (
            exists
            and conn.execute(
                text(
                    "SELECT 1 FROM information_schema.tables "
                    "WHERE table_schema = :s AND table_name = 'bench_complete'"
                ),
                {"s": schema},
            ).first()
        )
        if exists and not complete:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        if not complete:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    db = Database(url)
    generation = None
    if complete:
        db.migrate(lambda message: console.print(f"  {message}"), load(args.policy))
    else:
        generation = _generate(db, args)
        with admin.begin() as conn:
            conn.execute(text(f'CREATE TABLE "{schema}".bench_complete ()'))
    # PostgreSQL's autovacuum analyses a table that big soon after: do it now, as it
    # will be in use, and set the visibility map (index-only scans).
    with db.engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE")
    admin.dispose()
    return db, generation, f"schema {schema}"


def drop_pg_schema(args: argparse.Namespace) -> None:
    admin = create_engine(args.pg)
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "tc_bench_{args.incidents}_{args.seed}" CASCADE'))
    admin.dispose()


# -- timing -------------------------------------------------------------------------------


@dataclass
class Statements:
    """The statements a call sends (captured while ``active``), to time or explain them."""

    active: bool = False
    seen: list[tuple[str, Any]] = field(default_factory=list)

    def attach(self, db: Database) -> None:
        event.listen(db.engine, "before_cursor_execute", self._before)

    def _before(self, _c: Any, _cur: Any, statement: str, params: Any, *_: Any) -> None:
        if self.active and statement.lstrip().upper().startswith("SELECT"):
            self.seen.append((statement, params))

    @contextmanager
    def capturing(self) -> Iterator[list[tuple[str, Any]]]:
        self.seen = []
        self.active = True
        try:
            yield self.seen
        finally:
            self.active = False


def kind(statement: str) -> str:
    head = statement.lstrip().upper()
    if head.startswith("SELECT COUNT("):
        return "count"
    if "FROM INCIDENT_EVENT" in head:
        return "events"
    if "FROM INCIDENT" in head:
        return "page"
    return "other"  # e.g. who "mine" is


def sql_parts(db: Database, statements: list[tuple[str, Any]], runs: int) -> dict[str, float]:
    """Median ms of each kind of statement, sent and fetched by the bare driver."""
    out: dict[str, float] = {}
    with db.engine.connect() as conn:
        for statement, params in statements:
            times = []
            for _ in range(runs):
                started = time.perf_counter()
                conn.exec_driver_sql(statement, params).fetchall()
                times.append(1000 * (time.perf_counter() - started))
            label = kind(statement)
            out[label] = out.get(label, 0.0) + statistics.median(times)
        conn.rollback()
    return out


@dataclass
class Result:
    name: str
    times_ms: list[float]
    parts_ms: dict[str, float]
    rows: int
    total: int

    @property
    def median(self) -> float:
        return statistics.median(self.times_ms)

    @property
    def p95(self) -> float:
        return statistics.quantiles(self.times_ms, n=20, method="inclusive")[18]


def time_view(
    name: str, call: Callable[[], Any], capture: Statements, db: Database, runs: int
) -> tuple[Result, list[tuple[str, Any]]]:
    for _ in range(WARM_UP):
        call()
    times: list[float] = []
    page = None
    for _ in range(runs):
        started = time.perf_counter()
        page = call()
        times.append(1000 * (time.perf_counter() - started))
    assert page is not None
    with capture.capturing() as statements:
        call()
    parts = sql_parts(db, statements, runs=7)
    parts["python"] = max(0.0, statistics.median(times) - sum(parts.values()))
    return Result(name, times, parts, len(page.rows), page.total), statements


def explain(db: Database, statements: list[tuple[str, Any]]) -> None:
    with db.engine.connect() as conn:
        for statement, params in statements:
            console.print(f"[bold]{statement.strip()[:300]}[/bold] …", highlight=False)
            if db.sqlite:
                rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", params).all()
                for row in rows:
                    console.print(f"    {row[-1]}", highlight=False)
            else:
                rows = conn.exec_driver_sql(f"EXPLAIN (ANALYZE, BUFFERS) {statement}", params).all()
                for row in rows:
                    console.print(f"    {row[0]}", highlight=False)
            console.print()


def views(ctx: Context) -> list[tuple[str, Callable[[], Any]]]:
    """The views timed: (label, call)."""
    with ctx.db.read() as session:
        # "mine": the technician with the most open incidents
        busiest = session.exec(
            select(Technician.login)
            .join(Incident, col(Incident.assignee_id) == col(Technician.id))
            .where(col(Incident.is_open))
            .group_by(col(Technician.login))
            .order_by(func.count().desc())
            .limit(1)
        ).first()
        # a text that matches some open incidents (a word of the most common subject),
        # and one that matches a single incident (a number)
        subject = session.exec(
            select(Incident.subject)
            .where(col(Incident.is_open))
            .group_by(col(Incident.subject))
            .order_by(func.count().desc())
            .limit(1)
        ).first()
        number = session.exec(
            select(Incident.number).where(col(Incident.is_open)).order_by(col(Incident.id))
        ).first()
    word = max((subject or "x").split(), key=len).strip(".,:;").lower()
    me = ctx.as_(busiest) if busiest else ctx
    return [
        ("queue (all)", lambda: queue.queue(ctx, limit=200)),
        (f"mine ({busiest})", lambda: queue.queue(me, view="mine", limit=200)),
        ("unassigned", lambda: queue.queue(ctx, view="unassigned", limit=200)),
        ("breached", lambda: queue.queue(ctx, view="breached", limit=200)),
        ("waiting", lambda: queue.queue(ctx, view="waiting", limit=200)),
        (
            "at risk (exact, from the due index)",
            lambda: queue.queue(ctx, view="at_risk", limit=200),
        ),
        ("recent (7 days resolved)", lambda: queue.queue(ctx, view="recent", limit=200)),
        (f"text '{word}'", lambda: queue.queue(ctx, text=word, limit=200)),
        (f"text '{number}'", lambda: queue.queue(ctx, text=number, limit=200)),
        ("all, page 2 (offset 200)", lambda: queue.queue(ctx, limit=200, offset=200)),
    ]


def run_backend(label: str, db: Database, generation: float | None, where: str, args: Any) -> None:
    total, open_ = _count(db)
    ctx = Context(db, load(args.policy), "bench", utc_now)
    capture = Statements()
    capture.attach(db)
    table = Table(
        title=(
            f"{label}: {total:,} incidents, {open_:,} open ({where}); "
            f"median of {args.runs} runs after {WARM_UP} warm-up"
        ),
        title_justify="left",
    )
    for column in ("view", "rows", "matching", "median ms", "p95 ms", "max ms"):
        table.add_column(column, justify="left" if column == "view" else "right")
    table.add_column("SQL: count / page / events ms", justify="right")
    table.add_column("rest (ORM, clocks) ms", justify="right")
    plans: list[tuple[str, list[tuple[str, Any]]]] = []
    for name, call in views(ctx):
        result, statements = time_view(name, call, capture, db, args.runs)
        plans.append((name, statements))
        parts = " / ".join(
            f"{result.parts_ms.get(k, 0.0):.1f}" for k in ("count", "page", "events")
        )
        verdict = ""
        if name == "queue (all)":
            verdict = " ✓" if result.median < TARGET_MS else " ✗ (target 50)"
        table.add_row(
            name,
            str(result.rows),
            f"{result.total:,}",
            f"{result.median:.1f}{verdict}",
            f"{result.p95:.1f}",
            f"{max(result.times_ms):.1f}",
            parts,
            f"{result.parts_ms['python']:.1f}",
        )
    if generation is not None:
        console.print(
            f"{label}: generated {total:,} incidents in {generation:.1f} s "
            f"({total / generation:,.0f} incidents/s)"
        )
    else:
        console.print(f"{label}: reused {where} (generation not timed)")
    console.print(table)
    if args.explain:
        for name, statements in plans:
            console.rule(f"{label}: {name}")
            explain(db, statements)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--incidents", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=25, help="timed calls per view (≥ 20)")
    parser.add_argument("--policy", default="default")
    parser.add_argument("--reuse", metavar="PATH", help="SQLite file: generated if missing")
    parser.add_argument(
        "--pg", nargs="?", const=DEFAULT_PG, metavar="URL", help=f"also PostgreSQL ({DEFAULT_PG})"
    )
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    parser.add_argument("--drop", action="store_true", help="drop the PostgreSQL schema at the end")
    parser.add_argument("--explain", action="store_true", help="print each view's query plans")
    parser.add_argument(
        "--analyze",
        action="store_true",
        help="SQLite: run ANALYZE first (techconsole never does; the default is as it runs)",
    )
    args = parser.parse_args(argv)
    if args.runs < 20:
        parser.error("--runs must be at least 20")
    if args.no_sqlite and not args.pg:
        parser.error("--no-sqlite needs --pg")
    if not args.no_sqlite:
        db, generation, where = sqlite_database(args)
        run_backend("SQLite", db, generation, where, args)
        db.dispose()
        if not args.reuse:
            console.print(f"(the database stays in {where}: pass --reuse {where} next time)")
    if args.pg:
        db, generation, where = pg_database(args)
        run_backend("PostgreSQL", db, generation, where, args)
        db.dispose()
        if args.drop:
            drop_pg_schema(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
