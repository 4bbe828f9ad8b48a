"""The team load, for a lead: each technician's open, at-risk and breached incidents,
running timer and scatti, the month's SLA compliance per plan, then the customers whose
contract is about to end, those whose prepaid hours are running out (when some are) and
the reports due to the data controllers (seed 001).

It reads ``services.team.load.team_load`` in a thread worker, when opened and when the
database changes (one read at a time: a change seen during a read reads once more after
it), and redraws the timers' elapsed time every second without reading.  The month's
SLA compliance, which costs in proportion to the month's work, is read again on ``r``
and at most once every :data:`COMPLIANCE_EVERY` seconds of changes.  A technician
who is not a lead sees the service's refusal, with the reason, instead of the figures.
``M`` writes every customer's monthly summaries (:mod:`.summaries`); it is offered once
the figures are read, so never to someone the service refused.

This module reads; the sections are drawn by :mod:`.drawing`, the keys and the palette's
entries are :mod:`.actions` (both mixed into :class:`LeadScreen`).
"""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Footer, Static

from techconsole.i18n import N_, _
from techconsole.services.context import Context
from techconsole.services.customers import covers
from techconsole.services.customers import prepaid as balances
from techconsole.services.documents import ads_reports
from techconsole.services.documents.ads_reports import AdsStanding
from techconsole.services.errors import NotAllowed
from techconsole.services.loaners import reading as loaners
from techconsole.services.loaners.views import LoanView
from techconsole.services.team import load as lead
from techconsole.services.team.load import TeamLoad
from techconsole.services.team.stats import TeamStats
from techconsole.services.views import ContractCover, PrepaidBalance
from techconsole.tui.keys import named
from techconsole.tui.lead.actions import LeadActions
from techconsole.tui.lead.ads import ads_due
from techconsole.tui.lead.checks import OverdueChecks
from techconsole.tui.lead.contracts import expiring, prepaid_low
from techconsole.tui.lead.drawing import LeadDrawing
from techconsole.tui.signals import console, in_sight
from techconsole.tui.speak import speak
from techconsole.tui.widgets.text import plain, tones

#: how often (seconds) a change in the database also reads the month's compliance again
COMPLIANCE_EVERY = 60.0


