"""The incidents made in a second process while this one writes them.

Making the rows (the random draws, the timelines, the work placed in the agendas) is
Python; writing them is the database's share, about a third of a large demo.  Done one
after the other they add up; on a machine with a second core they can overlap: a forked
child makes the incidents batch by batch, exactly as ``Incidents.make`` makes them here
(the same code drawing from the same random stream in the same order), and sends each
batch's rows down a pipe to this process, which writes them in the order they were made,
in its transaction, while the child makes the next batch.  The work on them (``Work``),
which draws from a random stream of its own, is placed here, from what the child says
each incident's work depends on (a ``Job``), in the same order: the same seed gives the
same rows.  The child never touches the database: what it reads of it
(``Incidents.start``) was read before; what the rest of the demo needs of its making
(the counts, the numbers of each year, the random stream's state) comes back at the end.

Only where it is worth it and safe: a demo of at least ``FORK_FROM`` incidents, on a
system that forks (Linux), when another core is idle (``spare_core``); the child inherits
this process's memory, database connection included, and leaves it alone (it ends with
``os._exit``).  Elsewhere, and for the small demos, the rows are made here as before.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import traceback
from collections.abc import Callable
from typing import Any

from techconsole.demo.incidents import Incidents
from techconsole.demo.work import Job, Work
from techconsole.demo.writer import BATCH, Writer

#: the smallest demo made in a second process (smaller ones are made before it would start)
FORK_FROM = 4 * BATCH
#: environment variable: ``1`` makes a large demo in a second process even when no core
#: is idle, ``0`` never (e.g. to profile); unset, ``forks`` decides
FORK_VARIABLE = "TECHCONSOLE_DEMO_FORK"

Progress = Callable[[int, int], None]
#: one write of the child: ("add", table, rows) or ("models", model, rows)
Write = tuple[str, Any, list[Any]]


def produce(made: Incidents, work: Work, writer: Writer, progress: Progress | None) -> None:
    """Make and write every incident with its work (``Incidents.make``), in a second
    process when ``forks`` says so; then the timeline entries of the work."""
    if not forks(made.arrivals.n_incidents):
        made.make(progress)
        work.rows.write_events()
        return
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    child = context.Process(
        target=_child, args=(made, work, writer, sending), name="techconsole-demo", daemon=True
    )
    child.start()
    sending.close()  # the child's end: a child that dies ends the pipe
    try:
        _receive(receiving, made, work, writer, progress)
    except BaseException:  # interrupted, or an error: the child's rows are not wanted
        child.kill()
        raise
    finally:
        receiving.close()
        child.join(timeout=5)  # done: it ends as soon as it has said so
        if child.is_alive():
            child.kill()
            child.join()
    work.rows.write_events()


def forks(incidents: int) -> bool:
    """Whether a demo of ``incidents`` is made in a second process: a large one, on a
    system that forks, when a core is free for it (``TECHCONSOLE_DEMO_FORK=1``: always,
    ``0``: never).  The rows are the same either way."""
    chosen = os.environ.get(FORK_VARIABLE, "")
    if chosen == "0" or incidents < FORK_FROM or not can_fork():
        return False
    return chosen == "1" or spare_core()


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def spare_core() -> bool:
    """Whether another core is idle, by the last minute's load average: the second
    process only pays when it runs beside this one.  On a machine busy with other work
    it costs more than it gives (the rows are made in one process and pickled, then
    made again from the pickles in the other: about a fifth more CPU in all)."""
    try:
        load = os.getloadavg()[0]
    except OSError:  # no load average to go by
        return False
    return load <= (os.cpu_count() or 1) - 1


def _receive(
    pipe: Any, made: Incidents, work: Work, writer: Writer, progress: Progress | None
) -> None:
    """Write what the child sends, in its order, until it is done."""
    while True:
        try:
            message = pipe.recv()
        except EOFError:
            raise RuntimeError("the demo's second process ended without its rows") from None
        kind = message[0]
        if kind == "rows":
            _, writes, jobs, done = message
            for how, target, rows in writes:
                if how == "add":
                    writer.add(target, rows)
                else:
                    writer.models(target, rows)
            for job in jobs:
                work.place(job)
            work.rows.flush()
            if progress is not None and done is not None:
                progress(*done)
        elif kind == "done":
            _adopt(made, message[1])
            return
        else:
            raise RuntimeError(f"the demo's second process failed:\n{message[1]}")


class _Relay:
    """The child's stand-in for the ``Writer``: the rows, kept until the batch is done
    and then sent to the writing process (the same attributes the makers read)."""

    def __init__(self, writer: Writer, pipe: Any) -> None:
        self.pipe = pipe
        self.json, self.empty, self.direct = writer.json, writer.empty, writer.direct
        self.writes: list[Write] = []
        self.jobs: list[Job] = []

    def add(self, table: str, rows: list[tuple[Any, ...]]) -> None:
        if rows:
            self.writes.append(("add", table, rows))

    def job(self, job: Job) -> None:
        self.jobs.append(job)

    def models(self, model: Any, rows: list[dict[str, Any]]) -> None:
        if rows:
            self.writes.append(("models", model, rows))

    def send(self, done: tuple[int, int] | None = None) -> None:
        self.pipe.send(("rows", self.writes, self.jobs, done))
        self.writes, self.jobs = [], []


def _child(made: Incidents, work: Work, writer: Writer, pipe: Any) -> None:
    """The second process: make the rows, send them, then what the demo needs after."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops it when interrupted
    relay = _Relay(writer, pipe)
    made.writer = work.rows.writer = relay  # type: ignore[assignment]
    work.placing = relay.job
    try:
        made.make(lambda done, total: relay.send((done, total)))
        relay.send()
        pipe.send(("done", _state(made)))
    except BaseException:  # said to the parent, which raises it
        with contextlib.suppress(OSError):  # unless it is gone (interrupted)
            pipe.send(("error", traceback.format_exc()))
    finally:
        pipe.close()


def _state(made: Incidents) -> dict[str, Any]:
    """What the rest of the demo reads of the making, after it."""
    return {
        "counts": made.counts,
        "seqs": made.seqs,
        "next_id": made.next_id,
        "rng": made.rng.getstate(),
    }


def _adopt(made: Incidents, state: dict[str, Any]) -> None:
    made.counts, made.seqs, made.next_id = state["counts"], state["seqs"], state["next_id"]
    made.rng.setstate(state["rng"])
