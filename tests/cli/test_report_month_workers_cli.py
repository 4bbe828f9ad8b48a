"""``techconsole report month`` with workers drawing the PDFs: the same files, paths and
messages as one process; a customer whose PDF cannot be made is said, with its exit
code, while the others are written; Ctrl+C leaves every file whole or absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reports.example import pdf_text
from techconsole.cli import report_month
from techconsole.reports import batch, files, month_export
from techconsole.reports.month_pdf import month_pdf

from .month_db import fill

#: the files of the test month in English (these tests' language), in the order they are
#: said: by the customer's name ("../../etc/passwd; rm -rf ~", Farmacia, Ottica)
SAID = ["RM-2026-11-C0003-en.pdf", "RM-2026-11-C0002-en.pdf", "RM-2026-11-C0001-en.pdf"]


@pytest.fixture
def month(migrated: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(batch, "POOL_FROM", 2)  # three customers make a pool here
    return fill(migrated)


@pytest.fixture
def pools(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The workers of each pool started."""
    started: list[int] = []
    start = batch.Batch._start

    def counted(self: batch.Batch, workers: int) -> None:
        start(self, workers)
        if self.pooled:
            started.append(workers)

    monkeypatch.setattr(batch.Batch, "_start", counted)
    return started


def _folder(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    return folder


def test_workers_write_the_same_files_paths_and_messages_as_one_process(
    tc, month, tmp_path, monkeypatch, pools
):
    runs = {}
    for workers in ("1", "2"):
        monkeypatch.setenv("TECHCONSOLE_WORKERS", workers)
        where = _folder(tmp_path, f"out-{workers}")
        runs[workers] = (where, tc("report", "month", "2026-11", "--out", str(where)))
        assert runs[workers][1].code == 0, runs[workers][1].err
    assert pools == [2]  # the second run only
    (alone, serial), (pooled_in, pooled) = runs["1"], runs["2"]
    assert sorted(os.listdir(pooled_in)) == sorted(os.listdir(alone)) == sorted(SAID)
    for name in SAID:
        assert (pooled_in / name).read_bytes() == (alone / name).read_bytes()
    assert serial.out.splitlines() == [str(alone / name) for name in SAID]
    assert pooled.out.splitlines() == [str(pooled_in / name) for name in SAID]
    assert pooled.err == serial.err
    assert "3 files: 3 customers, 8 work reports of November 2026" in pooled.err


def _pharmacy_breaks(summary, lang="it"):
    """month_pdf, except for the pharmacy (a module-level function: a worker gets it by
    name)."""
    if summary.customer_id == 2:
        raise RuntimeError("the renderer broke")
    return month_pdf(summary, lang)


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_customer_whose_pdf_breaks_is_said_and_the_others_are_written(
    tc, month, tmp_path, monkeypatch, workers, pools
):
    monkeypatch.setenv("TECHCONSOLE_WORKERS", workers)
    monkeypatch.setattr(month_export, "month_pdf", _pharmacy_breaks)
    where = _folder(tmp_path, "out")
    result = tc("report", "month", "2026-11", "--out", str(where))
    assert pools == ([2] if workers == "2" else [])
    assert result.code == 70  # a fault of the program
    assert sorted(os.listdir(where)) == sorted([SAID[0], SAID[2]])  # nothing else, no temporary
    assert result.out.splitlines() == [str(where / SAID[0]), str(where / SAID[2])]
    said = " ".join(result.err.split())
    assert f"{SAID[1]}: internal error: RuntimeError: the renderer broke" in said
    assert "1 file of 3 not written (said above); the others are written" in said
    assert "Traceback" not in result.err
    log = Path(os.environ["XDG_STATE_HOME"]) / "techconsole" / "errors.log"
    text = log.read_text(encoding="utf-8")
    assert "RuntimeError: the renderer broke" in text
    assert "in _pharmacy_breaks" in text  # where it broke, in a worker too
    assert "command: techconsole report month 2026-11 --out" in text
    assert "Ottica" in pdf_text((where / SAID[2]).read_bytes())[0]


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_file_that_cannot_be_written_is_said_with_exit_code_1(
    tc, month, tmp_path, monkeypatch, workers
):
    monkeypatch.setenv("TECHCONSOLE_WORKERS", workers)
    real = files.write

    def full_disk(path: Path, data: bytes, *, force: bool = False) -> Path:
        if path.name == SAID[0]:
            raise files.ExportError(f"could not write {path}: No space left on device", 1)
        return real(path, data, force=force)

    monkeypatch.setattr(files, "write", full_disk)
    where = _folder(tmp_path, "out")
    result = tc("report", "month", "2026-11", "--out", str(where))
    assert result.code == 1
    assert sorted(os.listdir(where)) == sorted(SAID[1:])
    assert result.out.splitlines() == [str(where / name) for name in SAID[1:]]
    said = " ".join(result.err.split())
    assert f"error: could not write {where / SAID[0]}: No space left on device" in said
    assert "1 file of 3 not written" in said


class _Interrupted:
    """stdout that is interrupted (Ctrl+C) while the first path is said."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def print(self, text: str, **_: object) -> None:
        self.lines.append(text)
        if len(self.lines) == 1:
            raise KeyboardInterrupt


@pytest.mark.parametrize("workers", ["1", "2"])
def test_ctrl_c_leaves_every_file_whole_and_said_or_absent(
    tc, month, tmp_path, monkeypatch, workers
):
    monkeypatch.setenv("TECHCONSOLE_WORKERS", workers)
    said = _Interrupted()
    monkeypatch.setattr(report_month, "out", said)
    where = _folder(tmp_path, "out")
    result = tc("report", "month", "2026-11", "--out", str(where))
    assert result.code == 130
    assert "Traceback" not in result.err
    there = sorted(os.listdir(where))
    assert there == sorted(Path(line).name for line in said.lines)  # no temporary file
    assert SAID[0] in there
    for name in there:
        assert pdf_text((where / name).read_bytes())  # whole: a PDF that reads
