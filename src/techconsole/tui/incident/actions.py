"""What the incident screen's keys do: a form when the step needs words, then the
service in a thread worker (:mod:`.steps`); the screen reads the incident again and a
toast says what happened, or what the service refused and why.

:data:`ACTIONS` is the one list of them: the screen's bindings, ``?`` help and the
command palette are all made from it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any, ClassVar

from textual.app import SystemCommand
from textual.binding import Binding

from techconsole.i18n import N_, _
from techconsole.services import bounds
from techconsole.services.context import Context
from techconsole.services.incidents.workflow import WORKING
from techconsole.services.mail import previews
from techconsole.services.views import IncidentDetail, IncidentView
from techconsole.tui.incident import dialogs, facts, loaner, parts, pickers, session_steps, steps
from techconsole.tui.incident import guarantee as promised
from techconsole.tui.incident.triage import TriageDialog
from techconsole.tui.incident.worklog import WorkFacts
from techconsole.tui.incident.write import ReplyDialog
from techconsole.tui.report.screen import ReportScreen
from techconsole.tui.roles import ScreenCommands
from techconsole.tui.signals import console
from techconsole.tui.step_runner import Step, StepRunner
from techconsole.tui.widgets.form_fields import FormScreen
from techconsole.tui.widgets.text import markup_safe

#: from this many columns the footer has room for every everyday key; below, it keeps
#: claim, take in charge, resolve and the report next to the console's q and ?
WIDE = 150
#: and from this many, for the keys of the work sessions after the fact too (in Italian)
WIDER = 210


#: the steps of an incident still open: not in the footer once it is resolved or closed
WHILE_OPEN = frozenset({"claim", "acknowledge", "pause", "on_site", "resolve"})
#: the steps of a resolved incident: in the footer then, whatever the width
WHEN_RESOLVED = frozenset({"reopen", "close"})


def footer_keys(width: int, status: str | None) -> dict[str, bool]:
    """Which steps the footer shows (action → shown), ``width`` columns wide, on an
    incident in ``status`` (``None``: not read yet).  Their keys work whatever it shows:
    a step the incident cannot take is refused with the reason, at once."""
    done = status in ("resolved", "closed")
    return {
        action.name: (status == "resolved" and action.name in WHEN_RESOLVED)
        or (action.show and width >= action.room and not (done and action.name in WHILE_OPEN))
        for action in ACTIONS
    }


@dataclass(frozen=True, slots=True)
class Action:
    key: str
    name: str  # the ``action_*`` method
    title: str  # footer, help, toast title (an English msgid: shown with ``_``)
    help: str  # the command palette's line (an English msgid)
    show: bool = True  # in the footer (help lists them all)
    room: int = 0  # in the footer only from this many columns (WIDE, WIDER)

    def binding(self) -> Binding:
        return Binding(self.key, self.name, self.title, show=self.show)


ACTIONS = (  # the footer shows the everyday ones, in this order; ? lists them all
    Action("c", "claim", N_("Claim"), N_("Take this incident: it becomes yours")),
    Action(
        "t", "triage", N_("Triage"), N_("Severity, urgency, level, category, warranty"), room=WIDE
    ),
    Action("a", "acknowledge", N_("Take in charge"), N_("Written confirmation with the estimate")),
    Action(
        "p", "pause", N_("Pause/resume"), N_("Waiting on the customer stops the clocks"), room=WIDE
    ),
    Action(
        "o", "on_site", N_("On site"), N_("The technician arrived at the customer's"), room=WIDE
    ),
    Action("n", "note", N_("Note"), N_("Add a note to the timeline"), room=WIDE),
    Action(
        "e",
        "write",
        N_("Write to the customer"),
        N_("A message to the customer by mail, through the outbox"),
        room=WIDE,
    ),
    Action("R", "resolve", N_("Resolve"), N_("The intervention is over: solved or not")),
    Action("C", "close", N_("Close"), N_("Close a resolved incident"), room=WIDE),
    Action(
        "S",
        "correct_session",
        N_("Correct a session"),
        N_("A work session's start, end, kind or note (yours; a lead's: anyone's)"),
        room=WIDER,
    ),
    Action(
        "W",
        "add_session",
        N_("Past work"),
        N_("Record work done without the timer: its start, and its end or its duration"),
        room=WIDER,
    ),
    Action(
        "w",
        "work_report",
        N_("Report"),
        N_("The work report: read it, export PDF or Markdown"),
    ),
    Action("A", "authorise", N_("Authorise"), N_("A titolare's or ADS's go-ahead"), show=False),
    Action("O", "reopen", N_("Reopen"), N_("A resolved incident came back"), show=False),
    Action("s", "assign", N_("Assign"), N_("Give it to a technician (leads)"), show=False),
    Action(
        "u",
        "account",
        N_("Server account"),
        N_("The customer gave a server account"),
        show=False,
    ),
    Action(
        "M",
        "machines",
        N_("Workstations"),
        N_("The customer's machines: coverage, software, inspection; name this one's"),
        show=False,
    ),
    Action(
        "l",
        "loaner",
        N_("Loaner PC"),
        N_("Lend one of our loaner PCs for this incident, or record its return"),
        show=False,
    ),
    Action(
        "K",
        "parts",
        N_("Part answer"),
        N_("The customer agreed to a proposed spare part, or declined it"),
        show=False,
    ),
    Action(
        "E",
        "estimate",
        N_("Repair estimate"),
        N_("How long the repair takes: beyond the policy's limit a loaner PC is due"),
        show=False,
    ),
    Action(
        "P",
        "changes",
        N_("Customisations"),
        N_("The customer's customisations: deliver, test, accept, contest"),
        show=False,
    ),
)
#: the actions that only read (open another screen)
READS = frozenset({"work_report", "machines", "changes"})


class IncidentActions(ScreenCommands, StepRunner):
    """The steps of an incident's life, for the screen that shows it."""

    #: the actions that change the database (refused when it is read-only)
    WRITES: ClassVar[frozenset[str]] = frozenset(
        action.name for action in ACTIONS if action.name not in READS
    )

    ctx: Context
    number: str
    detail: IncidentDetail | None
    work: WorkFacts | None

    def ask(self, form: FormScreen[Any], then: Callable[[Any], Step], title: str) -> None:
        """Open ``form``; its answer, made a step by ``then``, is run (esc: nothing)."""

        def answered(result: Any) -> None:
            if result is not None:
                self.run_step(title, then(result))

        self.app.push_screen(form, answered)

    def shown(self) -> IncidentView | None:
        """The incident as shown; ``None`` (and a word) while it is still being read."""
        if self.detail is None:
            self.notify(_("the incident is still being read"), severity="warning")
            return None
        return self.detail.incident

    def system_commands(self) -> Iterator[SystemCommand]:
        """The steps in the command palette."""
        for action in ACTIONS:
            run = partial(self.app.run_action, action.name, self)
            said = _("{help} (key {key})").format(help=_(action.help), key=action.key)
            yield SystemCommand(_(action.title), said, run)

    # ------------------------------------------------------------------ the steps
    def action_claim(self) -> None:
        self.run_step(_("Claim"), partial(steps.claim, number=self.number))

    def action_triage(self) -> None:
        if self.shown() is None or self.detail is None:
            return
        form = TriageDialog(self.detail, self.ctx.policy, self.ctx)
        self.ask(form, partial(_with, steps.triage, "change", self.number), _("Triage"))

    def action_acknowledge(self) -> None:
        view = self.shown()
        if view is None or self.refused_now(
            view,
            (*WORKING, "waiting"),
            N_("cannot take in charge {number}: it is {status}"),
            _("Take in charge"),
        ):
            return
        if view.acknowledged_at is not None:  # as the service would say, before the form
            said = _("{number} was already taken in charge at {when}").format(
                number=view.number, when=bounds.local(view.acknowledged_at, self.ctx.policy.zone)
            )
            title = _("{step}: refused").format(step=_("Take in charge"))
            self.notify(markup_safe(said), title=title, severity="warning")
            return
        preview = partial(steps.acknowledgement_preview, self.ctx, self.number)
        policy = self.ctx.policy
        guarantee = promised.guarantee_of(view, policy, self.ctx.now())
        form = dialogs.AcknowledgeDialog(view, policy.zone, self.ctx.now, preview, guarantee)
        then = partial(_with, steps.acknowledge, "ack", self.number)
        self.ask(form, then, _("Take in charge"))

    def action_pause(self) -> None:
        """``p`` pauses an incident being worked on and resumes one that waits."""
        view = self.shown()
        if view is None:
            return
        if view.status == "waiting":
            self.run_step(_("Resume"), partial(steps.resume, number=self.number))
        elif view.status not in WORKING:  # nothing to ask: the service says why not
            self.run_step(_("Pause"), partial(steps.pause, number=self.number))
        else:
            form = dialogs.TextDialog(
                dialogs.heading(_("Pause"), view),
                _("Waiting for"),
                ok=N_("Pause"),
                hint=_("optional · what we wait for from the customer"),
            )
            self.ask(form, partial(_with, steps.pause, "reason", self.number), _("Pause"))

    def action_on_site(self) -> None:
        view = self.shown()
        assigned = view is None or view.assignee is not None
        self.run_step(_("On site"), partial(steps.on_site, number=self.number, assigned=assigned))

    def action_note(self) -> None:
        view = self.shown()
        if view is None:
            return
        form = dialogs.TextDialog(
            dialogs.heading(_("Note"), view),
            _("Note"),
            ok=N_("Add note"),
            hint=_("as it should read in the timeline · tab, then enter, saves (or ctrl+s)"),
            required=_("the note is empty"),
            lines=True,
        )
        self.ask(form, partial(_with, steps.note, "text", self.number), _("Note"))

    def action_write(self) -> None:
        view = self.shown()
        if view is None:
            return
        form = ReplyDialog(view, partial(previews.preview_reply, self.ctx, self.number))
        then = partial(_with, steps.write, "text", self.number)
        self.ask(form, then, _("Write to the customer"))

    def action_authorise(self) -> None:
        view = self.shown()
        if view is None:
            return
        renewal = view.is_open and view.authorised_until is not None  # a new end
        if view.status != "awaiting_authorisation" and not renewal:
            said = _("{number} is not waiting for an authorisation (it is {status})").format(
                number=view.number, status=facts.status_word(view.status)
            )
            self.notify(markup_safe(said), title=_("Authorise"), severity="warning")
            return
        form = pickers.AuthoriseDialog(self.ctx, view)
        self.ask(form, partial(_with, steps.authorise, "given", self.number), _("Authorise"))

    def refused_now(
        self, view: IncidentView, statuses: tuple[str, ...], why: str, step: str
    ) -> bool:
        """Say at once, before any form opens, that ``view`` is not in one of ``statuses``
        (``why`` is the service's own msgid for it, with ``{number}`` and ``{status}``)."""
        if view.status in statuses:
            return False
        said = _(why).format(number=view.number, status=facts.status_word(view.status))
        self.notify(
            markup_safe(said), title=_("{step}: refused").format(step=step), severity="warning"
        )
        return True

    def action_resolve(self) -> None:
        view = self.shown()
        if view is None or self.refused_now(
            view, (*WORKING, "waiting"), N_("cannot resolve {number}: it is {status}"), _("Resolve")
        ):
            return
        then = partial(_with, steps.resolve, "outcome", self.number)
        self.ask(dialogs.ResolveDialog(view), then, _("Resolve"))

    def action_close(self) -> None:
        view = self.shown()
        if view is None or self.refused_now(
            view, ("resolved",), N_("cannot close {number}: it is {status}"), _("Close")
        ):
            return
        form = dialogs.TextDialog(
            dialogs.heading(_("Close"), view),
            _("Closing note"),
            ok=N_("Close incident"),
            hint=_("optional · once closed it cannot be reopened; its report can be issued"),
        )
        self.ask(form, partial(_with, steps.close, "note", self.number), _("Close"))

    def action_reopen(self) -> None:
        view = self.shown()
        if view is None or self.refused_now(
            view, ("resolved",), N_("cannot reopen {number}: it is {status}"), _("Reopen")
        ):
            return
        form = dialogs.TextDialog(
            dialogs.heading(_("Reopen"), view),
            _("Why"),
            ok=N_("Reopen"),
            hint=_("why the problem came back"),
            required=_("say why it came back"),
        )
        self.ask(form, partial(_with, steps.reopen, "reason", self.number), _("Reopen"))

    def action_assign(self) -> None:
        view = self.shown()
        if view is None:
            return
        me = console(self).me
        if me is not None and not me.is_lead:  # unknown yet: the service decides
            said = _("only a team lead can {what}; ask your lead").format(
                what=_("assign or reassign incidents")
            )
            title = _("{step}: refused").format(step=_("Assign"))
            self.notify(markup_safe(said), title=title, severity="warning")
            return
        form = pickers.AssignDialog(self.ctx, view)
        self.ask(form, partial(_with, steps.assign, "login", self.number), _("Assign"))

    def action_account(self) -> None:
        view = self.shown()
        if view is not None:
            form = pickers.AccountDialog(self.ctx, view)
            then = partial(_with, steps.account, "given", self.number)
            self.ask(form, then, _("Server account"))

    def action_loaner(self) -> None:
        view = self.shown()
        if view is not None and self.detail is not None:
            form, then = loaner.form(self.ctx, view, self.detail, self.number)
            self.ask(form, then, _("Loaner PC"))

    def action_estimate(self) -> None:
        view = self.shown()
        if view is not None:
            form, then = loaner.estimate_form(view, self.number)
            self.ask(form, then, _("Repair estimate"))

    def action_parts(self) -> None:
        """``K``: the customer's answer (OK or not) to a part proposed to them (seed 003)."""
        view = self.shown()
        if view is None:
            return
        done = self.work
        waiting = tuple(p for p in done.parts if p.waiting) if done is not None else ()
        if not waiting:
            said = _(
                "no part of {number} awaits the customer's answer: a part is proposed when "
                "the customer asked to be told first (techconsole material add)"
            ).format(number=view.number)
            self.notify(markup_safe(said), title=_("Part answer"), severity="warning")
            return
        form = parts.PartAnswerDialog(self.ctx, view, waiting)
        self.ask(form, partial(_with, parts.answer, "given", self.number), _("Part answer"))

    def action_correct_session(self) -> None:
        session_steps.correct(self)

    def action_add_session(self) -> None:
        session_steps.record(self)

    def action_work_report(self) -> None:
        self.app.push_screen(ReportScreen(self.ctx, self.number))

    def action_machines(self) -> None:
        """The customer's machines, this incident's under the cursor; ``s`` there names
        another one on it (the incident is read again on the way back)."""
        from techconsole.tui.machines.screen import MachinesScreen  # on first use

        view = self.shown()
        if view is None:
            return
        screen = MachinesScreen(
            self.ctx, view.customer_id, incident=view.number, select=view.asset_id
        )
        self.app.push_screen(screen, lambda _: self.reload())

    def action_changes(self) -> None:
        """The customer's customisations (seeds 000, 001); their steps change them there."""
        from techconsole.tui.changes.screen import ChangesScreen  # on first use

        view = self.shown()
        if view is not None:
            self.app.push_screen(ChangesScreen(self.ctx, view.customer_id, incident=view.number))


def _with(step: Callable[..., str], name: str, number: str, answer: Any) -> Step:
    """The step for ``number`` with the form's answer as its argument ``name``."""
    return partial(step, number=number, **{name: answer})
