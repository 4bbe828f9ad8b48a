"""Every benchmark in one run, and one table of their headline figures at the end.

    python benchmarks/run_all.py --size 100k          # about 10 minutes on 2 cores
    python benchmarks/run_all.py --size 1m            # the issue's scale (the database once)
    python benchmarks/run_all.py --size 1m --pg       # PostgreSQL too, where a script can
    python benchmarks/run_all.py --only queue,lead    # some of them

The SQLite database of a size is made once with ``techconsole demo --no-reports`` (seed 1,
you its first lead),
at ``/tmp/techconsole-bench-<size>.db`` (``--db`` to put it elsewhere) and reused by every
script that reads one (queue, lead, console, live); the others make their own small
data.  Each script prints its own report as it runs; each also hands its headline figures
to this runner (:mod:`results`), printed at the end as one table: min, median and max of
the runs, the floor measured in the same run where the script has one, the ratio to it,
and the target with whether it was met.  The exit code is 1 when a script failed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from results import ENV

HERE = Path(__file__).parent
SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}


def plan(size: int, db: Path, pg: bool) -> dict[str, list[str]]:
    """The scripts in the order they run, with their arguments."""
    reuse = ["--incidents", str(size), "--reuse", str(db)]
    both = ["--pg"] if pg else []
    fills = "3" if size < SIZES["1m"] else "1"  # a million takes minutes a run
    return {
        "cli": ["bench_cli.py", "--runs", "11"],
        "queue": ["bench_queue.py", *reuse, *both],
        "lead": ["bench_lead.py", *reuse, *both],
        "console": ["bench_console.py", "--db", str(db), "--incidents", str(size), "--idle", "10"],
        "live": ["bench_live.py", "--db", str(db), "--incidents", str(size), "--load", "10"],
        "writes": ["bench_writes.py", "--runs", "3", *both],
        "writes_loaded": ["bench_writes.py", "--runs", "3", "--load", "8", *both],
        "summaries": ["bench_month_summaries.py", "--runs", "3", "--load", "2"],
        "report_pdf": ["bench_report_pdf.py"],
        "long_report": ["bench_long_report.py"],
        "mail": ["bench_mail.py"],
        "sla_due": ["bench_sla_due.py", "--n", "5000"],
        "demo": ["bench_demo.py", "--incidents", str(size), "--runs", fills, *both],
    }


def make_database(db: Path, size: int) -> None:
    """The demo of ``size`` incidents at ``db``, made once by the person running this (its
    first lead, so that the console opens on it as them), without work reports."""
    if db.exists():
        return
    command = [sys.executable, "-m", "techconsole", "demo", "--db", str(db)]
    command += ["--incidents", str(size), "--no-reports"]
    print(f"making {db}: {' '.join(command[1:])}", flush=True)
    subprocess.run(command, check=True)


def _number(value: float, unit: str) -> str:
    if unit == "ms":
        return f"{value:,.1f}" if value < 100 else f"{value:,.0f}"
    if unit == "s":
        return f"{value:,.2f}"
    return f"{value:,.0f}"


def table(lines: list[dict[str, object]]) -> str:
    rows = [("benchmark", "case", "min", "median", "max", "unit", "floor", "ratio", "target", "")]
    for line in lines:
        unit = str(line["unit"])
        median = float(line["median"])  # type: ignore[arg-type]
        floor = line.get("floor")
        ratio = f"{median / float(floor):.2f}×" if floor else ""  # type: ignore[arg-type]
        met = line.get("met")
        rows.append(
            (
                str(line["bench"]),
                str(line["case"]),
                _number(float(line["min"]), unit),  # type: ignore[arg-type]
                _number(median, unit),
                _number(float(line["max"]), unit),  # type: ignore[arg-type]
                unit,
                _number(float(floor), unit) if floor else "",  # type: ignore[arg-type]
                ratio,
                str(line.get("target") or ""),
                "" if met is None else ("met" if met else "MISSED"),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    right = {2, 3, 4, 6, 7}
    return "\n".join(
        "  ".join(
            cell.rjust(w) if i in right else cell.ljust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=SIZES, default="100k")
    parser.add_argument("--db", type=Path, help="the SQLite database to make or reuse")
    parser.add_argument("--pg", action="store_true", help="PostgreSQL too, where a script can")
    parser.add_argument(
        "--only", help="comma-separated names: " + ", ".join(plan(0, Path(), False))
    )
    args = parser.parse_args()
    size = SIZES[args.size]
    db = args.db or Path(tempfile.gettempdir()) / f"techconsole-bench-{args.size}.db"
    scripts = plan(size, db, args.pg)
    chosen = args.only.split(",") if args.only else list(scripts)
    unknown = [name for name in chosen if name not in scripts]
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}")
    with tempfile.NamedTemporaryFile("r", suffix=".jsonl", delete=False) as results:
        path = results.name
    env = {**os.environ, ENV: path}
    failed = []
    started = time.perf_counter()
    if {"queue", "lead", "console", "live"} & set(chosen):
        make_database(db, size)
    load = os.getloadavg()[0]
    print(f"{len(chosen)} benchmarks, {size:,} incidents in {db}, load average {load:.1f}")
    for name in chosen:
        print(f"\n=== {name}: {' '.join(scripts[name])}", flush=True)
        done = subprocess.run([sys.executable, *scripts[name]], cwd=HERE, env=env, check=False)
        if done.returncode != 0:
            failed.append(f"{name} (exit {done.returncode})")
    with open(path, encoding="utf-8") as kept:
        lines = [json.loads(line) for line in kept if line.strip()]
    os.unlink(path)
    print(
        f"\n=== all figures ({time.perf_counter() - started:.0f} s, load average now "
        f"{os.getloadavg()[0]:.1f})"
    )
    print(table(lines))
    if failed:
        print("\nfailed: " + ", ".join(failed))
        raise SystemExit(1)


if __name__ == "__main__":
    main()
