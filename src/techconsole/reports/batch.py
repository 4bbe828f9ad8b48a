"""Many files at once: drawn on every core, written as they come, in order, a failure
never losing the others.

``report month`` draws a PDF per customer: 500 of them take a second or so of CPU, and
writing each safely (:func:`.files.write`: a hidden temporary file flushed to disk, then
its name) waits for the disk a millisecond or two.  :class:`Batch` does both:

* below :data:`POOL_FROM` files, or with one worker, this process draws them (starting
  workers would cost more than they save);
* otherwise a pool of processes draws them: a worker gets the ``render`` of a few files
  at a time (functions and frozen data, pickled; a few, so that on a busy machine the
  workers do not wait for this process between files), returns their bytes or each
  one's error, and ignores Ctrl+C.  Workers never touch the folder;
* this process writes the files as their bytes come, :data:`WRITERS` at a time
  (threads): their flushes to disk share the file system's journal commits (500 files:
  0.25 s instead of 1.9 s one by one), each file still flushed before it takes its name;
* the outcomes come back in the planned order, whatever order the workers finish in, so
  the paths are said in the same order by one process or several;
* a file whose drawing or writing fails is an :class:`Outcome` with its error, and the
  others are still written;
* on Ctrl+C (or any error of the caller) :meth:`Batch.stop` cancels what has not
  started and waits for the files being written, so no file is left half-written (a
  file is written whole or not at all, its temporary file removed), and returns the
  ones finished meanwhile.

Workers are forked where the system allows it (Linux): they start in milliseconds with
the renderer already imported and the data in memory.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import sys
import traceback
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.context import BaseContext
from pathlib import Path
from types import TracebackType
from typing import Protocol

from techconsole.reports import files

#: below this many files one process draws them all (measured: 16 PDFs take as long
#: either way, 32 a third less with two workers)
POOL_FROM = 24
#: files written at once by the parent
WRITERS = 4
#: at most this many files drawn by a worker per task: each task is a round trip through
#: the parent, which a busy machine does not always run at once (one file a task left
#: the workers waiting: slower than one process at load 2)
CHUNK = 16


class Drawable(Protocol):
    """A file to write (:class:`~techconsole.reports.month_export.Planned`)."""

    @property
    def render(self) -> Callable[[], bytes]: ...


@dataclass(frozen=True, slots=True)
class Outcome:
    """One file: written at ``path``, or not, with the reason (``error``)."""

    path: Path
    error: Exception | None = None


def cores() -> int:
    """The processors this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def workers_for(count: int, setting: int | None = None) -> int:
    """How many processes draw ``count`` files: one below :data:`POOL_FROM`, else the
    ``workers`` setting or one per core, never more than the files."""
    if count < POOL_FROM:
        return 1
    return max(1, min(setting or cores(), count))


