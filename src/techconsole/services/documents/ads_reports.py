"""Reports to the data controller on the agreed cadence (seed 001: "L'operato della nostra
azienda sara' riportato al titolare con cadenza da stabilire tra le parti (file di log e
report)").

For each customer we are system administrator (ADS) for, a lead records the cadence
agreed with them (:func:`set_cadence`); the reports falling due are listed
(:func:`standings`), each is the activity report (:mod:`.activity`) of exactly the period
since the last one delivered, and its delivery is recorded (:func:`record_delivery`):
when, to whom, how.  A delivery always covers the oldest period due, and one period
start is recorded once (a unique key), so nothing is skipped or covered twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from techconsole.domain import ads_cadence
from techconsole.domain.ads_cadence import CADENCES, Period
from techconsole.i18n import N_, _
from techconsole.services import bounds
from techconsole.services.context import Context
from techconsole.services.documents.ads_outbox import HELD, AdsMailed, in_outbox
from techconsole.services.errors import Conflict, InvalidInput, InvalidTransition
from techconsole.services.incidents.intake import find_customer
from techconsole.services.records import actor, audit
from techconsole.store.ads import AdsCadence, AdsReport
from techconsole.store.models import Customer, Technician
from techconsole.store.retry import retried_read


@dataclass(frozen=True, slots=True)
class AdsStanding:
    """Where a customer's reports to their data controller stand on a day."""

    customer_id: int
    customer: str
    #: a key of domain.ads_cadence.CADENCES; ``None``: no cadence agreed yet
    cadence: str | None
    starts_on: date | None
    #: the last day the reports delivered cover (``None``: none delivered)
    covered_until: date | None
    #: the periods over and not reported, oldest first
    due: tuple[Period, ...]
    #: the period the next report covers (due or not yet); ``None`` without a cadence
    next: Period | None
    #: its message in the outbox, not sent yet (``None``: none)
    mailed: AdsMailed | None = None

    @property
    def agreed(self) -> bool:
        return self.cadence is not None


@dataclass(frozen=True, slots=True)
class AdsDelivery:
    id: int
    customer_id: int
    customer: str
    period: Period
    delivered_at: datetime
    delivered_to: str
    delivered_via: str
    note: str
    recorded_by: str


def ads_customer(session: Session, ref: int | str) -> Customer:
    customer = find_customer(session, ref)
    if not customer.we_are_ads:
        raise InvalidInput(
            _(
                "we are not the system administrator (ADS) of {customer}: its data "
                "controller gets no periodic report from us"
            ).format(customer=customer.name)
        )
    return customer


def delivered_until(session: Session, customer_id: int) -> date | None:
    """The last day the reports delivered to the customer cover (``None``: none)."""
    return session.exec(
        select(func.max(AdsReport.period_end)).where(AdsReport.customer_id == customer_id)
    ).one()


def standing_of(session: Session, customer: Customer, today: date) -> AdsStanding:
    assert customer.id is not None
    agreed = session.get(AdsCadence, customer.id)
    last = delivered_until(session, customer.id)
    if agreed is None:
        return AdsStanding(customer.id, customer.name, None, None, last, (), None)
    months = CADENCES[agreed.cadence]
    due = ads_cadence.due_periods(agreed.starts_on, months, last, today)
    upcoming = ads_cadence.next_period(agreed.starts_on, months, last)
    return AdsStanding(
        customer.id,
        customer.name,
        agreed.cadence,
        agreed.starts_on,
        last,
        tuple(due),
        upcoming,
        in_outbox(session, customer.id, upcoming.start),
    )


def local_today(ctx: Context) -> date:
    return ctx.now().astimezone(ctx.policy.zone).date()


def oldest_due(state: AdsStanding) -> Period:
    """The period the next report delivered covers: the oldest over and not delivered;
    refused, with the day it falls due, when no cadence is agreed or none is due."""
    if not state.agreed or state.next is None:
        raise InvalidTransition(
            _(
                "no cadence is agreed with {customer} for the reports to its data "
                "controller (techconsole report ads-cadence)"
            ).format(customer=state.customer)
        )
    if not state.due:
        raise InvalidTransition(
            _(
                "no report to {customer}'s data controller is due: the next covers "
                "{start} to {end}, due on {day}"
            ).format(
                customer=state.customer,
                start=f"{state.next.start:%d/%m/%Y}",
                end=f"{state.next.end:%d/%m/%Y}",
                day=f"{state.next.due_on:%d/%m/%Y}",
            )
        )
    return state.due[0]


