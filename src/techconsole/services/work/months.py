"""Months closed for invoicing (lead only, audited): their work can no longer change, nor
what it took from the contracts' prepaid hours and included training (seed 000: the draws
are recorded when the month is closed, forgotten when it is reopened)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from sqlalchemy import func
from sqlmodel import Session, col, select

from techconsole.domain import parts as part_rules
from techconsole.domain.errors import DomainError
from techconsole.domain.limits import check_year
from techconsole.i18n import N_, _
from techconsole.services.context import Context
from techconsole.services.errors import Conflict, InvalidInput, NotAllowed
from techconsole.services.records import actor, audit
from techconsole.services.work import prepaid_months as prepaid
from techconsole.store.locks import lock_months
from techconsole.store.models import Incident, Technician
from techconsole.store.retry import retried_read
from techconsole.store.work import ClosedMonth, Material, WorkSession

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


@dataclass(frozen=True, slots=True)
class MonthView:
    month: str
    closed: bool
    closed_at: datetime | None
    closed_by: str | None


def parse_month(text: str) -> str:
    match = _MONTH.match(text.strip())
    if not match:
        raise InvalidInput(
            _("'{text}' is not a month; write it as YYYY-MM, e.g. 2026-11").format(text=text)
        )
    try:
        check_year(int(match[1]), text.strip())
    except DomainError as error:
        raise InvalidInput(str(error)) from None
    return text.strip()


def month_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def month_bounds(month: str, zone: tzinfo) -> tuple[datetime, datetime]:
    """The first instant of ``month`` (YYYY-MM) in ``zone`` and the first of the next."""
    year, mon = (int(p) for p in parse_month(month).split("-"))
    first = datetime(year, mon, 1, tzinfo=zone)
    return first, datetime(year + mon // 12, mon % 12 + 1, 1, tzinfo=zone)


def hold_months(session: Session, *days: date) -> None:
    """Keep the months of ``days`` from being closed or reopened until the transaction
    ends (:func:`techconsole.store.locks.lock_months`).

    Every write that puts work into a month holds it, through :func:`ensure_open`, before
    it checks that the month is open.  A write that locks rows takes its months first,
    before any row: otherwise it could wait for a month while holding a row that another
    writer, holding the month, waits for.
    """
    lock_months(session, [month_of(day) for day in days])


def ensure_open(session: Session, what: str, *days: date) -> None:
    """Refuse a change to ``what`` (marked with ``N_``: "work sessions") dated on any of
    ``days`` when its month is closed; the months stay held (:func:`hold_months`) until
    the change is committed."""
    hold_months(session, *days)
    for month in sorted({month_of(day) for day in days}):
        if session.get(ClosedMonth, month) is not None:
            raise NotAllowed(
                _(
                    "{month} is closed for invoicing: {what} cannot change "
                    "(a lead can reopen it with: techconsole month reopen {month})"
                ).format(month=month, what=_(what))
            )


def close_month(ctx: Context, month: str) -> MonthView:
    month = parse_month(month)
    today = ctx.now().astimezone(ctx.policy.zone).date()
    if month > month_of(today):  # nothing of it can have been invoiced
        raise InvalidInput(
            _(
                "cannot close {month}: it has not begun yet (today is {today}); a month is "
                "closed once it is invoiced"
            ).format(month=month, today=f"{today:%d/%m/%Y}")
        )
    with ctx.write() as session:
        who = actor(session, ctx, lead=True, what=N_("close a month for invoicing"))
        lock_months(session, [month], alone=True)  # until its work in progress is committed
        if session.get(ClosedMonth, month) is not None:
            raise Conflict(_("{month} is already closed").format(month=month))
        # a timer still running in the month could never be stopped once it is closed
        first, last = month_bounds(month, ctx.policy.zone)
        running = session.exec(
            select(WorkSession, Technician, Incident)
            .join(Technician, col(Technician.id) == col(WorkSession.technician_id))
            .join(Incident, col(Incident.id) == col(WorkSession.incident_id))
            .where(col(WorkSession.ended_at).is_(None))
            .where(col(WorkSession.started_at) >= first, col(WorkSession.started_at) < last)
            .order_by(col(WorkSession.started_at), col(WorkSession.id))
        ).all()
        if running:
            zone = ctx.policy.zone
            timers = "; ".join(
                _("{login} on {number} since {since}").format(
                    login=t.login,
                    number=i.number,
                    since=f"{w.started_at.astimezone(zone):%d/%m %H:%M}",
                )
                for w, t, i in running
            )
            raise Conflict(
                _(
                    "cannot close {month}: timers of that month are still running ({timers}); "
                    "they must be stopped first (timer stop --at the real end)"
                ).format(month=month, timers=timers)
            )
        row = ClosedMonth(month=month, closed_at=ctx.now(), closed_by=who.login)
        session.add(row)
        work, parts = _counts(session, first, last)
        # (seed 000) what its labour took from the contracts' prepaid hours stays so
        frozen = prepaid.freeze_month(session, ctx, month, first, last)
        audit(
            session,
            who.login,
            "month.close",
            "month",
            None,
            ctx.now(),
            month=month,
            sessions=work,
            materials=parts,
            **({"prepaid_lines": frozen} if frozen else {}),
        )
        return MonthView(month, True, row.closed_at, row.closed_by)


def _counts(session: Session, first: datetime, last: datetime) -> tuple[int, int]:
    """How many work sessions start in the month from ``first`` to ``last`` and how many
    parts are dated in it: what its closing covers, kept in the audit."""
    sessions = session.exec(
        select(func.count())
        .select_from(WorkSession)
        .where(col(WorkSession.started_at) >= first, col(WorkSession.started_at) < last)
    ).one()
    parts = session.exec(
        select(func.count())
        .select_from(Material)
        .where(col(Material.used_on) >= first.date(), col(Material.used_on) < last.date())
        .where(Material.state == part_rules.FITTED)  # what the month bills
    ).one()
    return int(sessions), int(parts)


def reopen_month(ctx: Context, month: str) -> MonthView:
    month = parse_month(month)
    with ctx.write() as session:
        who = actor(session, ctx, lead=True, what=N_("reopen a month"))
        lock_months(session, [month], alone=True)
        row = session.get(ClosedMonth, month)
        if row is None:
            raise Conflict(_("{month} is not closed").format(month=month))
        session.delete(row)
        prepaid.thaw_month(session, month)
        audit(session, who.login, "month.reopen", "month", None, ctx.now(), month=month)
        return MonthView(month, False, None, None)


@retried_read
def closed_months(ctx: Context) -> list[MonthView]:
    with ctx.db.read() as session:
        rows = session.exec(select(ClosedMonth).order_by(col(ClosedMonth.month))).all()
        return [MonthView(r.month, True, r.closed_at, r.closed_by) for r in rows]
