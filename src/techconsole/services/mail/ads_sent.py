"""An ADS report sent by mail is delivered when the server took it (seed 001: "L'operato
della nostra azienda sara' riportato al titolare con cadenza da stabilire tra le parti").

:func:`record` runs in the transaction that marks the message sent
(:func:`techconsole.services.mail.delivery.mark_sent`): the delivery of the period the
message carries is recorded then — not when it was queued — to the addresses the server
accepted, by e-mail, by the mail service for the technician who queued it.  A period
already recorded (someone recorded it by hand meanwhile), or no longer the next one, is
not recorded twice: the audit says so, and the message stays sent.

It reads the tables only (``store.ads``), not the ADS reports' use cases: the outbox is a
step the other aggregates call, and reads none of them.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, func, select

from techconsole.services.records import audit
from techconsole.store.ads import AdsCadence, AdsReport
from techconsole.store.mail import MailMessage
from techconsole.store.models import Customer, Technician

#: who records it: the mail service, for the technician who queued the message
SERVICE = "mail"
#: how the delivery is recorded (a value of domain.ads_cadence.VIA)
VIA = "email"


def record(
    session: Session, row: MailMessage, now: datetime, accepted: tuple[str, ...]
) -> AdsReport | None:
    """Record the delivery of ``row``'s ADS report at ``now`` to ``accepted`` (the
    recipients the server took); ``None`` (and an audit row saying why) when it is not
    the customer's next period to record."""
    assert row.period_start is not None
    assert row.period_end is not None
    customer_id = row.customer_id or 0
    # the same lock the deliveries recorded by hand take: one recording at a time
    session.exec(select(Customer).where(Customer.id == customer_id).with_for_update()).first()
    last = session.exec(
        select(func.max(AdsReport.period_end)).where(AdsReport.customer_id == customer_id)
    ).one()
    cadence = session.get(AdsCadence, customer_id)
    expected = last + timedelta(days=1) if last is not None else None
    if expected is None and cadence is not None:
        expected = cadence.starts_on
    who = session.exec(select(Technician).where(Technician.login == row.actor)).first()
    details = {
        "mail": row.id,
        "period_start": row.period_start.isoformat(),
        "period_end": row.period_end.isoformat(),
    }
    reason = ""
    if last is not None and last >= row.period_start:
        reason = "already_recorded"
    elif row.period_start != expected:
        reason = "not_next"
    elif who is None or who.id is None:
        reason = "unknown_technician"
    if reason:
        audit(session, SERVICE, "ads.not_recorded", "mail", row.id, now,
              reason=reason, customer=customer_id, **details)  # fmt: skip
        return None
    assert who is not None
    assert who.id is not None
    to = ", ".join(accepted)
    report = AdsReport(
        customer_id=customer_id,
        period_start=row.period_start,
        period_end=row.period_end,
        delivered_at=now,
        delivered_to=to,
        delivered_via=VIA,
        note="",
        recorded_by_id=who.id,
        recorded_at=now,
    )
    session.add(report)
    session.flush()
    audit(session, SERVICE, "ads.report", "customer", customer_id, now,
          name=to, via=VIA, queued_by=who.login, **details)  # fmt: skip
    return report
