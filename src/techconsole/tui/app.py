"""The console application: the queue first, the incident on Enter, help, commands, live.

``TechConsole`` takes a :class:`Context` (or a function that makes one), so the tests
give it a database of their own and a frozen clock.  It starts a poller that sees other
processes' changes within ``watch_interval`` seconds and tells the screens to read again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from functools import partial
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, ClassVar

from textual import actions, on, work
from textual.app import SystemCommand
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.message import Message
from textual.screen import Screen

from techconsole.i18n import N_, _
from techconsole.reports.queue_words import order_words
from techconsole.services.context import Context
from techconsole.services.incidents import queue as queue_service
from techconsole.services.team import members as team
from techconsole.services.views import QueuePage, TechnicianView
from techconsole.tui.alerts.hooks import AlertSettings
from techconsole.tui.alerts.watcher import AlertWatcher
from techconsole.tui.keys import named
from techconsole.tui.queue.screen import VIEW_KEYS, VIEW_TITLES, QueueScreen
from techconsole.tui.queue.table import QueueTable
from techconsole.tui.readonly import is_read_only, refuse, writes
from techconsole.tui.roles import ScreenCommands
from techconsole.tui.signals import ConsoleApp
from techconsole.tui.speak import speak
from techconsole.tui.state import ConsoleState
from techconsole.tui.timer.keeper import CSS as TIMER_CSS
from techconsole.tui.timer.keeper import TimerBars
from techconsole.tui.watch import ChangePoller, DatabaseChanged, WatchFailed
from techconsole.tui.widgets.text import markup_safe

if TYPE_CHECKING:
    from techconsole.store.database import ChangeWatcher

# The incident, team and help screens are imported when first opened: the queue paints
# without paying for them (the incident screen brings the PDF library with its exports).


class TechConsole(ConsoleApp):
    """techconsole's terminal console."""

    TITLE = "techconsole"
    CSS_PATH: ClassVar[list[str | PurePath]] = [Path(__file__).parent / "app.tcss", TIMER_CSS]
    BINDINGS: ClassVar[list[BindingType]] = named(
        "console",
        [
            Binding("q", "quit", N_("Quit")),
            Binding("question_mark", "help", N_("Help"), key_display="?"),
            Binding("colon", "command_palette", N_("Commands"), show=False, key_display=":"),
            # Textual binds ctrl+p itself only when no key opens the palette: keep it too,
            # and let it work from a text field (where ":" is typed)
            Binding("ctrl+p", "command_palette", N_("Commands"), show=False, priority=True),
            Binding("T", "timer", N_("Start or stop the timer"), show=False),
            Binding("L", "lead", N_("Team load"), show=False),
        ],
    )

    def __init__(
        self,
        context: Context | Callable[[], Context],
        *,
        watch_interval: float | None = 0.25,
        view: queue_service.View = "all",
        first_page: QueuePage | None = None,
        watcher: ChangeWatcher | None = None,
        alerts: AlertSettings | None = None,
        state: ConsoleState | None = None,
        keymap: Mapping[str, str] | None = None,
    ) -> None:
        """``first_page`` (of ``view``) read before the UI started, and ``watcher``
        primed before that read, make the first frame the queue (see ``launch``)."""
        super().__init__()
        speak(self)
        self.ctx: Context = context if isinstance(context, Context) else context()
        self.read_only = is_read_only(self.ctx)
        self.watch_interval = watch_interval
        if state is not None:
            self.state = state
        if state is not None and view == "all":
            view = self.state.last.view  # type: ignore[assignment]
        self.start_view: queue_service.View = view
        self.first_page = first_page
        self.watcher = watcher
        self.poller: ChangePoller | None = None
        self.timer_bars = TimerBars(self, self.ctx)
        #: what the person's settings say of alerts; ``None``: no alerts (tests, scripts)
        self.alert_settings = alerts
        if keymap:  # [keys] of the config file: other keys for some bindings (:mod:`.keys`)
            self.set_keymap(dict(keymap))
        self.alerts: AlertWatcher | None = None

    def on_mount(self) -> None:
        if self.watch_interval is not None:
            self.poller = ChangePoller(self, self.ctx, self.watch_interval, self.watcher)
            self.poller.start()  # before the first read: no change can slip between them
        elif self.watcher is not None:
            self.watcher.close()
        self.watcher = None
        page, self.first_page = self.first_page, None
        self.timer_bars.install()  # a timer bar on every screen from the first one
        if self.state.theme in self.available_themes:
            self.theme = self.state.theme
        self.theme_changed_signal.subscribe(self, lambda t: self.state.remember_theme(t.name))
        start = replace(self.state.last, view=self.start_view)
        self.push_screen(QueueScreen(self.ctx, view=self.start_view, page=page, start=start))
        self._whoami()

    def on_unmount(self) -> None:
        if self.poller is not None:
            self.poller.stop()

    def _handle_exception(self, error: Exception) -> None:
        """A failure nobody foresaw: the console closes as Textual closes it, but the
        traceback goes to the log of internal errors and one line says so (exit code 70)."""
        from rich.text import Text

        from techconsole.crashlog import EXIT_INTERNAL, report

        super()._handle_exception(error)
        self._exit_renderables.clear()  # Textual's traceback: in the log instead
        self._exit_renderables.append(Text(report(error, ["console"]), style="red"))
        self.error_console.soft_wrap = True  # one line, the log's path whole
        self._return_code = EXIT_INTERNAL

    class Identified(Message):
        """Who runs the console (or why they are not a known technician)."""

        def __init__(self, me: TechnicianView | None, error: str | None = None) -> None:
            super().__init__()
            self.me, self.error = me, error

    @work(thread=True, group="whoami", exit_on_error=False)
    def _whoami(self) -> None:
        try:
            self.post_message(self.Identified(team.whoami(self.ctx)))
        except Exception as error:
            self.post_message(self.Identified(None, str(error)))

    @on(Identified)
    def _identified(self, message: Identified) -> None:
        if message.me is None:
            error = markup_safe(message.error or _("unknown technician"))
            self.notify(error, title=_("Who are you?"), severity="error", timeout=15)
            return
        self.me = message.me
        for screen in self.screen_stack:
            if isinstance(screen, QueueScreen):
                screen.show_who(message.me)
        self._start_alerts(message.me)

    def _start_alerts(self, me: TechnicianView) -> None:
        """Once the person is known: their alerts (a lead's: the whole team's)."""
        settings = self.alert_settings
        if settings is None or not settings.enabled or self.alerts is not None:
            return
        self.alerts = AlertWatcher(self, self.ctx, settings, team=me.is_lead)
        self.alerts.start()
        self.database_changed_signal.subscribe(self, lambda _: self._look())

    def _look(self) -> None:
        if self.alerts is not None:
            self.alerts.look()

    async def run_action(
        self,
        action: str | actions.ActionParseResult,
        default_namespace: DOMNode | None = None,
        namespaces: Mapping[str, DOMNode] | None = None,
    ) -> bool:
        """Every action, from a key or the palette; on a read-only database one that
        would change something is refused with a word (:mod:`.readonly`)."""
        if self.read_only and writes(self, action, default_namespace):
            refuse(self)
            return True
        return await super().run_action(action, default_namespace, namespaces)

    # ------------------------------------------------------------------ live data
    @on(DatabaseChanged)
    def _database_changed(self) -> None:
        self.database_changed_signal.publish(None)  # every screen and timer bar reads again

    @on(WatchFailed)
    def _watch_failed(self, message: WatchFailed) -> None:
        self.notify(
            markup_safe(message.error), title=_("Not watching for changes"), severity="warning"
        )

    # ------------------------------------------------------------------ navigation
    @on(QueueTable.IncidentSelected)
    def _open_incident(self, message: QueueTable.IncidentSelected) -> None:
        from techconsole.tui.incident.screen import IncidentScreen

        self.push_screen(IncidentScreen(self.ctx, message.number))

    def action_timer(self) -> None:
        self.timer_bars.toggle()

    def action_lead(self) -> None:
        from techconsole.tui.lead.screen import LeadScreen

        if not isinstance(self.screen, LeadScreen):
            self.push_screen(LeadScreen(self.ctx))

    def action_help(self) -> None:
        from techconsole.tui.help import HelpScreen, binding_rows

        if isinstance(self.screen, HelpScreen):
            return
        bindings = self.screen.active_bindings.values()
        self.push_screen(HelpScreen(binding_rows(self, bindings)))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        if isinstance(screen, ScreenCommands):  # the incident screen's steps
            yield from screen.system_commands()
        if isinstance(screen, QueueScreen):
            yield from self._queue_commands(screen)
        yield from self.timer_bars.commands(screen)
        yield SystemCommand(
            _("Team load"), _("Each technician's work and the SLA (key L)"), self.action_lead
        )
        yield SystemCommand(_("Help"), _("Every key of this screen (key ?)"), self.action_help)
        yield from super().get_system_commands(screen)

    def _queue_commands(self, screen: QueueScreen) -> Iterable[SystemCommand]:
        yield SystemCommand(
            _("New incident"), _("Record a request that came in (key n)"),
            partial(self.run_action, "new_incident", screen),
        )  # fmt: skip
        yield SystemCommand(
            _("Go to incident"), _("Open any incident by number, closed too (key i)"),
            screen.action_open_number,
        )  # fmt: skip
        yield SystemCommand(
            _("Mail"), _("Unmatched mail to link, the outbox (key m)"), screen.action_mail
        )
        yield SystemCommand(
            _("Workstations"),
            _("A customer's machines: coverage, software, inspection (key M)"),
            screen.action_machines,
        )
        yield SystemCommand(
            _("Customisations"),
            _("A customer's customisations: deliver, test, accept, contest"),
            screen.action_changes,
        )
        yield SystemCommand(
            _("Health checks"),
            _("The monthly checks of the machines: due, overdue, done (key H)"),
            screen.action_checks,
        )
        for key, view in VIEW_KEYS.items():
            title = _(VIEW_TITLES[view])
            yield SystemCommand(
                _("View: {title}").format(title=title),
                _("Show the view “{title}” of the queue (key {key})").format(title=title, key=key),
                partial(screen.action_view, view),
            )
        yield SystemCommand(
            _("Columns"),
            _("Which columns the queue shows, in which order (ctrl+o)"),
            screen.action_choose_columns,
        )
        yield SystemCommand(
            _("Save this view"),
            _("Keep the view, sort and filter under a name, a tab of its own (ctrl+s)"),
            screen.action_save_view,
        )
        for name in self.state.saved:
            shown = markup_safe(name)
            yield SystemCommand(
                _("Saved view: {name}").format(name=shown),
                _("Show the view saved under this name"),
                partial(screen.open_saved, name),
            )
            yield SystemCommand(
                _("Forget saved view: {name}").format(name=shown),
                _("Its tab goes; the queue stays as it is"),
                partial(screen.forget_saved, name),
            )
        yield SystemCommand(_("Refresh"), _("Read the queue again (key r)"), screen.action_refresh)
        yield SystemCommand(
            _("Filter"), _("Text in the subject, number or customer (key /)"), screen.action_filter
        )
        yield SystemCommand(
            _("Sort by the next column"), _("Cycle the sort (key s)"), screen.action_sort
        )
        yield SystemCommand(
            _("Policy order"),
            _("Sort as the policy orders the queue: {order}").format(
                order=order_words(self.ctx.policy)
            ),
            screen.action_policy_order,
        )
