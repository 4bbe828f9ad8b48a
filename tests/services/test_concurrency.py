"""Eight technicians in eight OS processes on one database, all at once.

Each worker (``concurrency_worker.py``) runs 200 operations of the mix of
``techconsole.demo.write_mix`` (the one ``benchmarks/bench_writes.py`` times) through the
services as its own technician and writes down what it did.  Afterwards the database must
agree with those records exactly: no lock errors, no lost update, never two owners, and
one audit row per successful operation.
"""

from __future__ import annotations

import json
import os
import signal
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from sqlmodel import col, select

from techconsole.demo import write_mix
from techconsole.demo.write_mix import ACTIONS, EXPECTED, INCIDENTS, SEED
from techconsole.store.database import Database
from techconsole.store.models import AuditEntry, Incident, IncidentEvent, Technician

WORKER = Path(__file__).with_name("concurrency_worker.py")
WORKERS = 8
OPS = 200
TIMEOUT = 300  # seconds for the whole run: far more than it needs


#: ``python -c LAUNCH WORKER CONFIG...``: ``python WORKER CONFIG`` for each CONFIG, each in
#: an OS process of its own, forked from one interpreter that has imported the worker (and
#: so techconsole) once: eight imports of their own cost more CPU than the rest of the
#: setup, on the cores where the test fills the database meanwhile.  Each worker's exit
#: code goes to ``CONFIG.exit`` and its stderr to ``CONFIG.stderr``; the launcher waits
#: for all of them and fails if one did.
LAUNCH = r"""
import gc, os, sys
worker_path, *configs = sys.argv[1:]
sys.path.insert(0, os.path.dirname(worker_path))  # as ``python WORKER`` has it
import concurrency_worker as worker

gc.freeze()  # what is here stays shared: no worker's collection copies it
sys.stdout.flush()
sys.stderr.flush()
children = {}
for config in configs:
    pid = os.fork()
    if pid == 0:  # the worker's process: it ends where the worker ends it
        os.dup2(os.open(config + ".stderr", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), 2)
        sys.argv = [worker_path, config]
        sys.exit(worker.main(sys.argv))
    children[pid] = config
failed = False
while children:
    pid, status = os.wait()
    code = os.waitstatus_to_exitcode(status)
    config = children.pop(pid)
    with open(config + ".exit.tmp", "w") as said:
        said.write(str(code))
    os.replace(config + ".exit.tmp", config + ".exit")
    failed = failed or code != 0
sys.exit(1 if failed else 0)
"""


class Workers:
    """The 8 worker processes: launched first (they import while the test fills the
    database), then handed the incident numbers, then started all at once."""

    def __init__(self, url: str, folder: Path) -> None:
        self.folder = folder
        self.numbers = folder / "numbers.json"
        self.go = folder / "go"
        self.outs = [folder / f"worker{n}.json" for n in range(1, WORKERS + 1)]
        self.readies = [folder / f"ready{n}" for n in range(1, WORKERS + 1)]
        self.deadline = time.monotonic() + TIMEOUT
        configs = []
        for n in range(1, WORKERS + 1):
            config = {
                "url": url,
                "login": write_mix.login(n),
                "ops": OPS,
                "seed": SEED + n,
                "numbers": str(self.numbers),
                "ready": str(self.readies[n - 1]),
                "go": str(self.go),
                "out": str(self.outs[n - 1]),
            }
            path = folder / f"worker{n}.config.json"
            path.write_text(json.dumps(config), encoding="utf-8")
            configs.append(str(path))
        self.exits = [Path(f"{path}.exit") for path in configs]
        self.errors = [Path(f"{path}.stderr") for path in configs]
        self.launcher = subprocess.Popen(
            [sys.executable, "-c", LAUNCH, str(WORKER), *configs],
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,  # its workers and itself: one process group to stop
        )

    def failure(self) -> str | None:
        """The stderr of a worker (or of the launcher) that ended with an error, if any."""
        for exit_, error in zip(self.exits, self.errors, strict=True):
            if exit_.exists() and exit_.read_text(encoding="utf-8") != "0":
                return error.read_text(encoding="utf-8")
        if self.launcher.poll() not in (None, 0):
            return self.launcher.communicate()[1]
        return None

    def start(self, numbers: list[str]) -> float:
        """Hand out the incidents, wait until every worker is connected, say go."""
        tmp = self.numbers.with_suffix(".tmp")
        tmp.write_text(json.dumps(numbers), encoding="utf-8")
        tmp.replace(self.numbers)
        while not all(path.exists() for path in self.readies):
            failed = self.failure()
            assert failed is None, failed
            assert time.monotonic() < self.deadline, "the workers did not start"
            time.sleep(0.01)
        ready = time.time()
        self.go.touch()
        return ready

    def results(self) -> list[dict[str, Any]]:
        _out, err = self.launcher.communicate(timeout=max(1.0, self.deadline - time.monotonic()))
        for exit_, error in zip(self.exits, self.errors, strict=True):
            assert exit_.read_text(encoding="utf-8") == "0", error.read_text(encoding="utf-8")
        assert self.launcher.returncode == 0, err
        return [json.loads(out.read_text(encoding="utf-8")) for out in self.outs]

    def stop(self) -> None:
        if self.launcher.poll() is None:
            os.killpg(self.launcher.pid, signal.SIGKILL)
            self.launcher.wait()


