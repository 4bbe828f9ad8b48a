"""On PostgreSQL too, the console paints first and opens its database in a thread: a
first look with psycopg alone (``store.peek_pg``) found nothing to say before the UI."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import pg_schemas
from techconsole import settings
from techconsole.services.customers import registry as customers
from techconsole.services.incidents import intake
from techconsole.services.setup import open_context
from techconsole.tui import launch
from techconsole.tui.app import TechConsole
from techconsole.tui.queue.screen import QueueScreen

from .conftest import until


@pytest.fixture(autouse=True)
def _english(english: None) -> None:
    """The shell's words are read in English here."""


@pytest.fixture
def url(os_user: Callable[[str], None]) -> Iterator[str]:
    """A schema of the newest version: anna, its first lead, and one incident."""
    if not pg_schemas.PG_URL:
        pytest.skip(pg_schemas.NO_SERVER)
    with pg_schemas.schema("tc_shell") as made:
        os_user("anna")
        ctx = open_context(database=made.url)
        customer = customers.add_customer(ctx, customers.NewCustomer("Ottica Esempio"))
        intake.open_incident(ctx, intake.NewIncident(customer.id, "Stampante ferma"))
        ctx.db.dispose()
        yield made.url


@pytest.mark.asyncio
async def test_the_shell_comes_first_then_the_rows(url: str):
    cache: Path = settings.load().policy_cache
    earlier = launch.prepare_console(launch.ConsoleOptions(database=url, policy_cache=cache))
    assert isinstance(earlier, TechConsole) and earlier.is_open  # the policy not kept yet
    launch.dispose(earlier)
    app = launch.prepare_console(launch.ConsoleOptions(database=url, policy_cache=cache))
    assert isinstance(app, TechConsole)
    assert not app.is_open  # nothing to say before the UI: it opens the database itself
    assert app.opening is not None and app.opening.actor == "anna"
    try:
        async with app.run_test(size=(120, 36)) as pilot:
            screen = app.screen
            assert isinstance(screen, QueueScreen)
            table = screen.table
            await until(pilot, lambda: table.page is not None and table.row_count == 1)
            assert app.is_open
            assert [row.subject for row in table.page.rows] == ["Stampante ferma"]
    finally:
        launch.dispose(app)
