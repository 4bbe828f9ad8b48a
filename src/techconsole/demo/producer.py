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
system that forks (Linux), with no database connection left to the child (it inherits
this process's memory and leaves it alone: it ends with ``os._exit``).  Elsewhere, and for
the small demos, the rows are made here as before.
"""

from __future__ import annotations

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
#: environment variable that turns the second process off (``0``), e.g. to profile
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
        work.rows.write_events()
    finally:
        receiving.close()
        child.join(timeout=5)
        if child.is_alive():  # interrupted, or an error here: the child's rows are not wanted
            child.kill()
            child.join()


def forks(incidents: int) -> bool:
    """Whether a demo of ``incidents`` is made in a second process."""
    if os.environ.get(FORK_VARIABLE, "") == "0":
        return False
    return incidents >= FORK_FROM and "fork" in multiprocessing.get_all_start_methods()


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
