"""The loaner PC from the incident screen (seed 004): ``l`` lends one of ours for the
incident, or records the return of the one out for it; ``E`` records a new repair
estimate (``3d``, ``72h`` or when it will be done), which on a level-2 incident may make
a loaner due.  The forms, and the steps run in the worker (:mod:`.actions` binds them)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from textual.app import ComposeResult
from textual.widgets import Input, Select

from techconsole.domain.limits import MAX_NAME, MAX_TEXT
from techconsole.domain.loaner import looks_like_repair_time, parse_repair_time
from techconsole.domain.wall_time import parse_when
from techconsole.i18n import N_, _
from techconsole.services.context import Context
from techconsole.services.incidents import estimates
from techconsole.services.loaners import lending
from techconsole.services.loaners import reading as loaners
from techconsole.services.loaners.views import LoanerView
from techconsole.services.views import IncidentDetail, IncidentView
from techconsole.tui.incident import dialogs
from techconsole.tui.incident.loaner_lines import loaner_of
from techconsole.tui.incident.pickers import PickerDialog
from techconsole.tui.step_runner import Step
from techconsole.tui.widgets.form_fields import FormScreen, Invalid, field
from techconsole.tui.widgets.text import local, markup_safe, plain


@dataclass(frozen=True, slots=True)
class Lent:
    """What the lending form says: which loaner, whose data, a note."""

    loaner: int
    data_from: str
    note: str


class LendDialog(PickerDialog):
    """Lend a loaner of ours for the incident: only those in the pool now are offered."""

    OK = N_("Lend")

    def __init__(self, ctx: Context, view: IncidentView) -> None:
        super().__init__(_("Loaner PC"), ctx, view)

    def fields(self) -> ComposeResult:
        who: Select[Any] = Select([], prompt=_("loading…"), id="who", compact=True)
        yield field(_("Loaner PC"), who, _("one of ours, in the pool now"))
        data = Input(
            value=plain(self.view.asset or ""), id="data", compact=True, max_length=MAX_NAME
        )
        hint = _("whose data were copied onto it: the machine in repair, a person's profile")
        yield field(_("Data of"), data, hint)
        yield field(_("Note"), Input(id="note", compact=True, max_length=MAX_TEXT), _("optional"))

    def read(self) -> tuple[LoanerView, ...]:
        return tuple(loaners.list_loaners(self.ctx))

    def options(self, people: tuple[Any, ...]) -> list[tuple[str, Any]]:
        def label(v: LoanerView) -> str:
            return plain(f"{v.name} · {v.serial}" if v.serial else v.name)

        return [(label(v), v.id) for v in people if not v.out]

    def nobody(self) -> str:
        return _("no loaner PC is in the pool now: add one (techconsole loaner add NAME)")

    def collect(self) -> Lent:
        loaner = int(self.chosen())
        data = " ".join(self.query_one("#data", Input).value.split())
        if not data:
            raise Invalid("data", _("say whose data were copied onto it"))
        return Lent(loaner, data, self.query_one("#note", Input).value.strip())


def lend(ctx: Context, *, number: str, lent: Lent) -> str:
    loan = lending.lend(
        ctx,
        lending.Lending(lent.loaner, incident=number, data_from=lent.data_from, note=lent.note),
    )
    return markup_safe(
        _("loaner PC {name} lent to {customer} at {when}").format(
            name=loan.loaner, customer=loan.customer, when=local(loan.lent_at, ctx.policy.zone)
        )
    )


def give_back(ctx: Context, *, number: str, loaner: str, note: str = "") -> str:
    loan = lending.give_back(ctx, loaner, note=note)
    return markup_safe(
        _("loaner PC {name} back from {customer} at {when}").format(
            name=loan.loaner,
            customer=loan.customer,
            when=local(loan.returned_at, ctx.policy.zone),
        )
    )


def estimate(ctx: Context, *, number: str, text: str) -> str:
    """``3d``, ``72h``: how long from now; ``27/11 17:00``, ``+4h``: when it will be done."""
    typed = text.strip().removeprefix("+")
    if looks_like_repair_time(typed):
        view = estimates.estimate(ctx, number, span=parse_repair_time(typed))
    else:
        until = parse_when(text, ctx.policy.zone, ctx.now())
        view = estimates.estimate(ctx, number, until=until)
    zone, now = ctx.policy.zone, ctx.now()
    said = _("{number}: repair estimated to be done by {when}").format(
        number=view.number, when=local(view.estimated_resolution_at, zone)
    )
    loaner = view.clocks.loaner_state(ctx.policy, now)
    if loaner is not None and loaner.stopped_at is None:
        said += " · " + _("loaner PC due by {when}").format(when=local(loaner.due, zone))
    return markup_safe(said)


def form(
    ctx: Context, view: IncidentView, detail: IncidentDetail, number: str
) -> tuple[FormScreen[Any], Callable[[Any], Step]]:
    """``l``: the form and its step — the return of the loaner out for the incident, else
    lending one."""
    found = loaner_of(detail.timeline)
    if found is not None and found.returned_at is None:
        back = dialogs.TextDialog(
            dialogs.heading(_("Loaner PC back"), view),
            _("Note"),
            ok=N_("Record the return"),
            hint=_("{loaner} came back from the customer now · optional note").format(
                loaner=plain(found.loaner)
            ),
        )
        return back, partial(_returned, number, found.loaner)
    return LendDialog(ctx, view), partial(_lent, number)


def estimate_form(view: IncidentView, number: str) -> tuple[FormScreen[Any], Callable[[Any], Step]]:
    """``E``: the form of a new repair estimate, and its step."""
    asked = dialogs.TextDialog(
        dialogs.heading(_("Repair estimate"), view),
        _("Repair time"),
        ok=N_("Save estimate"),
        hint=_("how long from now: 3d, 72h, 2d12h · or when it will be done: 27/11 17:00"),
        required=_("say how long the repair takes"),
    )
    return asked, partial(_estimated, number)


def _lent(number: str, answer: Lent) -> Step:
    return partial(lend, number=number, lent=answer)


def _returned(number: str, loaner: str, note: str) -> Step:
    return partial(give_back, number=number, loaner=loaner, note=note)


def _estimated(number: str, text: str) -> Step:
    return partial(estimate, number=number, text=text)
