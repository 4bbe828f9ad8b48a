"""Where the next report to a data controller stands in the outbox, in words: for
``report ads-due`` and the team load (seed 001).  The outbox keeps its errors in English,
as the server said them; they are worded with ``_()`` when shown."""

from __future__ import annotations

from techconsole.i18n import _
from techconsole.services.documents.ads_outbox import AdsMailed


def mailed_words(m: AdsMailed) -> str:
    """``✉ in the outbox (message 12)``, ``✉ not sent (message 12): …``."""
    if m.state == "failed":
        return _("✉ not sent (message {id}): {error}").format(id=m.mail_id, error=_(m.last_error))
    if m.state == "uncertain":
        return _("✉ uncertain (message {id}): check with the recipient").format(id=m.mail_id)
    if m.attempts and m.last_error:
        return _("✉ to be tried again (message {id}): {error}").format(
            id=m.mail_id, error=_(m.last_error)
        )
    return _("✉ in the outbox (message {id})").format(id=m.mail_id)
