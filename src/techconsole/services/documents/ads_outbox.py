"""A report to a data controller waiting in the outbox (``report ads-send``): the last
message queued with the next period's report, until it is sent — then the report counts
as delivered (:mod:`techconsole.services.mail.ads_sent`) and the next period is due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from techconsole.store import mail as store
from techconsole.store.mail import MailMessage

#: the states of a report's message that hold its delivery: it is recorded when sent
HELD = (store.PENDING, store.SENDING)
#: … and those that keep another one from being queued (the server may have an
#: uncertain one: a person decides)
IN_FLIGHT = (*HELD, store.UNCERTAIN)


@dataclass(frozen=True, slots=True)
class AdsMailed:
    """The last message carrying the next report, not sent yet."""

    mail_id: int
    state: str  # pending | sending | failed | uncertain
    to: str  # the addresses, comma-separated
    queued_at: datetime
    attempts: int
    last_error: str  # in English, as the outbox keeps it: worded with _() when shown

    @property
    def in_flight(self) -> bool:
        """Queued, being sent, or uncertain: no other is queued meanwhile."""
        return self.state in IN_FLIGHT


def in_outbox(session: Session, customer_id: int, start: date) -> AdsMailed | None:
    """The last message queued with the report starting on ``start``, unless it was sent."""
    row = session.exec(
        select(MailMessage)
        .where(MailMessage.direction == store.OUT, MailMessage.customer_id == customer_id)
        .where(MailMessage.attachment == store.ADS_REPORT, MailMessage.period_start == start)
        .order_by(col(MailMessage.id).desc())
        .limit(1)
    ).first()
    if row is None or row.id is None or row.state == store.SENT:
        return None
    return AdsMailed(row.id, row.state, row.recipients, row.at, row.attempts, row.last_error)
