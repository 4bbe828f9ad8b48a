"""A console that paints first and opens its database in a thread (issue 15).

:class:`ShellFirst` is the part of the console's app that runs before its world is open
(:mod:`.opening`): it starts the opening thread once the shell is on the screen, keeps
the keys that need the database until it is open and then runs them in turn, and says
what went wrong if it could not be opened: on the screen, and once more on the terminal
when the person leaves, with the command line's exit code.  The app says what opening
means to it in :meth:`ShellFirst.world_opened` and :meth:`ShellFirst.world_not_opened`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import Any

from rich.text import Text
from textual import actions, on, work
from textual.app import App
from textual.dom import DOMNode
from textual.message import Message
from textual.screen import Screen

from techconsole.i18n import _
from techconsole.tui.opening import Opening, Preview, World, refusal
from techconsole.tui.queue.table import QueueQuery
from techconsole.tui.signals import ConsoleApp
from techconsole.tui.widgets.text import markup_safe, plain

#: the app's and the screens' actions that run before the database is open (the others
#: wait for it): they leave, or change only what the queue will show; a widget's own
#: keys (the filter's editing, the table's cursor) always run
SHELL_ACTIONS = frozenset(
    {
        "quit", "help_quit", "help", "bell", "focus_next", "focus_previous", "filter",
        "clear_filter", "view", "sort", "reverse_sort", "policy_order", "refresh",
        "choose_columns", "save_view", "toggle_mark", "copy_number", "copy_subject",
    }
)  # fmt: skip
#: how long the opening thread lets the UI paint the preview's rows before it imports the
#: database's libraries (one interpreter lock: it would slow that frame down)
PREVIEW_PAINT_S = 1.0


class ShellFirst(ConsoleApp):
    """The console's app before its world is open (see the module's description)."""

    class Previewed(Message):
        """The first page, read before the database is open (posted by the opening
        thread, which waits for ``painted`` before it goes on)."""

        def __init__(self, preview: Preview, painted: threading.Event) -> None:
            super().__init__()
            self.preview, self.painted = preview, painted

    class Opened(Message):
        """The world is open (posted by the opening thread)."""

        def __init__(self, world: World) -> None:
            super().__init__()
            self.world = world

    class OpenFailed(Message):
        """The world could not be opened: the command line's words for it (``kind``, an
        English msgid, and the error) and its exit code."""

        def __init__(self, kind: str, error: str, code: int) -> None:
            super().__init__()
            self.kind, self.error, self.code = kind, error, code

        def said(self) -> str:
            kind = _(self.kind)
            return f"{kind}: {self.error.removeprefix(kind + ': ')}"

    class OpenCrashed(Message):
        """Opening failed as nobody foresaw: a crash, logged (exit code 70)."""

        def __init__(self, error: Exception) -> None:
            super().__init__()
            self.error = error

    def __init__(self, opening: Opening | None) -> None:
        super().__init__()
        #: the world still to open (``None``: open, or given open)
        self.opening = opening
        #: why the world could not be opened (said on the screen, and on leaving)
        self.open_failed: ShellFirst.OpenFailed | None = None
        #: the actions asked for before the world was open: run once it is
        self._waiting: list[tuple[Any, ...]] = []
        #: what else waits for the world to be open (an incident chosen in the preview)
        self._once_open: list[Callable[[], object]] = []

    @property
    def is_open(self) -> bool:
        """Whether the console's database is open."""
        return self.opening is None

    def open_after(self, shell: Screen[Any], query: QueueQuery) -> None:
        """Open the world once ``shell`` is on the screen (a thread started before would
        take turns with the first frame: one interpreter lock), reading ``query`` first."""
        if self.opening is not None:
            shell.call_after_refresh(self._open, self.opening, query)

    def world_previewed(self, preview: Preview) -> None:
        """The app shows the first page read before its world is open (subclasses)."""

    def world_opened(self, world: World) -> None:
        """The app takes its world (subclasses)."""

    def once_open(self, step: Callable[[], object]) -> None:
        """Run ``step`` now if the world is open, else once it is (dropped, with a word,
        if it could not be opened)."""
        if self.is_open:
            step()
        elif self.open_failed is not None:
            self._say_not_open()
        else:
            self._once_open.append(step)

    def world_not_opened(self, said: str) -> None:
        """The app shows why its world could not be opened (subclasses)."""

    def warm_up(self) -> None:
        """In the opening thread, once open: what the first page's frame will need
        (subclasses), so that the screen does not load it between the page and its frame."""

    @work(thread=True, group="open", exit_on_error=False)
    def _open(self, opening: Opening, query: QueueQuery) -> None:
        def say(text: str) -> None:  # what opening tells (the command line's notes)
            self.call_from_thread(self.notify, markup_safe(text), timeout=10)

        try:
            preview = opening.preview(query)
        except Exception:  # the usual read follows, and says what is wrong
            preview = None
        if preview is not None:
            painted = threading.Event()
            self.post_message(self.Previewed(preview, painted))
            painted.wait(PREVIEW_PAINT_S)
        try:
            world = opening.open(query, say)
            self.warm_up()
        except Exception as error:
            said = refusal(error)
            if said is None:
                self.post_message(self.OpenCrashed(error))
            else:
                kind, code = said
                self.post_message(self.OpenFailed(kind, str(error) or type(error).__name__, code))
        else:
            self.post_message(self.Opened(world))

    @on(Previewed)
    def _previewed(self, message: Previewed) -> None:
        if self.is_open or self._exit or self._closing:
            message.painted.set()
            return
        self.world_previewed(message.preview)
        self.call_after_refresh(message.painted.set)

    @on(Opened)
    async def _opened(self, message: Opened) -> None:
        world = message.world
        if self._exit or self._closing:  # the person left before it was open
            if world.watcher is not None:
                world.watcher.close()
            world.ctx.db.dispose()
            return
        self.opening = None
        self.world_opened(world)
        waiting, self._waiting = self._waiting, []
        for action, default_namespace, namespaces in waiting:
            await self.run_action(action, default_namespace, namespaces)
        later, self._once_open = self._once_open, []
        for step in later:
            step()

    @on(OpenFailed)
    def _open_failed(self, message: OpenFailed) -> None:
        self.open_failed = message
        self._waiting.clear()
        self._once_open.clear()
        self.world_not_opened(message.said())
        self._say_not_open()

    def _say_not_open(self) -> None:
        if self.open_failed is not None:
            self.notify(
                markup_safe(self.open_failed.error),
                title=_("The database could not be opened"),
                severity="error",
                timeout=30,
            )

    @on(OpenCrashed)
    def _open_crashed(self, message: OpenCrashed) -> None:
        self._handle_exception(message.error)

    async def action_quit(self) -> None:
        """Leave; when the database could not be opened, that is said once more on the
        terminal, with the command line's exit code."""
        failed = self.open_failed
        if failed is None:
            self.exit()
            return
        kind = _(failed.kind)
        line = Text(f"{kind}: ", style="bold red")
        line.append(plain(failed.error.removeprefix(f"{kind}: "), one_line=False))
        self.exit(return_code=failed.code, message=line)

    async def run_action(
        self,
        action: str | actions.ActionParseResult,
        default_namespace: DOMNode | None = None,
        namespaces: Mapping[str, DOMNode] | None = None,
    ) -> bool:
        """Before the database is open, an action that needs it waits for it (and is
        dropped, with a word, if it could not be opened)."""
        if not self.is_open and self._needs_world(action, default_namespace):
            if self.open_failed is not None:
                self._say_not_open()
            else:
                self._waiting.append((action, default_namespace, namespaces))
            return True
        return await super().run_action(action, default_namespace, namespaces)

    def _needs_world(
        self, action: str | actions.ActionParseResult, default: DOMNode | None
    ) -> bool:
        """Whether ``action`` (run on ``default``, else the app) needs the database open."""
        where, name, _params = actions.parse(action) if isinstance(action, str) else action
        target: object = {"app": self, "screen": self.screen}.get(where, default or self)
        return isinstance(target, App | Screen) and name not in SHELL_ACTIONS
