"""The outbox: messages to the customer, written with the change that requires them.

:func:`queue` runs inside another use case's transaction (the same session), so a notice
exists exactly when the change it tells of was committed; ``techconsole mail send``
(:mod:`techconsole.mail.sender`) delivers it later, and the delivery's own steps are in
:mod:`techconsole.services.mail.delivery`.  An automatic message follows RFC 3834: never
more than ``policy.mail.auto_replies_per_day`` to one address in 24 hours, and nothing at
all without an address; either way the audit says why nothing was queued.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from techconsole.domain import events
from techconsole.domain.ads_cadence import Period
from techconsole.domain.mail import Address, header_text, mailbox
from techconsole.domain.policy import Policy
from techconsole.i18n import _
from techconsole.services.context import Context
from techconsole.services.errors import InvalidTransition, NotAllowed, NotFound
from techconsole.services.mail.outbox_views import OutboxEntry, entries
from techconsole.services.records import actor as acting
from techconsole.services.records import audit, event, is_active_lead
from techconsole.store import mail as store
from techconsole.store.mail import MailMessage
from techconsole.store.models import Incident, Technician
from techconsole.store.retry import retried_read

#: the window of the RFC 3834 rate limit
RATE_WINDOW = timedelta(hours=24)
#: who queued a message when no technician did (a request taken from mail)
MAIL_SERVICE = "mail"
#: the domain of our Message-IDs when the policy names no company e-mail
FALLBACK_DOMAIN = "techconsole.invalid"
STATES = (store.PENDING, store.SENDING, store.SENT, store.FAILED, store.UNCERTAIN)


def our_address(policy: Policy) -> Address | None:
    """The company's address in the policy (``[company] email``), if it is one."""
    return mailbox(policy.company.email, policy.company.name)


def new_message_id(sender: Address | None) -> str:
    """``tc.<uuid4 hex>@<domain of the sender>``, without angle brackets."""
    domain = sender.domain if sender is not None else FALLBACK_DOMAIN
    return f"tc.{uuid.uuid4().hex}@{domain}"


def sent_today(session: Session, email: str, now: datetime) -> int:
    """Automatic messages queued for ``email`` in the last 24 hours (not the failed ones).

    An automatic message has one recipient (:func:`queue` sees to it), so its
    ``recipients`` is the address itself: an equality the index answers."""
    return session.exec(
        select(func.count())
        .select_from(MailMessage)
        .where(MailMessage.direction == store.OUT, MailMessage.recipients == email)
        .where(MailMessage.at > now - RATE_WINDOW, col(MailMessage.automatic).is_(True))
        .where(MailMessage.state != store.FAILED)
    ).one()


def queue(
    session: Session,
    policy: Policy,
    incident: Incident | None,
    *,
    notice: str,
    to: Sequence[Address],
    subject: str,
    text: str,
    automatic: bool,
    attachment: str = store.NO_ATTACHMENT,
    period: Period | None = None,
    customer_id: int | None = None,
    in_reply_to: str = "",
    references: Sequence[str] = (),
    now: datetime,
    actor: Technician | None,
    contact_id: int | None = None,
    typed: str = "",
    sender: Address | None = None,
) -> MailMessage | None:
    """Put a message in the outbox, in the caller's transaction; ``None`` when an automatic
    one is not sent (no address, or the address had its automatic messages for today).

    ``notice`` is its kind (``queued``, ``taken_in_charge``, ``confirmation``,
    ``resolution``, ``authorisation_request``, ``reply``); ``actor`` the technician whose
    action queues it (``None``: the mail service); ``contact_id`` the contact it is for;
    ``typed`` what a person typed (a reply), kept on the timeline; ``sender`` our address
    (default: the policy's company e-mail), whose domain ends the Message-ID.
    ``attachment`` is what the sender renders and attaches (``store.mail.ATTACHMENTS``):
    an ADS report names its ``period`` and, with no incident, its ``customer_id``.
    """
    if attachment not in store.ATTACHMENTS:
        raise ValueError(f"no attachment of kind {attachment!r}")
    if (attachment == store.ADS_REPORT) != (period is not None):
        raise ValueError("an ADS report, and only one, names the period it covers")
    who = actor.login if actor is not None else MAIL_SERVICE
    wanted = list(dict.fromkeys(a.email.strip().lower() for a in to if a.email.strip()))
    if automatic and len(wanted) > 1:
        raise ValueError("an automatic message goes to one address: queue one each")
    names = {a.email.strip().lower(): a.name for a in to}
    limited: list[str] = []
    if automatic:
        limit = policy.mail.auto_replies_per_day
        limited = [e for e in wanted if sent_today(session, e, now) >= limit]
        wanted = [e for e in wanted if e not in limited]
    if limited or not wanted:
        _not_queued(session, incident, who, now, notice, limited)
        if not wanted:
            return None
    sender = sender or our_address(policy)
    row = MailMessage(
        direction=store.OUT,
        message_id=new_message_id(sender),
        state=store.PENDING,
        kind=notice,
        incident_id=incident.id if incident is not None else None,
        customer_id=incident.customer_id if incident is not None else customer_id,
        contact_id=contact_id,
        sender=sender.email if sender else "",
        sender_name=sender.name if sender else policy.company.name,
        recipients=",".join(wanted),
        subject=header_text(subject, 900),
        text=text,
        at=now,
        recorded_at=now,
        source="outbox",
        in_reply_to=header_text(in_reply_to, 900),
        references=" ".join(header_text(r, 900) for r in references if r.strip()),
        automatic=automatic,
        attachment=attachment,
        period_start=period.start if period is not None else None,
        period_end=period.end if period is not None else None,
        next_attempt_at=now,
        actor=who,
    )
    session.add(row)
    session.flush()
    shown = ", ".join(f"{names[e]} <{e}>" if names.get(e) else e for e in wanted)
    if incident is not None:
        event(
            session,
            incident,
            actor,
            events.MAIL_OUT,
            now,
            typed,
            mail=row.id,
            notice=notice,
            to=shown,
        )
    else:
        audit(session, who, "mail.queued", "mail", row.id, now, notice=notice, to=shown)
    return row


