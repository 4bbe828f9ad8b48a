"""The activity report for a customer's data controller (seed 001): everything we did for
the customer in a period, who did it and when, from the incident timelines and the audit
trail (changes to the customer's own record, contacts, contracts and machines)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import and_, or_
from sqlmodel import Session, col, select

from techconsole.domain import events
from techconsole.i18n import _
from techconsole.services.context import Context
from techconsole.services.documents.report_views import Party
from techconsole.services.errors import InvalidInput
from techconsole.services.incidents.intake import find_customer
from techconsole.store.assets import Asset
from techconsole.store.models import (
    AuditEntry,
    Contact,
    Contract,
    Customer,
    Incident,
    IncidentEvent,
    Technician,
)
from techconsole.store.retry import retried_read

#: what an audit row on a customer's records shows as details (a machine's verification)
_AUDIT_DETAILS = ("software", "installed")


@dataclass(frozen=True, slots=True)
class ActivityRow:
    at: datetime
    actor: str  # login
    actor_name: str
    incident: str | None  # None for changes to the customer's own records
    action: str  # an event kind (note, timer_stopped…) or an audit action (contact.add…)
    text: str  # as a person typed it (or the name of a record added)
    #: the event's fields (techconsole.domain.events), worded by the report
    data: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ActivityReport:
    customer_id: int
    customer: Party
    we_are_ads: bool
    company: Party
    start: date  # first day, inclusive
    end: date  # last day, inclusive
    zone: str
    rows: tuple[ActivityRow, ...]

    @property
    def incidents(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r.incident for r in self.rows if r.incident))


def _rows(
    session: Session, customer: Customer, since: datetime, until: datetime
) -> list[ActivityRow]:
    names = {t.id: (t.login, t.display_name) for t in session.exec(select(Technician))}
    logins = dict(names.values())
    timeline = session.exec(
        select(IncidentEvent, Incident.number)
        .join(Incident, col(Incident.id) == IncidentEvent.incident_id)
        .where(Incident.customer_id == customer.id)
        .where(IncidentEvent.at >= since, IncidentEvent.at < until)
        .order_by(col(IncidentEvent.at), col(IncidentEvent.id))
    )
    rows = []
    for ev, number in timeline:
        login, name = (
            names.get(ev.actor_id, ("system", "system")) if ev.actor_id else ("system", "system")
        )
        rows.append(
            ActivityRow(
                ev.at, login, name, number, ev.kind, ev.text, events.fields(ev.kind, ev.data or {})
            )
        )

    def of(entity: str, ids: Any) -> Any:
        return and_(col(AuditEntry.entity) == entity, col(AuditEntry.entity_id).in_(ids))

    owned = or_(
        of("customer", [customer.id]),
        of("contact", select(col(Contact.id)).where(col(Contact.customer_id) == customer.id)),
        of("contract", select(col(Contract.id)).where(col(Contract.customer_id) == customer.id)),
        of("asset", select(col(Asset.id)).where(col(Asset.customer_id) == customer.id)),
    )
    for entry in session.exec(
        select(AuditEntry)
        .where(owned)
        .where(AuditEntry.at >= since, AuditEntry.at < until)
        .order_by(col(AuditEntry.at), col(AuditEntry.id))
    ):
        text = " ".join(str(entry.data[k]) for k in ("name", "plan") if entry.data.get(k))
        rows.append(
            ActivityRow(
                entry.at,
                entry.actor,
                logins.get(entry.actor, entry.actor),
                None,
                entry.action,
                text,
                {k: entry.data[k] for k in _AUDIT_DETAILS if k in entry.data},
            )
        )
    # by time; at one instant the timeline before the audit, each in the order written
    rows.sort(key=lambda r: (r.at, r.incident or ""))
    return rows


@retried_read
def activity(ctx: Context, customer: int | str, start: date, end: date) -> ActivityReport:
    """Everything done for ``customer`` from ``start`` to ``end`` (both days included, in
    the policy's zone)."""
    if end < start:
        raise InvalidInput(
            _("the period ends ({end}) before it starts ({start})").format(
                end=f"{end:%d/%m/%Y}", start=f"{start:%d/%m/%Y}"
            )
        )
    zone = ctx.policy.zone
    since = datetime.combine(start, time(0), zone)
    until = datetime.combine(end + timedelta(days=1), time(0), zone)
    company = ctx.policy.company
    with ctx.db.read() as session:
        found = find_customer(session, customer)
        assert found.id is not None
        rows = _rows(session, found, since, until)
        return ActivityReport(
            customer_id=found.id,
            customer=Party(found.name, found.address, found.vat_number),
            we_are_ads=found.we_are_ads,
            company=Party(
                company.name, company.address, company.vat_number, company.phone, company.email
            ),
            start=start,
            end=end,
            zone=zone.key,
            rows=tuple(rows),
        )


@retried_read
def ads_customers(ctx: Context) -> list[int]:
    """The customers we are system administrator for (who get this report periodically)."""
    with ctx.db.read() as session:
        return [
            c.id
            for c in session.exec(
                select(Customer)
                .where(col(Customer.we_are_ads).is_(True))
                .order_by(col(Customer.name))
            )
            if c.id is not None
        ]
