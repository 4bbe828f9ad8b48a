"""The console at scale: cold start to a painted queue beside a bare Textual app, peak
memory, idle CPU.

Run by hand::

    python benchmarks/bench_console.py                        # 1,000,000 incidents (≈50,000 open)
    python benchmarks/bench_console.py --db /tmp/q1m.db       # reuse (or make) that database
    python benchmarks/bench_console.py --incidents 20000 --idle 10   # a quick run
    python benchmarks/bench_console.py --db /tmp/q1m.db --runs 15 --idle 0   # cold start only
    python benchmarks/bench_console.py --db /tmp/q1m.db --against ../before  # and another checkout

The database comes from ``techconsole.demo.generate`` (about 5 % of the incidents
open), as ``bench_queue.py`` makes it; ``--db PATH`` reuses a file, or generates it when
missing.  Each figure is measured in a fresh process, as a technician starts the program:

* **cold start**: from spawning ``python`` to the first frame that shows the queue's rows
  (the interpreter, the imports, opening and checking the database, who you are, the
  first read, the layout and the frame).  The console starts as ``techconsole console``
  starts it (the settings, the policy kept in the cache folder: a fresh one, filled by a
  first untimed run); the time its first frame (the shell, before the rows) was painted
  is printed too;
* **the bare app**: the same measure for a fresh process running a minimal Textual app,
  one ``DataTable`` of 500 rows × 10 columns of plain text, to its first frame with the
  rows.  The cases run in turns (``--runs`` of them, each turn in another order), so
  that a busy machine slows them alike; printed: min, median, max of each and its
  median's difference from the bare app's;
* ``--against CHECKOUT``: another checkout's console (an installed copy of its
  ``src/techconsole``) in the same turns: before and after a change, side by side;
* **peak RSS**: ``VmHWM`` of that process once the queue is painted, and again at the
  end of the idle run;
* **idle CPU**: the queue open for ``--idle`` (30) seconds with its first page of 200
  rows ticking every second and the change poll running: process CPU time / wall time.

Both run headless (Textual's headless driver: every frame is composed, nothing is
written to a terminal) at 120×36.  By default they run on a copy of the package as a
wheel installs it (byte-compiled, catalogues compiled: ``bench_cli.installed_copy``),
as the libraries they are compared with are; ``--source`` runs the package where Python
finds it.  Targets (issue 15): cold start ≤ the bare app + 0.3 s, RSS < 250 MB, idle
CPU < 5 % of one core.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from results import record

TARGET_OVER_BARE_S = 0.3
TARGET_RSS_MB = 250.0
TARGET_CPU = 0.05
SIZE = (120, 36)
BARE_ROWS = 500


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

    from techconsole import settings
    from techconsole.tui import launch
    from techconsole.tui.app import TechConsole
    from techconsole.tui.queue.table import QueueTable

    result["imports_s"] = time.time() - spawned

    class Measured(TechConsole):
        def on_mount(self) -> None:  # Textual calls TechConsole.on_mount too
            result.setdefault("mounted_s", time.time() - spawned)
            self.call_after_refresh(self._shell)

        def _shell(self) -> None:
            result.setdefault("shell_s", time.time() - spawned)

        def world_previewed(self, preview: Any) -> None:  # the first page before opening
            super().world_previewed(preview)
            if "preview_s" not in result:
                self.screen.query_one(QueueTable).call_after_refresh(self._previewed)

        def _previewed(self) -> None:
            rows = len(self.screen.query_one(QueueTable).rows_)
            if rows and "preview_s" not in result:
                result["preview_s"], result["preview_rows"] = time.time() - spawned, rows

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

    chosen = settings.load({"db": (db, "--db")})
    if not hasattr(launch, "prepare_console"):  # an older checkout (--against)
        ctx = launch.open_console_context(
            chosen.policy, chosen.db, chosen.user, policy_cache=chosen.policy_cache
        )
        old = launch.build_console(ctx, Measured, state_path=chosen.console_state)  # type: ignore[arg-type]
        result["built_s"] = time.time() - spawned
        old.run(headless=True, size=SIZE)
        ctx.db.dispose()  # type: ignore[union-attr]
        print(json.dumps(result))
        return
    opened = {
        "busy_timeout_ms": chosen.busy_timeout_ms,
        "lock_timeout_ms": chosen.lock_timeout_ms,
        "statement_timeout_ms": chosen.statement_timeout_ms,
        "actor_source": chosen.source("user"),
        "policy_cache": chosen.policy_cache,
        "state_path": chosen.console_state,
        "keymap": chosen.keys,
    }
    if hasattr(launch, "console_options"):  # as ``techconsole console`` does (launch.main)
        app = launch.prepare_console(launch.console_options(chosen), app_class=Measured)
    elif hasattr(launch, "ConsoleOptions"):
        options = launch.ConsoleOptions(
            policy=chosen.policy, database=chosen.db, actor=chosen.user, **opened
        )
        app = launch.prepare_console(options, app_class=Measured)
    else:  # a checkout from before the options were one value (--against)
        app = launch.prepare_console(
            chosen.policy, chosen.db, chosen.user, **opened, app_class=Measured
        )
    if isinstance(app, int):
        raise SystemExit(app)
    result["built_s"] = time.time() - spawned
    result["shell_first"] = not app.is_open  # the database opened after the first frame
    app.run(headless=True, size=SIZE)
    launch.dispose(app)
    print(json.dumps(result))


CUSTOMERS = (
    "Studio Rossi & Associati", "Ferramenta Bianchi", "Comune di Castelnuovo",
    "Farmacia Centrale", "Autofficina Moretti", "Hotel Bellavista", "Scuola Media Dante",
)  # fmt: skip
SUBJECTS = (
    "La stampante del secondo piano non stampa", "VPN giù dalla sede di Verona",
    "Outlook chiede la password ogni ora", "Server fermo: il gestionale non risponde",
    "Nuovo PC per la segreteria", "Backup notturno fallito", "Wi-Fi lento in sala riunioni",
)  # fmt: skip
COLUMNS = (
    "Numero",
    "Sev",
    "Stato",
    "Cliente",
    "Oggetto",
    "Tecnico",
    "SLA",
    "Età",
    "Piano",
    "Canale",
)


def bare_rows(count: int) -> list[tuple[str, ...]]:
    """Plausible queue lines, plain text: what a bare app would show."""
    return [
        (
            f"2026-{n:06d}",
            "ABC"[n % 3],
            ("aperta", "in corso", "in attesa", "presa in carico")[n % 4],
            CUSTOMERS[n % len(CUSTOMERS)],
            SUBJECTS[n % len(SUBJECTS)],
            ("marco", "chiara", "anna", "—")[n % 4],
            f"{n % 9}h {n * 7 % 60:02d}m",
            f"{n % 30} g",
            ("base", "professionale", "enterprise")[n % 3],
            ("telefono", "e-mail", "portale")[n % 3],
        )
        for n in range(1, count + 1)
    ]


def child_bare(spawned: float) -> None:
    """The floor: a minimal Textual app, one DataTable of 500 rows, to its first frame."""
    result: dict[str, Any] = {"python_s": time.time() - spawned}
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable

    result["imports_s"] = time.time() - spawned

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield DataTable(cursor_type="row")

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_columns(*COLUMNS)
            table.add_rows(bare_rows(BARE_ROWS))
            table.focus()
            table.call_after_refresh(self._first_frame)

        def _first_frame(self) -> None:
            result["start_s"] = time.time() - spawned
            result["rows"] = self.query_one(DataTable).row_count
            result["rss_painted_mb"] = _rss_mb()
            self.exit()

    Bare().run(headless=True, size=SIZE)
    print(json.dumps(result))


def spawn(env: dict[str, str], *args: str) -> dict[str, Any]:
    spawned = time.time()
    out = subprocess.run(
        [sys.executable, __file__, *args, "--spawned", str(spawned)],
        check=True,
        capture_output=True,
        text=True,
        env=env,
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


def environment(folder: Path, source: bool, package: Path | None = None) -> dict[str, str]:
    """The children's environment: no config file of the person running this, a cache
    folder of their own, and (unless ``source``) an installed copy of the package
    (``package``: another checkout's, always an installed copy)."""
    folder.mkdir(exist_ok=True)
    env = {
        **os.environ,
        "TECHCONSOLE_CONFIG": str(folder / "none.toml"),
        "XDG_CACHE_HOME": str(folder / "cache"),
        "XDG_STATE_HOME": str(folder / "state"),
    }
    env.pop("TECHCONSOLE_DB", None)
    env.pop("TECHCONSOLE_POLICY", None)
    if not source or package is not None:
        from bench_cli import installed_copy

        site = installed_copy(folder, package)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(site), env.get("PYTHONPATH")]))
    return env