def _not_queued(
    session: Session,
    incident: Incident | None,
    who: str,
    now: datetime,
    notice: str,
    limited: list[str],
) -> None:
    """Why a notice was not queued, in the audit: the addresses at their limit, or none."""
    reason = "rate_limit" if limited else "no_address"
    entity, entity_id = ("incident", incident.id) if incident is not None else ("mail", None)
    number = incident.number if incident is not None else None
    data = {"notice": notice, "reason": reason, "number": number, "to": ", ".join(limited)}
    audit(session, who, "mail.not_queued", entity, entity_id, now, **data)


# ------------------------------------------------------------------ use cases


@retried_read
def list_outbox(
    ctx: Context, states: Sequence[str] | None = None, limit: int = 100
) -> list[OutboxEntry]:
    """The messages we send, newest first; ``states`` keeps only those in these states."""
    with ctx.db.read() as session:
        acting(session, ctx)
        query = select(MailMessage).where(MailMessage.direction == store.OUT)
        if states:
            query = query.where(col(MailMessage.state).in_(list(states)))
        query = query.order_by(col(MailMessage.at).desc(), col(MailMessage.id).desc())
        return entries(session, session.exec(query.limit(max(1, limit))).all())


def find_out(session: Session, mail_id: int, *, lock: bool = False) -> MailMessage:
    """The outgoing message ``mail_id``, or :class:`NotFound`."""
    query = select(MailMessage).where(MailMessage.id == mail_id)
    if lock:
        query = query.with_for_update()
    row = session.exec(query).first()
    if row is None or row.direction != store.OUT:
        raise NotFound(
            _("no outgoing message {id} (see: techconsole mail outbox)").format(id=mail_id)
        )
    return row


def retry(ctx: Context, mail_id: int) -> OutboxEntry:
    """Send a failed or uncertain message again, as a person decided (a lead, the one who
    queued it, or the incident's technician): it is pending again, attempts from zero."""
    with ctx.write() as session:
        who = acting(session, ctx)
        row = find_out(session, mail_id, lock=True)
        if row.state not in (store.FAILED, store.UNCERTAIN):
            raise InvalidTransition(
                _(
                    "message {id} is {state}: only a failed or uncertain message is sent again"
                ).format(id=mail_id, state=row.state)
            )
        incident = session.get(Incident, row.incident_id) if row.incident_id else None
        mine = row.actor == who.login or (incident is not None and incident.assignee_id == who.id)
        if not (mine or is_active_lead(session, who.login)):
            raise NotAllowed(
                _(
                    "only a team lead or the incident's technician can send message {id} again"
                ).format(id=mail_id)
            )
        before = row.state
        now = ctx.now()
        row.state, row.attempts, row.next_attempt_at = store.PENDING, 0, now
        session.add(row)
        audit(
            session, who.login, "mail.retry", "mail", row.id, now, was=before, error=row.last_error
        )
        row.last_error = ""
        session.flush()
        return entries(session, [row])[0]
