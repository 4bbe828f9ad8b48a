"""Issued documents: work reports ("rapporti di lavoro") and their yearly numbering.

A work report is a document handed to the customer, so what it said is kept as it was
issued (``content``, JSON) rather than recomputed: a later change to the incident issues
a new revision of the same number, and the earlier one stays, marked superseded.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint, text
from sqlmodel import Field

from techconsole.store.partial import on_postgresql
from techconsole.store.types import Row, UTCDateTime


class ReportCounter(Row, table=True):
    """The last work-report number handed out in a year."""

    __tablename__ = "report_counter"
    year: int = Field(primary_key=True)
    last: int = 0


class WorkReport(Row, table=True):
    """One revision of the work report of one incident."""

    __tablename__ = "work_report"
    __table_args__ = (
        UniqueConstraint("number", "revision", name="uq_work_report_revision"),
        # one current revision per incident, enforced by the database itself
        on_postgresql(
            Index(
                "ux_work_report_current",
                "incident_id",
                unique=True,
                sqlite_where=text("superseded_at IS NULL"),
            ),
            "superseded_at IS NULL",
        ),
        Index("ix_work_report_customer_date", "customer_id", "report_date"),
        Index("ix_work_report_date", "report_date"),
    )

    id: int | None = Field(default=None, primary_key=True)
    number: str  # RL-2026-0001
    year: int
    seq: int
    revision: int = 0
    incident_id: int = Field(foreign_key="incident.id")
    customer_id: int = Field(foreign_key="customer.id")
    report_date: date  # the day of the intervention, in the policy's zone
    issued_at: datetime = Field(sa_type=UTCDateTime)
    issued_by: str
    superseded_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    fingerprint: str  # sha-256 of the content, to tell whether anything changed
    content: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
