"""The console at scale: cold start to a painted queue, peak memory, idle CPU.

Run by hand::

    python benchmarks/bench_console.py                        # 1,000,000 incidents (≈50,000 open)
    python benchmarks/bench_console.py --db /tmp/q1m.db       # reuse (or make) that database
    python benchmarks/bench_console.py --incidents 20000 --idle 10   # a quick run

The database comes from ``techconsole.demo.generate`` (about 5 % of the incidents
open), as ``bench_queue.py`` makes it; ``--db PATH`` reuses a file, or generates it when
missing.  Each figure is measured in a fresh process, as a technician starts the program:

* **cold start**: from spawning ``python`` to the queue painted with its first page (the
  interpreter, the imports, opening and checking the database, who you are, the first
  read, the layout and the first frame), median of ``--runs`` (5) runs;
* **peak RSS**: ``resource.getrusage`` of that process once the queue is painted, and
  again at the end of the idle run;
* **idle CPU**: the queue open for ``--idle`` (30) seconds with its first page of 200
  rows ticking every second and the change poll running: process CPU time / wall time.

The console runs headless (Textual's headless driver: every frame is composed, nothing is
written to a terminal) at 120×36.  Targets: cold start < 1.0 s median, RSS < 250 MB,
idle CPU < 5 % of one core.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

TARGET_START_S = 1.0
TARGET_RSS_MB = 250.0
TARGET_CPU = 0.05


def _rss_mb() -> float:
    """This process's peak resident memory.  ``VmHWM`` on Linux: ``ru_maxrss`` survives
    ``exec`` there, so a child of a parent that generated the database would report the
    parent's peak."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def child(db: str, idle: float, spawned: float) -> None:
    """One console process: paint the queue, then optionally sit idle; print JSON."""
    result: dict[str, Any] = {"python_s": time.time() - spawned}
    from textual import on

    from techconsole.tui.app import TechConsole
    from techconsole.tui.launch import build_console, open_console_context
    from techconsole.tui.queue.table import QueueTable

    result["imports_s"] = time.time() - spawned
    ctx = open_console_context(None, db, None)
    if isinstance(ctx, int):
        raise SystemExit(ctx)
    result["context_s"] = time.time() - spawned

    class Measured(TechConsole):
        def on_mount(self) -> None:  # Textual calls TechConsole.on_mount too
            result.setdefault("mounted_s", time.time() - spawned)

        @on(QueueTable.Loaded)
        def _painted(self, message: QueueTable.Loaded) -> None:
            if "start_s" not in result:
                result["shown_s"] = time.time() - spawned
                # after the table's next repaint: the frame with the rows in it
                self.screen.query_one(QueueTable).call_after_refresh(self._first_frame)

        def _first_frame(self) -> None:
            result["start_s"] = time.time() - spawned
            result["rows"] = len(self.screen.query_one(QueueTable).rows_)
            result["rss_painted_mb"] = _rss_mb()
            if idle <= 0:
                self.exit()
                return
            result["cpu0"], result["wall0"] = time.process_time(), time.perf_counter()
            self.set_timer(idle, self._idle_done)

        def _idle_done(self) -> None:
            cpu = time.process_time() - result.pop("cpu0")
            wall = time.perf_counter() - result.pop("wall0")
            result["idle_cpu"] = cpu / wall
            result["rss_end_mb"] = _rss_mb()
            self.exit()

    app = build_console(ctx, Measured)
    result["built_s"] = time.time() - spawned
    app.run(headless=True, size=(120, 36))
    ctx.db.dispose()
    print(json.dumps(result))


def spawn(db: str, idle: float) -> dict[str, Any]:
    spawned = time.time()
    out = subprocess.run(
        [sys.executable, __file__, "--child", db, "--idle", str(idle), "--spawned", str(spawned)],
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def prepare(path: Path, incidents: int, seed: int) -> None:
    if path.exists():
        return
    from techconsole import demo
    from techconsole.services.setup import open_context

    print(f"generating {incidents:,} incidents into {path} …", flush=True)
    started = time.perf_counter()
    ctx = open_context(database=str(path), actor="bench")
    summary = demo.generate(ctx, incidents=incidents, seed=seed, reports=False)
    ctx.db.dispose()
    took = time.perf_counter() - started
    print(f"  {summary.open_incidents:,} open, in {took:.0f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="SQLite file to reuse (generated if missing)")
    parser.add_argument("--incidents", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--idle", type=float, default=30.0, help="seconds of idle CPU")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--spawned", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.idle, args.spawned)
        return
    path = args.db or Path(tempfile.gettempdir()) / f"tc-bench-{args.incidents}-{args.seed}.db"
    prepare(path, args.incidents, args.seed)
    spawn(str(path), 0)  # warm the OS page cache, as on a machine where it ran before
    starts = [spawn(str(path), 0) for _ in range(args.runs)]
    times = sorted(run["start_s"] for run in starts)
    median = statistics.median(times)
    phases = ("python_s", "imports_s", "context_s", "built_s", "mounted_s", "shown_s", "start_s")
    typical = min(starts, key=lambda run: abs(run["start_s"] - median))
    idle = spawn(str(path), args.idle)
    peak = max(max(run["rss_painted_mb"] for run in starts), idle["rss_end_mb"])
    verdict = {True: "ok", False: "OVER"}
    print(f"database: {path} ({starts[0]['rows']} rows on the first page)")
    print(
        f"cold start to painted queue: median {median:.3f} s, "
        f"runs {', '.join(f'{t:.3f}' for t in times)}  "
        f"[{verdict[median < TARGET_START_S]} < {TARGET_START_S} s]"
    )
    print(
        "  the median run, seconds since spawn: "
        + ", ".join(f"{name.removesuffix('_s')} {typical[name]:.3f}" for name in phases)
    )
    print(f"peak RSS: {peak:.0f} MB  [{verdict[peak < TARGET_RSS_MB]} < {TARGET_RSS_MB:.0f} MB]")
    print(
        f"idle CPU over {args.idle:.0f} s with {idle['rows']} rows ticking: "
        f"{idle['idle_cpu']:.1%} of a core  [{verdict[idle['idle_cpu'] < TARGET_CPU]} < 5 %]"
    )


if __name__ == "__main__":
    main()
