"""Filling a benchmark database: ``demo.generate`` at 100,000 incidents and more.

Run by hand::

    python benchmarks/bench_demo.py                          # SQLite, 100,000 incidents, 3 runs
    python benchmarks/bench_demo.py --incidents 1000000 --runs 1
    python benchmarks/bench_demo.py --pg --no-sqlite         # PostgreSQL (a schema per run)

Each run fills a fresh database (a temporary SQLite file, or a PostgreSQL schema of its
own, dropped after) with ``demo.generate(ctx, incidents=N, seed=S, reports=False)``, as
``bench_queue.py`` and ``bench_lead.py`` do, and reports its wall time, its CPU time (with
the demo's second process, ``demo.producer``, which makes the rows of a large demo while
this one writes them) and the machine's load average before and after (2 shared cores:
the wall time follows the load, the CPU time much less).  The time spent in the database
(the bulk writer's inserts or ``COPY``, the small tables' ``insert()``, the big tables'
indexes and keys made again at the end) is measured in the same run; the rest of the wall
time is Python making the rows here or, for a large demo, waiting for the second process
to make them (``TECHCONSOLE_DEMO_FORK=0`` makes them here, between the writes, as before).

The floor (SQLite; ``--no-floor`` to skip it): after each run, every row the run wrote is
written again into a fresh file straight through ``sqlite3``, the way the load writes at
best, only the writing timed (``demo_floor.py``).  The demo cannot be faster than that.

Target: **≥ 25,000 incidents/s** on SQLite.
"""

from __future__ import annotations

import argparse
import math
import os
import resource
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from sqlalchemy import create_engine, text

import demo_floor
from results import record
from techconsole import demo
from techconsole.demo import producer
from techconsole.demo import run as demo_run
from techconsole.demo import writer as demo_writer
from techconsole.services.context import Context, utc_now
from techconsole.services.policies import load
from techconsole.store.database import Database