def spread(values: list[float]) -> str:
    return f"{min(values):.3f} / {statistics.median(values):.3f} / {max(values):.3f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="SQLite file to reuse (generated if missing)")
    parser.add_argument("--incidents", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=7, help="pairs of timed cold starts")
    parser.add_argument("--idle", type=float, default=30.0, help="seconds of idle CPU (0: none)")
    parser.add_argument(
        "--source", action="store_true", help="run the package where Python finds it"
    )
    parser.add_argument(
        "--against",
        type=Path,
        metavar="CHECKOUT",
        help="time another checkout's console too, in the same turns (e.g. the last release)",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--bare", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--spawned", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare:
        child_bare(args.spawned)
        return
    if args.child:
        child(args.child, args.idle, args.spawned)
        return
    path = args.db or Path(tempfile.gettempdir()) / f"tc-bench-{args.incidents}-{args.seed}.db"
    prepare(path, args.incidents, args.seed)
    console = ("--child", str(path), "--idle", "0")
    with tempfile.TemporaryDirectory() as folder:
        env = environment(Path(folder) / "this", args.source)
        cases: dict[str, tuple[dict[str, str], tuple[str, ...]]] = {
            "console": (env, console),
            "bare": (env, ("--bare",)),
        }
        if args.against is not None:
            package = args.against / "src" / "techconsole"
            cases["against"] = (environment(Path(folder) / "against", True, package), console)
        # untimed: the OS page cache warm, as on a machine where it ran before, and the
        # policy checked once and kept in the cache folder, as after a first start
        for case_env, case_args in cases.values():
            spawn(case_env, *case_args)
        load_before = os.getloadavg()
        runs: dict[str, list[dict[str, Any]]] = {name: [] for name in cases}
        names = list(cases)
        for n in range(args.runs):  # each turn in another order: a busy moment hits all
            for name in names[n % len(names) :] + names[: n % len(names)]:
                case_env, case_args = cases[name]
                runs[name].append(spawn(case_env, *case_args))
        load_after = os.getloadavg()
        idle = spawn(env, "--child", str(path), "--idle", str(args.idle)) if args.idle else None
    report(path, args, runs, idle, (load_before[0], load_after[0]))


def report(
    path: Path,
    args: argparse.Namespace,
    runs: dict[str, list[dict[str, Any]]],
    idle: dict[str, Any] | None,
    load: tuple[float, float],
) -> None:
    starts, bares = runs["console"], runs["bare"]
    for run in [*starts, *runs.get("against", [])]:  # the first rows: previewed, or read
        run["rows_s"] = min(run["start_s"], run.get("preview_s", run["start_s"]))
    times = [run["rows_s"] for run in starts]
    median = statistics.median(times)
    bare_median = statistics.median(run["start_s"] for run in bares)
    verdict = {True: "ok", False: "OVER"}
    print(f"database: {path} ({starts[0]['rows']} rows on the first page)")
    print(
        f"load average: {load[0]:.1f} before the runs, {load[1]:.1f} after "
        f"({os.cpu_count()} cores); {'source' if args.source else 'an installed copy'}"
    )
    print(f"cold start, {args.runs} runs each, min / median / max (and − the bare app's median):")
    previewed = sum("preview_s" in run for run in starts)
    lines = [
        ("console, spawn → first frame with rows", times),
        ("console, spawn → its first frame", [run["shell_s"] for run in starts]),
        ("console, → rows read from the open database", [run["start_s"] for run in starts]),
        (f"bare app, {BARE_ROWS}-row DataTable", [run["start_s"] for run in bares]),
    ]
    if "against" in runs:
        lines.append((f"{args.against}, → rows", [run["rows_s"] for run in runs["against"]]))
    for name, values in lines:
        over = statistics.median(values) - bare_median
        print(f"  {name:42} {spread(values)}  {over:+.3f} s")
    print(f"  the first rows came from the kept statements in {previewed} of {len(starts)} runs")
    over = median - bare_median
    print(
        f"  console − bare app: {over:+.3f} s (median), console {median / bare_median:.2f}× "
        f"the bare app  [{verdict[over <= TARGET_OVER_BARE_S]} ≤ +{TARGET_OVER_BARE_S} s]"
    )
    record(
        "console",
        "cold start to the rows",
        times,
        unit="s",
        floor=bare_median,
        target=f"≤ bare app + {TARGET_OVER_BARE_S} s",
        met=over <= TARGET_OVER_BARE_S,
    )
    record("console", "cold start to its first frame", [r["shell_s"] for r in starts], unit="s")
    typical = min(starts, key=lambda run: abs(run["rows_s"] - median))
    phases = [name for name in typical if name.endswith("_s")]
    print(
        "  the median console run, seconds since spawn: "
        + ", ".join(f"{name.removesuffix('_s')} {typical[name]:.3f}" for name in phases)
    )
    peaks = [run["rss_painted_mb"] for run in starts] + ([idle["rss_end_mb"]] if idle else [])
    peak = max(peaks)
    print(f"peak RSS: {peak:.0f} MB  [{verdict[peak < TARGET_RSS_MB]} < {TARGET_RSS_MB:.0f} MB]")
    if idle is not None:
        print(
            f"idle CPU over {args.idle:.0f} s with {idle['rows']} rows ticking: "
            f"{idle['idle_cpu']:.1%} of a core  [{verdict[idle['idle_cpu'] < TARGET_CPU]} < 5 %]"
        )


if __name__ == "__main__":
    main()
