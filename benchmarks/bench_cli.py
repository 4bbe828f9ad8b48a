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

By default it times a copy of the package as a wheel installs it, next to the libraries
it is compared with: byte-compiled, with its catalogues compiled (``.mo``).  ``--source``
times the package where Python finds it instead: in a checkout, every module is compiled
from source at each start when ``PYTHONDONTWRITEBYTECODE`` is set, and the catalogue too.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from results import record

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


def installed_copy(folder: Path, package: Path | None = None) -> Path:
    """A copy of the package (``package``: another checkout's ``src/techconsole``),
    byte-compiled and with its catalogues compiled, in ``folder``."""
    import techconsole
    from techconsole.i18n import compile_po

    package = package or Path(techconsole.__file__).parent
    site = folder / "site"
    ignore = shutil.ignore_patterns("__pycache__", "*.mo")
    shutil.copytree(package, site / "techconsole", ignore=ignore)
    checkout_data = package.parents[1] / "data"  # the wheel's techconsole/data
    if not (package / "data").is_dir() and checkout_data.is_dir():
        shutil.copytree(checkout_data, site / "techconsole" / "data", ignore=ignore)
    for po in (site / "techconsole" / "i18n" / "locale").glob("*/LC_MESSAGES/*.po"):
        po.with_suffix(".mo").write_bytes(compile_po(po))
    compileall.compile_dir(site, quiet=1)
    return site


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs of each case")
    parser.add_argument(
        "--source",
        action="store_true",
        help="time the package where Python finds it, not an installed (compiled) copy",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env = {
            **os.environ,
            "TECHCONSOLE_DB": str(Path(folder) / "bench.db"),
            "TECHCONSOLE_CONFIG": str(Path(folder) / "none.toml"),
        }
        if not args.source:
            site = installed_copy(Path(folder))
            env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(site), env.get("PYTHONPATH")]))
        print("timing", "the package as found" if args.source else "an installed copy")
        setup = [*TC, "db", "init"]  # you, who create it, are its one technician (a lead)
        subprocess.run(
            setup, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
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
        record(
            "cli",
            name,
            [v * 1000 for v in values],
            floor=None if name == floor_name else floor * 1000,
            target="" if name == floor_name else f"< {TARGETS.get(name, DEFAULT_TARGET)}× floor",
            met=None if name == floor_name else ratio < TARGETS.get(name, DEFAULT_TARGET),
        )
        print(
            f"{name:52} {min(values) * 1000:6.0f}ms {median * 1000:6.0f}ms "
            f"{max(values) * 1000:6.0f}ms {ratio:5.2f}×  {verdict}"
        )


if __name__ == "__main__":
    main()
