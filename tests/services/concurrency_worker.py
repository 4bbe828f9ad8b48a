"""One technician hammering the database, for ``test_concurrency.py``.

Run as its own OS process::

    python tests/services/concurrency_worker.py CONFIG.json

``CONFIG.json`` holds ``url``, ``login``, ``ops``, ``seed``, ``out`` (where the record of
what it did is written, as JSON) and three file paths for starting together:

1. the worker imports (slow: the test fills the database meanwhile), then waits for
   ``numbers`` (a JSON list of the incidents to pick from, written once the database
   is ready);
2. it opens its one ``Context`` (reused for every operation), makes a first read, creates
   ``ready`` and waits for ``go``, so that every worker starts at the same moment.

The operations are the mix of ``techconsole.demo.write_mix`` (the one the benchmark
``bench_writes.py`` times), one record each.  Outcomes: ``ok``; ``conflict`` and
``invalid_transition`` (expected refusals, e.g. the incident was claimed meanwhile);
``error`` (anything else: the test fails on it).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from techconsole.demo import write_mix
from techconsole.services.context import Context
from techconsole.services.incidents import queue
from techconsole.services.policies import load
from techconsole.store.database import Database

GO_TIMEOUT = 120.0


def _wait_for(path: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{path} did not appear within {timeout} s")
        time.sleep(0.005)


def run(config: dict[str, Any]) -> dict[str, Any]:
    login: str = config["login"]
    _wait_for(Path(config["numbers"]), GO_TIMEOUT)
    numbers: list[str] = json.loads(Path(config["numbers"]).read_text(encoding="utf-8"))
    db = Database(config["url"])
    ctx = Context(db, load("default"), login)
    # Connect (and compile the first queries) before the start signal.
    queue.queue(ctx, view="mine", limit=1)
    ready_at = time.time()
    Path(config["ready"]).touch()
    _wait_for(Path(config["go"]), GO_TIMEOUT)
    go_at = time.time()

    started = time.perf_counter()
    records = write_mix.play(ctx, numbers, seed=config["seed"], ops=config["ops"])
    elapsed = time.perf_counter() - started
    db.dispose()
    return {
        "login": login,
        "seed": config["seed"],
        "ready_at": ready_at,
        "go_at": go_at,
        "end_at": time.time(),
        "elapsed": elapsed,
        "records": records,
    }


def main(argv: list[str]) -> int:
    config = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
    result = run(config)
    out = Path(config["out"])
    tmp = out.with_suffix(".tmp")
    tmp.write_text(json.dumps(result, indent=1), encoding="utf-8")
    tmp.replace(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
