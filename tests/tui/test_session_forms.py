"""``S`` and ``W`` on the incident screen: a work session corrected, past work recorded.
Each refusal of the timer service is said in the form, next to the field it is about;
the form stays open with what was typed and nothing is saved.  Saved, a toast says so
and the work section shows it."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest
from rich.console import Console
from sqlalchemy import text
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static

from techconsole.services.context import Context
from techconsole.services.incidents import intake, queue
from techconsole.services.work import months, timer
from techconsole.tui.app import TechConsole
from techconsole.tui.help import HelpScreen
from techconsole.tui.incident import sessions
from techconsole.tui.incident.screen import IncidentScreen
from techconsole.tui.incident.session_form import SessionForm
from techconsole.tui.incident.sessions import AddSessionDialog, EditSessionDialog
from techconsole.tui.widgets.form_fields import Tick

from .conftest import FrozenClock, loaded, until
from .test_incident_actions import toasts

pytestmark = pytest.mark.asyncio

#: anna's, in progress, arrived Monday 23/11/2026 at 03:54 in Rome (the demo, seed 7)
MONDAY = "2026-000296"
#: anna's, in progress, arrived Sunday 22/11/2026 at 05:13 in Rome
SUNDAY = "2026-000291"
#: closed in October: anna worked on it on 13/10 (session 16)
OCTOBER = "2026-000011"


@pytest.fixture(autouse=True)
def _english(english: None) -> None:
    """The forms' and the services' words are read in English here."""


@pytest.fixture(autouse=True)
def _toasts_stay(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(TechConsole, "NOTIFICATION_TIMEOUT", 600)


async def incident(pilot: Pilot[Any], number: str) -> IncidentScreen:
    """The incident ``number`` open and read, who you are known."""
    app = pilot.app
    assert isinstance(app, TechConsole)
    await loaded(pilot)
    await until(pilot, lambda: app.me is not None)
    app.push_screen(IncidentScreen(app.ctx, number))
    await until(pilot, lambda: isinstance(app.screen, IncidentScreen))
    screen = app.screen
    assert isinstance(screen, IncidentScreen)
    await until(pilot, lambda: screen.work is not None)
    return screen


async def form(pilot: Pilot[Any], key: str, kind: type[SessionForm]) -> Any:
    await pilot.press(key)
    await until(pilot, lambda: isinstance(pilot.app.screen, kind))
    await pilot.pause()
    return pilot.app.screen


def fill(dialog: SessionForm, **values: str) -> None:
    for name, value in values.items():
        dialog.query_one(f"#{name}", Input).value = value


async def refused_at(pilot: Pilot[Any], dialog: SessionForm, field: str) -> str:
    """Submit; the words of the refusal said under ``field`` (the form still open)."""
    await pilot.press("ctrl+s")
    note = dialog.query_one(f"#{field}-note", Static)
    await until(pilot, lambda: not dialog.saving and note.has_class("-error"))
    assert pilot.app.screen is dialog  # still open
    return str(note.content)


def work_text(screen: IncidentScreen) -> str:
    shown = Console(width=160, record=True, file=io.StringIO())
    shown.print(screen.query_one("#work", Static).content)
    return shown.export_text()


def rows(ctx: Context) -> list[tuple[Any, ...]]:
    with ctx.db.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text("SELECT * FROM work_session ORDER BY id"))]


# --- recording past work ------------------------------------------------------------------


async def test_past_work_is_recorded_and_the_bill_follows(
    make_app: Callable[..., TechConsole], ctx: Context
):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await incident(pilot, MONDAY)
        assert "no work recorded yet" in work_text(screen)
        dialog = await form(pilot, "W", AddSessionDialog)
        await pilot.press(*"8:00", "tab", "tab", *"1h30")
        duration = dialog.query_one("#duration-note", Static)
        await until(pilot, lambda: "until Mon 23/11/2026 09:30" in str(duration.content))
        fill(dialog, note="Cartelle condivise ricollegate")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is screen)
        (added,) = timer.sessions(ctx, incident=MONDAY)
        assert (added.technician, added.kind) == ("anna", "remote")
        assert added.note == "Cartelle condivise ricollegate"
        assert f"{added.started_at.astimezone(ctx.policy.zone):%H:%M}" == "08:00"
        assert f"{added.ended_at.astimezone(ctx.policy.zone):%H:%M}" == "09:30"  # type: ignore[union-attr]
        said = [(t, m) for t, m, _s in toasts(app) if t == "Work recorded"]
        assert said and f"on {MONDAY}: 23/11 08:00–09:30 · 1h 30m · 5 scatti" in said[0][1]
        assert "free of charge" not in said[0][1]  # billed: a free incident's work says so
        free = sessions.said(replace(added, free=True), ctx)
        assert free.endswith("5 scatti · 200,00\xa0€ free of charge")
        await until(pilot, lambda: "Cartelle condivise ricollegate" in work_text(screen))
        assert "5 scatti" in work_text(screen)


async def test_a_start_before_the_arrival_is_said_under_the_start(
    make_app: Callable[..., TechConsole], ctx: Context
):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await incident(pilot, MONDAY)
        dialog = await form(pilot, "W", AddSessionDialog)
        before = rows(ctx)
        fill(dialog, start="ieri alle 17", end="18:00")
        said = await refused_at(pilot, dialog, "start")
        assert f"start 22/11/2026 17:00 is before {MONDAY} arrived (23/11/2026 03:54)" in said
        assert dialog.query_one("#start", Input).value == "ieri alle 17"  # as typed
        assert dialog.query_one("#end", Input).value == "18:00"
        assert rows(ctx) == before  # nothing saved


async def test_an_overlap_is_said_under_the_time_that_makes_it(
    make_app: Callable[..., TechConsole], ctx: Context
):
    at = ctx.now().astimezone(ctx.policy.zone)
    first = timer.add(
        ctx, MONDAY, start_at=at.replace(hour=8), end_at=at.replace(hour=8, minute=30)
    )
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await incident(pilot, MONDAY)
        dialog = await form(pilot, "W", AddSessionDialog)
        fill(dialog, start="8:15", end="9:00")
        said = await refused_at(pilot, dialog, "start")
        assert f"overlaps your session #{first.id} (23/11/2026 08:00–08:30)" in said
        fill(dialog, start="7:30", end="8:10")
        said = await refused_at(pilot, dialog, "end")
        assert "overlaps your session" in said
        assert not dialog.query_one("#start-note", Static).has_class("-error")  # said again


async def test_a_session_longer_than_the_maximum_is_said_then_kept_when_ticked(
    make_app: Callable[..., TechConsole], ctx: Context
):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await incident(pilot, SUNDAY)
        dialog = await form(pilot, "W", AddSessionDialog)
        fill(dialog, start="22/11 8:00", duration="13h")
        said = await refused_at(pilot, dialog, "duration")  # the end came from it
        assert "would last 13h 00m, longer than the policy's maximum of 12h 00m" in said
        assert timer.sessions(ctx, incident=SUNDAY) == []
        dialog.query_one("#force", Tick).value = True
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, SessionForm))
        (kept,) = timer.sessions(ctx, incident=SUNDAY)
        assert kept.elapsed(ctx.now()).total_seconds() == 13 * 3600


async def test_what_the_form_reads_itself_is_said_before_any_save(
    make_app: Callable[..., TechConsole], ctx: Context
):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await incident(pilot, MONDAY)
        dialog = await form(pilot, "W", AddSessionDialog)
        fill(dialog, start="8:00")
        assert "when it ended, or how long" in await refused_at(pilot, dialog, "end")
        fill(dialog, end="9:00", duration="1h")
        assert "not both" in await refused_at(pilot, dialog, "duration")
        fill(dialog, end="", duration="a while")
        assert "is not a duration" in await refused_at(pilot, dialog, "duration")
        fill(dialog, start="soon", duration="1h")
        assert "'soon' is not a time" in await refused_at(pilot, dialog, "start")
        fill(dialog, start="8:00", duration="", end="tra 2 ore")
        assert "end 23/11/2026 12:00 is in the future" in await refused_at(pilot, dialog, "end")
        assert timer.sessions(ctx, incident=MONDAY) == []


async def test_past_work_in_a_closed_month_is_said_under_the_start(
    make_app: Callable[..., TechConsole], ctx: Context, clock: FrozenClock
):
    october = clock().replace(month=10, day=30)
    opened = intake.open_incident(ctx, intake.NewIncident(1, "Backup fallito", arrived_at=october))
    months.close_month(ctx, "2026-10")
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await incident(pilot, opened.number)
        dialog = await form(pilot, "W", AddSessionDialog)
        fill(dialog, start="30/10 15:00", duration="1h")
        said = await refused_at(pilot, dialog, "start")
        assert "2026-10 is closed for invoicing: work sessions cannot change" in said


async def test_a_closed_incident_takes_no_past_work_and_the_form_does_not_open(
    make_app: Callable[..., TechConsole],
):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await incident(pilot, OCTOBER)
        await pilot.press("W")
        await until(pilot, lambda: bool(toasts(app)))
        assert not isinstance(app.screen, SessionForm)
        assert ("Past work: refused", f"{OCTOBER} is closed: open a new incident", "warning") in (
            toasts(app)
        )


# --- correcting a session -----------------------------------------------------------------


async def test_a_session_is_corrected_and_the_work_section_follows(
    make_app: Callable[..., TechConsole], ctx: Context, make_ctx: Callable[..., Context]
):
    zone = ctx.policy.zone
    at = ctx.now().astimezone(zone)
    first = timer.add(
        ctx, MONDAY, start_at=at.replace(hour=7), end_at=at.replace(hour=7, minute=20)
    )
    last = timer.add(ctx, MONDAY, start_at=at.replace(hour=8), end_at=at.replace(hour=8, minute=30))
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await incident(pilot, MONDAY)
        dialog = await form(pilot, "S", EditSessionDialog)
        picker = dialog.query_one("#session", Select)
        assert picker.value == last.id  # the latest, its times in the fields
        assert dialog.query_one("#start", Input).value == "23/11/2026 08:00"
        picker.value = first.id
        await until(pilot, lambda: dialog.query_one("#end", Input).value == "23/11/2026 07:20")
        fill(dialog, end="7:40")  # on the day it started
        dialog.query_one("#kind", Select).value = "phone"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is screen)
        corrected = {s.id: s for s in timer.sessions(ctx, incident=MONDAY)}[first.id]
        assert corrected.kind == "phone"
        assert f"{corrected.ended_at.astimezone(zone):%H:%M}" == "07:40"  # type: ignore[union-attr]
        said = [m for t, m, _s in toasts(app) if t == "Session corrected"]
        assert said and f"#{first.id} on {MONDAY}: 23/11 07:00–07:40 · 0h 40m · 2 scatti" in said[0]
        await until(pilot, lambda: "07:40" in work_text(screen))


async def test_each_refusal_of_a_correction_is_said_under_its_field(
    make_app: Callable[..., TechConsole], ctx: Context
):
    zone = ctx.policy.zone
    at = ctx.now().astimezone(zone)
    timer.add(ctx, MONDAY, start_at=at.replace(hour=6), end_at=at.replace(hour=6, minute=30))
    last = timer.add(ctx, MONDAY, start_at=at.replace(hour=8), end_at=at.replace(hour=8, minute=30))
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await incident(pilot, MONDAY)
        dialog = await form(pilot, "S", EditSessionDialog)
        before = rows(ctx)
        fill(dialog, start="ieri alle 23")
        assert "is before" in await refused_at(pilot, dialog, "start")
        fill(dialog, start="6:15")
        assert "overlaps your session" in await refused_at(pilot, dialog, "start")
        fill(dialog, start="8:00", end="tra 3 ore")
        assert "is in the future" in await refused_at(pilot, dialog, "end")
        fill(dialog, end="")
        assert "keeps an end" in await refused_at(pilot, dialog, "end")
        fill(dialog, start="4:00", end="9:00")
        assert "overlaps your session" in await refused_at(pilot, dialog, "end")
        assert rows(ctx) == before
        unchanged = replace(last, free=False)  # the listing works out that it is billed
        assert {s.id: s for s in timer.sessions(ctx, incident=MONDAY)}[last.id] == unchanged


async def test_a_session_of_a_closed_month_is_said_under_the_session(
    make_app: Callable[..., TechConsole], ctx: Context
):
    months.close_month(ctx, "2026-10")
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await incident(pilot, OCTOBER)
        dialog = await form(pilot, "S", EditSessionDialog)
        fill(dialog, note="corretto dopo la chiusura")
        said = await refused_at(pilot, dialog, "session")
        assert "2026-10 is closed for invoicing" in said


def _marcos(ctx: Context) -> tuple[str, set[int], set[int]]:
    """An open incident of the demo marco has worked on, and anna and chiara have not:
    its sessions (a timer running among them), and marco's of them."""
    for row in queue.queue(ctx, limit=500).rows:
        done = timer.sessions(ctx, incident=row.number)
        who = {s.technician for s in done}
        if "marco" in who and not who & {"anna", "chiara"}:
            return row.number, {s.id for s in done}, {s.id for s in done if s.technician == "marco"}
    raise AssertionError("the demo has no open incident marco worked on without anna and chiara")


