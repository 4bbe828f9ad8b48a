"""Several incidents in one step: ``space`` marks queue lines, ``C`` claims them, ``A``
assigns them (leads), ``P`` pauses them; a refusal for one does not stop the others."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.widgets import Input, Select

from techconsole.services.context import Context
from techconsole.services.incidents import ownership, queue
from techconsole.services.incidents import reading as incidents
from techconsole.tui.app import TechConsole

from .conftest import keys, loaded, until

pytestmark = pytest.mark.asyncio


@pytest.fixture(autouse=True)
def _english(english: None) -> None:
    """The toasts are read in English here."""


async def _marked(pilot, count: int) -> list[str]:  # type: ignore[no-untyped-def]
    """Mark the first ``count`` lines of the unassigned view; their numbers."""
    await pilot.press("3")
    table = await loaded(pilot)
    numbers = keys(table)[:count]
    for _ in numbers:
        await pilot.press("space")
    assert table.marked == set(numbers)
    return numbers


async def test_space_marks_and_c_claims_the_marked_refusing_one_taken_meanwhile(
    make_app: Callable[..., TechConsole], ctx: Context, make_ctx: Callable[..., Context]
):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await loaded(pilot)
        numbers = await _marked(pilot, 3)
        ownership.claim(make_ctx("marco"), numbers[1])  # another process, meanwhile
        said: list[tuple[str, str]] = []
        notify = app.notify

        def noted(message: str, **kwargs: object) -> None:
            said.append((str(kwargs.get("title", "")), message))
            notify(message, **kwargs)  # type: ignore[arg-type]

        app.notify = noted  # type: ignore[method-assign]
        await pilot.press("C")
        await until(pilot, lambda: any("done" in m for _t, m in said))
        assert incidents.show(ctx, numbers[0]).incident.assignee == "anna"
        assert incidents.show(ctx, numbers[2]).incident.assignee == "anna"
        assert incidents.show(ctx, numbers[1]).incident.assignee == "marco"
        title, message = next((t, m) for t, m in said if "done" in m)
        assert title == "Claim" and message.startswith("2 done")
        assert f"{numbers[1]}: " in message  # why not that one


async def test_a_lead_assigns_the_marked_to_a_technician(
    make_app: Callable[..., TechConsole], ctx: Context
):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await loaded(pilot)
        await until(pilot, lambda: app.me is not None)
        numbers = await _marked(pilot, 2)
        await pilot.press("A")
        await until(pilot, lambda: app.screen.__class__.__name__ == "AssignDialog")
        who = app.screen.query_one("#who", Select)
        await until(pilot, lambda: len(who._options) > 1)
        who.value = "sara"
        await pilot.press("ctrl+s")
        await until(
            pilot,
            lambda: all(incidents.show(ctx, n).incident.assignee == "sara" for n in numbers),
        )


async def test_p_pauses_the_marked_with_the_reason(
    make_app: Callable[..., TechConsole], ctx: Context
):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await loaded(pilot)
        numbers = await _marked(pilot, 2)
        await pilot.press("P")
        await until(pilot, lambda: app.screen.__class__.__name__ == "TextDialog")
        app.screen.query_one(Input).value = "la password del server"
        await pilot.press("ctrl+s")
        await until(
            pilot,
            lambda: all(incidents.show(ctx, n).incident.status == "waiting" for n in numbers),
        )
        waiting = [r.number for r in queue.queue(ctx, view="waiting", limit=500).rows]
        assert set(numbers) <= set(waiting)


async def test_space_again_unmarks_and_without_marks_c_claims_the_line_under_the_cursor(
    make_app: Callable[..., TechConsole], ctx: Context
):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("3")
        table = await loaded(pilot)
        second = keys(table)[1]
        await pilot.press("space")
        await pilot.press("k", "space")  # unmarked; the cursor on the next line again
        assert table.marked == set()
        await pilot.press("C")
        await until(pilot, lambda: incidents.show(ctx, second).incident.assignee == "anna")
