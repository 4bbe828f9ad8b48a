"""``S`` and ``W`` on the incident screen: which form opens (or why none does), and what
follows a save — a toast, the work section read again, and the timer bars told when the
session corrected is your running timer (its new start)."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from techconsole.domain.statuses import STATUSES
from techconsole.i18n import N_, _
from techconsole.services.work.timer_views import SessionView
from techconsole.tui.incident import sessions
from techconsole.tui.signals import TimerChange, console
from techconsole.tui.widgets.text import markup_safe

if TYPE_CHECKING:
    from techconsole.tui.incident.actions import IncidentActions


def correct(screen: IncidentActions) -> None:
    """``S``: one of the incident's work sessions corrected, in a form that says the
    service's refusals next to their field; refused before it opens when there is no
    session to correct."""
    view, done = screen.shown(), screen.work
    if view is None:
        return
    if done is None:
        screen.notify(_("the incident is still being read"), severity="warning")
        return
    yours = sessions.correctable(done.sessions, console(screen).me)
    if not yours:
        said = _("no work session of yours on {number} to correct").format(number=view.number)
        if not done.sessions:
            said = _("no work session on {number} yet").format(number=view.number)
        screen.notify(markup_safe(said), title=_("Correct a session"), severity="warning")
        return
    form = sessions.EditSessionDialog(screen.ctx, view, yours)
    screen.app.push_screen(form, partial(_saved, screen, _("Session corrected")))


def record(screen: IncidentActions) -> None:
    """``W``: work done without the timer, recorded on this incident (not on a closed
    one: said before the form opens)."""
    view = screen.shown()
    if view is None or screen.refused_now(
        view,
        tuple(status for status in STATUSES if status != "closed"),
        N_("{number} is closed: open a new incident"),
        _("Past work"),
    ):
        return
    form = sessions.AddSessionDialog(screen.ctx, view)
    screen.app.push_screen(form, partial(_saved, screen, _("Work recorded")))


def _saved(screen: IncidentActions, title: str, saved: SessionView | None) -> None:
    if saved is None:
        return
    screen.notify(sessions.said(saved, screen.ctx), title=title)
    me = console(screen).me
    if saved.running and me is not None and saved.technician == me.login:
        # its new start, on every timer bar at once (they hear it; the screens read again)
        console(screen).timer_changed_signal.publish(TimerChange(saved, True))
    screen.reload()
