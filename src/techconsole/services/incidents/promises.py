"""A promise on site against the policy's guarantee (seed 003): "Per gli interventi
urgenti garantiamo la nostra presenza entro 4 ore lavorative dalla ricezione della
segnalazione". A later promise needs the customer's agreement, recorded."""

from __future__ import annotations

from datetime import datetime

from techconsole.domain.lateness import beyond_guarantee
from techconsole.i18n import _
from techconsole.services import bounds
from techconsole.services.context import Context
from techconsole.services.errors import InvalidInput
from techconsole.store.models import Incident


def check_promise(
    ctx: Context,
    incident: Incident,
    guarantee: datetime | None,
    on_site_by: datetime | None,
    agreed: str,
) -> None:
    """Refuse an on-site time later than the ``guarantee`` the customer did not agree to,
    and an agreement to nothing beyond it."""
    zone = ctx.policy.zone

    def said(value: datetime) -> str:
        return bounds.local(value, zone)

    if guarantee is not None and on_site_by is not None and beyond_guarantee(guarantee, on_site_by):
        if agreed:
            return
        raise InvalidInput(
            _(
                "{number} is guaranteed on site by {guarantee}: {when} is later, which needs "
                "the customer's agreement; record who agreed and how (e.g. by phone, Sig. "
                "Rossi), or promise a time within the guarantee"
            ).format(number=incident.number, guarantee=said(guarantee), when=said(on_site_by))
        )
    if not agreed:
        return
    if on_site_by is None:
        raise InvalidInput(_("the customer's agreement needs the on-site time they agreed to"))
    if guarantee is None:
        raise InvalidInput(
            _("{number} has no on-site guarantee: no customer's agreement is needed").format(
                number=incident.number
            )
        )
    raise InvalidInput(
        _("{when} is within the guarantee ({guarantee}): no customer's agreement is needed").format(
            when=said(on_site_by), guarantee=said(guarantee)
        )
    )
