"""What the customisations screen's keys do: a form when the step needs words, then the
service in a thread worker (:mod:`.steps`); the screen reads the customisations again and
a toast says what happened, or what the rules refused and why (the high-work months, the
contest window, the test deadline).  :data:`ACTIONS` makes the bindings, ``?`` help and
the palette.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any, ClassVar

from textual.app import SystemCommand
from textual.binding import Binding
from textual.widgets import DataTable

from techconsole.i18n import N_, _
from techconsole.services.changes.records import today_of
from techconsole.services.changes.views import ChangeView
from techconsole.services.context import Context
from techconsole.tui.changes import steps
from techconsole.tui.changes.forms import ContestDialog, DeliverDialog
from techconsole.tui.roles import ScreenCommands
from techconsole.tui.step_runner import Step, StepRunner
from techconsole.tui.widgets.form_fields import FormScreen


@dataclass(frozen=True, slots=True)
class Action:
    key: str
    name: str  # the ``action_*`` method
    title: str  # footer, help, toast title (an English msgid)
    help: str  # the command palette's line (an English msgid)
    show: bool = True

    def binding(self) -> Binding:
        return Binding(self.key, self.name, self.title, show=self.show)


ACTIONS = (
    Action(
        "d",
        "deliver",
        N_("Deliver"),
        N_("The customisation reaches the customer: its test deadline and contest window start"),
    ),
    Action("t", "tested", N_("Tested"), N_("The customer tested the delivery")),
    Action("a", "accept", N_("Accept"), N_("The customer accepted the delivery")),
    Action(
        "x",
        "contest",
        N_("Contest"),
        N_("The customer contests the delivery, within the policy's days"),
    ),
    Action("r", "refresh", N_("Refresh"), N_("Read the customisations again"), show=False),
)


class ChangeActions(ScreenCommands, StepRunner):
    """The steps of the customisations screen, for the screen that shows them."""

    RELOAD_AFTER_REFUSAL = True  # someone else may have changed it meanwhile
    #: the actions that change the database (refused when it is read-only)
    WRITES: ClassVar[frozenset[str]] = frozenset({"deliver", "tested", "accept", "contest"})

    ctx: Context
    changes: tuple[ChangeView, ...]

    def system_commands(self) -> Iterator[SystemCommand]:
        """The screen's keys in the command palette."""
        for action in ACTIONS:
            said = _("{help} (key {key})").format(help=_(action.help), key=action.key)
            run = partial(self.app.run_action, action.name, self)
            yield SystemCommand(_(action.title), said, run)

    def cursor_key(self) -> str | None:
        table = self.query_one("#changes", DataTable)
        if not table.row_count:
            return None
        try:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        except Exception:
            return None
        return str(key.value) if key.value is not None else None

    def chosen(self) -> ChangeView | None:
        """The customisation under the cursor; ``None`` (and a word) when there is none."""
        key = self.cursor_key()
        found = next((c for c in self.changes if str(c.id) == key), None)
        if found is None:
            self.notify(_("no customisation here"), severity="warning")
        return found

    def ask(self, form: FormScreen[Any], then: Callable[[Any], Step], title: str) -> None:
        """Open ``form``; its answer, made a step by ``then``, is run (esc: nothing)."""

        def answered(result: Any) -> None:
            if result is not None:
                self.run_step(title, then(result))

        self.app.push_screen(form, answered)

    def today(self) -> Any:
        return today_of(self.ctx)

    # ------------------------------------------------------------------ the steps
    def action_deliver(self) -> None:
        change = self.chosen()
        if change is not None:
            form = DeliverDialog(change, self.today)
            then = partial(_answer, steps.deliver, change.id)
            self.ask(form, then, _("Deliver"))

    def action_tested(self) -> None:
        change = self.chosen()
        if change is not None:
            self.run_step(_("Tested"), partial(steps.record_test, change=change.id))

    def action_accept(self) -> None:
        change = self.chosen()
        if change is not None:
            self.run_step(_("Accept"), partial(steps.accept, change=change.id))

    def action_contest(self) -> None:
        change = self.chosen()
        if change is not None:
            form = ContestDialog(change, self.today)
            then = partial(_answer, steps.contest, change.id)
            self.ask(form, then, _("Contest"))

    def action_refresh(self) -> None:
        self.reload()


def _answer(step: Callable[..., str], change: int, done: Any) -> Step:
    """The step for customisation ``change`` with the form's answer."""
    return partial(step, change=change, done=done)
