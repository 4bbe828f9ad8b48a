"""The console application: the queue first, the incident on Enter, help, commands, live.

``TechConsole`` takes a :class:`Context` (or a function that makes one), so the tests
give it a database of their own and a frozen clock; or an :class:`Opening`, the world
still to open, which the console opens in a thread after painting its first frame
(:mod:`.opening`: the command line's way, issue 15).  Until then the keys that need the
database wait, and run once it is open.  It starts a poller that sees other processes'
changes within ``watch_interval`` seconds and tells the screens to read again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from functools import partial
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import actions, on, work
from textual.app import SystemCommand
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.dom import DOMNode
from textual.message import Message
from textual.screen import Screen

from techconsole.i18n import N_, _
from techconsole.services.context import Context
from techconsole.tui.alerts.hooks import AlertSettings
from techconsole.tui.keys import named
from techconsole.tui.opening import Opening, Preview, World
from techconsole.tui.queue.screen import QueueScreen
from techconsole.tui.queue.status_line import number
from techconsole.tui.queue.table import QueueQuery, QueueTable
from techconsole.tui.queue.views import VIEW_KEYS, VIEW_TITLES
from techconsole.tui.readonly import is_read_only, refuse, writes
from techconsole.tui.roles import ScreenCommands
from techconsole.tui.shell import ShellFirst
from techconsole.tui.speak import speak, words
from techconsole.tui.state import ConsoleState
from techconsole.tui.timer.keeper import CSS as TIMER_CSS
from techconsole.tui.timer.keeper import TimerBars
from techconsole.tui.watch import ChangePoller, DatabaseChanged, WatchFailed
from techconsole.tui.widgets.text import markup_safe

if TYPE_CHECKING:
    from techconsole.services.incidents import queue as queue_service
    from techconsole.services.views import TechnicianView
    from techconsole.store.watching import ChangeWatcher
    from techconsole.tui.alerts.watcher import AlertWatcher

# The incident, team and help screens are imported when first opened: the queue paints
# without paying for them (the incident screen brings the PDF library with its exports);
# the services, SQLAlchemy and the tables are imported by the thread that opens the
# database (:mod:`.opening`), or by whoever made the context given.


class TechConsole(ShellFirst):
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

    #: the context the console runs on (with an :class:`Opening`: once it is open)
    ctx: Context

    def __init__(
        self,
        context: Context | Callable[[], Context] | Opening,
        *,
        watch_interval: float | None = 0.25,
        view: queue_service.View = "all",
        alerts: AlertSettings | None = None,
        state: ConsoleState | None = None,
        keymap: Mapping[str, str] | None = None,
    ) -> None:
        """``context`` as it is, or the :class:`Opening` of one: then the console
        paints first and opens it in a thread (:mod:`.opening`)."""
        super().__init__(context if isinstance(context, Opening) else None)
        speak(self)
        if not isinstance(context, Opening):
            self.ctx = context if isinstance(context, Context) else context()
            self.read_only = is_read_only(self.ctx)
        self.watch_interval = watch_interval
        if state is not None:
            self.state = state
        if state is not None and view == "all":
            view = self.state.last.view  # type: ignore[assignment]
        self.start_view: queue_service.View = view
        self.poller: ChangePoller | None = None
        #: what waits for the first page's frame once the database is open
        self._after_rows: list[Callable[[], object]] = []
        self._rows_answered = False
        self.timer_bars = TimerBars(self, None if self.opening else self.ctx)
        #: what the person's settings say of alerts; ``None``: no alerts (tests, scripts)
        self.alert_settings = alerts
        if keymap:  # [keys] of the config file: other keys for some bindings (:mod:`.keys`)
            self.set_keymap(dict(keymap))
        self.alerts: AlertWatcher | None = None

    def on_mount(self) -> None:
        self.timer_bars.install()  # a timer bar on every screen from the first one
        self.screen_change_signal.subscribe(self, self._screen_changed)
        if self.state.theme in self.available_themes:
            self.theme = self.state.theme
        self.theme_changed_signal.subscribe(self, lambda t: self.state.remember_theme(t.name))
        start = replace(self.state.last, view=self.start_view)
        if self.opening is not None:  # the shell now; the world from a thread
            shell = QueueScreen(None, view=self.start_view, start=start)
            self.push_screen(shell)
            self.open_after(shell, QueueQuery(view=self.start_view, text=start.text))
            return
        self._watch()  # before the first read: no change can slip between them
        self.push_screen(QueueScreen(self.ctx, view=self.start_view, start=start))
        self._whoami()

    def _watch(self, watcher: ChangeWatcher | None = None) -> None:
        """Poll for other processes' changes; ``watcher`` noted the version already."""
        if self.watch_interval is not None:
            self.poller = ChangePoller(self, self.ctx, self.watch_interval, watcher)
            self.poller.start()
        elif watcher is not None:
            watcher.close()

    def world_opened(self, world: World) -> None:
        """The database is open: the queue shows its first page, the poll and the timer
        bars start, and the person is known."""
        self.ctx = world.ctx
        self.read_only = is_read_only(self.ctx)
        self._watch(world.watcher)
        # once the first page is on the screen: the timer bars and the alerts import
        # their services (~0.1 s), which would hold the rows back
        self._after_rows = [
            partial(self.timer_bars.attach, world.ctx),
            partial(self._identified, self.Identified(world.me)),
        ]
        for screen in self.screen_stack:
            if isinstance(screen, QueueScreen):
                screen.opened(world.ctx, world.query, world.page)

    def world_previewed(self, preview: Preview) -> None:
        """The first page, read before the database is open: shown meanwhile."""
        for screen in self.screen_stack:
            if isinstance(screen, QueueScreen):
                screen.previewed(preview)

    @on(QueueTable.Loaded)
    @on(QueueTable.LoadFailed)
    def _first_answer(self, message: QueueTable.Loaded | QueueTable.LoadFailed) -> None:
        """The queue's first answer after opening: the rest, after its frame."""
        if self._after_rows:
            self._rows_answered = True
            self.call_after_refresh(self._after_first_frame)

    def _screen_changed(self, _screen: Screen[Any]) -> None:
        """A screen that closes before its next frame takes the calls waiting for that
        frame with it (a form opened with ``n`` while the database opened, and closed at
        once): the rest waits for the next screen's frame instead."""
        if self._rows_answered and self._after_rows:
            self.call_after_refresh(self._after_first_frame)

    def _after_first_frame(self) -> None:
        later, self._after_rows = self._after_rows, []  # once, whichever call comes first
        for step in later:
            if not self._exit and not self._closing:  # q may come with the first rows
                step()

    def warm_up(self) -> None:
        number(0)  # the counts' format: Babel's numbers and the locale's data

    def world_not_opened(self, said: str) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, QueueScreen):
                screen.not_opened(said)

    def on_unmount(self) -> None:
        if self.poller is not None:
            self.poller.stop()

    def _handle_exception(self, error: Exception) -> None:
        """A failure nobody foresaw: the console closes as Textual closes it, but the
        traceback goes to the log of internal errors and one line says so (exit code 70)."""
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
        from techconsole.services.team import members as team

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
        from techconsole.tui.alerts.watcher import AlertWatcher

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

        # chosen in the preview: opened once the database is
        self.once_open(lambda: self.push_screen(IncidentScreen(self.ctx, message.number)))

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
        for command in super().get_system_commands(screen):  # Textual's, in English
            yield command._replace(title=words(command.title), help=words(command.help))

    def action_command_palette(self) -> None:
        """Textual's palette, with its search field's hint in the console's language."""
        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            hint = words("Search for commands…")
            self.push_screen(CommandPalette(id="--command-palette", placeholder=hint))

    def deliver_screenshot(
        self, filename: str | None = None, path: str | None = None, time_format: str | None = None
    ) -> str | None:
        """The palette's "Screenshot": customers' data on it, so it is written as an
        export is, where exports go (:mod:`.screenshot`); its path, or ``None``."""
        from techconsole.tui.screenshot import save

        written = save(self, filename, path)
        return None if written is None else str(written)

    def search_themes(self) -> None:
        """The themes to choose from ("Theme" in the palette), the hint translated."""
        from textual.theme import ThemeProvider

        self.push_screen(
            CommandPalette(providers=[ThemeProvider], placeholder=words("Search for themes…"))
        )

    def _queue_commands(self, screen: QueueScreen) -> Iterable[SystemCommand]:
        from techconsole.reports.queue_words import order_words

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
