"""Reports to the data controller of a customer we are ADS for (seed 001: "L'operato della
nostra azienda sara' riportato al titolare con cadenza da stabilire tra le parti"): the
cadence agreed with each customer, and each report delivered, with its period.  Which
report is due is worked out from these rows (:mod:`techconsole.domain.ads_cadence`);
nothing "due" is stored."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field

from techconsole.store.types import Row, UTCDateTime


class AdsCadence(Row, table=True):
    """How often a customer's data controller gets our report, and from which day."""

    __tablename__ = "ads_cadence"

    customer_id: int = Field(
        foreign_key="customer.id", primary_key=True, sa_column_kwargs={"autoincrement": False}
    )
    cadence: str  # a key of domain.ads_cadence.CADENCES: monthly, quarterly…
    starts_on: date  # the first day the first report covers
    set_by_id: int = Field(foreign_key="technician.id")
    set_at: datetime = Field(sa_type=UTCDateTime)


class AdsReport(Row, table=True):
    """A report delivered to the data controller: the days it covers (both included),
    when, to whom and how it was delivered."""

    __tablename__ = "ads_report"
    __table_args__ = (
        # one report per period start: a period is never covered twice
        UniqueConstraint("customer_id", "period_start", name="uq_ads_report_period"),
    )

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id")
    period_start: date
    period_end: date
    delivered_at: datetime = Field(sa_type=UTCDateTime)
    delivered_to: str  # as typed: the titolare's name, an address
    delivered_via: str  # domain.ads_cadence.VIA
    note: str = ""
    recorded_by_id: int = Field(foreign_key="technician.id")
    recorded_at: datetime = Field(sa_type=UTCDateTime)
