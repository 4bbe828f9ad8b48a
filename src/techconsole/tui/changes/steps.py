"""What the customisations screen's keys do, as the console runs them: the service call
(in the screen's worker thread) and the words of the toast that follows, markup-safe."""

from __future__ import annotations

from techconsole.domain import changes as rules
from techconsole.i18n import _
from techconsole.services.changes import steps
from techconsole.services.changes.views import ChangeView
from techconsole.services.context import Context
from techconsole.tui.changes.forms import Contest, Delivery
from techconsole.tui.widgets.text import markup_safe


def _next(view: ChangeView) -> str:
    """`` · test by 08/12/2026`` and the last day to contest, after a delivery."""
    said = []
    if view.test_by is not None:
        said.append(_("test by {day}").format(day=rules.day_text(view.test_by)))
    if view.contest_until is not None:
        said.append(_("contestable until {day}").format(day=rules.day_text(view.contest_until)))
    return "".join(" · " + s for s in said)


def deliver(ctx: Context, *, change: int, done: Delivery) -> str:
    view = steps.deliver(ctx, change, done.on, notify=done.notify)
    said = _("customisation #{id} delivered on {day}").format(
        id=view.id, day=rules.day_text(done.on)
    )
    if done.notify and view.contact_email:
        said += " · " + _("notice to {to}").format(to=view.contact_email)
    return markup_safe(said + _next(view))


def accept(ctx: Context, *, change: int) -> str:
    view = steps.accept(ctx, change)
    return markup_safe(_("customisation #{id} accepted").format(id=view.id))


def record_test(ctx: Context, *, change: int) -> str:
    view = steps.record_test(ctx, change)
    said = _("customisation #{id} tested by the customer").format(id=view.id)
    return markup_safe(said + _next(view))


def contest(ctx: Context, *, change: int, done: Contest) -> str:
    view = steps.contest(ctx, change, done.reason, done.on)
    said = _("customisation #{id} contested: agree new dates (techconsole change schedule)")
    return markup_safe(said.format(id=view.id))
