"""The console's signals: a database change and a timer start or stop reach every screen
and bar subscribed to them, the ones under the screen in sight too.

The queue stays under an open incident screen; each has its timer bar.  Without a change
poller (``watch_interval=None``) nothing but the signal can tell them.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Static

from techconsole.services.context import Context
from techconsole.services.incidents import intake, workflow
from techconsole.services.incidents import queue as queue_service
from techconsole.services.work import timer
from techconsole.tui.app import TechConsole
from techconsole.tui.incident.screen import IncidentScreen
from techconsole.tui.queue.screen import QueueScreen
from techconsole.tui.signals import TimerChange
from techconsole.tui.timer.bar import TimerBar

from .conftest import FrozenClock, keys, loaded, until

pytestmark = pytest.mark.asyncio
RUNNING = "a timer is still running"


@pytest.fixture(autouse=True)
def _english(english: None) -> None:
    """These tests read the timer bar's words in English (``language = "en"``); the
    Italian default is in the snapshots and the timer text's Italian test."""


def work_of(screen: IncidentScreen) -> str:
    shown = Console(width=120, record=True, file=io.StringIO())
    shown.print(screen.query_one("#work", Static).content)
    return shown.export_text()


async def queue_then_incident(
    pilot: Pilot[Any], ctx: Context
) -> tuple[QueueScreen, IncidentScreen]:
    """The queue read, then an incident nobody works on opened over it; both bars read."""
    app = pilot.app
    assert isinstance(app, TechConsole)
    table = await loaded(pilot)
    queue = app.screen
    assert isinstance(queue, QueueScreen)
    number = next(n for n in keys(table) if not running_on(ctx, n))
    app.push_screen(IncidentScreen(app.ctx, number))
    await until(pilot, lambda: isinstance(app.screen, IncidentScreen))
    incident = app.screen
    assert isinstance(incident, IncidentScreen)
    await until(
        pilot,
        lambda: (
            incident.work is not None
            and all(bar.loaded for bar in bars(queue, incident))
            and len(bars(queue, incident)) == 2
        ),
    )
    return queue, incident


def running_on(ctx: Context, number: str) -> bool:
    sessions = timer.sessions(ctx, incident=number, everyone=True)
    return any(s.ended_at is None for s in sessions)


def bars(*screens: Any) -> list[TimerBar]:
    return [bar for screen in screens for bar in screen.query(TimerBar)]


@pytest.mark.parametrize("told_by", ["signal", "poller"])
async def test_a_change_made_elsewhere_reaches_every_subscribed_screen(
    make_app: Callable[..., TechConsole], make_ctx: Callable[..., Context], told_by: str
):
    app = make_app(watch_interval=0.05 if told_by == "poller" else None)
    marco, anna_elsewhere = make_ctx("marco"), make_ctx("anna")
    assert timer.status(anna_elsewhere) is None
    async with app.run_test(size=(120, 36)) as pilot:
        queue, incident = await queue_then_incident(pilot, anna_elsewhere)
        number, table = incident.number, queue.table
        assert incident.detail is not None
        events = len(incident.detail.timeline)
        # another program: a note on the open incident, a new incident, anna's timer
        workflow.note(marco, number, "richiamato il cliente")
        customer = queue_service.queue(marco).rows[0].customer
        added = intake.open_incident(
            marco, intake.NewIncident(customer=customer, subject="URGENTE stampante ferma")
        )
        timer.start(anna_elsewhere, number)
        if told_by == "signal":
            app.database_changed_signal.publish(None)

        def everyone_read_again() -> bool:
            detail = incident.detail
            return (
                detail is not None
                and len(detail.timeline) > events
                and RUNNING in work_of(incident)
                # the queue, under the incident, notes it and reads once shown again
                and queue._missed_change
                and all(bar.session is not None for bar in bars(queue, incident))
            )

        await until(pilot, everyone_read_again)
        assert app.screen is incident
        assert {bar.session.incident for bar in bars(queue, incident) if bar.session} == {number}
        assert added.number not in keys(table)
        await pilot.press("escape")
        await until(pilot, lambda: added.number in keys(table))


async def test_the_timer_key_reaches_every_bar_and_the_work_section(
    make_app: Callable[..., TechConsole], ctx: Context, clock: FrozenClock
):
    app = make_app()  # no poller: the timer signal alone tells the others
    assert timer.status(ctx) is None
    async with app.run_test(size=(120, 36)) as pilot:
        queue, incident = await queue_then_incident(pilot, ctx)
        number = incident.number
        changes: list[TimerChange] = []
        app.timer_changed_signal.subscribe(app, changes.append)
        assert RUNNING not in work_of(incident)

        await pilot.press("T")  # start on the open incident
        await until(
            pilot,
            lambda: (
                RUNNING in work_of(incident)
                and all(bar.session is not None for bar in bars(queue, incident))
            ),
        )
        assert [(c.session.incident, c.started) for c in changes] == [(number, True)]
        assert all(bar.session == changes[0].session for bar in bars(queue, incident))
        assert "starts it" not in queue.query_one(TimerBar).text

        clock.advance(minutes=5)  # past the grace time: stopped without a question
        await pilot.press("T")  # and stop it
        await until(
            pilot,
            lambda: (
                RUNNING not in work_of(incident)
                and all(bar.session is None for bar in bars(queue, incident))
            ),
        )
        assert [(c.session.incident, c.started) for c in changes] == [
            (number, True),
            (number, False),
        ]
        assert queue.query_one(TimerBar).text.endswith("T starts it on the highlighted incident")
    assert timer.status(ctx) is None


async def test_a_published_timer_change_is_shown_by_every_bar_and_the_incident(
    make_app: Callable[..., TechConsole], make_ctx: Callable[..., Context]
):
    app = make_app()
    elsewhere = make_ctx("anna")
    async with app.run_test(size=(120, 36)) as pilot:
        queue, incident = await queue_then_incident(pilot, elsewhere)
        started = timer.start(elsewhere, incident.number)  # nothing tells the console…
        app.timer_changed_signal.publish(TimerChange(started, started=True))  # …but this
        await until(
            pilot,
            lambda: (
                RUNNING in work_of(incident)
                and all(bar.session == started for bar in bars(queue, incident))
            ),
        )
