"""Listing work reports: the current revision of each, by month and customer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlmodel import col, select

from techconsole.services.context import Context
from techconsole.services.incidents.intake import find_customer
from techconsole.services.work.months import parse_month
from techconsole.store.documents import WorkReport
from techconsole.store.retry import retried_read


@dataclass(frozen=True, slots=True)
class ReportListing:
    """One line of ``report list``: the current revision of a report."""

    number: str
    revision: int
    report_date: date
    issued_at: datetime
    incident: str
    customer_id: int
    customer: str
    subject: str
    total: Decimal

    @property
    def title(self) -> str:
        return self.number if self.revision == 0 else f"{self.number} rev. {self.revision}"


@retried_read
def list_reports(
    ctx: Context,
    *,
    month: str | None = None,
    customer: str | int | None = None,
    limit: int | None = None,
) -> list[ReportListing]:
    """Current revisions, newest first; ``month`` is ``YYYY-MM`` of the report date."""
    with ctx.db.read() as session:
        query = select(WorkReport).where(col(WorkReport.superseded_at).is_(None))
        if month is not None:
            first, after = month_days(month)
            query = query.where(WorkReport.report_date >= first, WorkReport.report_date < after)
        if customer is not None:
            query = query.where(WorkReport.customer_id == find_customer(session, customer).id)
        query = query.order_by(col(WorkReport.year).desc(), col(WorkReport.seq).desc())
        if limit is not None:
            query = query.limit(limit)
        out = []
        for row in session.exec(query):
            content = row.content
            out.append(
                ReportListing(
                    row.number,
                    row.revision,
                    row.report_date,
                    row.issued_at,
                    str(content["incident"]),
                    row.customer_id,
                    str(content["customer"]["name"]),
                    str(content["subject"]),
                    Decimal(content["total"]),
                )
            )
        return out


def month_days(month: str) -> tuple[date, date]:
    """The first day of ``month`` (YYYY-MM) and the first day of the next."""
    year, mon = (int(p) for p in parse_month(month).split("-"))
    return date(year, mon, 1), date(year + mon // 12, mon % 12 + 1, 1)
