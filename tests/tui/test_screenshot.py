"""The palette's "Screenshot" shows customers' data: it is written as an export is, in
the export folder, private to its owner whatever the umask, and said where."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from techconsole.tui.app import TechConsole

from .conftest import loaded, until

pytestmark = pytest.mark.asyncio


@pytest.fixture
def open_umask():
    before = os.umask(0o022)  # files readable by every user, unless the program says not
    yield
    os.umask(before)


async def test_a_screenshot_goes_to_the_export_folder_private(
    make_app: Callable[..., TechConsole], tmp_path: Path, open_umask: None
):
    app = make_app()
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await loaded(pilot)
        out = tmp_path / "exports"
        out.mkdir()
        app.export_folder = out  # where the last export was written
        said = app.deliver_screenshot()
        assert said is not None
        shot = Path(said)
        assert shot.parent == out and shot.suffix == ".svg"
        assert stat.S_IMODE(shot.stat().st_mode) == 0o600
        text = shot.read_text(encoding="utf-8")
        assert text.lstrip().startswith("<svg") and "2026-" in text  # the queue's numbers
        await until(pilot, lambda: any(str(shot) in n.message for n in app._notifications))
        assert [p.name for p in out.iterdir()] == [shot.name]  # no temporary left


async def test_a_folder_that_cannot_be_written_is_said(
    make_app: Callable[..., TechConsole], tmp_path: Path
):
    app = make_app()
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await loaded(pilot)
        app.export_folder = tmp_path / "gone"
        assert app.deliver_screenshot() is None
        await until(pilot, lambda: any(n.severity == "error" for n in app._notifications))
