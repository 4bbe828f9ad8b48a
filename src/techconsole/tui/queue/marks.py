"""One step on several incidents: ``space`` marks queue lines, then ``C`` claims them, ``A``
gives them to a technician (leads), ``P`` pauses them while the customer is waited on.

With no line marked the step is for the line under the cursor.  Each incident is one
transaction of the service, in a thread, one after the other: what one refuses (taken
meanwhile, not yours to pause) does not stop the others; a toast says how many went
through and why the others did not, and the marks of those done are cleared.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.message import Message
from textual.screen import Screen

from techconsole.i18n import N_, _, ngettext
from techconsole.tui.queue.table import QueueTable
from techconsole.tui.signals import console
from techconsole.tui.widgets.text import markup_safe, plain

if TYPE_CHECKING:
    from techconsole.services.context import Context

# The services and the dialogs are imported when a step is first taken: the queue's
# first frame comes before them (issue 15).

#: the actions that change the database (refused when it is read-only)
BULK_WRITES = frozenset({"claim_marked", "assign_marked", "pause_marked"})


class BulkDone(Message):
    """A step on several incidents ended: those it was done to, and why not the others."""

    def __init__(self, title: str, done: list[str], refused: list[tuple[str, str]]) -> None:
        super().__init__()
        self.title, self.done, self.refused = title, done, refused


class MarkedSteps(Screen[None]):
    """The queue's marks and the steps on them (mixed into the queue screen)."""

    if TYPE_CHECKING:

        @property
        def ctx(self) -> Context: ...

    @property
    def table(self) -> QueueTable:
        return self.query_one(QueueTable)

    def action_toggle_mark(self) -> None:
        self.table.toggle_mark()

    def _targets(self) -> list[str]:
        """The marked lines, in the order shown; else the line under the cursor."""
        table = self.table
        if table.marked:
            return [row.number for row in table.rows_ if row.number in table.marked]
        number = table.cursor_key()
        return [number] if number else []

    def action_claim_marked(self) -> None:
        numbers = self._targets()
        if numbers:
            self._run(_("Claim"), numbers, _claim)

    def action_assign_marked(self) -> None:
        numbers = self._targets()
        if not numbers:
            return
        me = console(self).me
        if me is not None and not me.is_lead:
            said = _("only a team lead can {what}; ask your lead").format(
                what=_("assign or reassign incidents")
            )
            self.notify(said, title=_("{step}: refused").format(step=_("Assign")), markup=False)
            return
        from techconsole.tui.incident.pickers import AssignDialog

        title = ngettext("Assign {n} incident", "Assign {n} incidents", len(numbers))
        form = AssignDialog(self.ctx, None, title.format(n=len(numbers)))

        def chosen(login: str | None) -> None:
            if login is not None:
                step = partial(_assign, login=login or None)
                self._run(_("Assign"), numbers, step)

        self.app.push_screen(form, chosen)

    def action_pause_marked(self) -> None:
        numbers = self._targets()
        if not numbers:
            return
        from techconsole.tui.incident.dialogs import TextDialog

        title = ngettext("Pause {n} incident", "Pause {n} incidents", len(numbers))
        form = TextDialog(
            Text(title.format(n=len(numbers)), style="bold"),
            _("Waiting for"),
            ok=N_("Pause"),
            hint=_("optional · what we wait for from the customer"),
        )

        def reason(text: str | None) -> None:
            if text is not None:
                self._run(_("Pause"), numbers, partial(_pause, reason=text))

        self.app.push_screen(form, reason)

    def _run(self, title: str, numbers: list[str], step: Callable[[Context, str], object]) -> None:
        self.notify(
            ngettext("{n} incident…", "{n} incidents…", len(numbers)).format(n=len(numbers)),
            title=title,
            timeout=2,
        )
        self._steps(title, numbers, step)

    @work(thread=True, group="marked-steps", exit_on_error=False)
    def _steps(
        self, title: str, numbers: list[str], step: Callable[[Context, str], object]
    ) -> None:
        done: list[str] = []
        refused: list[tuple[str, str]] = []
        for number in numbers:
            try:
                step(self.ctx, number)
            except Exception as error:  # the service's refusal, said per incident
                refused.append((number, str(error) or type(error).__name__))
            else:
                done.append(number)
        self.post_message(BulkDone(title, done, refused))

    def on_bulk_done(self, message: BulkDone) -> None:
        table = self.table
        table.marked -= set(message.done)
        said = ngettext("{n} done", "{n} done", len(message.done)).format(n=len(message.done))
        lines = [said] + [f"{number}: {plain(why)}" for number, why in message.refused[:5]]
        if len(message.refused) > 5:
            more = len(message.refused) - 5
            lines.append(ngettext("and {n} more", "and {n} more", more).format(n=more))
        self.notify(
            markup_safe("\n".join(lines)),
            title=message.title,
            severity="warning" if message.refused else "information",
        )
        table.reload()


def _claim(ctx: Context, number: str) -> object:
    from techconsole.services.incidents import ownership

    return ownership.claim(ctx, number)


def _assign(ctx: Context, number: str, *, login: str | None) -> object:
    from techconsole.services.incidents import ownership

    return ownership.assign(ctx, number, login)


def _pause(ctx: Context, number: str, *, reason: str) -> object:
    from techconsole.services.incidents import workflow

    return workflow.pause(ctx, number, reason)
