"""What the timer bar says: pure text from a session, the instant and the policy.

Elapsed time, scatti and the amount so far are worked out here every second from the
session's start, with the policy's billing rules: no database read per tick.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from decimal import Decimal

from rich.text import Text

from techconsole.domain.instants import format_duration
from techconsole.domain.money import cents, eur
from techconsole.domain.policy import Policy
from techconsole.domain.scatti import units_for
from techconsole.i18n import _, language, ngettext
from techconsole.reports.i18n import Words
from techconsole.services.work.timer_views import SessionView
from techconsole.tui.readonly import BANNER
from techconsole.tui.widgets.text import TONE_STYLES, plain, stopwatch

#: the key that starts and stops the timer, as the bar names it
KEY = "T"
#: below this width a forgotten timer's bar leaves out the kind
NARROW = 100


def so_far(policy: Policy, session: SessionView, now: datetime) -> tuple[timedelta, int, Decimal]:
    """Elapsed time, scatti and amount of a session up to ``now`` (or its end)."""
    elapsed = max(session.elapsed(now), timedelta(0))
    units = units_for(policy.billing, elapsed)
    return elapsed, units, cents(session.price(policy) * units)


def running_so_far(
    policy: Policy, sessions: Iterable[SessionView], now: datetime
) -> tuple[int, Decimal]:
    """Scatti and amount up to ``now`` of the running ones of ``sessions``, each worked
    out as its timer bar does (:func:`so_far`): what an incident's bill adds while they
    run."""
    units, amount = 0, Decimal("0.00")
    for session in sessions:
        if session.running:
            _elapsed, more, worth = so_far(policy, session, now)
            units, amount = units + more, amount + worth
    return units, amount


def scatti(units: int) -> str:
    return ngettext("{n} scatto", "{n} scatti", units).format(n=units)


def kind_word(kind: str) -> str:
    """The kind of work in the console's language (``presso il cliente``, ``on site``)."""
    return Words("en" if language() == "en" else "it").kind(kind)


def stale_reason(policy: Policy, started: datetime, now: datetime) -> str | None:
    """Why a running timer looks forgotten (the service's rule), or ``None``."""
    zone = policy.zone
    if started.astimezone(zone).date() != now.astimezone(zone).date():
        return _("it ran past midnight")
    if now - started > policy.stale_timer_after:
        return _("it ran longer than {duration}").format(
            duration=format_duration(policy.stale_timer_after)
        )
    return None


def running(
    policy: Policy,
    session: SessionView,
    now: datetime,
    styles: Mapping[str, str] = TONE_STYLES,
    *,
    narrow: bool = False,
) -> tuple[Text, Text]:
    """The bar's two halves for a running timer: what (cut first) and the figures.

    On a ``narrow`` bar a forgotten timer's warning takes the place of its kind."""
    what = Text("▶ ", style="bold")
    what.append(plain(session.incident), style="bold")
    what.append(" ")
    what.append(plain(session.subject))
    elapsed, units, amount = so_far(policy, session, now)
    figures = Text(no_wrap=True)
    stale = session.stale or stale_reason(policy, session.started_at, now) is not None
    if stale:
        figures.append("⚠ " + _("forgotten?"), style=styles["warning"])
        figures.append(" · ")
    if not (stale and narrow):
        figures.append(kind_word(session.kind))
        figures.append(" · ")
    figures.append(stopwatch(elapsed), style="bold")
    figures.append(f" · {scatti(units)} · {eur(amount)}")
    if session.free:  # what the work is worth, not billed: the incident's bill says why
        figures.append(" " + _("free of charge"), style="italic")
    figures.append(" · ")
    figures.append(KEY, style="bold")
    figures.append(" " + _("stop"))
    return what, figures


def worth(session: SessionView) -> str:
    """What an ended session is worth, said free of charge when the incident's labour is
    (the customer pays none of it: its bill says why): ``160,00 €``."""
    amount = eur(session.amount)
    return f"{amount} {_('free of charge')}" if session.free else amount


def idle(hint: str, *, read_only: bool = False) -> tuple[Text, Text]:
    """The bar's two halves when no timer runs: it says so, and the key to start one
    (on a read-only database: that nothing can be changed, on every screen)."""
    what = Text("■ " + _("No timer running"), style="dim")
    figures = Text(no_wrap=True)
    if read_only:
        figures.append(_(BANNER), style="bold reverse")
        figures.append(" " + _("nothing can be changed"))
        return what, figures
    figures.append(KEY, style="bold")
    figures.append(" " + _(hint))
    return what, figures
