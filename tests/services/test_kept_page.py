"""The first page read with sqlite3 alone, from the statements the queue kept (issue 15).

Whatever the view kept, the policy's order, who reads "mine": the page read from the kept
statements is the page the queue service reads, row for row, clock for clock.  Anything
unsure (nothing kept, another policy's order, an older schema, a row without a clock log,
a stranger, a file another user could write) reads nothing, and the usual read follows.
On PostgreSQL nothing is kept.  Reading imports none of the database's libraries.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path

import pytest

from techconsole import demo
from techconsole.services.context import Context
from techconsole.services.incidents import kept_page, queue
from techconsole.services.team import members as team
from techconsole.services.views import QueuePage, QueueRow

from .conftest import BACKENDS, FrozenClock

LIMIT = 200


def path_of(ctx: Context) -> Path:
    return Path(str(ctx.db.engine.url.database))


def same(got: QueuePage | None, expected: QueuePage) -> bool:
    """The same page, and every field of every line of the same type (``1 == True``)."""
    assert got is not None
    for line, wanted in zip(got.rows, expected.rows, strict=True):
        for field in fields(QueueRow):
            name = field.name
            assert type(getattr(line, name)) is type(getattr(wanted, name)), name
    return got == expected


def read(folder: Path, ctx: Context, view: str, limit: int = LIMIT) -> QueuePage | None:
    return kept_page.read(
        folder, path_of(ctx), ctx.policy, ctx.actor, view, limit, 5_000, now=ctx.now()
    )


#: the statements are kept for SQLite files only (PostgreSQL: its own test)
SQLITE = pytest.mark.parametrize("backend", ["sqlite"])


@pytest.fixture
def demo_ctx(make_ctx: Callable[..., Context]) -> Callable[..., Context]:
    """A demo of 300 incidents; ``make(actor, policy)`` a context on it."""
    demo.generate(make_ctx("anna"), seed=7, reports=False)
    return make_ctx


@SQLITE
@pytest.mark.parametrize("policy", ["default", "istes"])  # istes: a priority category first
def test_each_kept_view_reads_the_page_the_queue_reads(
    demo_ctx: Callable[..., Context], tmp_path: Path, clock: FrozenClock, policy: str
):
    folder = tmp_path / "pages"
    lead = demo_ctx("anna", policy)
    logins = [t.login for t in team.list_technicians(lead)]
    assert len(logins) > 2
    for view in sorted(kept_page.KEPT_VIEWS):
        assert read(folder, lead, view) is None  # nothing kept yet
        for login in logins if view == "mine" else ["anna"]:
            ctx = demo_ctx(login, policy)
            assert kept_page.remember(ctx, folder, view, LIMIT)  # mine: kept once for all
            for _later in range(3):  # the clocks as they stand at each moment
                expected = queue.queue(ctx, view=view, limit=LIMIT)
                assert same(read(folder, ctx, view), expected), (view, login)
                clock.advance(hours=5, minutes=7)
    assert len(list(folder.iterdir())) == len(kept_page.KEPT_VIEWS)  # one for each view
    assert any(queue.queue(demo_ctx(login), view="mine").rows for login in logins)


@SQLITE
def test_a_short_page_and_a_long_one_are_kept_apart(
    demo_ctx: Callable[..., Context], tmp_path: Path
):
    ctx, folder = demo_ctx("anna"), tmp_path / "pages"
    kept_page.remember(ctx, folder, "all", 7)
    assert read(folder, ctx, "all") is None  # kept for 7 lines, not for 200
    page = read(folder, ctx, "all", 7)
    assert same(page, queue.queue(ctx, limit=7))
    assert page is not None and len(page.rows) == 7 and page.total > 7


@SQLITE
def test_anything_unsure_reads_nothing(demo_ctx: Callable[..., Context], tmp_path: Path):
    ctx, folder = demo_ctx("anna"), tmp_path / "pages"
    assert kept_page.remember(ctx, folder, "all", LIMIT)
    assert read(folder, ctx, "all") is not None
    assert not kept_page.remember(ctx, folder, "breached", LIMIT)  # depends on the time
    assert not kept_page.remember(ctx, None, "all", LIMIT)
    assert read(None, ctx, "all") is None
    # another policy's queue order: its own entry, none kept
    assert read(folder, demo_ctx("anna", "istes"), "all") is None
    # a stranger, or someone who left
    assert read(folder, demo_ctx("nobody"), "all") is None
    with sqlite3.connect(path_of(ctx)) as connection:
        connection.execute("UPDATE technician SET active = 0 WHERE login = 'anna'")
    connection.close()
    assert read(folder, ctx, "all") is None
    with sqlite3.connect(path_of(ctx)) as connection:
        connection.execute("UPDATE technician SET active = 1 WHERE login = 'anna'")
        first = queue.queue(ctx).rows[0].id
        connection.execute("UPDATE incident SET clock_log = NULL WHERE id = ?", (first,))
    connection.close()
    assert read(folder, ctx, "all") is None  # its clocks come from its timeline
    with sqlite3.connect(path_of(ctx)) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'older'")
    connection.close()
    assert read(folder, ctx, "all") is None


@SQLITE
def test_an_entry_someone_else_could_write_or_a_broken_one_is_not_read(
    demo_ctx: Callable[..., Context], tmp_path: Path
):
    ctx, folder = demo_ctx("anna"), tmp_path / "pages"
    kept_page.remember(ctx, folder, "all", LIMIT)
    (entry,) = folder.iterdir()
    assert entry.stat().st_mode & 0o777 == 0o600 and folder.stat().st_mode & 0o777 == 0o700
    entry.chmod(0o620)
    assert read(folder, ctx, "all") is None
    entry.chmod(0o600)
    kept = json.loads(entry.read_text())
    kept["page"][0] = kept["page"][0].replace("FROM incident", "FROM no_such_table")
    entry.write_text(json.dumps(kept))
    assert read(folder, ctx, "all") is None
    entry.write_text("{not json")
    assert read(folder, ctx, "all") is None
    assert kept_page.remember(ctx, folder, "all", LIMIT)  # held: not written again
    assert read(folder, ctx, "all") is None


@pytest.mark.parametrize("backend", [BACKENDS[1]])
def test_nothing_is_kept_for_postgresql(make_ctx: Callable[..., Context], tmp_path: Path):
    ctx = make_ctx("anna")
    team.add_technician(ctx, "anna", "Anna Rossi")
    assert not kept_page.remember(ctx, tmp_path / "pages", "all", LIMIT)
    assert not (tmp_path / "pages").exists()


PROBE = """
import json, sys
from datetime import UTC, datetime
from pathlib import Path
from techconsole.services import policies
from techconsole.services.incidents import kept_page
policy = policies.load(None)
page = kept_page.read(Path(sys.argv[1]), Path(sys.argv[2]), policy, "anna", "all", 200, 5000)
names = ("sqlalchemy", "sqlmodel", "alembic", "techconsole.store.models")
heavy = [name for name in names if name in sys.modules]
print(json.dumps({"rows": len(page.rows) if page else None, "heavy": heavy}))
"""


@SQLITE
def test_reading_imports_none_of_the_database_libraries(
    demo_ctx: Callable[..., Context], tmp_path: Path
):
    ctx, folder = demo_ctx("anna"), tmp_path / "pages"
    kept_page.remember(ctx, folder, "all", LIMIT)
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(folder), str(path_of(ctx))],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        timeout=120,
        check=True,
    )
    seen = json.loads(done.stdout.splitlines()[-1])
    assert seen == {"rows": len(queue.queue(ctx).rows), "heavy": []}