def set_cadence(
    ctx: Context, customer: int | str, cadence: str, starts_on: date | None = None
) -> AdsStanding:
    """The cadence agreed with ``customer`` (a lead's step).  ``starts_on``: the first day
    the first report covers (default: today); once reports were delivered, the next
    one covers from the day after the last, whatever the new cadence."""
    if cadence not in CADENCES:
        raise InvalidInput(
            _("cadence '{cadence}'? Use one of: {cadences}").format(
                cadence=cadence, cadences=", ".join(CADENCES)
            )
        )
    if starts_on is not None:
        bounds.day(starts_on, N_("start of the reports"))
    now = ctx.now()
    with ctx.write() as session:
        who = actor(session, ctx, lead=True, what=N_("agree the cadence of the ADS reports"))
        found = ads_customer(session, customer)
        assert found.id is not None
        row = session.get(AdsCadence, found.id)
        delivered = delivered_until(session, found.id)
        moved = row is not None and starts_on is not None and starts_on != row.starts_on
        if delivered is not None and moved:
            raise InvalidInput(
                _(
                    "reports to {customer}'s data controller were delivered up to "
                    "{day}: the next one covers from the day after, leave out --from"
                ).format(customer=found.name, day=f"{delivered:%d/%m/%Y}")
            )
        first = starts_on or (row.starts_on if row else now.astimezone(ctx.policy.zone).date())
        if row is None:
            row = AdsCadence(
                customer_id=found.id, cadence=cadence, starts_on=first, set_by_id=who.id or 0,
                set_at=now,
            )  # fmt: skip
        else:
            row.cadence, row.starts_on, row.set_by_id, row.set_at = cadence, first, who.id or 0, now
        session.add(row)
        session.flush()
        audit(
            session, who.login, "ads.cadence", "customer", found.id, now,
            name=found.name, cadence=cadence, starts_on=first.isoformat(),
        )  # fmt: skip
        return standing_of(session, found, local_today(ctx))


@retried_read
def standings(ctx: Context, *, due_only: bool = False) -> list[AdsStanding]:
    """Every customer we are ADS for, with the reports due to their data controller
    today; with ``due_only``, those with a report due or no cadence agreed yet (both
    call for the lead).  Those with a report due come first, the one overdue longest
    first; then those up to date, then those with no cadence agreed (by name)."""
    today = local_today(ctx)
    with ctx.db.read() as session:
        customers = session.exec(
            select(Customer)
            .where(col(Customer.we_are_ads).is_(True))
            .order_by(col(Customer.name), col(Customer.id))
        ).all()
        found = [standing_of(session, c, today) for c in customers]
    if due_only:
        found = [s for s in found if s.due or not s.agreed]
    found.sort(key=_urgency)  # stable: by name within each
    return found


def _urgency(state: AdsStanding) -> tuple[int, date]:
    """Reports due first, the oldest due first; then up to date; then no cadence."""
    if state.due:
        return 0, state.due[0].due_on
    return (1 if state.agreed else 2), date.max


@retried_read
def standing(ctx: Context, customer: int | str) -> AdsStanding:
    with ctx.db.read() as session:
        return standing_of(session, ads_customer(session, customer), local_today(ctx))


def next_due(ctx: Context, customer: int | str) -> tuple[int, Period]:
    """The customer's id and the period of the report to write now: the oldest over
    and not delivered; refused, with the day it falls due, when none is."""
    found = standing(ctx, customer)
    if not found.agreed or found.next is None:
        raise InvalidTransition(
            _(
                "no cadence is agreed with {customer} for the reports to its data controller "
                "(techconsole report ads-cadence)"
            ).format(customer=found.customer)
        )
    if not found.due:
        upcoming = found.next
        raise InvalidTransition(
            _(
                "the next report to {customer}'s data controller covers {start} to {end}: "
                "it falls due on {day}"
            ).format(
                customer=found.customer,
                start=f"{upcoming.start:%d/%m/%Y}",
                end=f"{upcoming.end:%d/%m/%Y}",
                day=f"{upcoming.due_on:%d/%m/%Y}",
            )
        )
    return found.customer_id, found.due[0]


