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

Outcomes: ``ok``; ``conflict`` and ``invalid_transition`` (expected refusals, e.g. the
incident was claimed meanwhile); ``error`` (anything else: the test fails on it).
"""

from __future__ import annotations

import json
import random
import sys
import time
import traceback
from pathlib import Path
from typing import Any

from techconsole.services.context import Context
from techconsole.services.errors import Conflict, InvalidTransition
from techconsole.services.incidents import ownership, queue, workflow
from techconsole.services.policies import load
from techconsole.store.database import Database

SEVERITIES = ("A", "B", "C")
#: operation -> weight in the mix
MIX = {
    "claim_next": 12,
    "claim": 18,
    "triage": 22,
    "note": 25,
    "pause_resume": 18,
    "queue_mine": 5,
}
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
    rng = random.Random(config["seed"])
    db = Database(config["url"])
    ctx = Context(db, load("default"), login)
    # Connect (and compile the first queries) before the start signal.
    queue.queue(ctx, view="mine", limit=1)
    ready_at = time.time()
    Path(config["ready"]).touch()
    _wait_for(Path(config["go"]), GO_TIMEOUT)
    go_at = time.time()

    owned: list[str] = []  # incidents this worker claimed, in claim order
    paused: set[str] = set()  # of those, the ones it paused (only the owner pauses)
    records: list[dict[str, Any]] = []
    ops, weights = zip(*MIX.items(), strict=True)
    started = time.perf_counter()
    for i in range(config["ops"]):
        op = rng.choices(ops, weights)[0]
        if op == "pause_resume" and not owned:
            op = "note"
        record: dict[str, Any] = {"i": i, "op": op, "incident": None}
        began = time.perf_counter()
        try:
            if op == "claim_next":
                view = ownership.claim_next(ctx)
                record["incident"] = view.number
                owned.append(view.number)
            elif op == "claim":
                record["incident"] = rng.choice(numbers)
                view = ownership.claim(ctx, record["incident"])
                owned.append(view.number)
            elif op == "triage":
                # Half on its own incidents, half anywhere (someone else's, or nobody's).
                pool = owned if owned and rng.random() < 0.5 else numbers
                record["incident"] = rng.choice(pool)
                record["severity"] = rng.choice(SEVERITIES)
                # A category unique to this operation: the triage always changes something.
                record["category"] = f"{login}#{i}"
                view = workflow.triage(
                    ctx,
                    record["incident"],
                    severity=record["severity"],
                    category=record["category"],
                )
            elif op == "note":
                pool = owned if owned and rng.random() < 0.3 else numbers
                record["incident"] = rng.choice(pool)
                record["text"] = f"note {i} by {login}"
                view = workflow.note(ctx, record["incident"], record["text"])
            elif op == "pause_resume":
                number = rng.choice(owned)
                record["incident"] = number
                if number in paused:
                    record["op"] = "resume"
                    record["text"] = f"resumed by {login} ({i})"
                    view = workflow.resume(ctx, number, record["text"])
                    paused.discard(number)
                else:
                    record["op"] = "pause"
                    record["text"] = f"paused by {login} ({i})"
                    view = workflow.pause(ctx, number, record["text"])
                    paused.add(number)
            else:  # queue_mine: a read between the writes of the others
                page = queue.queue(ctx, view="mine", limit=500)
                record["rows"] = len(page.rows)
                record["others"] = [r.number for r in page.rows if r.assignee != login]
                view = None
            record["outcome"] = "ok"
            if view is not None:
                record["version"] = view.version
                record["assignee"] = view.assignee
                record["status"] = view.status
        except Conflict as error:
            record["outcome"] = "conflict"
            record["error"] = str(error)
        except InvalidTransition as error:
            record["outcome"] = "invalid_transition"
            record["error"] = str(error)
        except Exception as error:  # the test fails on any of these
            record["outcome"] = "error"
            record["error"] = f"{type(error).__name__}: {error}"
            record["traceback"] = traceback.format_exc()
        record["seconds"] = time.perf_counter() - began
        records.append(record)
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
