"""The queue at scale: the first 200 rows of 1,000,000 incidents, 50,000 of them open.

Run by hand::

    python benchmarks/bench_queue.py                       # SQLite, 1M incidents, seed 1
    python benchmarks/bench_queue.py --reuse /tmp/q.db     # generate once, then reuse
    python benchmarks/bench_queue.py --incidents 100000 --runs 30
    python benchmarks/bench_queue.py --pg                  # PostgreSQL too (schema of its own)
    python benchmarks/bench_queue.py --explain             # query plans of every view
    python benchmarks/bench_queue.py --only search         # the text searches alone

The data comes from ``techconsole.demo.generate`` (about 5 % of the incidents
open); its run time is reported, since filling a database that size is a figure of its
own.  The SQLite database is a file (a temporary one unless ``--reuse PATH``: a missing
PATH is generated, an existing one is used as it is; an older schema is upgraded first).
On PostgreSQL the data goes to the schema ``tc_bench_<incidents>_<seed>`` (or
``--pg-schema``), reused if it is complete, dropped with ``--drop``.

Each view is timed through the service the console calls, ``queue.queue(ctx, view=…,
limit=200)``: the count of matching incidents, the first 200 rows in queue order with
customer and assignee, their clock events, and each row's live clock state.  Then the
text searches (``text=…``), one of each kind the search answers differently: a whole
incident number, part of one, the commonest word of the open incidents' subjects, the
rarest, a word with an accent typed without it and in capitals, a word of the busiest
customer's name, two letters (too short for a trigram), a word nothing has, and the
commonest word in the "recent" view.  Two warm-up calls, then ``--runs`` timed calls (at
least 20): min, median, p95 and worst, and the median's ratio to the floor (an empty read
transaction, timed in the same run).  The SELECTs of one call are then re-run through
the bare driver (median of 7) to show how much of the median is SQL (index: SQLite's
FTS table alone / count / page / clock events); the rest is SQLAlchemy's result
handling and the clocks.  ``--explain`` prints their plans (``EXPLAIN QUERY PLAN`` on SQLite,
``EXPLAIN (ANALYZE, BUFFERS)`` on PostgreSQL).

SQLite's planner statistics are left as techconsole leaves them (it never runs
``ANALYZE``); ``--analyze`` runs it first, to see the plans a DBA's ``ANALYZE`` gives.

Targets: **< 50 ms median** for the first 200 rows of the unfiltered queue; for a search,
**< 20 ms** for a whole incident number and **< 50 ms** for a word.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from sqlalchemy import create_engine, event, func, text
from sqlmodel import col, select

from results import record
from techconsole import demo
from techconsole.services.context import Context, utc_now
from techconsole.services.incidents import queue
from techconsole.services.policies import load
from techconsole.store.database import Database
from techconsole.store.models import Customer, Incident, Technician

DEFAULT_PG = os.environ.get(
    "TECHCONSOLE_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
TARGET_MS = 50.0
NUMBER_TARGET_MS = 20.0
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
    schema = pg_schema(args)
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


def pg_schema(args: argparse.Namespace) -> str:
    return str(args.pg_schema or f"tc_bench_{args.incidents}_{args.seed}")


def drop_pg_schema(args: argparse.Namespace) -> None:
    admin = create_engine(args.pg)
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{pg_schema(args)}" CASCADE'))
    admin.dispose()


# -- timing -------------------------------------------------------------------------------


@dataclass
class Statements:
    """The statements a call sends (captured while ``active``), to time or explain them."""

    active: bool = False
    seen: list[tuple[str, Any]] = field(default_factory=list)

    def attach(self, db: Database) -> None:
        for engine in db.engines:
            event.listen(engine, "before_cursor_execute", self._before)

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
    if "FROM INCIDENT_SEARCH" in head.split("WHERE")[0]:
        return "index"  # SQLite's FTS table alone: how many a search finds, or which
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


def time_floor(db: Database, runs: int) -> list[float]:
    """ms of the least any call costs: a read transaction that selects a constant."""
    times = []
    for i in range(WARM_UP + runs):
        started = time.perf_counter()
        with db.read() as session:
            session.exec(select(1)).one()
        if i >= WARM_UP:
            times.append(1000 * (time.perf_counter() - started))
    return times


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


def views(ctx: Context, only: str = "all") -> list[tuple[str, Callable[[], Any]]]:
    """The views timed: (label, call); ``only="search"``: the text searches alone."""
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
        numbers = session.exec(
            select(Incident.number).where(col(Incident.is_open)).order_by(col(Incident.id))
        ).all()
        subjects = session.exec(select(Incident.subject).where(col(Incident.is_open))).all()
        customer = session.exec(
            select(Customer.name)
            .join(Incident, col(Incident.customer_id) == col(Customer.id))
            .where(col(Incident.is_open))
            .group_by(col(Customer.name))
            .order_by(func.count().desc())
            .limit(1)
        ).first()
    me = ctx.as_(busiest) if busiest else ctx
    out: list[tuple[str, Callable[[], Any]]] = [
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
        ("all, page 2 (offset 200)", lambda: queue.queue(ctx, limit=200, offset=200)),
    ]
    if only == "search":
        out = [out[0]]
    for label, typed in searches(list(numbers), list(subjects), customer or "x"):
        out.append((label, lambda typed=typed: queue.queue(ctx, text=typed, limit=200)))
    common = searches_word(list(subjects))
    out.append(
        (
            f"recent, text '{common}'",
            lambda: queue.queue(ctx, view="recent", text=common, limit=200),
        )
    )
    return out


_WORD = re.compile(r"\w{4,}")


def _words(subjects: list[str]) -> Counter[str]:
    """How many of ``subjects`` have each word of four letters or more (lower case)."""
    counted: Counter[str] = Counter()
    for subject in subjects:
        counted.update({w.lower() for w in _WORD.findall(subject) if not w.isdigit()})
    return counted


def searches_word(subjects: list[str]) -> str:
    """The word of the most open incidents' subjects."""
    counted = _words(subjects)
    return max(counted, key=lambda w: (counted[w], w)) if counted else "x"


