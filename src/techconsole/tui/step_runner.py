"""A screen whose keys run services in a thread worker: the step, its toast, the reload.

A step (a function of the context returning what the toast says) runs in a worker; the
screen is told it was taken (:class:`StepRunner.Done`) or refused
(:class:`StepRunner.Refused`) and reads its data again.  A write still waiting after
:data:`SAVING_AFTER` seconds (a colleague holds the database) says it is saving until it
is over.  The incident screen and the mail screen run their keys this way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on, work
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer

from techconsole.domain.errors import DomainError
from techconsole.i18n import _
from techconsole.services.context import Context
from techconsole.services.errors import ServiceError
from techconsole.tui.widgets.text import markup_safe

#: a step run in the worker thread; it returns what the toast says (markup-safe)
Step = Callable[[Context], str]

#: a step still writing after this many seconds says it is saving (the database is busy)
SAVING_AFTER = 0.5
#: the longest a write can wait (SQLite's busy timeout and more): the sign's own timeout
SAVING_TIMEOUT = 120


class StepRunner(Screen[None]):
    """The step runner of a screen; the screen provides :meth:`reload`."""

    #: read the data again after a refusal too (something else may have changed it)
    RELOAD_AFTER_REFUSAL: ClassVar[bool] = False

    ctx: Context
    _saving: Timer | None = None
    _saving_shown: bool = False

    class Started(Message):
        """A step's write began (posted from the worker)."""

        def __init__(self, title: str) -> None:
            super().__init__()
            self.title = title

    class Done(Message):
        """A step was taken (posted from the worker)."""

        def __init__(self, title: str, said: str) -> None:
            super().__init__()
            self.title, self.said = title, said

    class Refused(Message):
        """The service refused the step, or it failed; nothing changed."""

        def __init__(self, title: str, error: str) -> None:
            super().__init__()
            self.title, self.error = title, error

    def reload(self) -> None:
        """Read the screen's data again after a step (a hook: the screen provides it)."""
        raise NotImplementedError

    @work(thread=True, group="screen-step", exit_on_error=False)
    def run_step(self, title: str, step: Step) -> None:
        self.post_message(self.Started(title))
        try:
            said = step(self.ctx)
        except (ServiceError, DomainError) as error:
            self.post_message(self.Refused(title, str(error)))
        except Exception as error:  # the database went away: say it, keep the screen
            failed = _("failed: {error}").format(error=error or type(error).__name__)
            self.post_message(self.Refused(title, failed))
        else:
            self.post_message(self.Done(title, said))

    @on(Started)
    def _started(self, message: Started) -> None:
        """A write that takes longer than :data:`SAVING_AFTER` says so, until it is done
        or refused."""
        self._saving_shown = False

        def show() -> None:
            self._saving_shown = True
            self.notify(
                _("saving… the database is busy: waiting for it"),
                title=message.title,
                timeout=SAVING_TIMEOUT,
            )

        self._saving = self.set_timer(SAVING_AFTER, show)

    def _saved(self) -> None:
        """The write is over: the sign that it was saving goes."""
        if self._saving is not None:
            self._saving.stop()
            self._saving = None
        if self._saving_shown:
            self._saving_shown = False
            self.app.clear_notifications()

    @on(Done)
    def _done(self, message: Done) -> None:
        self._saved()
        self.notify(message.said, title=message.title)
        self.reload()

    @on(Refused)
    def _refused(self, message: Refused) -> None:
        self._saved()
        self.notify(
            markup_safe(message.error),
            title=_("{step}: refused").format(step=message.title),
            severity="error",
            timeout=8,
        )
        if self.RELOAD_AFTER_REFUSAL:
            self.reload()