class LeadScreen(LeadActions, LeadDrawing):
    """Who holds what, what is about to breach, and how the SLA went this month."""

    #: the database changed while another screen covered this one
    _missed_change = False

    CSS_PATH = Path(__file__).parent / "lead.tcss"  # subclasses too
    #: the keys that change the database (refused on a read-only one)
    WRITES: ClassVar[tuple[str, ...]] = ("send_ads",)
    HELP_TITLE = N_("Team load")
    BINDINGS: ClassVar[list[BindingType]] = named(
        "lead",
        [
            Binding("escape", "back", N_("Back")),
            Binding("backspace", "back", N_("Back"), show=False),
            Binding("q", "app.quit", N_("Quit"), show=False),  # esc shown instead
            Binding("r", "refresh", N_("Refresh")),
            Binding("M", "summaries", N_("Monthly summaries")),
            Binding("e", "send_ads", N_("Send ADS report")),
            Binding("j", "scroll('down')", N_("Scroll down"), show=False),
            Binding("k", "scroll('up')", N_("Scroll up"), show=False),
        ],
    )

    class Loaded(Message):
        """The figures were read, or refused (``refused``) or failed (``error``); with
        them the loaner PCs out (``None``: the section is not shown)."""

        def __init__(
            self,
            load: TeamLoad | None,
            error: str | None,
            refused: bool,
            loans: tuple[LoanView, ...] | None = None,
            expiring: list[ContractCover] | None = None,
            prepaid_low: list[PrepaidBalance] | None = None,
            ads: list[AdsStanding] | None = None,
        ) -> None:
            super().__init__()
            self.load, self.error, self.refused = load, error, refused
            self.loans = loans
            self.expiring = expiring or []
            self.prepaid_low = prepaid_low or []
            #: the reports due to the data controllers (seed 001), and who has no cadence
            self.ads = ads or []

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        speak(self)
        self.ctx = ctx
        self.load: TeamLoad | None = None
        #: the loaner PCs out (seed 004); ``None`` when the section is not shown
        self.loans: tuple[LoanView, ...] | None = None
        self.refused: str | None = None
        #: the figures over time, once read (the charts)
        self.stats: TeamStats | None = None
        self.loading = False
        self._drawn = -1  # the width the team table was drawn at
        self._want = False  # a read is due
        self._want_full = False  # a read with the compliance is due
        self._compliance_read: float | None = None  # when (monotonic seconds)
        #: the reports due to the data controllers, as last read (``e`` sends one)
        self.ads: list[AdsStanding] = []

    def compose(self) -> ComposeResult:
        yield Static(Text(_("Team load · loading…"), style="bold"), id="lead-title")
        with VerticalScroll(id="lead-body"):
            yield Static(id="lead-team")
            yield Static(id="lead-loaners")
            yield Static(id="lead-checks")
            yield Static(id="lead-compliance")
            yield Static(id="lead-contracts")
            yield Static(id="lead-prepaid")
            yield Static(id="lead-ads")
            yield Static(id="lead-charts")
        yield Footer(show_command_palette=False)  # ":" and ctrl+p, said in the help

    def on_mount(self) -> None:
        self.query_one("#lead-checks").display = False
        self.query_one("#lead-prepaid").display = False  # shown when some run out
        self.query_one("#lead-body").focus()
        self.query_one("#lead-loaners").display = False  # until loaners are read
        self.query_one("#lead-ads").display = False  # until a report to a titolare is due
        signals = console(self)
        signals.database_changed_signal.subscribe(self, self._changed)
        signals.timer_changed_signal.subscribe(self, self._changed)  # the running timers
        self.reload(full=True)
        self._load_stats()
        self.set_interval(1.0, self.tick, name="lead-timers")

    # ------------------------------------------------------------------ reading
    def reload(self, *, full: bool = False) -> None:
        """Read the figures again; ``full`` (or a minute gone) the compliance too."""
        read = self._compliance_read
        stale = read is None or time.monotonic() - read >= COMPLIANCE_EVERY
        self._want, self._want_full = True, self._want_full or full or stale
        self._next()
        self._load_checks()

    def _next(self) -> None:
        """Start the read that is due, one at a time.  The very first one leaves the
        compliance out, so the team shows at once; the full read follows it."""
        if self.loading or not (self._want or self._want_full):
            return
        full = self._want_full and self.load is not None
        self._want, self._want_full = False, self._want_full and not full
        self.loading = True
        self._load(full)

    @work(thread=True, group="lead-load", exit_on_error=False)
    def _load(self, full: bool) -> None:
        try:
            load = lead.team_load(self.ctx, compliance=full)
            out = tuple(loaners.list_loans(self.ctx, out=True))
            ending = covers.contracts(self.ctx, expiring=True)
            low = balances.low_balances(self.ctx)
            ads = ads_reports.standings(self.ctx, due_only=True)
        except NotAllowed as refusal:
            self.post_message(self.Loaded(None, str(refusal), True))
        except Exception as error:
            self.post_message(self.Loaded(None, str(error) or type(error).__name__, False))
        else:
            # the section shows when a loaner is out or the policy says when one is due
            shown = bool(out) or self.ctx.policy.service.loaner_after is not None
            loans = out if shown else None
            self.post_message(self.Loaded(load, None, False, loans, ending, low, ads))

    @work(thread=True, exclusive=True, group="lead-checks", exit_on_error=False)
    def _load_checks(self) -> None:
        """The health checks overdue (seed 004): a check not done by the end of its
        month, or a repeat past its day; shown to the lead only when there are some."""
        from techconsole.services.checks import due

        try:
            found = due.due_checks(self.ctx).overdue
        except Exception:
            return  # the team load says when the database cannot be read
        self.post_message(OverdueChecks(found))

    class StatsRead(Message):
        """The figures over time were read, for the charts (:mod:`.charts`)."""

        def __init__(self, stats: TeamStats) -> None:
            super().__init__()
            self.stats = stats

    @work(thread=True, exclusive=True, group="lead-stats", exit_on_error=False)
    def _load_stats(self) -> None:
        """The months', weeks' and days' figures: read when the screen opens and on ``r``
        (they change slowly); refused or failed, the charts are not shown."""
        from techconsole.services.team import stats

        try:
            found = stats.team_stats(self.ctx)
        except Exception:
            return  # the team load above says why
        self.post_message(self.StatsRead(found))

    @on(StatsRead)
    def _stats(self, message: StatsRead) -> None:
        self.stats = message.stats
        self._draw_charts()

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        self.loading = False
        if message.load is None:  # refused, or failed: read again on the next change
            self._want = self._want_full = False
            if message.refused:
                self.load, self.refused = None, message.error
                self._refusal(message.error or "")
                self.refresh_bindings()  # M is not offered
            else:
                title = Text(_("Team load") + " · ", style="bold")
                not_read = _("⚠ not read: {error}").format(error=plain(message.error))
                title.append(not_read, style="bold red")
                self.query_one("#lead-title", Static).update(title)
            return
        load = message.load
        if load.compliance is not None:
            self._compliance_read = time.monotonic()
        elif self.load is not None and self.load.month == load.month:
            load = replace(load, compliance=self.load.compliance)
        else:  # the first read, or a new month: its compliance is still to be read
            self._want_full = True
        self.load, self.refused, self._drawn = load, None, -1
        self.loans = message.loans
        days = self.ctx.policy.contracts.expiring_days
        styles = tones(self.app)
        self.query_one("#lead-contracts", Static).update(expiring(message.expiring, days, styles))
        low = self.query_one("#lead-prepaid", Static)
        low.display = bool(message.prepaid_low)
        if low.display:
            percent = self.ctx.policy.contracts.prepaid_low_percent
            low.update(prepaid_low(message.prepaid_low, percent, styles))
        reports = self.query_one("#lead-ads", Static)
        reports.display = any(s.due for s in message.ads)
        if reports.display:
            reports.update(ads_due(message.ads, styles))
        self.ads = message.ads
        self.refresh_bindings()  # e, when a report is due
        self._show(load)
        self._next()

    def _changed(self, _: object) -> None:
        """The database changed, or a timer started or stopped: read the figures again —
        now if this screen is shown, else once it is shown again."""
        if self.refused is not None:
            return
        if in_sight(self):
            self.reload()
        else:
            self._missed_change = True

    def on_screen_resume(self) -> None:
        if self._missed_change and self.refused is None:
            self._missed_change = False
            self.reload()
