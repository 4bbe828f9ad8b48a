"""Queue columns without a screen: widths at 80 and 120 columns, words, sorting, text."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from rich.text import Text
from textual.widgets.data_table import ColumnKey

from techconsole.services.context import Context
from techconsole.services.incidents import intake, queue
from techconsole.tui.app import TechConsole
from techconsole.tui.queue import columns
from techconsole.tui.widgets.text import cell, database_name, plain

from .conftest import FrozenClock, keys, loaded


def lines(ctx: Context, *, short: bool) -> list[dict[str, Text]]:
    now = ctx.now()
    return [
        columns.cells(row, columns.clock_of(row, ctx.policy, now), ctx.policy, now, short=short)
        for row in queue.queue(ctx).rows
    ]


@pytest.mark.parametrize("width", [80, 100, 120, 160, 240])
def test_the_columns_fit_the_terminal(ctx: Context, width: int):
    short = width < columns.WIDE
    layout = columns.layout(width - 1, lines(ctx, short=short))
    shown = [column.key for column in layout]
    assert sum(column.width + columns.PAD for column in layout) <= width - 1
    for always in ("number", "severity", "subject", "assignee", "sla"):
        assert always in shown
    widths = {column.key: column.width for column in layout}
    assert widths["subject"] >= columns.FLEX_MIN["subject"]
    # what goes, goes in the layout's order (the loaner PC's shows only when a line has
    # one due); at 160 columns, nothing (at 120 the plan goes when a clock stopped late
    # says so: "✗ in ritardo 1h 35m", 19 cells)
    dropped = {key for key in columns.ORDER if key not in shown and key not in columns.OPTIONAL}
    order = [key for key in columns.DROP_ORDER if key not in columns.OPTIONAL]
    assert dropped == set(order[: len(dropped)])
    if width >= 160:
        assert shown == [key for key in columns.ORDER if key not in columns.OPTIONAL]


def test_a_narrow_terminal_drops_plan_age_and_status_first_and_keeps_the_assignee(ctx: Context):
    """The assignee is the key column of a shared queue: the last to go."""
    layout = columns.layout(79, lines(ctx, short=True))
    assert [c.key for c in layout] == [
        "number",
        "severity",
        "customer",
        "subject",
        "assignee",
        "sla",
    ]
    assert columns.DROP_ORDER[-1] == "assignee"


@pytest.mark.parametrize("sla", ["◌ apre lun 09:00", "◌ apre domani 09:00", "✗ in ritardo 10h 47m"])
def test_a_wide_countdown_narrows_the_customer_not_the_assignee(ctx: Context, sla: str):
    """Out of hours every countdown says when they open ("◌ apre domani 09:00", 19 cells),
    and a clock stopped late "✗ in ritardo 10h 47m": at 80 columns the queue dropped the
    assignee and kept the customer.  The customer narrows, then goes, first."""
    wide = [{**line, "sla": Text(sla)} for line in lines(ctx, short=True)]
    layout = columns.layout(79, wide)
    shown = {column.key: column.width for column in layout}
    assert "assignee" in shown and "subject" in shown and "number" in shown
    assert sum(width + columns.PAD for width in shown.values()) <= 79
    assert shown["sla"] >= len(sla) and shown["subject"] >= columns.SUBJECT_LEAST
    if "customer" in shown:
        assert shown["customer"] >= columns.CUSTOMER_LEAST


def test_every_countdown_fits_its_column(ctx: Context):
    for line in lines(ctx, short=True):
        assert line["sla"].cell_len <= max(columns.SLA_WIDTH, 19)
    layout = columns.layout(79, lines(ctx, short=True))
    sla = next(c for c in layout if c.key == "sla")
    assert sla.width >= max(line["sla"].cell_len for line in lines(ctx, short=True))


def test_status_words_in_italian():
    assert columns.status_word("awaiting_authorisation", short=False) == "attesa autor."
    assert columns.status_word("in_progress", short=False) == "in lavorazione"
    assert columns.status_word("open", short=True) == "aperta"
    assert columns.status_word("reopened_later", short=True) == "reopened later"  # unknown
    assert [c.label for c in columns.layout(200, [])][:3] == ["Numero", "Grav", "Cliente"]


def test_status_words(english: None):
    assert columns.status_word("awaiting_authorisation", short=False) == "awaiting auth."
    assert columns.status_word("awaiting_authorisation", short=True) == "auth."
    assert columns.status_word("in_progress", short=True) == "in prog."
    assert columns.status_word("open", short=True) == "open"


def test_the_sort_cycle_goes_through_the_shown_columns_and_back():
    shown = ["number", "severity", "subject", "status", "sla"]
    seen, current = [], None
    for _ in range(10):
        current = columns.next_sort(current, shown)
        seen.append(current)
        if current is None:
            break
    assert seen == ["sla", "severity", "status", "number", None]


def test_customer_text_is_never_markup_nor_escapes():
    text = cell("[bold]Rossi[/bold]\x1b[31m S.r.l.\nseconda riga")
    assert text.plain == "[bold]Rossi[/bold] S.r.l. seconda riga"
    assert not text.spans
    assert plain("a\tb\x07c") == "a bc"


def test_database_names():
    assert database_name("sqlite:////var/lib/tc/techconsole.db") == "techconsole.db"
    assert database_name("postgresql+psycopg://tc:***@db.lan:5432/tc?x=1") == "db.lan:5432/tc"


@pytest.mark.asyncio
async def test_a_countdown_that_grows_widens_its_column(
    make_app: Callable[..., TechConsole], make_ctx: Callable[..., Context], clock: FrozenClock
):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        table = await loaded(pilot)
        before = table.columns[ColumnKey("sla")].width
        basic = next(row for row in table.rows_ if row.contract and row.plan == "basic")
        clock.value = datetime(2026, 11, 23, 16, 55, tzinfo=UTC)  # 17:55 in Rome
        added = intake.open_incident(
            make_ctx("marco"), intake.NewIncident(customer=basic.customer, subject="Rete lenta")
        )
        await pilot.press("r")
        table = await loaded(pilot)
        table.move_cursor(row=keys(table).index(added.number))
        await pilot.pause()
        clock.value = datetime(2026, 11, 23, 18, 0, tzinfo=UTC)  # 19:00: offices closed
        table.tick()
        await pilot.pause()
        text = table.get_cell(added.number, "sla").plain
        assert text == "◌ apre domani 09:00"  # Monday evening: opens Tuesday
        width = table.columns[ColumnKey("sla")].width
        assert width >= len(text) and width >= before
        assert sum(c.width + columns.PAD for c in table.ordered_columns) <= 79
        assert table.cursor_key() == added.number
