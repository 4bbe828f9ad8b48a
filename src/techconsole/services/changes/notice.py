"""The delivery notice: the customer who asked for a customisation is told it was
delivered, until when a heavy one is to be tested (001: "entro 15 giorni di calendario
solare, dal ricevimento della release") and until when it may be contested (000:
"Scaduti 30 gg dalla consegna … non ha più alcun diritto di contestazione").

Queued in the outbox in the delivery's transaction (the mail service sends it), in the
policy's ``[mail] language`` — the customer's, whatever the technician's console speaks.
No contact with an e-mail, nothing queued: the audit says so.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from techconsole.domain.changes import Standing, day_text
from techconsole.domain.mail import Address, header_text
from techconsole.i18n import translator
from techconsole.services.context import Context
from techconsole.services.mail.outbox import queue
from techconsole.store.changes import ChangeRequest
from techconsole.store.models import Contact, Technician

NOTICE = "change_delivered"
#: how much of the description goes in the subject
SUBJECT_ROOM = 120


def letter(
    ctx: Context, row: ChangeRequest, name: str, said: Standing, lang: str
) -> tuple[str, str]:
    """The notice's subject and text, in ``lang``."""
    t = translator(lang)
    policy = ctx.policy
    first = row.description.strip().splitlines()[0] if row.description.strip() else ""
    subject = t.gettext("Customisation delivered: {what} [#{id}]").format(
        what=header_text(first, SUBJECT_ROOM), id=row.id
    )
    lines = [
        t.gettext("Dear {name},").format(name=name) if name else t.gettext("Dear customer,"),
        "",
        t.gettext("we delivered the customisation you asked for on {day}:").format(
            day=day_text(row.delivered_on or row.requested_on)
        ),
        "",
        row.description.strip(),
        "",
    ]
    if said.test_by is not None:
        lines.append(
            t.gettext(
                "It is a heavy customisation: please test it by {day} ({days} calendar days "
                "from its delivery). If it is not tested by then, the delivery counts as "
                "accepted."
            ).format(day=day_text(said.test_by), days=policy.changes.acceptance_test_days)
        )
    if said.contest_until is not None:
        lines.append(
            t.gettext(
                "Anything to contest can be reported until {day}; after that day the "
                "delivery can no longer be contested."
            ).format(day=day_text(said.contest_until))
        )
    company = policy.company
    lines += ["", t.gettext("Kind regards,"), company.name]
    lines += [line for line in (company.phone, company.email) if line]
    return subject, "\n".join(lines)


def on_delivered(
    session: Session,
    ctx: Context,
    row: ChangeRequest,
    who: Technician,
    now: datetime,
    said: Standing,
) -> str | None:
    """Queue the notice to the contact who asked for ``row``; the address it goes to,
    or ``None`` when there is none (the outbox's audit entry says so)."""
    contact = session.get(Contact, row.contact_id) if row.contact_id is not None else None
    to = [Address(contact.email.strip().lower(), contact.name)] if contact and contact.email else []
    subject, text = letter(
        ctx, row, contact.name if contact else "", said, ctx.policy.mail.language
    )
    queued = queue(
        session,
        ctx.policy,
        None,
        notice=NOTICE,
        to=to,
        subject=subject,
        text=text,
        automatic=False,
        now=now,
        actor=who,
        contact_id=contact.id if contact else None,
    )
    if queued is None:
        return None
    queued.customer_id = row.customer_id
    session.add(queued)
    return queued.recipients