class Batch:
    """The files of ``planned`` written at ``paths`` (checked by :func:`.files.target`):
    iterate for their :class:`Outcome`, in order; use as a context manager, so that the
    workers are stopped however the caller ends."""

    def __init__(
        self,
        paths: Sequence[Path],
        planned: Sequence[Drawable],
        *,
        force: bool,
        workers: int = 1,
    ) -> None:
        self._paths = list(paths)
        self._renders = [p.render for p in planned]
        self._force = force
        self._next = 0
        self._pool: ProcessPoolExecutor | None = None
        self._writers: ThreadPoolExecutor | None = None
        self._drawn: list[Future[list[bytes | Failure]]] = []
        self._written: list[Future[Outcome]] = []
        if len(self._paths) > 1:
            try:
                self._start(workers)
            except BaseException:  # Ctrl+C while starting: nothing more is begun
                self._shut(cancel=True)
                raise

    def _start(self, workers: int) -> None:
        if workers < 2:  # drawn here, by the writers (one at a time: Python's lock)
            self._writers = ThreadPoolExecutor(WRITERS, thread_name_prefix="techconsole-write")
            self._written = [
                self._writers.submit(_write, path, render, self._force)
                for path, render in zip(self._paths, self._renders, strict=True)
            ]
            return
        self._pool = ProcessPoolExecutor(
            workers, mp_context=_context(), initializer=_ignore_interrupts
        )
        parts = _parts(len(self._paths), workers)
        # the workers are forked at the first submit, before any thread of ours exists
        self._drawn = [self._pool.submit(_draw, [self._renders[i] for i in part]) for part in parts]
        self._writers = ThreadPoolExecutor(WRITERS, thread_name_prefix="techconsole-write")
        self._written = [
            self._writers.submit(_write_drawn, self._paths[i], drawn, j, self._force)
            for part, drawn in zip(parts, self._drawn, strict=True)
            for j, i in enumerate(part)
        ]

    @property
    def pooled(self) -> bool:
        """Whether workers draw the files."""
        return self._pool is not None

    def __iter__(self) -> Batch:
        return self

    def __next__(self) -> Outcome:
        i = self._next
        if i >= len(self._paths):
            raise StopIteration
        if self._written:
            outcome = self._written[i].result()
        else:  # one file
            outcome = _write(self._paths[i], self._renders[i], self._force)
        self._next = i + 1
        return outcome

    def stop(self) -> list[Outcome]:
        """Cancel the files not started, wait for those being drawn or written: the files
        written that were not handed out yet, in order."""
        pending = self._written[self._next :]
        self._next = len(self._paths)
        self._shut(cancel=True)
        return [f.result() for f in pending if not f.cancelled() and f.result().error is None]

    def _shut(self, *, cancel: bool) -> None:
        if cancel:
            for drawn in self._drawn:
                drawn.cancel()
        if self._writers is not None:  # before the pool: a writer waits for its drawing
            self._writers.shutdown(wait=True, cancel_futures=cancel)
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=cancel)

    def __enter__(self) -> Batch:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._shut(cancel=error is not None)


def _context() -> BaseContext:
    """Forked workers on Linux (quick to start, nothing to import again); the system's
    default elsewhere (macOS and Windows spawn)."""
    if sys.platform == "linux":
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def _ignore_interrupts() -> None:
    """In a worker: Ctrl+C is for the parent, which stops the batch."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _parts(count: int, workers: int) -> list[range]:
    """The files of each task: at least four tasks a worker, at most :data:`CHUNK` files
    each."""
    size = max(1, min(CHUNK, -(-count // (workers * 4))))
    return [range(start, min(start + size, count)) for start in range(0, count, size)]


@dataclass(frozen=True, slots=True)
class Failure:
    """A file a worker could not draw: the error, and where it happened (its traceback,
    which does not cross processes by itself)."""

    error: Exception
    trace: str

    @classmethod
    def of(cls, error: Exception) -> Failure:
        trace = "".join(traceback.format_exception(error))
        try:
            pickle.dumps(error)
        except Exception:  # an error that cannot be sent back: said as text
            error = RuntimeError(f"{type(error).__name__}: {error}")
        return cls(error, trace)

    def raised(self) -> Exception:
        """The error, caused by the worker's traceback (for the log of internal errors)."""
        self.error.__cause__ = WorkerTraceback(self.trace)
        return self.error


class WorkerTraceback(Exception):
    """Where a worker failed, as it said it."""

    def __str__(self) -> str:
        return f"\n{self.args[0]}"


def _draw(renders: Sequence[Callable[[], bytes]]) -> list[bytes | Failure]:
    """In a worker: the bytes of a few files, or why each could not be drawn."""
    drawn: list[bytes | Failure] = []
    for render in renders:
        try:
            drawn.append(render())
        except Exception as exc:  # one file's failure is that file's alone
            drawn.append(Failure.of(exc))
    return drawn


def _write(path: Path, render: Callable[[], bytes], force: bool) -> Outcome:
    try:
        return Outcome(files.write(path, render(), force=force))
    except Exception as exc:  # any failure of one file is that file's outcome
        return Outcome(path, exc)


def _write_drawn(
    path: Path, drawn: Future[list[bytes | Failure]], index: int, force: bool
) -> Outcome:
    try:
        data = drawn.result()[index]  # the pool's own failure is raised here
        if isinstance(data, Failure):
            return Outcome(path, data.raised())
        return Outcome(files.write(path, data, force=force))
    except Exception as exc:
        return Outcome(path, exc)