def test_eight_processes_at_once(database_url: str, tmp_path: Path) -> None:
    started = time.time()
    workers = Workers(database_url, tmp_path)
    try:
        # A lead, 8 technicians, customers on each plan and 150 open unassigned incidents.
        db = Database(database_url)
        numbers = write_mix.populate(db, WORKERS)
        setup_end = time.time()
        setup = setup_end - started
        with db.read() as session:
            baseline = session.exec(
                select(AuditEntry.id).order_by(col(AuditEntry.id).desc())
            ).first()
            event_baseline = session.exec(
                select(IncidentEvent.id).order_by(col(IncidentEvent.id).desc())
            ).first()
            start_version = {i.number: i.version for i in session.exec(select(Incident))}
        assert len(start_version) == INCIDENTS
        ready = workers.start(numbers)
        results = workers.results()
    finally:
        workers.stop()
    # Workers still importing or connecting once the database was ready (0: hidden).
    start_up = max(0.0, ready - setup_end)
    race = max(w["end_at"] for w in results) - min(w["go_at"] for w in results)

    with db.read() as session:
        logins = {t.id: t.login for t in session.exec(select(Technician))}
        incidents = {i.number: i for i in session.exec(select(Incident))}
        number_of = {i.id: i.number for i in incidents.values()}
        events = session.exec(
            select(IncidentEvent)
            .where(col(IncidentEvent.id) > event_baseline)
            .order_by(col(IncidentEvent.id))
        ).all()
        audits = session.exec(
            select(AuditEntry).where(col(AuditEntry.id) > baseline).order_by(col(AuditEntry.id))
        ).all()
    db.dispose()

    records = [dict(r, login=w["login"]) for w in results for r in w["records"]]
    assert len(records) == WORKERS * OPS
    latencies = sorted(r["seconds"] for r in records)
    cuts = [statistics.quantiles(latencies, n=100)[i] for i in (49, 94, 98)]
    outcomes = Counter((r["op"], r["outcome"]) for r in records)
    summary = {
        "backend": "sqlite" if db.sqlite else "postgresql",
        "setup_s": round(setup, 2),
        "waiting_for_workers_s": round(start_up, 2),
        "race_s": round(race, 2),
        "worker_s": [round(w["elapsed"], 2) for w in results],
        "outcomes": {f"{op}:{outcome}": n for (op, outcome), n in sorted(outcomes.items())},
        "op_ms_p50_p95_p99_max": [round(1000 * q, 1) for q in (*cuts, latencies[-1])],
    }
    print(json.dumps(summary))

    # 1. Nothing unexpected: no "database is locked", no DatabaseBusy, no other exception.
    errors = [r for r in records if r["outcome"] not in EXPECTED]
    assert not errors, "\n".join(f"{r['login']} {r['op']}: {r.get('traceback')}" for r in errors)
    # Conflicts happened (the race was real) and every refusal is the expected kind.
    assert outcomes["claim", "conflict"] > 0
    refusals = [r for r in records if r["outcome"] != "ok"]
    assert all(r["op"] in ("claim", "claim_next") for r in refusals), refusals[:5]
    # A worker's "mine" view never shows someone else's incident.
    assert all(not r["others"] for r in records if r["op"] == "queue_mine" and r["outcome"] == "ok")

    ok = [r for r in records if r["outcome"] == "ok" and r["op"] in ACTIONS]

    # 2. Never two owners: each incident claimed at most once, by whom its row says.
    claims: dict[str, list[str]] = defaultdict(list)
    for r in ok:
        if r["op"] in ("claim", "claim_next"):
            claims[r["incident"]].append(r["login"])
    claimed_events: Counter[str] = Counter(
        number_of[e.incident_id] for e in events if e.kind == "claimed"
    )
    for number, incident in incidents.items():
        owners = claims.get(number, [])
        assert len(owners) <= 1, f"{number} claimed by {owners}"
        assert claimed_events[number] == len(owners), number
        owner = logins.get(incident.assignee_id) if incident.assignee_id else None
        assert owner == (owners[0] if owners else None), number
    # Every incident got claimed: claim_next ran out of work (and said so).
    assert len(claims) == INCIDENTS
    assert outcomes["claim_next", "conflict"] > 0

    # 3. No lost note: the timeline holds exactly the notes the workers saw succeed.
    reported_notes: dict[str, list[str]] = defaultdict(list)
    for r in ok:
        if r["op"] == "note":
            reported_notes[r["incident"]].append(r["text"])
    stored_notes: dict[str, list[str]] = defaultdict(list)
    for e in events:
        if e.kind == "note":
            stored_notes[number_of[e.incident_id]].append(e.text)
    for number in incidents:
        assert sorted(stored_notes[number]) == sorted(reported_notes[number]), number

    # 4. Audit: one row per successful operation, per technician and action, nothing else.
    reported_actions = Counter((r["login"], ACTIONS[r["op"]]) for r in ok)
    audited = Counter((a.actor, a.action) for a in audits)
    assert audited == reported_actions

    # Each audit row is one reported operation (triage: its unique category; the others:
    # their unique text; claims: the one owner).
    by_key = {}
    for r in ok:
        if r["op"] == "triage":
            key = (r["incident"], "incident.triage", r["category"])
        elif r["op"] in ("claim", "claim_next"):
            key = (r["incident"], "incident.claimed", r["login"])
        else:
            key = (r["incident"], ACTIONS[r["op"]], r["text"])
        assert key not in by_key, key
        by_key[key] = r
    in_audit_order: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for a in audits:
        number = a.data["number"]
        if a.action == "incident.triage":
            key = (number, a.action, a.data["category"])
        elif a.action == "incident.claimed":
            key = (number, a.action, a.actor)
        else:
            key = (number, a.action, a.data["text"])
        assert key in by_key, f"audit row {a.id} matches no reported operation: {key}"
        in_audit_order[number].append(by_key.pop(key))
    assert not by_key, f"reported but not audited: {list(by_key)[:5]}"

    # 5. No lost update: every successful write to an incident saw the one before it.
    # In audit order, the versions the writers got back go up by exactly one each time,
    # and the last triage decides severity and category.
    for number, incident in incidents.items():
        done = in_audit_order[number]
        versions = [r["version"] for r in done]
        first = start_version[number] + 1
        assert versions == list(range(first, first + len(done))), (number, versions)
        assert incident.version == start_version[number] + len(done), number
        triages = [r for r in done if r["op"] == "triage"]
        if triages:
            assert incident.severity == triages[-1]["severity"], number
            assert incident.category == triages[-1]["category"], number
        stops = [r for r in done if r["op"] in ("pause", "resume")]
        if stops:
            expected = "waiting" if stops[-1]["op"] == "pause" else "in_progress"
            assert incident.status == expected, number
        elif incident.assignee_id is not None:
            assert incident.status == "in_progress", number
