"""Finding customisations and turning them into views, inside a transaction the caller
holds; the day in the policy's zone."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from techconsole.domain import changes as rules
from techconsole.domain.limits import as_id, is_number
from techconsole.i18n import _
from techconsole.services.changes.views import ChangeView
from techconsole.services.context import Context
from techconsole.services.errors import NotFound
from techconsole.store.changes import ChangeRequest
from techconsole.store.models import Contact, Customer, Technician


def today_of(ctx: Context) -> date:
    """Today, in the policy's zone."""
    return ctx.now().astimezone(ctx.policy.zone).date()


def named(change: ChangeRequest | int) -> str:
    """``customisation #3``: how a refusal names it."""
    number = change if isinstance(change, int) else change.id
    return _("customisation #{id}").format(id=number)


def find_change(session: Session, ref: int | str, *, lock: bool = False) -> ChangeRequest:
    """A customisation by its number (``3`` or ``#3``)."""
    text = str(ref).strip().removeprefix("#")
    number = as_id(text) if is_number(text) else None
    query = select(ChangeRequest).where(ChangeRequest.id == (number or 0))
    if lock:
        query = query.with_for_update()
    found = session.exec(query).first() if number is not None else None
    if found is None:
        raise NotFound(
            _("no customisation #{ref} (see: techconsole change list)").format(ref=text or ref)
        )
    return found


def delivery(row: ChangeRequest) -> rules.Delivery:
    """What the rules need of ``row``."""
    return rules.Delivery(row.heavy, rules.Status(row.status), row.delivered_on, row.tested_on)


def _names(session: Session, table: Any, ids: set[int]) -> dict[int, Any]:
    """The rows of ``table`` with these ids, by id."""
    if not ids:
        return {}
    rows: list[Any] = list(session.exec(select(table).where(col(table.id).in_(sorted(ids)))))
    return {row.id: row for row in rows}


def change_views(ctx: Context, session: Session, rows: Sequence[ChangeRequest]) -> list[ChangeView]:
    """``rows`` as views on today, the names they refer to read once for all of them."""
    today = today_of(ctx)
    customers = _names(session, Customer, {r.customer_id for r in rows})
    contacts = _names(session, Contact, {r.contact_id for r in rows if r.contact_id is not None})
    people = _names(session, Technician, {r.created_by_id for r in rows})
    views = []
    for row in rows:
        standing = rules.standing(ctx.policy.changes, delivery(row), today)
        customer = customers.get(row.customer_id)
        contact = contacts.get(row.contact_id) if row.contact_id is not None else None
        creator = people.get(row.created_by_id)
        views.append(
            ChangeView(
                id=row.id or 0,
                customer_id=row.customer_id,
                customer=customer.name if isinstance(customer, Customer) else "?",
                contact_id=row.contact_id,
                contact=contact.name if isinstance(contact, Contact) else None,
                contact_email=contact.email if isinstance(contact, Contact) else "",
                description=row.description,
                heavy=row.heavy,
                recorded=row.status,
                status=standing.status.value,
                accepted_by=standing.accepted_by,
                requested_on=row.requested_on,
                start_on=row.start_on,
                due_on=row.due_on,
                developed_on=row.developed_on,
                delivered_on=row.delivered_on,
                deliveries=row.deliveries,
                tested_on=row.tested_on,
                accepted_on=row.accepted_on,
                contested_on=row.contested_on,
                contest_reason=row.contest_reason,
                test_by=standing.test_by,
                contest_until=standing.contest_until,
                created_by=creator.login if isinstance(creator, Technician) else "?",
                created_at=row.created_at,
                updated_at=row.updated_at,
                today=today,
            )
        )
    return views


def change_view(ctx: Context, session: Session, row: ChangeRequest) -> ChangeView:
    return change_views(ctx, session, [row])[0]
