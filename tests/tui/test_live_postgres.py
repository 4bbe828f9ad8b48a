"""The console on PostgreSQL: another process's change reaches it through LISTEN/NOTIFY.

Runs when TECHCONSOLE_TEST_PG_URL points at a server (``.ci/run`` sets it), in a schema
of its own; skipped otherwise, with that reason.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pg_schemas import PG_ENV, PG_URL, schema
from techconsole import demo
from techconsole.services.context import Context
from techconsole.services.incidents import intake
from techconsole.services.policies import load
from techconsole.store.database import Database
from techconsole.tui.app import TechConsole

from .conftest import FrozenClock, keys, loaded, until

pytestmark = [
    pytest.mark.asyncio,
    pytest.mark.skipif(
        not PG_URL, reason=f"{PG_ENV} is not set: no PostgreSQL server to test against"
    ),
]


@pytest.fixture
def pg_url() -> Iterator[str]:
    with schema() as made:
        yield made.url


async def test_an_incident_added_elsewhere_appears_through_listen_notify(pg_url: str):
    clock = FrozenClock()
    here, there = Database(pg_url), Database(pg_url)
    try:
        here.migrate()
        ctx = Context(here, load("default"), "anna", clock)
        demo.generate(ctx, incidents=40, seed=3)
        app = TechConsole(ctx, watch_interval=0.1)
        async with app.run_test(size=(120, 36)) as pilot:
            table = await loaded(pilot)
            before = keys(table)
            other = Context(there, load("default"), "anna", clock)
            customer = table.rows_[0].customer
            added = intake.open_incident(
                other, intake.NewIncident(customer=customer, subject="Server fermo")
            )
            assert added.number not in before
            await until(pilot, lambda: added.number in keys(table))
    finally:
        here.dispose()
        there.dispose()
