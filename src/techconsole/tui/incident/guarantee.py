"""The policy's on-site guarantee in the take-in-charge form (seed 003: "Per gli interventi
urgenti garantiamo la nostra presenza entro 4 ore lavorative dalla ricezione della
segnalazione"): the form says when it falls and refuses a later promise the customer
has not agreed to, as the service would (``workflow.acknowledge``)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from techconsole.domain.lateness import beyond_guarantee, on_site_guarantee
from techconsole.domain.policy import Policy
from techconsole.i18n import N_, _
from techconsole.services.views import IncidentView
from techconsole.tui.widgets.text import local


def guarantee_of(view: IncidentView, policy: Policy, now: datetime) -> datetime | None:
    """When the policy guarantees a technician on site for ``view``; ``None``: no guarantee."""
    return on_site_guarantee(policy, view.clocks, now)


def on_site_hint(guarantee: datetime, zone: ZoneInfo) -> str:
    return _("optional · guaranteed on site by {when}").format(when=local(guarantee, zone))


#: the hint of the form's "Agreed by" field (a msgid)
AGREED_HINT = N_(
    "only for a time later than the guarantee: who agreed and how (by phone, Sig. Rossi)"
)


def later(guarantee: datetime | None, promise: datetime | None, zone: ZoneInfo) -> str | None:
    """What the form says of a ``promise`` later than the ``guarantee``; ``None`` when it
    is not."""
    if guarantee is None or promise is None or not beyond_guarantee(guarantee, promise):
        return None
    return _("later than the guarantee ({when}): only if the customer agreed").format(
        when=local(guarantee, zone)
    )


def unagreed(guarantee: datetime, zone: ZoneInfo) -> str:
    """Why the form is refused: a later promise and nobody said who agreed to it."""
    return _(
        "the time on site is later than the guarantee ({when}): say who agreed to it and how"
    ).format(when=local(guarantee, zone))
