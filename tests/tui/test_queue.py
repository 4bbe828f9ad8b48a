"""The queue screen, driven with the pilot: order, countdowns, views, filter, sort, live."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from textual import events

from techconsole.i18n import set_language
from techconsole.services.context import Context
from techconsole.services.incidents import intake, ownership, queue, workflow
from techconsole.services.policies import load
from techconsole.services.views import QueueRow
from techconsole.tui.app import TechConsole
from techconsole.tui.queue import columns
from techconsole.tui.queue.screen import QueueScreen
from techconsole.tui.queue.table import QueueTable
from techconsole.tui.watch import DatabaseChanged

from .conftest import FrozenClock, keys, loaded, until

pytestmark = pytest.mark.asyncio


@pytest.fixture(autouse=True)
def _english(english: None) -> None:
    """These tests read the console's words in English (``language = "en"``); the
    Italian default has tests of its own."""


def cell(table, number: str, column: str) -> str:  # type: ignore[no-untyped-def]
    return str(table.get_cell(number, column).plain)


async def test_the_queue_shows_open_incidents_in_policy_order(
    make_app: Callable[..., TechConsole], ctx: Context
):
    expected = [row.number for row in queue.queue(ctx).rows]
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        table = await loaded(pilot)
        assert keys(table) == expected
        assert len(expected) == 24
        first = queue.queue(ctx).rows[0]
        assert cell(table, first.number, "customer") == first.customer
        assert table.cursor_row == 0
        where = str(app.screen.query_one("#where").render())
        assert "All open · 24 open" in where


async def test_the_queue_speaks_english_when_the_settings_say_so(
    make_app: Callable[..., TechConsole], ctx: Context, english: None
):
    """``language = "en"``: headings, status line, footer and countdown words in English."""
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        table = await loaded(pilot)
        where = str(app.screen.query_one("#where").render())
        assert "All open · 24 open" in where
        assert [c.label.plain for c in table.ordered_columns][:3] == ["Number", "Sev", "Customer"]
        descriptions = {b.binding.description for b in app.screen.active_bindings.values()}
        assert {"Filter", "New incident", "Quit", "Help"} <= descriptions
        statuses = {table.get_cell(row.number, "status").plain for row in table.rows_}
        assert statuses <= {"open", "in prog.", "waiting", "auth."}  # short: 120 columns
        await pilot.press("s")
        assert "by SLA ▲" in str(app.screen.query_one("#where").render())


async def test_the_queue_speaks_italian_by_default(
    make_app: Callable[..., TechConsole], ctx: Context
):
    set_language("it")  # the default (this module's tests speak English)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        table = await loaded(pilot)
        descriptions = {b.binding.description for b in app.screen.active_bindings.values()}
        assert {"Filtra", "Nuova richiesta", "Esci", "Aiuto"} <= descriptions
        statuses = {table.get_cell(row.number, "status").plain for row in table.rows_}
        assert statuses <= {"aperta", "in corso", "in attesa", "autor."}
        await pilot.press("s")
        assert "per SLA ▲" in str(app.screen.query_one("#where").render())
        where = str(app.screen.query_one("#where").render())
        assert where.startswith("Tutte aperte · 24 aperte")
        assert [c.label.plain for c in table.ordered_columns][:2] == ["Numero", "Grav"]


async def test_the_countdown_follows_the_clock(
    make_app: Callable[..., TechConsole], ctx: Context, clock: FrozenClock
):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        table = await loaded(pilot)
        running = next(r for r in table.rows_ if r.clock and r.clock.status.value == "ok")
        before = cell(table, running.number, "sla")
        assert before.startswith("● ") and before.endswith("m")
        clock.advance(minutes=7)
        table.tick()
        after = cell(table, running.number, "sla")
        assert after != before
        hours, minutes = (int(part[:-1]) for part in before[2:].split())
        left = hours * 60 + minutes - 7
        assert after == f"● {left // 60}h {left % 60:02d}m"


async def test_a_clock_that_runs_out_reads_breached(
    make_app: Callable[..., TechConsole], ctx: Context, clock: FrozenClock
):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        table = await loaded(pilot)
        running = next(r for r in table.rows_ if r.clock and r.clock.status.value == "ok")
        assert running.clock is not None and running.clock.due is not None
        clock.value = running.clock.due - timedelta(minutes=1)
        table.tick()
        assert cell(table, running.number, "sla") == "▲ 0h 01m"
        clock.value = running.clock.due + timedelta(minutes=12)
        table.tick()
        # due at closing time: overdue, by no business time yet
        assert cell(table, running.number, "sla").startswith("✖ −")


async def test_the_views_filter_the_queue(
    make_app: Callable[..., TechConsole], ctx: Context, english: None
):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        table = await loaded(pilot)
        for key, view in (("3", "unassigned"), ("4", "waiting"), ("5", "breached")):
            await pilot.press(key)
            table = await loaded(pilot)
            expected = [row.number for row in queue.queue(ctx, view=view).rows]
            assert keys(table) == expected, view
            assert table.query_.view == view
        unassigned = [r.number for r in queue.queue(ctx, view="unassigned").rows]
        assert unassigned and len(unassigned) < 24
        await pilot.press("2")
        table = await loaded(pilot)
        assert all(r.assignee == "anna" for r in table.rows_)
        await pilot.press("1")
        table = await loaded(pilot)
        assert len(keys(table)) == 24
        assert "All open" in str(app.screen.query_one("#where").render())


async def test_slash_filters_by_text_and_escape_clears_it(
    make_app: Callable[..., TechConsole], ctx: Context
):
    target = queue.queue(ctx).rows[5]
    word = target.customer.split()[0]
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await loaded(pilot)
        await pilot.press("slash")
        screen = app.screen
        assert isinstance(screen, QueueScreen)
        assert screen.filter_input.display and screen.filter_input.has_focus
        await pilot.press(*word)
        await pilot.press("enter")
        table = await loaded(pilot)
        assert table.query_.text == word
        assert keys(table) == [r.number for r in queue.queue(ctx, text=word).rows]
        assert target.number in keys(table) and len(keys(table)) < 24
        assert table.has_focus
        assert f"filter “{word}”" in str(screen.query_one("#where").render())
        await pilot.press("escape")
        table = await loaded(pilot)
        assert table.query_.text == "" and len(keys(table)) == 24
        assert not screen.filter_input.display


async def test_keys_typed_right_after_slash_go_to_the_filter(
    make_app: Callable[..., TechConsole], ctx: Context
):
    """A paste or a fast typist: "/", the word and Enter all queued before any is handled.
    The letters are the filter's, not the table's keys (g jumps, r refreshes), and the
    Enter applies the filter instead of opening the incident under the cursor."""
    word = "grrg"  # no customer or subject matches it
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        table = await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, QueueScreen)
        await pilot.press("j", "j")
        assert app._driver is not None
        for key, char in [("slash", "/"), *[(c, c) for c in word], ("enter", "\r")]:
            typed = events.Key(key, char)
            typed.set_sender(app)
            app._driver.send_message(typed)  # as the terminal sends them: all queued at once
        await until(pilot, lambda: table.query_.text == word)
        table = await loaded(pilot)
        assert screen.filter_input.value == word
        assert keys(table) == []
        assert app.screen is screen  # the Enter opened nothing
        await pilot.press("slash", "a", "slash", "b")  # the old text selected, then replaced:
        assert screen.filter_input.value == "a/b"  # a "/" in the filter is text


def sla_rank(row: QueueRow, clock: FrozenClock) -> tuple[int, timedelta]:
    """Breached first, then the least time left; paused, stopped (met or missed: nothing
    left to do against it) and no clock last."""
    state = columns.clock_of(row, load("default"), clock())
    order = {"breached": 0, "warning": 1, "ok": 2, "closed": 3, "paused": 4}
    order.update(met=5, missed=5, no_target=6)
    if state is None:
        return (len(order), timedelta(0))
    return (order[state.status.value], state.remaining or timedelta(0))


async def test_sorting_by_column_and_back_to_policy_order(
    make_app: Callable[..., TechConsole], ctx: Context, clock: FrozenClock
):
    policy_order = [row.number for row in queue.queue(ctx).rows]
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        table = await loaded(pilot)
        await pilot.press("s")
        assert table.sort_column == "sla"
        ranks = [sla_rank(row, clock) for row in table.rows_]
        assert ranks == sorted(ranks)
        assert "by SLA ▲" in str(app.screen.query_one("#where").render())
        await pilot.press("S")
        assert table.sort_reverse
        await pilot.press("s")
        assert table.sort_column == "age"
        arrivals = [row.arrived_at for row in table.rows_]
        assert arrivals == sorted(arrivals)  # the oldest first: the ages shrink down the list
        assert "▼" in str(app.screen.query_one("#where").render()).split("·")[-1]
        assert "▼" in table.columns["age"].label.plain
        await pilot.press("S")
        assert [row.arrived_at for row in table.rows_] == sorted(arrivals, reverse=True)
        assert "▲" in table.columns["age"].label.plain
        await pilot.press("S")
        while table.sort_column is not None:
            await pilot.press("s")
        assert keys(table) == policy_order


async def test_clicking_a_header_sorts_by_it(make_app: Callable[..., TechConsole]):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        table = await loaded(pilot)
        x = sum(c.width + columns.PAD for c in table.ordered_columns[:2]) + 2  # "Customer"
        await pilot.click(QueueTable, offset=(x, 0))
        assert table.sort_column == "customer" and not table.sort_reverse
        names = [row.customer.casefold() for row in table.rows_]
        assert names == sorted(names)
        await pilot.click(QueueTable, offset=(x, 0))
        assert table.sort_reverse
        assert str(table.ordered_columns[2].label) == "Customer ▼"
        await pilot.click(QueueTable, offset=(x, 0))
        assert table.sort_column is None


async def test_j_and_k_move_and_the_cursor_stays_when_another_process_adds_above(
    make_app: Callable[..., TechConsole], make_ctx: Callable[..., Context]
):
    app = make_app(watch_interval=0.05)
    async with app.run_test(size=(80, 24)) as pilot:
        table = await loaded(pilot)
        for _ in range(12):
            await pilot.press("j")
        await pilot.press("k")
        assert table.cursor_row == 11
        chosen = table.cursor_key()
        on_screen = table.cursor_row - round(table.scroll_y)
        # Another technician, in another process, opens an urgent incident for a contract
        # customer: it goes to the top of the queue.
        other = make_ctx("marco")
        top = table.rows_[0]
        added = intake.open_incident(
            other, intake.NewIncident(customer=top.customer, subject="URGENTE server fermo")
        )
        await until(pilot, lambda: added.number in keys(table))
        await pilot.pause()
        assert table.cursor_key() == chosen
        assert table.cursor_row == 12
        assert table.cursor_row - round(table.scroll_y) == on_screen


async def test_r_reloads_and_keeps_the_cursor(
    make_app: Callable[..., TechConsole], make_ctx: Callable[..., Context]
):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        table = await loaded(pilot)
        await pilot.press("j", "j", "j")
        chosen = table.cursor_key()
        other = make_ctx("marco")
        added = intake.open_incident(
            other,
            intake.NewIncident(customer=table.rows_[0].customer, subject="URGENTE rete giù"),
        )
        assert added.number not in keys(table)  # no watcher in this test: nothing yet
        await pilot.press("r")
        table = await loaded(pilot)
        assert added.number in keys(table)
        assert table.cursor_key() == chosen


async def test_enter_opens_the_incident(make_app: Callable[..., TechConsole], ctx: Context):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        table = await loaded(pilot)
        await pilot.press("j")
        number = table.cursor_key()
        assert number is not None
        await pilot.press("enter")
        await until(pilot, lambda: type(app.screen).__name__ == "IncidentScreen")
        screen = app.screen
        await until(pilot, lambda: getattr(screen, "detail", None) is not None)
        title = str(screen.query_one("#title").render())
        assert number in title
        await pilot.press("escape")
        assert isinstance(app.screen, QueueScreen)
        assert table.cursor_key() == number


async def test_a_change_under_an_open_incident_is_read_when_the_queue_shows_again(
    make_app: Callable[..., TechConsole], make_ctx: Callable[..., Context]
):
    """While an incident covers the queue, a change made elsewhere is not read for the
    hidden queue (the incident in front reads itself); going back reads it, once."""
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        table = await loaded(pilot)
        queue_screen = app.screen
        await pilot.press("enter")
        await until(pilot, lambda: type(app.screen).__name__ == "IncidentScreen")
        reloads: list[object] = []
        read = table.reload
        table.reload = lambda *args, **kwargs: (reloads.append(args), read(*args, **kwargs))[1]  # type: ignore[method-assign]
        added = intake.open_incident(
            make_ctx("marco"),
            intake.NewIncident(customer=table.rows_[0].customer, subject="URGENTE stampante"),
        )
        app.post_message(DatabaseChanged())  # what the change poller says
        await until(pilot, lambda: queue_screen._missed_change)
        assert reloads == []
        assert added.number not in keys(table)
        await pilot.press("escape")
        await until(pilot, lambda: added.number in keys(table))
        assert len(reloads) == 1
        assert not queue_screen._missed_change


async def test_a_change_that_leaves_the_page_as_it_is_redraws_nothing(
    make_app: Callable[..., TechConsole], make_ctx: Callable[..., Context], clock: FrozenClock
):
    """A note on an incident changes none of its columns: the page read again is the one
    shown, and the table is not rebuilt (a rebuild is most of a reload's cost), though
    its running clocks were read at another moment (the lines tick by themselves)."""
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        table = await loaded(pilot)
        assert table.page is not None
        assert any(row.clock and row.clock.remaining for row in table.page.rows)
        rebuilt: list[int] = []
        draw = table.show_rows
        table.show_rows = lambda rows: (rebuilt.append(len(rows)), draw(rows))[1]  # type: ignore[method-assign]
        clock.advance(minutes=3)
        workflow.note(make_ctx("marco"), table.rows_[0].number, "richiamato il cliente")
        before = table.answered
        app.post_message(DatabaseChanged())
        await until(pilot, lambda: table.answered > before)
        assert rebuilt == []
        free = next(
            row.number
            for row in reversed(table.rows_)
            if row.assignee is None and row.status in ("open", "in_progress")
        )
        claimed = ownership.claim(make_ctx("marco"), free)
        before = table.answered
        app.post_message(DatabaseChanged())
        await until(pilot, lambda: table.answered > before)
        assert rebuilt == [len(table.rows_)]
        assert claimed.assignee == "marco"


async def test_views_six_and_seven_are_at_risk_and_recent(
    make_app: Callable[..., TechConsole], ctx: Context
):
    """``6`` lists the lines in their warning band (▲), ``7`` what was resolved or closed
    in the last week; both as the service reads them, named on the tabs line."""
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await loaded(pilot)
        for key, view, title in (("6", "at_risk", "At risk"), ("7", "recent", "Recent")):
            await pilot.press(key)
            table = await loaded(pilot)
            expected = [row.number for row in queue.queue(ctx, view=view).rows]
            assert keys(table) == expected, view
            assert table.query_.view == view
            assert str(app.screen.query_one("#where").render()).startswith(title)
            tabs = str(app.screen.query_one("#views").render())
            assert f" {key} {title} " in tabs
        assert keys(table), "the demo has incidents resolved this week"
        assert {row.status for row in table.rows_} <= {"resolved", "closed"}
        total = queue.queue(ctx, view="recent").total
        assert f"Recent · {total} finished" in str(app.screen.query_one("#where").render())
        statuses = {table.get_cell(row.number, "status").plain for row in table.rows_}
        assert statuses <= {"resolved", "closed"}


async def test_a_click_on_a_tab_shows_that_view(make_app: Callable[..., TechConsole]):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await loaded(pilot)
        tabs = app.screen.query_one("#views")
        line = str(tabs.render())
        await pilot.click("#views", offset=(line.index("4 Waiting") + 2, 0))
        table = await loaded(pilot)
        assert table.query_.view == "waiting"
        assert " 4 Waiting " in str(tabs.render())


async def test_a_narrow_tabs_line_names_only_the_view_shown(make_app: Callable[..., TechConsole]):
    """The English names fit 80 columns; the Italian ones do not, and keep their keys."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        assert "7 Recent" in str(app.screen.query_one("#views").render())
    set_language("it")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("5")
        await loaded(pilot)
        tabs = str(app.screen.query_one("#views").render())
        assert " 5 Scadute " in tabs
        assert "Tutte aperte" not in tabs and "Recenti" not in tabs
        assert [key for key in "1234567" if key in tabs] == list("1234567")


async def test_y_and_capital_y_copy_the_number_and_the_subject(
    make_app: Callable[..., TechConsole], ctx: Context
):
    """Over OSC 52, so over SSH too: the terminal's clipboard gets the text."""
    first = queue.queue(ctx).rows[0]
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await loaded(pilot)
        await pilot.press("y")
        assert app.clipboard == first.number
        await pilot.press("Y")
        assert app.clipboard == first.subject
        await pilot.press("enter")
        await until(pilot, lambda: app.screen.__class__.__name__ == "IncidentScreen")
        await until(pilot, lambda: getattr(app.screen, "detail", None) is not None)
        app.copy_to_clipboard("")
        await pilot.press("y")
        assert app.clipboard == first.number


async def test_w_on_a_recent_incident_opens_its_work_report(make_app: Callable[..., TechConsole]):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await loaded(pilot)
        await pilot.press("7")
        table = await loaded(pilot)
        number = table.rows_[0].number
        await pilot.press("w")
        await until(pilot, lambda: app.screen.__class__.__name__ == "ReportScreen")
        assert app.screen.number == number  # type: ignore[attr-defined]
