"""The files techconsole writes hold customers' data: never readable by every user of the
machine, whatever the umask.  ``0600``, or ``0660`` in a team folder (group-writable and
setgid): the database and the ``-wal``/``-shm`` files SQLite keeps beside it, backups, and
every export.  Each test runs the program in real processes with the umask set."""

from __future__ import annotations

import stat
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cli.processes import environment, me, techconsole, techconsole_each
from reports.example import customer, whole_job
from services.conftest import FrozenClock
from techconsole.services.context import Context
from techconsole.services.policies import load
from techconsole.services.team import members as team
from techconsole.store.database import Database

UMASKS = [0o000, 0o022]

#: a second process that keeps the database open after a write, so that its -wal and
#: -shm files stay until the test has looked at them
HOLD = """
import sys
from sqlalchemy import text
from techconsole.store.database import Database
db = Database(sys.argv[1])
db.migrate()
with db.write() as session:
    session.execute(text("INSERT INTO meta (key, value) VALUES ('held', 'yes')"))
with db.engine.connect() as connection:
    print("ready", flush=True)
    sys.stdin.read()
"""


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@contextmanager
def holding(path: Path, home: Path, umask: int) -> Iterator[None]:
    """The database open in another process (with ``umask``) until the block ends."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=environment(home),
        umask=umask,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        yield
    finally:
        holder.communicate("", timeout=60)
    assert holder.returncode == 0


def folder(tmp_path: Path, name: str, folder_mode: int) -> Path:
    made = tmp_path / name
    made.mkdir()
    made.chmod(folder_mode)
    return made


@pytest.mark.parametrize("umask", UMASKS)
@pytest.mark.parametrize(("folder_mode", "file_mode"), [(0o777, 0o600), (0o2775, 0o660)])
def test_database_wal_shm_and_backup(tmp_path, umask, folder_mode, file_mode):
    """Private anywhere (even in a folder everybody may write), the team's in a team
    folder; the -wal and -shm follow the database, whatever the umask of the process
    that made them."""
    where = folder(tmp_path, "db", folder_mode)
    path = where / "techconsole.db"
    made = techconsole("db", "init", "--db", str(path), home=tmp_path, umask=umask)
    assert made.returncode == 0, made.stderr
    assert mode(path) == file_mode
    with holding(path, tmp_path, umask):
        for name in ("techconsole.db", "techconsole.db-wal", "techconsole.db-shm"):
            assert mode(where / name) == file_mode, name
    copy = where / "copy.db"
    backed = techconsole("db", "backup", str(copy), "--db", str(path), home=tmp_path, umask=umask)
    assert backed.returncode == 0, backed.stderr
    assert mode(copy) == file_mode
    assert sorted(p.name for p in where.iterdir()) == ["copy.db", "techconsole.db"]


@pytest.fixture
def job(migrated: Path) -> Path:
    """A resolved job (report RL-2026-0001) for customer 1, with the OS user as its lead."""
    db = Database(f"sqlite:///{migrated}")
    try:
        clock = FrozenClock(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
        ctx = Context(db, load("default"), me(), clock)
        team.add_technician(ctx, me(), "Tecnico di prova")
        whole_job(ctx, clock, who=customer(ctx))
    finally:
        db.dispose()
    return migrated


EXPORTS = [
    ("report", "work", "1", "--format", "pdf"),
    ("report", "work", "1", "--format", "md"),
    ("report", "work", "1", "--format", "json"),
    ("report", "month", "2026-11", "--format", "pdf"),
    ("report", "month", "2026-11", "--format", "csv"),
    ("report", "month", "2026-11", "--format", "json"),
    ("report", "activity", "--customer", "1", "--month", "2026-11", "--format", "pdf"),
    ("report", "activity", "--customer", "1", "--month", "2026-11", "--format", "csv"),
]


@pytest.mark.parametrize(
    ("umask", "folder_mode", "file_mode"), [(0o000, 0o777, 0o600), (0o022, 0o2775, 0o660)]
)
def test_every_export(tmp_path, job, umask, folder_mode, file_mode):
    """Each export in a process of its own with the umask (forked from one interpreter
    with that umask: :func:`cli.processes.techconsole_each`)."""
    out = folder(tmp_path, "out", folder_mode)
    commands = [(*args, "--out", str(out), "--db", str(job)) for args in EXPORTS]
    for args, made in zip(
        EXPORTS, techconsole_each(commands, home=tmp_path, umask=umask), strict=True
    ):
        assert made.returncode == 0, (args, made.stderr)
    written = sorted(out.iterdir())
    assert len(written) == len(EXPORTS)
    assert {p.name: mode(p) for p in written} == {p.name: file_mode for p in written}


def test_a_world_readable_database_is_closed_when_its_owner_opens_it(tmp_path, job):
    job.chmod(0o644)
    wal = Path(f"{job}-wal")
    wal.touch(mode=0o644)  # left by an older techconsole
    wal.chmod(0o644)
    first = techconsole("tech", "list", "--db", str(job), home=tmp_path)
    assert first.returncode == 0, first.stderr
    said = " ".join(first.stderr.split())
    assert f"{job} could be read by every user of this machine" in said
    assert "its permissions are now 0600" in said
    assert mode(job) == 0o600
    assert not wal.exists() or mode(wal) == 0o600
    again = techconsole("tech", "list", "--db", str(job), home=tmp_path)
    assert again.returncode == 0 and "could be read" not in again.stderr  # said once


def test_in_a_group_writable_folder_the_group_keeps_its_access(tmp_path, job):
    """A team database made by an older techconsole (0664 in a group-writable folder) is
    closed to the others only: the team keeps working."""
    where = folder(tmp_path, "team", 0o775)
    moved = job.rename(where / "techconsole.db")
    moved.chmod(0o664)
    opened = techconsole("tech", "list", "--db", str(moved), home=tmp_path)
    assert opened.returncode == 0, opened.stderr
    assert mode(moved) == 0o660 and "now 0660" in " ".join(opened.stderr.split())


@pytest.mark.parametrize("umask", UMASKS)
def test_the_default_database_and_its_folder_are_yours(tmp_path, umask):
    made = techconsole("db", "init", home=tmp_path, umask=umask)
    assert made.returncode == 0, made.stderr
    data = tmp_path / "data" / "techconsole"
    assert mode(data) == 0o700 and mode(data / "techconsole.db") == 0o600
