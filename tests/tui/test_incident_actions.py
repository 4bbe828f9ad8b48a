"""The incident screen's keys: each one changes the database (read back through the
services), says so in a toast, and shows the service's refusal when there is one."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static

from techconsole.services.context import Context
from techconsole.services.customers import registry as customers
from techconsole.services.incidents import closing
from techconsole.services.incidents import reading as incidents
from techconsole.services.views import IncidentView
from techconsole.tui.app import TechConsole
from techconsole.tui.help import HelpScreen
from techconsole.tui.incident import dialogs, pickers
from techconsole.tui.incident.screen import IncidentScreen
from techconsole.tui.incident.triage import TriageDialog
from techconsole.tui.watch import DatabaseChanged
from techconsole.tui.widgets.form_fields import FormScreen

from .conftest import loaded, settled, shown_keys, until

pytestmark = pytest.mark.asyncio


@pytest.fixture(autouse=True)
def _english(english: None) -> None:
    """These tests read the console's and the services' words in English
    (``language = "en"``); the Italian default has tests of its own."""


def find(ctx: Context, status: str, test: Callable[[IncidentView], bool] = bool) -> IncidentView:
    """An incident of the demo in ``status`` that passes ``test``."""
    for view in incidents.list_incidents(ctx, status=status, limit=1000):
        if test(view):
            return view
    raise AssertionError(f"the demo has no {status} incident for this test")


def now_of(ctx: Context, number: str) -> IncidentView:
    return incidents.show(ctx, number).incident


@pytest.fixture(autouse=True)
def _toasts_stay(monkeypatch: pytest.MonkeyPatch) -> None:
    """Toasts stay up for the whole test: on a loaded machine one can expire (5 s) before
    the test gets to read it."""
    monkeypatch.setattr(TechConsole, "NOTIFICATION_TIMEOUT", 600)


def toasts(app: TechConsole) -> list[tuple[str, str, str]]:
    return [(n.title, n.message, n.severity) for n in app._notifications]


async def opened(pilot: Pilot[Any], number: str) -> IncidentScreen:
    """The incident screen of ``number``, read."""
    app = pilot.app
    assert isinstance(app, TechConsole)
    await loaded(pilot)
    app.push_screen(IncidentScreen(app.ctx, number))
    await until(pilot, lambda: isinstance(app.screen, IncidentScreen))
    screen = app.screen
    assert isinstance(screen, IncidentScreen)
    await until(pilot, lambda: screen.detail is not None)
    return screen


async def form(pilot: Pilot[Any], kind: type[FormScreen[Any]]) -> FormScreen[Any]:
    await until(pilot, lambda: isinstance(pilot.app.screen, kind))
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, kind)
    return screen


async def said(pilot: Pilot[Any], words: str, severity: str = "information") -> None:
    """Wait for a toast with ``words`` (and the screen read again after a step)."""
    app = pilot.app
    assert isinstance(app, TechConsole)

    def shown() -> bool:
        return any(words in message and kind == severity for _t, message, kind in toasts(app))

    try:
        await until(pilot, shown)
    except AssertionError:
        raise AssertionError(f"no toast says {words!r}: {toasts(app)}") from None
    await settled(pilot)  # the screen read again after the step


async def test_c_claims_an_unassigned_incident(make_app: Callable[..., TechConsole], ctx: Context):
    target = find(ctx, "open", lambda v: v.assignee is None)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await opened(pilot, target.number)
        await pilot.press("c")
        await said(pilot, f"{target.number} is yours")
        after = now_of(ctx, target.number)
        assert (after.assignee, after.status) == ("anna", "in_progress")
        await until(pilot, lambda: screen.detail.incident.assignee == "anna")  # type: ignore[union-attr]
        await pilot.press("c")  # again: the service says why not, nothing changes
        await said(pilot, f"{target.number} is already yours", "error")
        assert ("Claim: refused", f"{target.number} is already yours", "error") in toasts(app)


async def test_t_triages_with_a_form(make_app: Callable[..., TechConsole], ctx: Context):
    target = find(ctx, "in_progress", lambda v: v.severity == "C" and not v.urgent)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await opened(pilot, target.number)
        await pilot.press("t")
        triage = await form(pilot, TriageDialog)
        await pilot.press("ctrl+s")  # nothing changed: said in the form, which stays
        assert app.screen is triage
        assert "nothing was changed" in str(triage.query_one("#form-error", Static).render())
        await pilot.press("enter", "up", "enter")  # severity C → B
        await pilot.press("tab", "space")  # urgent
        await pilot.press("tab", "tab", "tab")  # past "on request" and level, to category
        await pilot.press(*"stampante")  # the field's text is selected on focus: replaced
        await pilot.press("ctrl+s")
        await said(pilot, f"{target.number} triaged")
        after = now_of(ctx, target.number)
        assert (after.severity, after.urgent) == ("B", True)
        assert after.category == "stampante"
        timeline = incidents.show(ctx, target.number).timeline
        assert timeline[-1].kind == "triage" and timeline[-1].actor == "anna"


async def test_a_takes_in_charge_with_an_estimate_in_rome_time(
    make_app: Callable[..., TechConsole], ctx: Context
):
    target = find(ctx, "in_progress", lambda v: v.acknowledged_at is None)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await opened(pilot, target.number)
        await pilot.press("a")
        ack = await form(pilot, dialogs.AcknowledgeDialog)
        await pilot.press(*"31/11 12:00")  # no 31 November: said next to the field
        await pilot.pause()
        note = ack.query_one("#estimate-note", Static)
        assert "is not a date" in str(note.render())
        await pilot.press("ctrl+s")
        assert app.screen is ack
        assert now_of(ctx, target.number).acknowledged_at is None
        ack.query_one("#estimate", Input).value = ""
        await pilot.press(*"tomorrow 12:00")
        await pilot.pause()
        assert "Tue 24/11/2026 12:00" in str(note.render())
        await pilot.press("tab", "tab", *"Confermato per e-mail", "enter")
        await said(pilot, "estimated resolution 24/11/2026 12:00")
        after = now_of(ctx, target.number)
        assert after.acknowledged_at == ctx.now()
        rome = after.estimated_resolution_at.astimezone(ctx.policy.zone)  # type: ignore[union-attr]
        assert rome.replace(tzinfo=None) == datetime(2026, 11, 24, 12, 0)
        timeline = incidents.show(ctx, target.number).timeline
        [taken] = [e for e in timeline if e.kind == "acknowledged"]  # the notice may follow
        assert taken.text == "Confermato per e-mail"


async def test_p_pauses_with_a_reason_and_p_again_resumes(
    make_app: Callable[..., TechConsole], ctx: Context
):
    target = find(ctx, "in_progress")
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await opened(pilot, target.number)
        await pilot.press("p")
        await form(pilot, dialogs.TextDialog)
        await pilot.press(*"la password dell'amministratore", "enter")
        await said(pilot, "its clocks are paused")
        after = incidents.show(ctx, target.number)
        assert after.incident.status == "waiting"
        assert after.timeline[-1].text == "la password dell'amministratore"
        await until(pilot, lambda: screen.detail.incident.status == "waiting")  # type: ignore[union-attr]
        await pilot.press("p")  # waiting: p resumes at once
        await said(pilot, "resumed: its clocks run again")
        assert now_of(ctx, target.number).status == "in_progress"


async def test_o_records_the_arrival_on_site_once(
    make_app: Callable[..., TechConsole], ctx: Context
):
    target = find(ctx, "in_progress", lambda v: v.on_site_at is None)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await opened(pilot, target.number)
        await pilot.press("o")
        await said(pilot, f"{target.number}: on site at 23/11/2026 10:00")
        assert now_of(ctx, target.number).on_site_at == ctx.now()
        await until(pilot, lambda: screen.detail.incident.on_site_at is not None)  # type: ignore[union-attr]
        await pilot.press("o")
        await said(pilot, "is recorded already", "error")
    assert not any("assigned to you" in m for _t, m, _k in toasts(app))


async def test_o_on_an_unassigned_incident_says_it_is_now_yours(
    make_app: Callable[..., TechConsole], ctx: Context
):
    target = find(ctx, "open", lambda v: v.assignee is None and v.on_site_at is None)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await opened(pilot, target.number)
        await pilot.press("o")
        await said(pilot, "it is now assigned to you")
    assert now_of(ctx, target.number).assignee == "anna"


async def test_n_adds_a_note_shown_verbatim(make_app: Callable[..., TechConsole], ctx: Context):
    target = find(ctx, "in_progress")
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await opened(pilot, target.number)
        events = len(screen.detail.timeline)  # type: ignore[union-attr]
        await pilot.press("n")
        note = await form(pilot, dialogs.TextDialog)
        await pilot.press("ctrl+s")  # empty: refused next to the field
        assert app.screen is note
        assert "the note is empty" in str(note.query_one("#text-note", Static).render())
        await pilot.press(*"Sostituito lo [b]switch[/b]", "enter", *"stanza 2", "ctrl+s")
        await said(pilot, f"note added to {target.number}")
        assert incidents.show(ctx, target.number).timeline[-1].text == (
            "Sostituito lo [b]switch[/b]\nstanza 2"
        )
        await until(pilot, lambda: len(screen.detail.timeline) > events)  # type: ignore[union-attr]
        shown = Console(width=120, record=True, file=io.StringIO())
        shown.print(screen.query_one("#timeline", Static).content)
        assert "Sostituito lo [b]switch[/b]" in shown.export_text()


async def test_shift_a_authorises_with_a_titolare_or_ads_only(
    make_app: Callable[..., TechConsole], ctx: Context
):
    target = find(ctx, "awaiting_authorisation")
    contacts = customers.show_customer(ctx, target.customer_id).contacts
    may = [c for c in contacts if c.may_authorise]
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await opened(pilot, target.number)
        await pilot.press("A")
        authorise = await form(pilot, pickers.AuthoriseDialog)
        who = authorise.query_one("#who", Select)
        await until(pilot, lambda: len(who._options) > 1)
        offered = [value for _label, value in who._options if value is not Select.NULL]
        assert offered == [c.id for c in may]  # the employees are not offered
        await pilot.press("ctrl+s")
        assert "choose someone" in str(authorise.query_one("#who-note", Static).render())
        await pilot.press("enter", "down", "enter")  # the first who may authorise
        await pilot.press("tab", "enter", "down", "down", "enter")  # via phone
        await pilot.press("ctrl+s")
        await said(pilot, f"{target.number} authorised by {may[0].name} via phone")
        after = now_of(ctx, target.number)
        assert after.authorised_by == may[0].name and after.authorised_via == "phone"
        assert after.status in ("open", "in_progress")
        await pilot.press("A")  # no longer waiting: said without a form
        await said(pilot, "is not waiting for an authorisation", "warning")
        assert isinstance(app.screen, IncidentScreen)


async def test_shift_r_not_solved_opens_a_follow_up(
    make_app: Callable[..., TechConsole], ctx: Context
):
    target = find(ctx, "in_progress")
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await opened(pilot, target.number)
        await pilot.press("R")
        resolve = await form(pilot, dialogs.ResolveDialog)
        # the question is the field's label; the list says what to do ("Solved? Solved?")
        assert resolve.query_one("#outcome", Select).prompt == "choose…"
        await pilot.press("ctrl+s")  # yes or no must be said
        assert "say whether" in str(resolve.query_one("#outcome-note", Static).render())
        await pilot.press("enter", "down", "down", "enter")  # "No: not solved"
        await pilot.press("tab", *"Il disco va sostituito", "ctrl+s")
        await said(pilot, "not solved: follow-up")
        detail = incidents.show(ctx, target.number)
        assert (detail.incident.status, detail.incident.resolved) == ("resolved", False)
        follow_up = now_of(ctx, detail.follow_ups[-1])
        assert follow_up.urgent and follow_up.follow_up_of == target.number
        assert any(detail.follow_ups[-1] in message for _t, message, _k in toasts(app))


async def test_shift_c_closes_only_a_resolved_incident(
    make_app: Callable[..., TechConsole], ctx: Context
):
    target = find(ctx, "in_progress")
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await opened(pilot, target.number)
        await pilot.press("C")  # refused before any form opens
        await said(pilot, f"cannot close {target.number}: it is in progress", "warning")
        assert app.screen is screen
        assert now_of(ctx, target.number).status == "in_progress"
        closing.resolve(ctx, target.number, resolved=True)
        screen.reload()
        await until(pilot, lambda: screen.detail.incident.status == "resolved")  # type: ignore[union-attr]
        await pilot.press("C")
        await form(pilot, dialogs.TextDialog)
        await pilot.press(*"Rapporto firmato", "enter")
        await said(pilot, f"{target.number} closed")
        after = now_of(ctx, target.number)
        assert after.status == "closed" and after.closed_at == ctx.now()


async def test_shift_o_reopens_a_resolved_incident_with_a_reason(
    make_app: Callable[..., TechConsole], ctx: Context
):
    target = find(ctx, "resolved")
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await opened(pilot, target.number)
        await pilot.press("O")
        reopen = await form(pilot, dialogs.TextDialog)
        await pilot.press("enter")  # a reason is needed
        assert app.screen is reopen
        await pilot.press(*"Il problema si ripresenta", "enter")
        await said(pilot, f"{target.number} reopened")
        after = incidents.show(ctx, target.number)
        assert after.incident.status in ("open", "in_progress")
        assert after.timeline[-1].text == "Il problema si ripresenta"


async def test_shift_o_and_r_refuse_at_once_when_the_incident_cannot_take_the_step(
    make_app: Callable[..., TechConsole], ctx: Context
):
    """No form to fill for nothing: the refusal comes before the form, with the reason."""
    working = find(ctx, "in_progress")
    done = find(ctx, "resolved")
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await opened(pilot, working.number)
        await pilot.press("O")
        await said(pilot, f"cannot reopen {working.number}: it is in progress", "warning")
        assert app.screen is screen
        await pilot.press("escape")
        screen = await opened(pilot, done.number)
        await pilot.press("R")
        await said(pilot, f"cannot resolve {done.number}: it is resolved", "warning")
        assert app.screen is screen
        await pilot.press("a")  # no take-in-charge form on a resolved incident either
        await said(pilot, f"cannot take in charge {done.number}: it is resolved", "warning")
        assert app.screen is screen
        await pilot.press("escape")
        taken = find(ctx, "in_progress", lambda v: v.acknowledged_at is not None)
        screen = await opened(pilot, taken.number)
        await pilot.press("a")  # nor twice
        assert taken.acknowledged_at is not None
        when = taken.acknowledged_at.astimezone(ctx.policy.zone)
        await said(
            pilot, f"{taken.number} was already taken in charge at {when:%d/%m/%Y %H:%M}", "warning"
        )
        assert app.screen is screen
    assert now_of(ctx, working.number).status == "in_progress"
    assert now_of(ctx, done.number).status == "resolved"


async def test_s_assigns_for_a_lead_and_is_refused_to_a_technician(
    make_app: Callable[..., TechConsole], make_ctx: Callable[..., Context], ctx: Context
):
    target = find(ctx, "open", lambda v: v.assignee is None)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await opened(pilot, target.number)
        await pilot.press("s")
        assign = await form(pilot, pickers.AssignDialog)
        who = assign.query_one("#who", Select)
        await until(pilot, lambda: who.value == "")  # loaded: nobody has it yet
        who.focus()
        # the list starts with the blank "choose…", then anna, chiara… by login
        await pilot.press("enter", "home", "down", "down", "enter", "ctrl+s")
        await said(pilot, f"{target.number} assigned to chiara")
        assert now_of(ctx, target.number).assignee == "chiara"
    marco = TechConsole(make_ctx("marco"), watch_interval=None)
    async with marco.run_test(size=(120, 36)) as pilot:
        screen = await opened(pilot, target.number)
        await until(pilot, lambda: marco.me is not None)
        await pilot.press("s")  # a technician: refused before the form opens
        await said(pilot, "only a team lead can assign or reassign incidents", "warning")
        assert marco.screen is screen
        assert now_of(ctx, target.number).assignee == "chiara"


async def test_u_records_who_gave_a_server_account(
    make_app: Callable[..., TechConsole], ctx: Context
):
    target = find(ctx, "in_progress", lambda v: v.account_provided_by is None)
    first = customers.show_customer(ctx, target.customer_id).contacts[0]
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await opened(pilot, target.number)
        await pilot.press("u")
        account = await form(pilot, pickers.AccountDialog)
        who = account.query_one("#who", Select)
        await until(pilot, lambda: len(who._options) > 1)
        await pilot.press("enter", "down", "enter", "ctrl+s")
        await said(pilot, f"server account provided by {first.name}")
        assert now_of(ctx, target.number).account_provided_by == first.name


async def test_escape_leaves_a_form_and_changes_nothing(
    make_app: Callable[..., TechConsole], ctx: Context
):
    target = find(ctx, "in_progress", lambda v: v.acknowledged_at is None)
    before = incidents.show(ctx, target.number)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, target.number)
        for key in ("t", "a", "n", "R"):
            await pilot.press(key)
            await until(pilot, lambda: isinstance(app.screen, FormScreen))
            await pilot.press("escape")
            await until(pilot, lambda: isinstance(app.screen, IncidentScreen))
        await settled(pilot)  # had a form's esc started a step, it would have run by now
        assert incidents.show(ctx, target.number) == before
        assert not toasts(app)


async def test_help_and_the_palette_list_the_steps(
    make_app: Callable[..., TechConsole], ctx: Context
):
    target = find(ctx, "in_progress")
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await opened(pilot, target.number)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        listed = {what: keys for _title, rows in app.screen.sections for keys, what in rows}
        for key, what in (
            ("c", "Claim"),
            ("t", "Triage"),
            ("a", "Take in charge"),
            ("p", "Pause/resume"),
            ("o", "On site"),
            ("n", "Note"),
            ("A", "Authorise"),
            ("R", "Resolve"),
            ("C", "Close"),
            ("O", "Reopen"),
            ("s", "Assign"),
            ("u", "Server account"),
        ):
            assert listed[what] == key
        await pilot.press("escape")
        titles = [command.title for command in app.get_system_commands(screen)]
        assert {"Claim", "Take in charge", "Resolve", "Close"} <= set(titles)


async def test_a_write_waiting_on_a_busy_database_says_it_is_saving(
    make_app: Callable[..., TechConsole], ctx: Context, db_url: str
):
    """A colleague's transaction holds SQLite's write lock: the note waits (the busy
    timeout), the console says it is saving, and when the lock is let go the note is
    saved and the sign goes."""
    import sqlite3

    target = find(ctx, "in_progress")
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await opened(pilot, target.number)
        holder = sqlite3.connect(db_url.removeprefix("sqlite:///"), isolation_level=None)
        try:
            await pilot.press("n")
            await form(pilot, dialogs.TextDialog)
            holder.execute("BEGIN IMMEDIATE")  # the colleague writes, and takes long
            await pilot.press(*"Richiamare domani", "ctrl+s")
            await until(pilot, lambda: any("saving" in m for _t, m, _k in toasts(app)))
        finally:
            if holder.in_transaction:
                holder.execute("ROLLBACK")  # the colleague's transaction ends
            holder.close()
        await said(pilot, f"note added to {target.number}")
        assert not any("saving" in m for _t, m, _k in toasts(app))  # the sign went
    assert incidents.show(ctx, target.number).timeline[-1].text == "Richiamare domani"


async def test_the_footer_offers_what_the_incident_can_take_now(
    make_app: Callable[..., TechConsole], ctx: Context
):
    """An open incident offers claim, take in charge, resolve; resolved, those go and
    reopen and close come (seen: a resolved richiesta still offered "c Prendi a Prendi in
    carico R Risolvi"); reopened, they come back.  The keys work whatever the footer
    shows: a step the incident cannot take is refused with the reason."""
    target = find(ctx, "in_progress")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot, target.number)
        assert {"escape", "c", "a", "R", "w"} <= shown_keys(screen)
        assert not {"O", "C"} & shown_keys(screen)
        closing.resolve(ctx, target.number, resolved=True)
        app.post_message(DatabaseChanged())
        await until(pilot, lambda: screen.detail.incident.status == "resolved")  # type: ignore[union-attr]
        await pilot.pause()
        assert {"escape", "O", "C", "w"} <= shown_keys(screen)
        assert not {"c", "a", "R"} & shown_keys(screen)
        await pilot.press("R")  # not shown, still answered
        await said(pilot, f"cannot resolve {target.number}: it is resolved", "warning")
        closing.reopen(ctx, target.number, "di nuovo")
        app.post_message(DatabaseChanged())
        await until(pilot, lambda: screen.detail.incident.status != "resolved")  # type: ignore[union-attr]
        await pilot.pause()
        assert {"c", "a", "R"} <= shown_keys(screen)
        assert not {"O", "C"} & shown_keys(screen)


async def test_esc_goes_back_to_the_queue_and_q_still_quits(
    make_app: Callable[..., TechConsole], ctx: Context
):
    """The incident's footer offers the way back first (``esc``); ``q``, hidden there
    for room, quits the console as on every other screen."""
    working = find(ctx, "in_progress")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot, working.number)
        shown = {
            binding.key
            for (_node, binding, _enabled, _tip) in screen.active_bindings.values()
            if binding.show
        }
        assert "escape" in shown and "q" not in shown
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, IncidentScreen))
        await opened(pilot, working.number)
        await pilot.press("q")
        await until(pilot, lambda: app.return_code is not None or not app.is_running)
    assert app.return_code in (0, None)
