"""What a benchmark measured, handed to ``run_all.py`` as one line of JSON per figure.

Each script prints its own report; it also calls :func:`record` for its headline figures.
When ``run_all.py`` runs it, ``TECHCONSOLE_BENCH_RESULTS`` names a file the lines are
appended to, and ``run_all.py`` prints them as one table.  Run alone, ``record`` does
nothing.
"""

from __future__ import annotations

import json
import os
import statistics
from collections.abc import Sequence

ENV = "TECHCONSOLE_BENCH_RESULTS"


def record(
    bench: str,
    case: str,
    values: Sequence[float],
    *,
    unit: str = "ms",
    floor: float | None = None,
    target: str = "",
    met: bool | None = None,
    higher_is_better: bool = False,
) -> None:
    """One figure: ``values`` (one per run, in ``unit``), the floor measured in the same
    run if there is one (same unit, its median), the target in words and whether it was
    met (``None``: no target)."""
    path = os.environ.get(ENV)
    if not path or not values:
        return
    line = {
        "bench": bench,
        "case": case,
        "unit": unit,
        "min": min(values),
        "median": statistics.median(values),
        "max": max(values),
        "floor": floor,
        "target": target,
        "met": met,
        "higher_is_better": higher_is_better,
    }
    with open(path, "a", encoding="utf-8") as out:
        out.write(json.dumps(line) + "\n")