async def test_someone_else_s_session_is_said_under_the_session(
    make_app: Callable[..., TechConsole], ctx: Context
):
    """anna, a lead, opens the form on marco's session; meanwhile she stops being one."""
    number, everyone, _marco = _marcos(ctx)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await incident(pilot, number)
        dialog = await form(pilot, "S", EditSessionDialog)
        assert set(dialog.sessions) == everyone  # offered to a lead, marco's first
        with ctx.db.engine.begin() as conn:  # no command changes a role yet: the row is
            conn.execute(text("UPDATE technician SET role = 'technician' WHERE login = 'anna'"))
        fill(dialog, note="mia")
        said = await refused_at(pilot, dialog, "session")
        assert "you can only correct your own sessions" in said


async def test_a_technician_is_offered_their_own_sessions_only(
    make_ctx: Callable[..., Context], ctx: Context
):
    at = ctx.now().astimezone(ctx.policy.zone)
    marco = make_ctx("marco")
    number, _everyone, marcos = _marcos(ctx)
    mine = timer.add(
        marco, number, start_at=at.replace(hour=8), end_at=at.replace(hour=8, minute=30)
    )
    timer.add(
        ctx,
        number,
        start_at=at.replace(hour=7, minute=30),
        end_at=at.replace(hour=7, minute=50),
    )
    app = TechConsole(marco, watch_interval=None)
    async with app.run_test(size=(120, 36)) as pilot:
        await incident(pilot, number)
        dialog = await form(pilot, "S", EditSessionDialog)
        assert set(dialog.sessions) == {*marcos, mine.id}  # not anna's
    chiara = TechConsole(make_ctx("chiara"), watch_interval=None)
    async with chiara.run_test(size=(120, 36)) as pilot:
        await incident(pilot, number)
        await pilot.press("S")
        await until(pilot, lambda: bool(toasts(chiara)))
        assert not isinstance(chiara.screen, SessionForm)
        assert any(f"no work session of yours on {number}" in m for _t, m, _s in toasts(chiara))


# --- the keys -----------------------------------------------------------------------------


async def test_the_keys_are_in_the_help_and_can_be_rebound(
    make_app: Callable[..., TechConsole], ctx: Context
):
    at = ctx.now().astimezone(ctx.policy.zone)
    timer.add(ctx, MONDAY, start_at=at.replace(hour=8), end_at=at.replace(hour=8, minute=30))
    app = make_app(keymap={"incident.add_session": "f6", "incident.correct_session": "f7"})
    async with app.run_test(size=(160, 36)) as pilot:
        await incident(pilot, MONDAY)
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        shown = Console(width=160, record=True, file=io.StringIO())
        shown.print(app.screen.query_one("#help-body", Static).content)
        words = shown.export_text()
        assert "Correct a session" in words and "Past work" in words
        await pilot.press("escape")
        await pilot.press("W")  # rebound: W does nothing now
        await pilot.pause()
        assert not isinstance(app.screen, SessionForm)
        await form(pilot, "f6", AddSessionDialog)
        await pilot.press("escape")
        await form(pilot, "f7", EditSessionDialog)