DEFAULT_PG = os.environ.get(
    "TECHCONSOLE_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
TARGET = 25_000
console = Console()


class DatabaseTime:
    """Seconds spent in the database by the bulk writer and the end of the load."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def wrap(self, function: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - started

        return timed

    def wrap_context(self, function: Callable[..., Any]) -> Callable[..., Any]:
        @contextmanager
        def timed(*args: Any, **kwargs: Any) -> Iterator[None]:
            started = time.perf_counter()
            with function(*args, **kwargs):  # the drops
                self.seconds += time.perf_counter() - started
                yield
                started = time.perf_counter()
            self.seconds += time.perf_counter() - started  # made again

        return timed


@contextmanager
def measured(spent: DatabaseTime) -> Iterator[None]:
    """The bulk writer and the end of the load, timed into ``spent``."""
    patched = [
        (demo_writer.Writer, "add", spent.wrap),
        (demo_writer.Writer, "models", spent.wrap),
        (demo_run, "checks_deferred", spent.wrap_context),
    ]
    saved = [(owner, name, getattr(owner, name)) for owner, name, _ in patched]
    for owner, name, wrap in patched:
        setattr(owner, name, wrap(getattr(owner, name)))
    try:
        yield
    finally:
        for owner, name, original in saved:
            setattr(owner, name, original)


@contextmanager
def fresh(backend: str, pg: str) -> Iterator[str]:
    """The URL of an empty database, removed afterwards."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory(prefix="techconsole-bench-demo-") as folder:
            yield f"sqlite:///{Path(folder) / 'demo.db'}"
        return
    schema = f"tc_bench_demo_{uuid.uuid4().hex[:8]}"
    admin = create_engine(pg)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        joiner = "&" if "?" in pg else "?"
        yield f"{pg}{joiner}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _cpu() -> float:
    """CPU seconds of this process and of its children that have ended (the demo's
    second process, ``demo.producer``)."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return sum((u.ru_utime + u.ru_stime for u in (own, children)), 0.0)


def one_run(backend: str, args: argparse.Namespace) -> dict[str, float]:
    with fresh(backend, args.pg) as url:
        db = Database(url)
        db.migrate()
        db.dispose()  # the load has the file to itself
        ctx = Context(db, load(args.policy), "bench", utc_now)
        spent = DatabaseTime()
        load_before = os.getloadavg()[0]
        forked = producer.forks(args.incidents)  # as generate() will decide it, now
        started, cpu = time.perf_counter(), _cpu()
        with measured(spent):
            demo.generate(ctx, incidents=args.incidents, seed=args.seed, reports=False)
        wall, cpu = time.perf_counter() - started, _cpu() - cpu
        db.dispose()
        floor = math.nan
        if backend == "sqlite" and not args.no_floor:
            made = Path(url.removeprefix("sqlite:///"))
            floor = demo_floor.floor(made, made.with_name("floor.db"))
    return {
        "floor": floor,
        "wall": wall,
        "cpu": cpu,
        "database": spent.seconds,
        "load": (load_before + os.getloadavg()[0]) / 2,
        "forked": float(forked),
    }


def report(backend: str, runs: list[dict[str, float]], incidents: int) -> None:
    table = Table(title=f"{backend}: demo.generate, {incidents:,} incidents, {len(runs)} runs")
    for name in ("", "min", "median", "max"):
        table.add_column(name, justify="right")

    def row(label: str, values: list[float], fmt: str) -> None:
        table.add_row(
            label,
            *(fmt.format(f(values)) for f in (min, statistics.median, max)),
        )

    row("wall (s)", [r["wall"] for r in runs], "{:.1f}")
    row("incidents/s (wall)", [incidents / r["wall"] for r in runs], "{:,.0f}")
    row("CPU (s)", [r["cpu"] for r in runs], "{:.1f}")
    row("incidents/s (CPU)", [incidents / r["cpu"] for r in runs], "{:,.0f}")
    row("in the database (s)", [r["database"] for r in runs], "{:.1f}")
    row("rest of the wall time (s)", [r["wall"] - r["database"] for r in runs], "{:.1f}")
    row("load average", [r["load"] for r in runs], "{:.1f}")
    floors = [r["floor"] for r in runs if not math.isnan(r["floor"])]
    if floors:
        row("floor: the rows written again (s)", floors, "{:.1f}")
        row("floor (incidents/s)", [incidents / f for f in floors], "{:,.0f}")
    console.print(table)
    rates = [incidents / r["wall"] for r in runs]
    best = max(rates)
    verdict = "met" if best >= TARGET else "not met"
    console.print(f"  target ≥ {TARGET:,} incidents/s: {verdict} (best {best:,.0f}/s)")
    floor = incidents / statistics.median(floors) if floors else None
    if floor:
        console.print(
            f"  floor median {floor:,.0f} incidents/s; the demo's median ÷ the floor's: "
            f"{statistics.median(rates) / floor:.2f}",
            highlight=False,
        )
    record(
        "demo",
        f"{backend} fill, {incidents:,} incidents",
        rates,
        unit="incidents/s",
        floor=floor,
        target=f"≥ {TARGET:,}/s" if backend == "sqlite" else "",
        met=best >= TARGET if backend == "sqlite" else None,
        higher_is_better=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--policy", default="default")
    parser.add_argument("--pg", nargs="?", const=DEFAULT_PG, help="PostgreSQL too (URL)")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument(
        "--no-floor", action="store_true", help="skip the floor (the rows written again)"
    )
    args = parser.parse_args()
    if args.pg is None:
        args.pg = DEFAULT_PG
        backends = ["sqlite"]
    else:
        backends = [] if args.no_sqlite else ["sqlite"]
        backends.append("postgresql")
    for backend in backends:
        runs = []
        for i in range(args.runs):
            result = one_run(backend, args)
            console.print(
                f"  {backend} run {i + 1}: {result['wall']:.1f} s "
                f"({args.incidents / result['wall']:,.0f} incidents/s), CPU {result['cpu']:.1f} s, "
                f"database {result['database']:.1f} s, load {result['load']:.1f}, "
                f"second process: {'yes' if result['forked'] else 'no'}"
                + ("" if math.isnan(result["floor"]) else f"; floor {result['floor']:.1f} s"),
                highlight=False,
            )
            runs.append(result)
        report(backend, runs, args.incidents)


if __name__ == "__main__":
    main()
