"""What the Postazioni screen's keys do: a form when the step needs words, then the
service in a thread worker (:mod:`.steps`); the screen reads the machines again and a
toast says what happened (and whether the machine is covered now), or what the service
refused and why.  :data:`ACTIONS` makes the bindings, ``?`` help and the palette.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any, ClassVar

from textual.app import SystemCommand
from textual.binding import Binding

from techconsole.i18n import N_, _
from techconsole.services.assets.roster import Roster
from techconsole.services.assets.views import AssetDetail
from techconsole.services.context import Context
from techconsole.tui.machines import steps
from techconsole.tui.machines.forms import InspectDialog, VerifyDialog
from techconsole.tui.machines.table import MachineTable
from techconsole.tui.roles import ScreenCommands
from techconsole.tui.step_runner import Step, StepRunner
from techconsole.tui.widgets.form_fields import FormScreen
from techconsole.tui.widgets.text import markup_safe


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
        "v",
        "verify",
        N_("Verify"),
        N_("Software found installed or missing on the machine: its coverage follows"),
    ),
    Action(
        "i",
        "inspect",
        N_("Inspection"),
        N_("The inspection of the whole machine at acceptance, with its findings"),
    ),
    Action(
        "s",
        "attach",
        N_("For the incident"),
        N_("The incident is about this machine"),
    ),
    Action("r", "refresh", N_("Refresh"), N_("Read the machines again"), show=False),
)


class MachineActions(ScreenCommands, StepRunner):
    """The steps of the Postazioni screen, for the screen that shows the machines."""

    RELOAD_AFTER_REFUSAL = True  # someone else may have changed the machine meanwhile
    #: the actions that change the database (refused when it is read-only)
    WRITES: ClassVar[frozenset[str]] = frozenset({"verify", "inspect", "attach"})

    ctx: Context
    #: the incident the screen was opened from (``s`` names the machine on it)
    incident: str | None
    #: the machine that incident is about, as last read
    incident_machine: int | None
    roster: Roster | None

    @property
    def table(self) -> MachineTable:
        return self.query_one(MachineTable)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """``s`` only on the machines of an incident's customer, opened from it."""
        return action != "attach" or self.incident is not None

    def system_commands(self) -> Iterator[SystemCommand]:
        """The screen's keys in the command palette."""
        for action in ACTIONS:
            if self.check_action(action.name, ()):
                said = _("{help} (key {key})").format(help=_(action.help), key=action.key)
                run = partial(self.app.run_action, action.name, self)
                yield SystemCommand(_(action.title), said, run)

    def chosen(self) -> AssetDetail | None:
        """The machine under the cursor; ``None`` (and a word) when there is none."""
        found = None
        if self.roster is not None:
            key = self.table.cursor_key()
            found = self.roster.find(int(key)) if key is not None else None
        if found is None:
            self.notify(_("no machine here"), severity="warning")
        return found

    def ask(self, form: FormScreen[Any], then: Callable[[Any], Step], title: str) -> None:
        """Open ``form``; its answer, made a step by ``then``, is run (esc: nothing)."""

        def answered(result: Any) -> None:
            if result is not None:
                self.run_step(title, then(result))

        self.app.push_screen(form, answered)

    # ------------------------------------------------------------------ the steps
    def action_verify(self) -> None:
        machine = self.chosen()
        if machine is None:
            return
        form = VerifyDialog(machine, self.ctx.policy.zone, self.ctx.now)
        step = partial(_answer, steps.verify, "found", asset_id=machine.asset.id)
        self.ask(form, step, _("Verify"))

    def action_inspect(self) -> None:
        machine = self.chosen()
        if machine is None:
            return
        form = InspectDialog(machine, self.ctx.policy.zone, self.ctx.now)
        name = machine.asset.name
        step = partial(_answer, steps.inspect, "done", asset_id=machine.asset.id, machine=name)
        self.ask(form, step, _("Inspection"))

    def action_attach(self) -> None:
        machine = self.chosen()
        if machine is None or self.incident is None:
            return
        if machine.asset.id == self.incident_machine:
            said = _("{machine} is already the machine of {number}").format(
                machine=machine.asset.name, number=self.incident
            )
            self.notify(markup_safe(said), title=_("For the incident"), severity="warning")
            return
        step = partial(steps.attach, number=self.incident, asset_id=machine.asset.id)
        self.run_step(_("For the incident"), step)

    def action_refresh(self) -> None:
        self.reload()


def _answer(step: Callable[..., str], argument: str, answer: Any, **known: Any) -> Step:
    """The step with the form's answer as its ``argument``."""
    return partial(step, **known, **{argument: answer})