def record_delivery(
    ctx: Context,
    customer: int | str,
    *,
    to: str,
    via: str,
    at: datetime | None = None,
    note: str = "",
) -> AdsDelivery:
    """The report of the oldest period due was delivered to ``customer``'s data
    controller: when (``at``, default now), to whom, how."""
    if via not in ads_cadence.VIA:
        raise InvalidInput(
            _("delivered via '{via}'? Use one of: {ways}").format(
                via=via, ways=", ".join(ads_cadence.VIA)
            )
        )
    if not to.strip():
        raise InvalidInput(_("say to whom the report was delivered (--to)"))
    bounds.name(to, N_("recipient"))
    bounds.text(note, N_("note"))
    if at is not None:
        bounds.instant(at, N_("delivery time"))
    now = ctx.now()
    when = at or now
    if when > now:
        raise InvalidInput(
            _("{what} {when} is in the future").format(
                what=_("delivery time"), when=when.isoformat()
            )
        )
    try:
        with ctx.write() as session:
            who = actor(session, ctx)
            found = ads_customer(session, customer)
            session.exec(select(Customer).where(Customer.id == found.id).with_for_update()).one()
            state = standing_of(session, found, local_today(ctx))
            period = oldest_due(state)
            if state.mailed is not None and state.mailed.state in HELD:
                raise InvalidTransition(
                    _(
                        "the report of {start} to {end} is in the outbox (message {id}): its "
                        "delivery is recorded when it is sent (techconsole mail send)"
                    ).format(
                        start=f"{period.start:%d/%m/%Y}",
                        end=f"{period.end:%d/%m/%Y}",
                        id=state.mailed.mail_id,
                    )
                )
            if when.astimezone(ctx.policy.zone).date() < period.due_on:
                raise InvalidInput(
                    _(
                        "the report of {start} to {end} cannot have been delivered before {day}"
                    ).format(
                        start=f"{period.start:%d/%m/%Y}",
                        end=f"{period.end:%d/%m/%Y}",
                        day=f"{period.due_on:%d/%m/%Y}",
                    )
                )
            row = AdsReport(
                customer_id=state.customer_id,
                period_start=period.start,
                period_end=period.end,
                delivered_at=when,
                delivered_to=to.strip(),
                delivered_via=via,
                note=note,
                recorded_by_id=who.id or 0,
                recorded_at=now,
            )
            session.add(row)
            session.flush()
            audit(
                session, who.login, "ads.report", "customer", state.customer_id, when,
                name=to.strip(), via=via, period_start=period.start.isoformat(),
                period_end=period.end.isoformat(),
            )  # fmt: skip
            return _delivery(row, found.name, who.login)
    except IntegrityError:
        raise Conflict(
            _("this period was recorded as delivered meanwhile: look again (report ads-due)")
        ) from None


def _delivery(row: AdsReport, customer: str, login: str) -> AdsDelivery:
    return AdsDelivery(
        row.id or 0,
        row.customer_id,
        customer,
        Period(row.period_start, row.period_end),
        row.delivered_at,
        row.delivered_to,
        row.delivered_via,
        row.note,
        login,
    )


@retried_read
def deliveries(ctx: Context, customer: int | str) -> list[AdsDelivery]:
    """The reports delivered to ``customer``'s data controller, oldest first."""
    with ctx.db.read() as session:
        found = find_customer(session, customer)
        rows = session.exec(
            select(AdsReport, Technician.login)
            .join(Technician, col(Technician.id) == col(AdsReport.recorded_by_id))
            .where(AdsReport.customer_id == found.id)
            .order_by(col(AdsReport.period_start))
        ).all()
        return [_delivery(r, found.name, login) for r, login in rows]
