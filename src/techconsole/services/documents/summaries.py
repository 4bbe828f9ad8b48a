"""Monthly summaries: per customer and month, every work report the invoice is made from.

The summary is made of the reports as issued (their current revision), so its totals are
the sums of the reports' own figures, to the cent: IVA is not recomputed on the total.
A report belongs to the month of its date (the day the intervention ended).  The health
checks of the customer's machines done in the month (seed 004) are listed with it: part of
the contract, they carry no amount; so is what the month's work took from the contracts'
prepaid hours and included training, and what was left at its end (seed 000).

Every customer's summaries at once are the month's invoicing: only a lead gets them
(``NotAllowed`` otherwise), from the command line as from the console.  One customer's
summary is for anyone on the team, as its work reports are.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlmodel import col, select

from techconsole.domain.money import ZERO
from techconsole.i18n import N_
from techconsole.services.checks.reading import month_of_checks
from techconsole.services.checks.views import CheckView
from techconsole.services.context import Context
from techconsole.services.documents.report_views import Party
from techconsole.services.documents.work_reports import month_days
from techconsole.services.incidents.intake import find_customer
from techconsole.services.records import actor
from techconsole.services.views import PrepaidMonth
from techconsole.services.work import prepaid_months as prepaid
from techconsole.services.work.prepaid import contracts_of_each
from techconsole.store.documents import WorkReport
from techconsole.store.models import Customer
from techconsole.store.retry import retried_read


@dataclass(frozen=True, slots=True)
class SummaryRow:
    """One report of the month, with the figures an Italian deferred invoice cites."""

    number: str
    revision: int
    report_date: date
    incident: str
    subject: str
    units: int
    labour: Decimal  # labour, call-out and surcharges, before discounts
    discounts: Decimal  # zero or negative
    materials: Decimal
    taxable: Decimal
    vat: Decimal
    total: Decimal
    free_reason: str | None
    #: the price of a scatto the report's labour was billed at, and the plan whose own
    #: price it is (seed 003, ``None``: the policy's [billing] price); ``mixed_prices``:
    #: the work fell on days of different prices (``unit_price`` is the first day's)
    unit_price: Decimal | None = None
    price_plan: str | None = None
    mixed_prices: bool = False

    @property
    def title(self) -> str:
        return self.number if self.revision == 0 else f"{self.number} rev. {self.revision}"


@dataclass(frozen=True, slots=True)
class CheckRow:
    """A health check done in the month (seed 004): part of the contract, not invoiced."""

    number: str  # CP-2026-0001
    day: date
    asset: str
    outcome: str  # the worst of its items: ok, fixed, problem, danger
    repeat_by: date | None = None  # a dangerous condition: to be repeated by then


@dataclass(frozen=True, slots=True)
class MonthSummary:
    month: str  # YYYY-MM
    customer_id: int
    customer: Party
    company: Party
    vat_percent: Decimal
    rows: tuple[SummaryRow, ...]
    #: the health checks of the customer's machines done in the month
    checks: tuple[CheckRow, ...] = ()
    #: (seed 000) what the month's work took from each contract's prepaid hours and
    #: included training, and what was left at the month's end
    prepaid: tuple[PrepaidMonth, ...] = ()

    def _sum(self, name: str) -> Decimal:
        return sum((getattr(r, name) for r in self.rows), ZERO)

    @property
    def units(self) -> int:
        return sum(r.units for r in self.rows)

    @property
    def labour(self) -> Decimal:
        return self._sum("labour")

    @property
    def discounts(self) -> Decimal:
        return self._sum("discounts")

    @property
    def materials(self) -> Decimal:
        return self._sum("materials")

    @property
    def taxable(self) -> Decimal:
        return self._sum("taxable")

    @property
    def vat(self) -> Decimal:
        return self._sum("vat")

    @property
    def total(self) -> Decimal:
        return self._sum("total")


def _row(report: WorkReport) -> SummaryRow:
    c: dict[str, Any] = report.content
    return SummaryRow(
        number=report.number,
        revision=report.revision,
        report_date=report.report_date,
        incident=str(c["incident"]),
        subject=str(c["subject"]),
        units=int(c["units"]),
        labour=Decimal(c["labour"]),
        discounts=Decimal(c["discounts"]),
        materials=Decimal(c["materials_total"]),
        taxable=Decimal(c["taxable"]),
        vat=Decimal(c["vat"]),
        total=Decimal(c["total"]),
        free_reason=c.get("free_reason"),
        unit_price=Decimal(c["unit_price"]) if "unit_price" in c else None,
        price_plan=c.get("price_plan"),
        mixed_prices=bool(c.get("mixed_prices", False)),
    )


def _check_row(ctx: Context, check: CheckView) -> CheckRow:
    return CheckRow(
        check.number,
        check.done_at.astimezone(ctx.policy.zone).date(),
        check.asset,
        check.outcome,
        check.repeat_by,
    )


def _summaries(ctx: Context, month: str, customer_ids: Iterable[int] | None) -> list[MonthSummary]:
    first, after = month_days(month)
    company = ctx.policy.company
    header = Party(company.name, company.address, company.vat_number, company.phone, company.email)
    with ctx.db.read() as session:
        query = (
            select(WorkReport)
            .where(col(WorkReport.superseded_at).is_(None))
            .where(WorkReport.report_date >= first, WorkReport.report_date < after)
        )
        wanted = None if customer_ids is None else list(customer_ids)
        if wanted is not None:
            query = query.where(col(WorkReport.customer_id).in_(wanted))
        query = query.order_by(
            col(WorkReport.report_date), col(WorkReport.year), col(WorkReport.seq)
        )
        rows: dict[int, list[SummaryRow]] = defaultdict(list)
        for report in session.exec(query):
            rows[report.customer_id].append(_row(report))
        checks = {
            cid: tuple(_check_row(ctx, c) for c in found)
            for cid, found in month_of_checks(session, ctx, month, wanted).items()
        }
        ids = wanted if wanted is not None else list(dict.fromkeys([*rows, *checks]))
        customers = {
            c.id: c for c in session.exec(select(Customer).where(col(Customer.id).in_(ids)))
        }
        known = [cid for cid in customers if cid]
        held = contracts_of_each(session, ctx.policy, known)  # one query for them all
        balances = {
            cid: prepaid.month_of(session, ctx, cid, first, after, held=held.get(cid, {}))
            for cid in known
        }
    out = [
        MonthSummary(
            month,
            cid,
            Party(customers[cid].name, customers[cid].address, customers[cid].vat_number),
            header,
            ctx.policy.billing.vat_percent,
            tuple(rows.get(cid, ())),
            checks.get(cid, ()),
            balances.get(cid, ()),
        )
        for cid in ids
        if cid in customers
    ]
    return sorted(out, key=lambda s: (s.customer.name.casefold(), s.customer_id))


@retried_read
def month_summary(ctx: Context, month: str, customer: int | str) -> MonthSummary:
    """One customer's summary of ``month`` (empty rows when nothing was reported)."""
    with ctx.db.read() as session:
        found = find_customer(session, customer)
        assert found.id is not None
    return _summaries(ctx, month, [found.id])[0]


#: what only a lead may do (``NotAllowed``: "only a team lead can …; ask your lead")
EVERY_CUSTOMER = N_("write every customer's monthly summaries")


@retried_read
def month_summaries(ctx: Context, month: str) -> list[MonthSummary]:
    """Every customer with at least one report or health check in ``month``, by name;
    for a lead only."""
    with ctx.db.read() as session:
        actor(session, ctx, lead=True, what=EVERY_CUSTOMER)
    return _summaries(ctx, month, None)
