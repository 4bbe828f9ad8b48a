"""Someone who may only read the database still reads everything; every change is
refused with one line, exit code 1, and nothing is written: on SQLite (a file they cannot
write, or a folder they cannot write in) and on PostgreSQL (a role that may only SELECT).

Everything runs in real processes, as an OS user the file permissions do stop (see
:mod:`cli.readers`)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

import pg_schemas
from cli.processes import environment, me, techconsole, techconsole_each
from cli.readers import READERS, Reader
from reports.example import customer, whole_job
from services.conftest import PG_ENV, PG_URL, FrozenClock
from techconsole.services.context import Context
from techconsole.services.incidents import intake
from techconsole.services.policies import load
from techconsole.services.team import members as team
from techconsole.store.database import Database

REFUSED = "the database is read-only for you: nothing was changed"
READS = [
    ("incident", "list"),
    ("incident", "show", "2"),
    ("queue",),
    ("sla", "due", "--plan", "basic", "--severity", "A", "--at", "2026-11-27T17:00"),
    ("report", "list"),
    ("report", "work", "1", "--format", "text"),
    ("bill", "incident", "1"),
    ("tech", "list"),
    ("tech", "whoami"),
    ("timer", "status"),
    ("customer", "list"),
    ("db", "status"),
]
WRITES = [
    ("incident", "note", "2", "letto"),
    ("incident", "add", "Nuova richiesta", "-c", "1"),
    ("incident", "claim", "2"),
    ("customer", "add", "Nuovo cliente"),
    ("timer", "start", "2"),
    ("report", "issue", "1"),
]


@pytest.fixture(scope="module", params=sorted(READERS))
def reader(request: pytest.FixtureRequest) -> Iterator[Reader]:
    """One of :data:`READERS`, for the tests of this module (each has files of its own)."""
    made = READERS[request.param]()
    try:
        found = next(made)
        if isinstance(found, str):
            pytest.skip(found)
        yield found
    finally:
        made.close()  # removes the OS user it made


@pytest.fixture
def place(reader: Reader, tmp_path: Path) -> Iterator[Path]:
    """A folder the reader can reach (pytest's own are the test user's alone)."""
    if reader.kind != "another user":
        yield tmp_path
        return
    base = Path(tempfile.mkdtemp(prefix="techconsole-read-only-"))
    base.chmod(0o755)
    try:
        yield base
    finally:
        shutil.rmtree(base, ignore_errors=True)


def fill(url: str, reader_login: str) -> None:
    """The OS user as lead, the reader as a technician, a resolved job (RL-2026-0001 on
    2026-000001) and an open incident 2026-000002, "Stampante"."""
    db = Database(url)
    try:
        db.migrate()
        clock = FrozenClock(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
        ctx = Context(db, load("default"), me(), clock)
        team.add_technician(ctx, me(), "Tecnico di prova")
        if reader_login != me():
            team.add_technician(ctx, reader_login, "Chi legge")
        who = customer(ctx)
        whole_job(ctx, clock, who=who)
        intake.open_incident(ctx, intake.NewIncident(customer=who, subject="Stampante"))
    finally:
        db.dispose()


@pytest.fixture
def shared(reader: Reader, place: Path, migrated_template: Path) -> Iterator[Path]:
    folder = place / "team"
    folder.mkdir()
    path = folder / "techconsole.db"
    shutil.copyfile(migrated_template, path)
    fill(f"sqlite:///{path}", reader.login)
    try:
        yield path
    finally:
        reader.release(folder)


def as_reader(reader: Reader, place: Path, db: str, *args: str) -> subprocess.CompletedProcess[str]:
    return techconsole(*args, "--db", db, home=place, prefix=reader.prefix, login=reader.login)


def check_reads_and_refusals(
    run_each: Callable[[list[tuple[str, ...]]], list[subprocess.CompletedProcess[str]]],
) -> None:
    """Every read and every write of :data:`READS` and :data:`WRITES`, each in a process of
    its own (``run_each``: :func:`cli.processes.techconsole_each`), in that order."""
    done = run_each([*READS, *WRITES])
    assert len(done) == len(READS) + len(WRITES)
    for args, ran in zip(READS, done, strict=False):
        assert ran.returncode == 0, (args, ran.stdout, ran.stderr)
        assert "Traceback" not in ran.stderr
    shown = done[READS.index(("incident", "show", "2"))]
    assert "Stampante" in shown.stdout
    for args, refused in zip(WRITES, done[len(READS) :], strict=True):
        assert refused.returncode == 1, (args, refused.stdout, refused.stderr)
        said = refused.stderr.strip().splitlines()
        assert len(said) == 1 and said[0].endswith(REFUSED), (args, refused.stderr)


@pytest.mark.parametrize("folder_writable", [False, True], ids=["folder-read-only", "folder-ok"])
def test_a_reader_reads_everything_and_changes_nothing(reader, place, shared, folder_writable):
    folder = shared.parent
    reader.protect(folder, folder_writable=folder_writable)
    before, names = shared.read_bytes(), sorted(os.listdir(folder))
    check_reads_and_refusals(
        lambda commands: techconsole_each(
            [(*args, "--db", str(shared)) for args in commands],
            home=place,
            prefix=reader.prefix,
            login=reader.login,
        )
    )
    assert shared.read_bytes() == before
    assert sorted(os.listdir(folder)) == names  # no -wal, -shm or -journal left behind


#: a writer that changes a subject and keeps the database open (its -wal unmerged)
WRITER = """
import sys
from sqlalchemy import text
from techconsole.store.database import Database
db = Database(sys.argv[1])
with db.write() as session:
    session.execute(text("UPDATE incident SET subject = 'Cambiata dal writer' WHERE id = 2"))
