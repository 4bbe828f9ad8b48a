"""How long the command line takes to answer, against the cost of importing its libraries.

Run by hand (never a timed test)::

    python benchmarks/bench_cli.py [--runs 15]

In one run, interleaved so that a busy machine slows every case alike, it times fresh
interpreters doing:

* *floor*: ``python -c "import typer, rich, sqlalchemy, sqlmodel"``, what any command
  that opens the database cannot do without;
* ``techconsole --version``;
* ``techconsole incident list --json`` on a migrated database with one technician;
* ``techconsole sla due --plan basic --severity A --at 2026-11-27T17:00 --json``.

It prints min, median and max wall time of each, and the ratio of each median to the
floor's median.  Targets: ``--version`` under 0.3× the floor; the others under 1.3×.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FLOOR = [sys.executable, "-c", "import typer, rich, sqlalchemy, sqlmodel"]
TC = [sys.executable, "-m", "techconsole"]
CASES: dict[str, list[str]] = {
    "floor (import typer, rich, sqlalchemy, sqlmodel)": FLOOR,
    "techconsole --version": [*TC, "--version"],
    "techconsole incident list --json": [*TC, "incident", "list", "--json"],
    "techconsole sla due … --json": [
        *TC,
        *("sla", "due", "--plan", "basic", "--severity", "A"),
        *("--at", "2026-11-27T17:00", "--json"),
    ],
}
TARGETS = {"techconsole --version": 0.3}
DEFAULT_TARGET = 1.3


def _time(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs of each case")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env = {
            **os.environ,
            "TECHCONSOLE_DB": str(Path(folder) / "bench.db"),
            "TECHCONSOLE_USER": "bench",
            "TECHCONSOLE_CONFIG": str(Path(folder) / "none.toml"),
        }
        setup = [*TC, "tech", "add", "bench", "--name", "Bench"]
        subprocess.run(setup, env=env, check=True, stdout=subprocess.DEVNULL)
        times: dict[str, list[float]] = {name: [] for name in CASES}
        for command in CASES.values():  # warm the file cache, untimed
            _time(command, env)
        for _ in range(args.runs):
            for name, command in CASES.items():
                times[name].append(_time(command, env))
    floor_name = next(iter(times))
    floor = statistics.median(times[floor_name])
    print(f"{'case':52} {'min':>7} {'median':>7} {'max':>7} {'ratio':>6}  target")
    for name, values in times.items():
        median = statistics.median(values)
        ratio = median / floor
        verdict = ""
        if name != floor_name:
            target = TARGETS.get(name, DEFAULT_TARGET)
            verdict = f"< {target}× {'ok' if ratio < target else 'MISSED'}"
        print(
            f"{name:52} {min(values) * 1000:6.0f}ms {median * 1000:6.0f}ms "
            f"{max(values) * 1000:6.0f}ms {ratio:5.2f}×  {verdict}"
        )


if __name__ == "__main__":
    main()
