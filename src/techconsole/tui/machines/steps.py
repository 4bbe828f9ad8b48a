"""What the Postazioni screen's keys do, as the console runs them: the service call (in
the screen's worker thread) and the words of the toast that follows, markup-safe; each
toast says whether the machine is covered after the step."""

from __future__ import annotations

from techconsole.i18n import _, pgettext
from techconsole.services.assets import care
from techconsole.services.context import Context
from techconsole.services.incidents import reading as incidents
from techconsole.services.incidents import workflow
from techconsole.services.views import MachineCoverage
from techconsole.tui.machines.forms import Inspection, Verification
from techconsole.tui.widgets.text import local, markup_safe


def covered_words(covered: bool, reasons: tuple[str, ...]) -> str:
    """``covered`` or ``not covered: backup not installed since 23/11/2026``."""
    if covered:
        return pgettext("machine", "covered")
    return _("not covered: {reasons}").format(reasons="; ".join(reasons))


def verify(ctx: Context, *, asset_id: int, found: Verification) -> str:
    view = care.verify_software(
        ctx,
        asset_id,
        [found.software],
        found.installed,
        product=found.product,
        note=found.note,
        at=found.at,
    )
    said = (
        _("{machine}: {software} found installed")
        if found.installed
        else _("{machine}: {software} found missing")
    )
    text = said.format(machine=view.name, software=found.software)
    return markup_safe(f"{text} · {covered_words(view.covered, view.reasons())}")


def inspect(ctx: Context, *, asset_id: int, machine: str, done: Inspection) -> str:
    view = care.record_inspection(ctx, asset_id, done.findings, at=done.at, replace=done.replace)
    said = _("{machine}: inspection at acceptance recorded ({when})").format(
        machine=machine, when=local(view.inspected_at, ctx.policy.zone)
    )
    return markup_safe(said)


def attach(ctx: Context, *, number: str, asset_id: int) -> str:
    """Name machine ``asset_id`` on incident ``number``; the toast says whether the work
    on it is on a covered machine."""
    view = workflow.triage(ctx, number, asset=asset_id)
    machine: MachineCoverage | None = incidents.show(ctx, view.number).machine
    said = _("{number} is about {machine} now").format(number=view.number, machine=view.asset)
    if machine is not None:
        said += " · " + covered_words(machine.covered, machine.reasons())
    return markup_safe(said)