def searches(numbers: list[str], subjects: list[str], customer: str) -> list[tuple[str, str]]:
    """The texts searched: (label, what is typed).  Each kind of search the queue's ``/``
    answers differently: a whole incident number, part of one, a common word, a rare
    one, a word with an accent typed without it (and in capitals), a customer's name, two
    letters (too short for a trigram index), a word nothing has."""
    counted = _words(subjects)
    common = searches_word(subjects)
    rare = min(counted, key=lambda w: (counted[w], -len(w), w)) if counted else "x"
    accented = [w for w in counted if not w.isascii()]
    accent = max(accented, key=lambda w: (counted[w], w)) if accented else "città"
    plain = "".join(
        c for c in unicodedata.normalize("NFKD", accent) if not unicodedata.combining(c)
    ).upper()
    middle = numbers[len(numbers) // 2] if numbers else "2026-000001"
    name_word = max(customer.split(), key=len)
    return [
        (f"number '{middle}'", middle),
        (f"number part '{middle[-5:]}'", middle[-5:]),
        (f"common word '{common}' ({counted[common]:,} subjects)", common),
        (f"rare word '{rare}' ({counted[rare]:,})", rare),
        (f"accent '{plain}' for '{accent}' ({counted[accent]:,})", plain),
        (f"customer '{name_word}'", name_word),
        ("two letters 'pc'", "pc"),
        ("no match 'zqxj'", "zqxj"),
    ]


def target(name: str) -> float | None:
    """The median a view or search should stay under (ms), if it has a target."""
    if name == "queue (all)":
        return TARGET_MS
    if name.startswith("number '"):
        return NUMBER_TARGET_MS
    if name.startswith(("common word", "rare word", "accent", "customer")):
        return TARGET_MS
    return None


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
    for column in ("view", "rows", "matching", "min ms", "median ms", "p95 ms", "max ms"):
        table.add_column(column, justify="left" if column == "view" else "right")
    table.add_column("× floor", justify="right")
    table.add_column("SQL: index / count / page / events ms", justify="right")
    table.add_column("rest (ORM, clocks) ms", justify="right")
    floor = time_floor(db, args.runs)
    table.add_row(
        "floor: an empty read transaction",
        "",
        "",
        f"{min(floor):.2f}",
        f"{statistics.median(floor):.2f}",
        f"{statistics.quantiles(floor, n=20, method='inclusive')[18]:.2f}",
        f"{max(floor):.2f}",
        "1",
        "",
        "",
    )
    plans: list[tuple[str, list[tuple[str, Any]]]] = []
    for name, call in views(ctx, args.only):
        result, statements = time_view(name, call, capture, db, args.runs)
        plans.append((name, statements))
        parts = " / ".join(
            f"{result.parts_ms.get(k, 0.0):.1f}" for k in ("index", "count", "page", "events")
        )
        verdict, goal = "", target(name)
        if goal is not None:
            verdict = " ✓" if result.median < goal else f" ✗ (target {goal:.0f})"
        record(
            "queue",
            f"{label}: {name}",
            result.times_ms,
            floor=statistics.median(floor),
            target="" if goal is None else f"< {goal:.0f} ms",
            met=None if goal is None else result.median < goal,
        )
        table.add_row(
            name,
            str(result.rows),
            f"{result.total:,}",
            f"{min(result.times_ms):.1f}",
            f"{result.median:.1f}{verdict}",
            f"{result.p95:.1f}",
            f"{max(result.times_ms):.1f}",
            f"{result.median / statistics.median(floor):.0f}",
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
        "--only", choices=("all", "search"), default="all", help="search: the text searches alone"
    )
    parser.add_argument(
        "--pg-schema", metavar="NAME", help="PostgreSQL schema (tc_bench_<incidents>_<seed>)"
    )
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
