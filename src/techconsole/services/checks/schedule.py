"""The day agreed with each customer for its machines' checks ("concordato col personale del
committente secondo uno scadenziario su base mensile"), and who does them.

Unset, a customer's machines are checked on the first working day of the month of its
contract's calendar (:data:`techconsole.domain.check_schedule.WORKING_DAY`).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session, col, select

from techconsole.domain import check_schedule
from techconsole.domain.errors import DomainError
from techconsole.i18n import N_
from techconsole.services import bounds
from techconsole.services.checks.views import ScheduleView
from techconsole.services.context import Context
from techconsole.services.errors import InvalidInput
from techconsole.services.incidents.intake import find_customer
from techconsole.services.records import actor, audit, technician
from techconsole.store.health import CheckSchedule
from techconsole.store.models import Customer, Technician
from techconsole.store.retry import retried_read


def rows(session: Session, customer_ids: Iterable[int]) -> dict[int, CheckSchedule]:
    """Each customer's agreed day, for those who have one."""
    wanted = sorted(set(customer_ids))
    if not wanted:
        return {}
    found = session.exec(select(CheckSchedule).where(col(CheckSchedule.customer_id).in_(wanted)))
    return {row.customer_id: row for row in found}


def view(
    customer: Customer, row: CheckSchedule | None, logins: dict[int | None, str]
) -> ScheduleView:
    assert customer.id is not None
    if row is None:
        return ScheduleView(customer.id, customer.name, check_schedule.WORKING_DAY, "", False)
    return ScheduleView(
        customer.id,
        customer.name,
        row.rule,
        row.said,
        True,
        logins.get(row.technician_id),
        logins.get(row.set_by_id),
        row.set_at,
    )


def _logins(session: Session) -> dict[int | None, str]:
    return {t.id: t.login for t in session.exec(select(Technician))}


def set_schedule(
    ctx: Context, customer: int | str, said: str, *, technician_login: str | None = None
) -> ScheduleView:
    """Agree ``said`` (words or an RRULE, see :func:`check_schedule.parse`) as the day of
    the customer's checks; ``technician_login`` names who does them (``""``: nobody)."""
    try:
        rule = check_schedule.parse(said)
    except DomainError as error:
        raise InvalidInput(str(error)) from None
    said = bounds.name(" ".join(said.split()), N_("schedule"))
    with ctx.write() as session:
        who = actor(session, ctx)
        owner = find_customer(session, customer)
        assert owner.id is not None
        assert who.id is not None
        row = session.get(CheckSchedule, owner.id)
        before = None if row is None else (row.rule, row.technician_id)
        tech_id = None if row is None else row.technician_id
        if technician_login is not None:
            tech_id = technician(session, technician_login).id if technician_login else None
        if row is None:
            row = CheckSchedule(
                customer_id=owner.id, rule=rule, said=said, set_by_id=who.id, set_at=ctx.now()
            )
        row.rule, row.said, row.technician_id = rule, said, tech_id
        row.set_by_id, row.set_at = who.id, ctx.now()
        session.add(row)
        logins = _logins(session)
        audit(
            session,
            ctx.actor,
            "check.schedule",
            "customer",
            owner.id,
            ctx.now(),
            customer=owner.name,
            rule=rule,
            said=said,
            technician=logins.get(tech_id),
            old_rule=None if before is None else before[0],
        )
        return view(owner, row, logins)


@retried_read
def schedule_of(ctx: Context, customer: int | str) -> ScheduleView:
    """A customer's agreed day (the default when none was agreed)."""
    with ctx.db.read() as session:
        owner = find_customer(session, customer)
        assert owner.id is not None
        return view(owner, session.get(CheckSchedule, owner.id), _logins(session))


@retried_read
def list_schedules(ctx: Context) -> list[ScheduleView]:
    """Every agreed day, by customer."""
    with ctx.db.read() as session:
        logins = _logins(session)
        found = session.exec(
            select(CheckSchedule, Customer)
            .join(Customer, col(Customer.id) == col(CheckSchedule.customer_id))
            .order_by(col(Customer.name), col(Customer.id))
        )
        return [view(customer, row, logins) for row, customer in found]
