"""Many files at once (reports.batch): in the planned order whether one process or a pool
draws them, a failing file never loses the others, stopping leaves every file whole or
absent, and how many workers."""

from __future__ import annotations

import os
from functools import partial
from pathlib import Path

import pytest

from techconsole.reports import batch, files
from techconsole.reports.batch import Batch, Outcome, workers_for
from techconsole.reports.month_export import Planned


def _drawn(n: int) -> bytes:
    """A file's bytes (drawn in a worker: a module-level function, pickled by name)."""
    return b"%PDF-1.3\n" + f"file {n}\n".encode() * (200 + n) + b"%%EOF\n"


def _broken(n: int) -> bytes:
    raise RuntimeError(f"file {n} cannot be drawn")


def _plan(tmp_path: Path, count: int, broken: int | None = None) -> tuple[list[Path], list]:
    planned = [
        Planned(f"F-{n:03d}", partial(_broken if n == broken else _drawn, n)) for n in range(count)
    ]
    paths = [files.target(tmp_path, p.stem, "pdf") for p in planned]
    return paths, planned


def _left(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))


@pytest.mark.parametrize("workers", [1, 2])
def test_the_outcomes_come_in_the_planned_order_with_every_file_written(tmp_path, workers):
    paths, planned = _plan(tmp_path, 30)
    with Batch(paths, planned, force=False, workers=workers) as each:
        assert each.pooled == (workers > 1)
        outcomes = list(each)
    assert outcomes == [Outcome(path) for path in paths]
    assert _left(tmp_path) == [p.name for p in paths]  # no temporary file left
    for n, path in enumerate(paths):
        assert path.read_bytes() == _drawn(n)
        assert path.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("workers", [1, 2])
def test_a_file_that_cannot_be_drawn_does_not_lose_the_others(tmp_path, workers):
    paths, planned = _plan(tmp_path, 12, broken=4)
    with Batch(paths, planned, force=False, workers=workers) as each:
        outcomes = list(each)
    assert [o.path for o in outcomes] == paths
    failed = [o for o in outcomes if o.error is not None]
    assert [o.path for o in failed] == [paths[4]]
    assert isinstance(failed[0].error, RuntimeError)
    assert str(failed[0].error) == "file 4 cannot be drawn"  # the worker's own exception
    assert _left(tmp_path) == [p.name for i, p in enumerate(paths) if i != 4]


@pytest.mark.parametrize("workers", [1, 2])
def test_a_file_that_cannot_be_written_does_not_lose_the_others(tmp_path, workers, monkeypatch):
    paths, planned = _plan(tmp_path, 12)
    real = files.write

    def full_disk(path: Path, data: bytes, *, force: bool = False) -> Path:
        if path == paths[7]:
            raise files.ExportError(f"could not write {path}: No space left on device", 1)
        return real(path, data, force=force)

    monkeypatch.setattr(files, "write", full_disk)  # the parent writes, also with workers
    with Batch(paths, planned, force=False, workers=workers) as each:
        outcomes = list(each)
    assert [o.path for o in outcomes if o.error is not None] == [paths[7]]
    assert _left(tmp_path) == [p.name for i, p in enumerate(paths) if i != 7]


@pytest.mark.parametrize("workers", [1, 2])
def test_stopping_leaves_every_file_whole_or_absent(tmp_path, workers):
    paths, planned = _plan(tmp_path, 200)
    with Batch(paths, planned, force=False, workers=workers) as each:
        first = next(each)
        rest = each.stop()  # what Ctrl+C does
        assert list(each) == []  # nothing more is handed out
    said = [first.path, *(o.path for o in rest)]
    assert said == sorted(said)  # in the planned order
    assert _left(tmp_path) == sorted(p.name for p in said)  # every file there was said
    for path in said:
        assert path.read_bytes() == _drawn(paths.index(path))  # whole


def _interrupted(paths: list[Path], planned: list) -> None:
    with Batch(paths, planned, force=False, workers=2) as each:
        next(each)
        raise KeyboardInterrupt


def test_an_error_of_the_caller_stops_the_workers(tmp_path):
    paths, planned = _plan(tmp_path, 200)
    with pytest.raises(KeyboardInterrupt):
        _interrupted(paths, planned)
    there = _left(tmp_path)
    assert not any(name.startswith(".") for name in there)  # no temporary file left
    for name in there:
        assert (tmp_path / name).read_bytes().endswith(b"%%EOF\n")


def test_how_many_workers(monkeypatch):
    monkeypatch.setattr(batch, "cores", lambda: 2)
    assert workers_for(batch.POOL_FROM - 1) == 1  # a few files: this process alone
    assert workers_for(batch.POOL_FROM) == 2  # one per core
    assert workers_for(500, 1) == 1  # the workers setting
    assert workers_for(500, 6) == 6
    assert workers_for(batch.POOL_FROM, 1000) == batch.POOL_FROM  # never more than the files