with db.engine.connect() as connection:
    print("ready", flush=True)
    sys.stdin.read()
"""


def test_a_reader_sees_what_a_writer_still_holding_the_database_committed(reader, place, shared):
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(shared)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=environment(place),
    )
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
        assert Path(f"{shared}-wal").exists() and Path(f"{shared}-shm").exists()
        reader.protect(shared.parent)  # the -wal and -shm too
        shown, refused = techconsole_each(
            [
                ("incident", "show", "2", "--db", str(shared)),
                ("incident", "note", "2", "x", "--db", str(shared)),
            ],
            home=place,
            prefix=reader.prefix,
            login=reader.login,
        )
        assert shown.returncode == 0, shown.stderr
        assert "Cambiata dal writer" in shown.stdout
        assert refused.returncode == 1 and REFUSED in refused.stderr
    finally:
        writer.communicate("", timeout=60)


def test_an_empty_read_only_database_is_said_plainly(reader, place, shared):
    shared.write_bytes(b"")
    reader.protect(shared.parent)
    listed = as_reader(reader, place, str(shared), "incident", "list")
    assert listed.returncode == 1
    assert "the database is empty and read-only for you" in listed.stderr


# --- PostgreSQL ----------------------------------------------------------------------


@pytest.fixture
def select_only() -> Iterator[tuple[str, str]]:
    """A schema filled by its owner, and the URL of a role that may only SELECT in it."""
    if not PG_URL:
        pytest.skip(f"{PG_ENV} is not set: no PostgreSQL server to test against")
    with pg_schemas.schema(roles=1) as made:
        [role] = made.roles
        fill(made.url, me())
        made.grant(
            f'GRANT USAGE ON SCHEMA {{schema}} TO "{role}"',
            f'GRANT SELECT ON ALL TABLES IN SCHEMA {{schema}} TO "{role}"',
        )
        yield made.url, made.url_as(role)


def _counts(url: str) -> tuple[int, ...]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            tables = ("incident", "incident_event", "audit", "customer", "work_session")
            count = "SELECT count(*) FROM {}"
            return tuple(conn.execute(text(count.format(t))).scalar_one() for t in tables)
    finally:
        engine.dispose()


def test_a_postgresql_role_that_may_only_select(select_only, tmp_path):
    owner_url, reader_url = select_only
    before = _counts(owner_url)
    check_reads_and_refusals(
        lambda commands: techconsole_each(
            [(*args, "--db", reader_url) for args in commands], home=tmp_path
        )
    )
    assert _counts(owner_url) == before
